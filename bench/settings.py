"""The app's settings, serving the bare pages beside it (urls.py) to the bench's clients."""

from okr_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# The bench signs its clients in many times: django-axes would log every one.
AXES_VERBOSE = False
