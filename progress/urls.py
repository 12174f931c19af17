from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("", views.feed, name="feed"),
    path("updates/<int:pk>/react/", views.react, name="react"),
    path("updates/<int:pk>/comment/", views.comment, name="comment"),
    path("key-results/<int:pk>/record/", views.record, name="record"),
    path("objectives/<int:pk>/share/", views.share, name="share"),
    path("actions/<int:pk>/effect/", views.action_effect, name="action_effect"),
]
