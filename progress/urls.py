from django.urls import path

from . import pages, views

app_name = "progress"
urlpatterns = [
    # Pages that show objectives and key results with how they are going.
    path("", pages.my_okrs, name="my_okrs"),
    path("objectives/<int:pk>/", pages.objective_detail, name="objective"),
    path("key-results/<int:pk>/", pages.key_result_detail, name="key_result"),
    path("key-results/<int:pk>/chart.svg", pages.key_result_chart, name="chart"),
    path("tree/", pages.tree, name="tree"),
    path("people/teams/<int:pk>/", pages.team, name="team"),
    path("overview/", pages.overview, name="overview"),
    path("review/", pages.review, name="review"),
    path("people/teams/<int:pk>/review/", pages.team_review, name="team_review"),
    path("search/", pages.search, name="search"),
    path("people/me/", pages.me, name="me"),
    # The feed, and recording and sharing progress.
    path("feed/", views.feed, name="feed"),
    path("feed/updates/<int:pk>/react/", views.react, name="react"),
    path("feed/updates/<int:pk>/comment/", views.comment, name="comment"),
    path("key-results/<int:pk>/record/", views.record, name="record"),
    path("key-results/<int:pk>/log/", views.log_one, name="log_one"),
    path("objectives/<int:pk>/share/", views.share, name="share"),
    path("actions/<int:pk>/effect/", views.action_effect, name="action_effect"),
    # Notifications and following.
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("people/me/notifications/", views.notification_settings, name="notification_settings"),
    path("objectives/<int:pk>/follow/", views.follow, name="follow"),
]
