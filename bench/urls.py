"""The app's URLs, and beside them the bare pages each is measured against (bare.py)."""

from django.urls import include, path

from . import bare

urlpatterns = [
    path("bare/feed/", bare.feed),
    path("bare/my-okrs/", bare.my_okrs),
    path("bare/objectives/<int:pk>/", bare.objective),
    path("bare/key-results/<int:pk>/", bare.key_result),
    path("bare/inbox/", bare.inbox),
    path("bare/teams/", bare.teams),
    path("bare/tree/", bare.overview),
    path("bare/overview/", bare.leader),
    path("bare/review/", bare.review),
    path("bare/review/<int:pk>/", bare.review),
    path("bare/with-header/", bare.with_header),
    path("bare/without-header/", bare.without_header),
    path("", include("okr_site.urls")),
]
