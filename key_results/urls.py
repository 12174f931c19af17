from django.urls import path

from . import views

app_name = "key_results"
urlpatterns = [
    path("new/for-objective/<int:pk>/", views.key_result_create, name="create"),
    path("<int:pk>/edit/", views.key_result_edit, name="edit"),
    path("<int:pk>/score/", views.score, name="score"),
    path("weights/for-objective/<int:pk>/", views.weights, name="weights"),
]
