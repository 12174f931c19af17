from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from key_results.models import KeyResult
from objectives.models import Action, Objective
from okr_site.http import SignedInRequest
from organisation.models import Team

from . import services
from .forms import CommentForm, EventForm, FeedFilterForm, MeasurementForm, NoteForm
from .models import Reaction, Update

PAGE_SIZE = 25


def _prepare(entries: list[Update], user) -> list[Update]:
    """Mark what the viewer may open and which reactions are theirs (one query for the page)."""
    objective_ids = {entry.objective_id for entry in entries}
    linkable = set(
        Objective.objects.visible_to(user).filter(pk__in=objective_ids).values_list("pk", flat=True)
    )
    for entry in entries:
        entry.viewer_id = user.pk
        entry.linkable = entry.objective_id in linkable
    return entries


@login_required
@require_http_methods(["GET"])
def feed(request: SignedInRequest) -> HttpResponse:
    filters = FeedFilterForm(request.GET or None)
    filters.is_valid()
    chosen = filters.cleaned_data if filters.is_bound else {}  # the valid ones; bad ones drop
    updates = Update.objects.filtered(
        team=chosen.get("team") and chosen["team"].pk,
        person=chosen.get("person") and chosen["person"].pk,
        kind=chosen.get("kind", ""),
    )
    filter_query = urlencode(
        {key: request.GET[key] for key in ("team", "person", "kind") if request.GET.get(key)}
    )
    context = {
        "filters": filters,
        "filter_query": filter_query,
        "person": chosen.get("person"),
        "reactions": Reaction.EMOJI,
        "comment_form": CommentForm(),
        "teams": Team.objects.order_by("name").values_list("pk", "name"),
        "chosen_team": chosen.get("team") and chosen["team"].pk,
    }
    after = request.GET.get("after", "")
    if request.htmx and after.isdecimal():
        # Polling for entries newer than the newest one on the page.
        entries = _prepare(
            list(updates.filter(id__gt=int(after)).for_feed()[:PAGE_SIZE]), request.user
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
    entries = _prepare(list(updates.for_feed()[: PAGE_SIZE + 1]), request.user)
    has_older = len(entries) > PAGE_SIZE
    entries = entries[:PAGE_SIZE]
    context.update(
        entries=entries,
        older=entries[-1].pk if has_older else None,
        newest=entries[0].pk if entries and not before.isdecimal() else None,
        first_page=not before.isdecimal(),
    )
    return render(request, "progress/feed.html", context)


def _entry_response(request: SignedInRequest, entry: Update, partial: str) -> HttpResponse:
    entry = _prepare([Update.objects.for_feed().get(pk=entry.pk)], request.user)[0]
    if request.htmx:
        return render(
            request,
            f"progress/feed.html#{partial}",
            {"entry": entry, "reactions": Reaction.EMOJI, "comment_form": CommentForm()},
        )
    return redirect(f"{reverse('progress:feed')}#update-{entry.pk}")


@login_required
@require_POST
def react(request: SignedInRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Update, pk=pk)
    try:
        services.toggle_reaction(update=entry, by=request.user, emoji=request.POST.get("emoji", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _entry_response(request, entry, "reactions")


@login_required
@require_POST
def comment(request: SignedInRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Update, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(update=entry, by=request.user, text=form.cleaned_data["text"])
    elif request.htmx:
        entry = _prepare([Update.objects.for_feed().get(pk=entry.pk)], request.user)[0]
        return render(
            request,
            "progress/feed.html#comments",
            {"entry": entry, "comment_form": form, "reactions": Reaction.EMOJI},
        )
    else:
        messages.error(request, _("Write a comment first."))
    return _entry_response(request, entry, "comments")


def _recordable(request: SignedInRequest):
    # The owner's team and leaders can read it; people the owner named may record on it too.
    return KeyResult.objects.filter(
        Q(pk__in=KeyResult.objects.visible_to(request.user).values("pk"))
        | Q(reporters=request.user)
    ).select_related("objective__period", "objective__team", "owner", "action")


@login_required
@require_http_methods(["GET", "POST"])
def record(request: SignedInRequest, pk: int) -> HttpResponse:
    key_result = get_object_or_404(_recordable(request).distinct(), pk=pk)
    if not key_result.can_record(request.user):
        raise PermissionDenied
    is_count = key_result.kind == KeyResult.Kind.COUNT
    form_class = EventForm if is_count else MeasurementForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "key_result": key_result,
            "by": request.user,
            "text": data["text"],
            "kind": data["kind"],
            "learning": data["learning"],
            "happened_on": data["happened_on"],
        }
        try:
            if is_count:
                update = services.log_event(events=data["events"], **common)
            else:
                update = services.record_measurement(value=data["value"], **common)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Recorded and shared in the feed."))
            if KeyResult.objects.visible_to(request.user).filter(pk=key_result.pk).exists():
                return redirect(key_result)
            # A reporter from another team may record but not read the key result itself.
            return redirect(f"{reverse('progress:feed')}#update-{update.pk}")
    return render(
        request,
        "progress/record.html",
        {"key_result": key_result, "kr": key_result, "form": form, "is_count": is_count},
    )


@login_required
@require_http_methods(["GET", "POST"])
def share(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    if not objective.can_share_on(request.user):
        raise PermissionDenied
    initial = {}
    if request.GET.get("action", "").isdecimal():
        initial["action"] = request.GET["action"]
    form = NoteForm(request.POST or None, objective=objective, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.share_update(
            objective=objective,
            by=request.user,
            text=data["text"],
            kind=data["kind"],
            learning=data["learning"],
            action=data["action"],
            happened_on=data["happened_on"],
        )
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
    own = [kr for kr in key_results if kr.action_id == action.pk]
    return render(
        request,
        "progress/action_effect.html",
        {
            "action": action,
            "objective": action.objective,
            "key_results": own or key_results,
            "form": NoteForm(objective=action.objective, initial={"action": action.pk}),
            "can_share": action.objective.can_share_on(request.user),
        },
    )
