from django.apps import AppConfig


class OkrSiteConfig(AppConfig):
    """The project itself: settings, URLs, the Celery app and the demo command."""

    name = "okr_site"
    verbose_name = "OKR"
