from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeyResultsConfig(AppConfig):
    name = "key_results"
    verbose_name = _("Key results")

    def ready(self) -> None:
        # The objectives app sends this signal because it must not import this app (above it):
        # an objective moved to another period takes its key results' deadlines along, in the
        # same transaction (a refusal here saves nothing there).
        from django.db.models.signals import post_delete, post_save

        from objectives.changes import changed
        from objectives.signals import moved, moving

        from .models import KeyResult
        from .services import follow_objective, lock_before_move

        moving.connect(lock_before_move, dispatch_uid="key_results.lock_before_move")
        moved.connect(follow_objective, dispatch_uid="key_results.follow_objective")
        # Rolled-up progress and drawn trees are cached under the objectives' version.
        post_save.connect(changed, sender=KeyResult, dispatch_uid="key_results.changed")
        post_delete.connect(changed, sender=KeyResult, dispatch_uid="key_results.deleted")
