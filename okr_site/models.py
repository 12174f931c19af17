"""What the project keeps for itself: form posts already handled, so a double submit stores one
row (see okr_site.htmx_forms.save_once)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """A creating form's one-time token, used: a repeat of the post shows the first result."""

    token = models.UUIDField(primary_key=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("handled form post")
        verbose_name_plural = _("handled form posts")

    def __str__(self) -> str:
        return str(self.token)
