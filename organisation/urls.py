from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("teams/", views.teams, name="teams"),
    path("language/", views.switch_language, name="language"),
]
