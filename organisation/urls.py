from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("language/", views.switch_language, name="language"),
]
