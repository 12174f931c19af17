from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeyResultsConfig(AppConfig):
    name = "key_results"
    verbose_name = _("Key results")
