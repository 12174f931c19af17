from django.urls import path

from . import views

app_name = "objectives"
urlpatterns = [
    path("new/", views.objective_create, name="create"),
    path("<int:pk>/edit/", views.objective_edit, name="edit"),
    path("<int:pk>/status/", views.objective_status, name="status"),
    path("<int:pk>/close/", views.objective_close, name="close"),
    path("<int:pk>/delete/", views.objective_delete, name="delete"),
    path("<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
]
