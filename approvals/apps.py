from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        # The key_results app sends this signal because it must not import this app (above it).
        from key_results.signals import sent_back

        from .services import record_sent_back

        sent_back.connect(record_sent_back, dispatch_uid="approvals.record_sent_back")
