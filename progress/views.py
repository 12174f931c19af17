import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from key_results.models import KeyResult
from objectives.models import Action, Objective
from okr_site import fragments
from okr_site.fragments import CSRF_PLACEHOLDER, row, with_placeholders
from okr_site.htmx_forms import answers_repeats, initial_from_query, save_once, save_or_explain
from okr_site.http import SignedInRequest
from organisation.models import Team
from organisation.tree import team_tree

from . import notifications, services
from .forms import (
    CommentForm,
    EventForm,
    FeedFilterForm,
    MeasurementForm,
    NoteForm,
    NotificationSettingsForm,
    QuickEventForm,
)
from .models import Notification, Reaction, Update

PAGE_SIZE = 25
# The notifications page shows the latest this many; older ones have been seen long ago.
NOTIFICATIONS_SHOWN = 100


def _prepare(entries: list[Update], user, *, forms: bool = True) -> list[Update]:
    """Mark which reactions are the viewer's, give each entry its team from the cached team tree
    (no query), and (unless they wait until an entry is drawn) its forms."""
    teams = team_tree().teams
    for entry in entries:
        entry.viewer_id = user.pk
        if (team := teams.get(entry.team_id)) is not None:
            entry.team = Team(
                id=team.id, name=team.name, parent_id=team.parent_id, leader_id=team.leader_id
            )
        if entry.key_result is not None:
            # The same objective, already fetched: asking the key result costs no query.
            entry.key_result.objective = entry.objective
        if forms:
            _give_forms(entry)
    return entries


def _give_forms(entry: Update) -> None:
    """Its comment form, and the +1 form of a count anyone may add to."""
    entry.comment_form = CommentForm(update_id=entry.pk)
    if entry.key_result is not None and entry.key_result.takes_events_from_anyone():
        entry.log_form = QuickEventForm(auto_id=f"id_log_{entry.pk}_%s")


def _entry_key(entry: Update) -> tuple:
    """Everything a feed entry shows, as read for this page (okr_site/fragments.py)."""
    objective = entry.objective
    return (
        row(entry),
        str(entry.author),
        row(objective),
        row(objective.period),
        entry.team.name if entry.team else "",
        # For a rate, the period an event counts in: its row holds the events by day, the
        # rate and the per; its start is in row(objective.period) or approved_on, and whether
        # the period is running or over follows the day (in every key, fragments.surroundings).
        row(entry.key_result),
        row(entry.action),
        row(entry.retrospective),
        # A decision is never edited: its id, in the entry's row, names it for good.
        [(row(comment), str(comment.author)) for comment in entry.comments.all()],
        entry.reaction_counts(),  # with the viewer's own
    )


def _draw_entry(entry: Update) -> str:
    if entry.comment_form is None:  # the feed gives forms only to the entries it draws
        _give_forms(entry)
    with_placeholders(entry.comment_form)
    if entry.log_form is not None:
        with_placeholders(entry.log_form)
    context = {"entry": entry, "csrf_token": CSRF_PLACEHOLDER}
    return render_to_string("progress/feed.html#entry", context)


def _drawn(request: SignedInRequest, entries: list[Update]) -> list[Update]:
    """The entries, each with its fragment (`html`) from the cache or freshly drawn."""
    drawn = fragments.cached(request, entries, _entry_key, _draw_entry, name="entry")
    for entry, html in zip(entries, drawn, strict=True):
        entry.html = html
    return entries


def _entries_html(request: SignedInRequest, updates) -> tuple[list[int], SafeString]:
    """A page of entries: PAGE_SIZE + 1 ids (the last tells that older ones exist) and the first
    PAGE_SIZE drawn as one piece, in one query and one cache read when it is cached.

    The piece is keyed on each entry's fingerprint (UpdateQuerySet.with_fingerprint: every row
    it shows as it is now, and which reactions are the viewer's) and the surroundings
    (language, time zone, day, release): shared by all who see the same entries, and never
    served after a change. Drafts out of the viewer's sight are left out by the same query.
    Without PostgreSQL (the demo's SQLite) the entries are drawn one by one each time."""
    key = None
    if connection.vendor == "postgresql":
        rows = list(
            updates.order_by("-id")
            .with_fingerprint(request.user)
            .values_list("id", "fingerprint")[: PAGE_SIZE + 1]
        )
        ids = [pk for pk, _fingerprint in rows]
        key = f"fragment:entries:{fragments.digest(rows[:PAGE_SIZE], fragments.surroundings())}"
        if (html := cache.get(key)) is not None:
            return ids, fragments.fill_in(html, request)
    else:
        ids = list(updates.order_by("-id").values_list("id", flat=True)[: PAGE_SIZE + 1])
    entries = list(
        Update.objects.visible_to(request.user).filter(pk__in=ids[:PAGE_SIZE]).for_feed()
    )
    _prepare(entries, request.user, forms=False)
    html = "".join(fragments.unfilled(entries, _entry_key, _draw_entry, name="entry"))
    # Drawn from rows read after the fingerprints, so kept only for the same entries (none left
    # the viewer's sight meanwhile). A row changed since has a new fingerprint: what is kept
    # here is never served after the change.
    if key is not None and [entry.pk for entry in entries] == ids[:PAGE_SIZE]:
        cache.set(key, html, fragments.TIMEOUT)
    return ids, fragments.fill_in(html, request)


