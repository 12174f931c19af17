from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("language/", views.switch_language, name="language"),
]
