"""The bell in the header: how many notifications the signed-in person has not read."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from progress.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def bell(context: template.Context) -> SafeString:
    """A link to the notifications, named with the unread count (cached: no query a page)."""
    user = context["request"].user
    count = unread_count(user)
    name = (
        ngettext("%(count)s unread notification", "%(count)s unread notifications", count)
        % {"count": count}
        if count
        else _("Notifications")
    )
    # It asks again now and then (and when told to), so a new notification shows without a
    # reload; each time it costs one cached read, not a query.
    return format_html(
        '<a class="bell" id="bell" href="{}" aria-label="{}" hx-get="{}" '
        'hx-trigger="every 60s, refresh" hx-swap="outerHTML">'
        '<svg class="bell-icon" aria-hidden="true" '
        'viewBox="0 0 24 24" width="18" height="18"><path fill="currentColor" d="M12 22a2.5 2.5 '
        "0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1."
        '16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"/></svg>{}</a>',
        reverse("progress:notifications"),
        name,
        reverse("progress:bell"),
        format_html('<span class="bell-count">{}</span>', count) if count else "",
    )