@login_required
@require_http_methods(["GET"])
def feed(request: SignedInRequest) -> HttpResponse:
    filters = FeedFilterForm(request.GET or None)
    filters.is_valid()
    chosen = filters.cleaned_data if filters.is_bound else {}  # the valid ones; bad ones drop
    updates = Update.objects.visible_to(request.user).filtered(
        team=chosen.get("team"),
        person=chosen.get("person") and chosen["person"].pk,
        kind=chosen.get("kind", ""),
    )
    context = {
        "filters": filters,
        # Links (older, newest, the poller) keep the valid filters and drop the bad ones.
        "filter_params": filters.valid_params(),
        "person": chosen.get("person"),
        "reactions": Reaction.EMOJI,
        "teams": team_tree().choices(),
        "chosen_team": chosen.get("team"),
    }
    after = request.GET.get("after", "")
    if request.htmx and after.isdecimal():
        # Polling for entries newer than the newest one on the page.
        entries = _drawn(
            request,
            _prepare(
                list(updates.filter(id__gt=int(after)).for_feed()[:PAGE_SIZE]),
                request.user,
                forms=False,
            ),
        )
        newest = entries[0].pk if entries else int(after)
        return render(
            request,
            "progress/feed.html#new-entries",
            {**context, "entries": entries, "newest": newest},
        )
    before = request.GET.get("before", "")
    if before.isdecimal():
        updates = updates.filter(id__lt=int(before))
    # Keyset pagination: "older than the last one shown", so deep pages cost what the first does.
    ids, html = _entries_html(request, updates)
    context.update(
        entries_html=html,
        older=ids[PAGE_SIZE - 1] if len(ids) > PAGE_SIZE else None,
        newest=ids[0] if ids and not before.isdecimal() else None,
        first_page=not before.isdecimal(),
    )
    return render(request, "progress/feed.html", context)


def _entry_response(request: SignedInRequest, entry: Update, partial: str) -> HttpResponse:
    entry = _prepare([Update.objects.for_feed().get(pk=entry.pk)], request.user)[0]
    if request.htmx:
        return render(
            request,
            f"progress/feed.html#{partial}",
            {"entry": entry, "reactions": Reaction.EMOJI},
        )
    return redirect(f"{reverse('progress:feed')}#update-{entry.pk}")


