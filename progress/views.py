from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approvals.forms import DecisionForm
from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from objectives.forms import ActionForm
from objectives.models import Action, Objective, ObjectiveQuerySet, Period
from okr_site.htmx_forms import initial_from_query, save_or_explain
from okr_site.http import SignedInRequest
from okr_site.periods import chosen_period
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
        entry.comment_form = CommentForm(update_id=entry.pk)
    return entries


def _with_key_results(objectives: ObjectiveQuerySet, key_results=None) -> ObjectiveQuerySet:
    """Objectives with their key results (oldest first) fetched in one more query."""
    key_results = key_results if key_results is not None else KeyResult.objects.all()
    return objectives.prefetch_related(
        Prefetch("key_results", queryset=key_results.order_by("created_at"))
    )


@login_required
@require_http_methods(["GET"])
def my_okrs(request: SignedInRequest) -> HttpResponse:
    period = chosen_period(request)
    user = request.user
    visible = Objective.objects.visible_to(user).for_period(period).not_archived()
    mine = visible.filter(Q(owner=user) | Q(key_results__owner=user) | Q(actions__owner=user))
    # The person's own team and the teams they lead directly; teams further down have their
    # own pages, so a top leader's page does not list the whole company.
    team_scope = Q(team__leader=user)
    if user.team_id is not None:
        team_scope |= Q(team_id=user.team_id)
    teams = visible.filter(team_scope).exclude(pk__in=mine.values("pk"))
    context = {
        "period": period,
        "periods": Period.objects.all(),
        "mine": _with_key_results(mine.distinct().with_details()),
        "teams": _with_key_results(teams.with_details().order_by("team__name", "title")),
    }
    return render(request, "progress/my_okrs.html", context)


@login_required
@require_http_methods(["GET"])
def objective_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    objective = get_object_or_404(
        _with_key_results(
            Objective.objects.visible_to(user).with_details(),
            KeyResult.objects.select_related("owner", "action").prefetch_related(
                Prefetch(
                    "approval_events",
                    queryset=ApprovalEvent.objects.select_related("actor", "approver"),
                )
            ),
        ),
        pk=pk,
    )
    context = {
        "objective": objective,
        "children": objective.children.visible_to(user).select_related("owner"),
        "can_edit": objective.can_edit(user),
        "can_add": objective.can_add_to(user),
        "can_share": objective.can_share_on(user),
        "editable_actions": {a.pk for a in objective.actions.all() if a.can_edit(user)},
        "action_form": ActionForm(),
        "transitions": [Objective.Status(s) for s in objective.allowed_transitions()],
        "updates": objective.updates.exclude(kind=Update.Kind.APPROVAL)
        .select_related("author", "key_result", "action")
        .order_by("-id")[:10],
    }
    return render(request, "progress/objective_detail.html", context)


@login_required
@require_http_methods(["GET"])
def key_result_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    key_result = get_object_or_404(
        KeyResult.objects.visible_to(user)
        .select_related("objective__period", "objective__team", "owner", "action", "approver")
        .prefetch_related("reporters"),
        pk=pk,
    )
    can_decide = key_result.can_be_decided_by(user)
    return render(
        request,
        "progress/key_result_detail.html",
        {
            "key_result": key_result,
            "objective": key_result.objective,
            "history": key_result.approval_events.select_related("actor", "approver"),
            "measurements": key_result.updates.measurements()
            .select_related("author")
            .order_by("-happened_on", "-id"),
            "can_record": key_result.can_record(user),
            "can_edit": key_result.can_edit(user),
            "can_submit": key_result.can_submit(user),
            "decision_form": DecisionForm(key_result_id=key_result.pk) if can_decide else None,
        },
    )


@login_required
@require_http_methods(["GET"])
def team(request: SignedInRequest, pk: int) -> HttpResponse:
    """A team's people and sub-teams, and the objectives of it the viewer may read."""
    team = get_object_or_404(Team.objects.select_related("leader", "parent"), pk=pk)
    period = chosen_period(request)
    objectives = (
        Objective.objects.visible_to(request.user)
        .for_period(period)
        .filter(team=team)
        .not_archived()
        .with_details()
        .order_by("title")
    )
    return render(
        request,
        "progress/team.html",
        {
            "team": team,
            "members": team.members.order_by("first_name", "last_name"),
            "subteams": team.children.select_related("leader"),
            "period": period,
            "periods": Period.objects.all(),
            "objectives": _with_key_results(objectives),
        },
    )


@login_required
@require_http_methods(["GET"])
def me(request: SignedInRequest) -> HttpResponse:
    """A person's own page: their place in the organisation and the reminders they received."""
    user = request.user
    return render(
        request,
        "progress/me.html",
        {
            "person": user,
            "team": user.team,
            "leader": user.nearest_leader(),
            "reminders": user.reminders.filter(sent_at__isnull=False)
            .select_related("action")
            .prefetch_related("key_results")
            .order_by("-sent_at"),
        },
    )


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
    context = {
        "filters": filters,
        # Links (older, newest, the poller) keep the valid filters and drop the bad ones.
        "filter_params": filters.valid_params(),
        "person": chosen.get("person"),
        "reactions": Reaction.EMOJI,
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
            {"entry": entry, "reactions": Reaction.EMOJI},
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
    form = CommentForm(request.POST, update_id=entry.pk)
    if form.is_valid():
        text = form.cleaned_data["text"]
        added = save_or_explain(
            form, lambda: services.add_comment(update=entry, by=request.user, text=text)
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
    form = (EventForm if key_result.is_count else MeasurementForm)(request.POST or None)
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
        if key_result.is_count:
            update = save_or_explain(
                form, lambda: services.log_event(events=data["events"], **common)
            )
        else:
            update = save_or_explain(
                form, lambda: services.record_measurement(value=data["value"], **common)
            )
        if update is not None:
            messages.success(request, _("Recorded and shared in the feed."))
            if KeyResult.objects.visible_to(request.user).filter(pk=key_result.pk).exists():
                return redirect(key_result)
            # A reporter from another team may record but not read the key result itself.
            return redirect(f"{reverse('progress:feed')}#update-{update.pk}")
    return render(request, "progress/record.html", {"kr": key_result, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def share(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    if not objective.can_share_on(request.user):
        raise PermissionDenied
    form = NoteForm(
        request.POST or None, objective=objective, initial=initial_from_query(request, ["action"])
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update = save_or_explain(
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
