from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectivesConfig(AppConfig):
    name = "objectives"
    verbose_name = _("Objectives")

    def ready(self) -> None:
        # What is computed from many objectives at once is cached under their version
        # (changes.py): any save or delete of one, of a period, an action or a retrospective
        # renews it.
        from django.db.models.signals import post_delete, post_save

        from .changes import changed
        from .models import Action, Objective, Period, Retrospective

        for model in (Objective, Period, Action, Retrospective):
            post_save.connect(changed, sender=model, dispatch_uid=f"objectives.changed.{model}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"objectives.deleted.{model}")
