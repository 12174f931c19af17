from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    # Pages that show objectives and key results with how they are going.
    path("", views.my_okrs, name="my_okrs"),
    path("objectives/<int:pk>/", views.objective_detail, name="objective"),
    path("key-results/<int:pk>/", views.key_result_detail, name="key_result"),
    path("people/teams/<int:pk>/", views.team, name="team"),
    path("people/me/", views.me, name="me"),
    # The feed, and recording and sharing progress.
    path("feed/", views.feed, name="feed"),
    path("feed/updates/<int:pk>/react/", views.react, name="react"),
    path("feed/updates/<int:pk>/comment/", views.comment, name="comment"),
    path("key-results/<int:pk>/record/", views.record, name="record"),
    path("objectives/<int:pk>/share/", views.share, name="share"),
    path("actions/<int:pk>/effect/", views.action_effect, name="action_effect"),
]
