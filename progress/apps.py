from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        # Decisions and finished actions happen in apps below this one, which must not import
        # it; they send a signal from their service, inside its transaction, and the feed entry
        # is written here in that same transaction (both land, or neither).
        from approvals.signals import decided
        from objectives.signals import action_done

        from .services import post_action_done, post_approval_decision

        decided.connect(post_approval_decision, dispatch_uid="progress.post_approval_decision")
        action_done.connect(post_action_done, dispatch_uid="progress.post_action_done")
