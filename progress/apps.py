from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        # Decisions and finished actions happen in apps below this one, which must not import
        # it; they send a signal from their service, inside its transaction, and the feed entry
        # is written here in that same transaction (both land, or neither).
        from approvals.signals import decided, submitted
        from key_results.signals import dropped
        from objectives.signals import action_done, objective_closed

        from .notifications import on_decided, on_submitted
        from .services import (
            post_action_done,
            post_approval_decision,
            post_dropped,
            post_retrospective,
        )

        decided.connect(post_approval_decision, dispatch_uid="progress.post_approval_decision")
        decided.connect(on_decided, dispatch_uid="progress.notify_decision")
        submitted.connect(on_submitted, dispatch_uid="progress.notify_approval_request")
        action_done.connect(post_action_done, dispatch_uid="progress.post_action_done")
        # A retrospective is written in objectives (which must not import the feed) and
        # published here, in the same transaction as the closing.
        objective_closed.connect(post_retrospective, dispatch_uid="progress.post_retrospective")
        dropped.connect(post_dropped, dispatch_uid="progress.post_dropped")