@login_required
@require_POST
def react(request: SignedInRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Update.objects.visible_to(request.user), pk=pk)
    try:
        services.toggle_reaction(update=entry, by=request.user, emoji=request.POST.get("emoji", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _entry_response(request, entry, "reactions")


@login_required
@require_POST
@answers_repeats
def comment(request: SignedInRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Update.objects.visible_to(request.user), pk=pk)
    form = CommentForm(request.POST, update_id=entry.pk)
    if form.is_valid():
        text = form.cleaned_data["text"]
        added = save_once(
            request,
            form,
            lambda: services.add_comment(update=entry, by=request.user, text=text),
            lambda _comment: f"{reverse('progress:feed')}#update-{entry.pk}",
        )
        if added is not None:
            return _entry_response(request, entry, "comments")
    if request.htmx:
        entry = _prepare([Update.objects.for_feed().get(pk=entry.pk)], request.user)[0]
        entry.comment_form = form
        return render(
            request, "progress/feed.html#comments", {"entry": entry, "reactions": Reaction.EMOJI}
        )
    messages.error(request, " ".join(str(error) for error in form.errors.get("text", [])))
    return redirect(f"{reverse('progress:feed')}#update-{entry.pk}")


@login_required
@require_http_methods(["GET", "POST"])
@answers_repeats
def record(request: SignedInRequest, pk: int) -> HttpResponse:
    key_result = get_object_or_404(
        KeyResult.objects.visible_to(request.user).select_related(
            "objective__period", "objective__team", "owner", "action"
        ),
        pk=pk,
    )
    if not key_result.can_record(request.user):
        raise PermissionDenied
    form: EventForm | MeasurementForm
    if key_result.takes_events:
        form = EventForm(request.POST or None)
    else:
        form = MeasurementForm(request.POST or None, unit=key_result.unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "key_result": key_result,
            "by": request.user,
            "text": data["text"],
            "kind": data["kind"],
            "learning": data["learning"],
            "happened_on": data["happened_on"],
            "confidence": data["confidence"],
        }
        if key_result.takes_events:
            write = functools.partial(services.log_event, events=data["events"], **common)
        else:
            write = functools.partial(services.record_measurement, value=data["value"], **common)
        update = save_once(request, form, write, lambda _update: key_result.get_absolute_url())
        if update is not None:
            messages.success(request, _("Recorded and shared in the feed."))
            return redirect(key_result)
    return render(request, "progress/record.html", {"kr": key_result, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@answers_repeats
def share(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    if not objective.can_share_on(request.user):
        raise PermissionDenied
    form = NoteForm(
        request.POST or None, objective=objective, initial=initial_from_query(request, ["action"])
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update = save_once(
            request,
            form,
            lambda: services.share_update(
                objective=objective,
                by=request.user,
                text=data["text"],
                kind=data["kind"],
                learning=data["learning"],
                action=data["action"],
                happened_on=data["happened_on"],
            ),
            lambda _update: objective.get_absolute_url(),
        )
        if update is not None:
            messages.success(request, _("Shared in the feed. Thank you for telling how it went."))
            return redirect(objective)
    return render(request, "progress/share.html", {"objective": objective, "form": form})


@login_required
@require_http_methods(["GET"])
def action_effect(request: SignedInRequest, pk: int) -> HttpResponse:
    """After an action is done: what did it do to its key results?"""
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related("objective"),
        pk=pk,
    )
    if not action.can_edit(request.user):
        raise PermissionDenied
    key_results = list(
        action.objective.key_results.select_related("owner").prefetch_related("reporters")
    )
    shown = [kr for kr in key_results if kr.action_id == action.pk] or key_results
    return render(
        request,
        "progress/action_effect.html",
        {
            "action": action,
            "objective": action.objective,
            "key_results": shown,
            "recordable": {kr.pk for kr in shown if kr.can_record(request.user)},
            "form": NoteForm(objective=action.objective, initial={"action": action.pk}),
            "can_share": action.objective.can_share_on(request.user),
        },
    )


@login_required
@require_POST
@answers_repeats
def log_one(request: SignedInRequest, pk: int) -> HttpResponse:
    """One click on a count open to everyone: "Lars praised our work" is logged, by whom, today."""
    key_result = get_object_or_404(
        KeyResult.objects.visible_to(request.user).select_related("objective"), pk=pk
    )
    if not key_result.can_record(request.user):
        raise PermissionDenied
    form = QuickEventForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(key_result)
    update = save_once(
        request,
        form,
        lambda: services.log_event(
            key_result=key_result,
            by=request.user,
            text=form.cleaned_data["text"] or key_result.title,
        ),
        lambda _update: key_result.get_absolute_url(),
    )
    if update is None:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        return redirect(key_result)
    if request.htmx:
        key_result.refresh_from_db()
        return render(
            request,
            "progress/feed.html#log-one",
            {
                "kr": key_result,
                "logged": update,
                "form": QuickEventForm(auto_id=f"id_log_{update.pk}_%s"),
                "next": request.POST.get("next", ""),
            },
        )
    messages.success(request, _("Logged. Thank you for telling."))
    if request.POST.get("next") == "feed":
        return redirect(f"{reverse('progress:feed')}#update-{update.pk}")
    return redirect(key_result)


@login_required
@require_http_methods(["GET"])
def bell(request: SignedInRequest) -> HttpResponse:
    """The header's bell alone, for its own refresh."""
    return render(request, "progress/bell.html")


@login_required
@require_http_methods(["GET"])
def notification_list(request: SignedInRequest) -> HttpResponse:
    """The person's notifications, newest first (the bell's page)."""
    shown = list(
        Notification.objects.filter(person=request.user)
        .select_related("actor", "key_result", "approval_event", "reminder__action")
        .order_by("-created_at", "-id")[:NOTIFICATIONS_SHOWN]
    )
    return render(request, "progress/notifications.html", {"notifications": shown})


@login_required
@require_http_methods(["GET"])
def notification_open(request: SignedInRequest, pk: int) -> HttpResponse:
    """Open a notification: it is read, and the person lands on what it is about."""
    notification = get_object_or_404(Notification.objects.filter(person=request.user), pk=pk)
    notifications.mark_read(request.user, [notification.pk])
    return redirect(notification.get_absolute_url())


@login_required
@require_POST
def notifications_read(request: SignedInRequest) -> HttpResponse:
    """Mark one notification read (?pk= in the form), or all of them."""
    pk = request.POST.get("pk", "")
    notifications.mark_read(request.user, [int(pk)] if pk.isdecimal() else None)
    if request.htmx:
        return notification_list(request)
    return redirect("progress:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: SignedInRequest) -> HttpResponse:
    """How the person wants each kind of notification by email, and the weekly digest."""
    chosen = notifications.settings_of(request.user)
    form = NotificationSettingsForm(request.POST or None, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        saved = save_or_explain(
            form,
            lambda: notifications.set_settings(
                person=request.user,
                email=form.choices(),
                weekly_digest=form.cleaned_data["weekly_digest"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved. This is how we will tell you from now on."))
            return redirect("progress:notification_settings")
    return render(request, "progress/notification_settings.html", {"form": form})


@login_required
@require_POST
def follow(request: SignedInRequest, pk: int) -> HttpResponse:
    """Follow an objective the person may read (its news comes in the weekly digest), or stop."""
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    now_following = notifications.toggle_follow(person=request.user, objective=objective)
    messages.success(
        request,
        _("You follow it: its news comes in your weekly digest.")
        if now_following
        else _("You no longer follow it."),
    )
    return redirect(objective)
