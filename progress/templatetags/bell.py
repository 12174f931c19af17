"""The bell in the header: how many notifications the signed-in person has not read."""

from functools import cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from progress.notifications import unread_count

register = template.Library()


@cache
def _addresses(prefix: str, urlconf: str) -> tuple[str, str]:
    """The notifications page and the bell's own, worked out once per address prefix."""
    return reverse("progress:notifications", urlconf), reverse("progress:bell", urlconf)


@register.simple_tag(takes_context=True)
def bell(context: template.Context) -> SafeString:
    """A link to the notifications, named with the unread count (read with the signed-in
    person, okr_site/auth.py: no query or cache read of its own)."""
    user = context["request"].user
    count = unread_count(user)
    name = (
        ngettext("%(count)s unread notification", "%(count)s unread notifications", count)
        % {"count": count}
        if count
        else _("Notifications")
    )
    notifications, refresh = _addresses(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    # It asks again now and then (and when told to), so a new notification shows without a
    # reload; each time it costs no more than loading the person.
    return format_html(
        '<a class="bell" id="bell" href="{}" aria-label="{}" hx-get="{}" '
        'hx-trigger="every 60s, refresh" hx-swap="outerHTML">'
        '<svg class="bell-icon" aria-hidden="true" '
        'viewBox="0 0 24 24" width="18" height="18"><path fill="currentColor" d="M12 22a2.5 2.5 '
        "0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1."
        '16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"/></svg>{}</a>',
        notifications,
        name,
        refresh,
        format_html('<span class="bell-count">{}</span>', count) if count else "",
    )
