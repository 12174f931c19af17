from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        # The key_results app sends this signal because it must not import this app (above it).
        from django.db.models.signals import post_delete, post_save

        from key_results.signals import carried_over, dropped, sent_back
        from objectives.changes import changed

        from .models import ApprovalEvent
        from .services import record_carried_over, record_dropped, record_sent_back

        sent_back.connect(record_sent_back, dispatch_uid="approvals.record_sent_back")
        carried_over.connect(record_carried_over, dispatch_uid="approvals.record_carried_over")
        dropped.connect(record_dropped, dispatch_uid="approvals.record_dropped")
        # A key result's approval history is drawn with it under the objectives' version.
        post_save.connect(changed, sender=ApprovalEvent, dispatch_uid="approvals.changed")
        post_delete.connect(changed, sender=ApprovalEvent, dispatch_uid="approvals.deleted")
