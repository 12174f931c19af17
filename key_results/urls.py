from django.urls import path

from . import views

app_name = "key_results"
urlpatterns = [
    path("new/for-objective/<int:pk>/", views.key_result_create, name="create"),
    path("<int:pk>/edit/", views.key_result_edit, name="edit"),
    path("<int:pk>/score/", views.score, name="score"),
    path("weights/for-objective/<int:pk>/", views.weights, name="weights"),
    path("<int:pk>/delete/", views.key_result_delete, name="delete"),
    path("<int:pk>/drop/", views.drop, name="drop"),
    path("<int:pk>/carry-over/", views.carry_over, name="carry_over"),
    path("carry-over/objective/<int:pk>/", views.carry_over_objective, name="carry_over_objective"),
]
