"""The bench's organisation, written once with COPY (about a minute) and reused after.

2,000 people in 200 teams under 10 departments and the company (211 teams); 4,000 objectives
(half this quarter, half the last) with an action each, 20,000 key results and 500,000 updates:
measurements, setbacks, learnings and actions done, with comments and reactions spread over the
whole history. Besides, the people the pages are measured for (see `Subjects`): someone with 20
objectives and 100 key results this quarter, one key result of theirs measured 500 times, and a
leader with 30 key results waiting for a decision.

Rows are written in order of time, so ids grow with `created_at` as the app's own would; each
key result's current value, last measurement and recent values agree with its updates."""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from objectives.models import Action, Objective, Period
from organisation.models import Team, User
from organisation.tree import organisation_changed
from progress.models import Comment, Reaction, Update
from progress.services import SPARKLINE_POINTS

PEOPLE = 2000
DEPARTMENTS = 10
TEAM_SIZE = 10
KEY_RESULTS_EACH = 5
UPDATES = 500_000
# Their own objectives this quarter (the owners 0-19 give theirs to them), one of them
# measured this many times; the leader's inbox.
THEIRS = 20
MEASURED_OFTEN = 500
WAITING = 30
FIRST_NAMES = ["Mette", "Lars", "Emma", "James", "Freja", "Ahmed", "Sofie", "Mikkel", "Aisha"]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Subjects:
    """Whom and what the pages are measured for."""

    person: User  # 20 objectives and 100 key results this quarter
    key_result: KeyResult  # 500 measurements
    objective: Objective  # one of theirs with nothing below it
    top_objective: Objective  # the company's, with all 2,000 of the quarter below it
    approver: User  # 30 key results waiting for their decision
    department_leader: User  # leads a department of 20 teams: their overview
    team: Team  # the person's team


def subjects() -> Subjects | None:
    """The bench's people and rows, or None while the database is not filled."""
    person = User.objects.filter(username="bench1").first()
    if person is None:
        return None
    key_result = (
        KeyResult.objects.filter(owner=person, objective__period=Period.objects.current())
        .annotate(measured=models.Count("updates"))
        .order_by("-measured")
        .first()
    )
    assert key_result is not None, "drop the database okr_bench and run again"
    return Subjects(
        person=person,
        key_result=key_result,
        objective=Objective.objects.filter(owner=person, period=key_result.objective.period_id)
        .exclude(children__isnull=False)
        .earliest("pk"),
        top_objective=Objective.objects.get(parent=None, period=key_result.objective.period_id),
        approver=User.objects.get(username="bench50"),
        department_leader=Team.objects.get(name="Department B").leader,  # type: ignore[arg-type]
        team=person.team,  # type: ignore[arg-type]
    )


def _copy(model: type[models.Model], rows: list[models.Model]) -> None:
    """Writes the rows (their ids given) with one COPY."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for instance in rows:
                copy.write_row(
                    [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields]
                )
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {table}))",  # noqa: S608 - a model's table
            [model._meta.db_table],
        )


def _title(n: int) -> str:
    """An objective's title: no digits, as the rule says; unique enough to tell apart."""
    return f"Happier customers in area {LETTERS[n % 26]}{LETTERS[n // 26 % 26]}{LETTERS[n // 676]}"


def _moment(day: datetime.date, n: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(8)) + datetime.timedelta(seconds=n % 30000)
    )


def fill() -> None:  # noqa: C901, PLR0915 - one long recipe reads best top to bottom
    random.seed(7)
    started = time.perf_counter()
    today = timezone.localdate()
    current = Period.objects.current()
    previous = Period.objects.containing(current.start - datetime.timedelta(days=1))
    long_ago = timezone.make_aware(datetime.datetime.combine(previous.start, datetime.time(8)))

    # Teams: the company, 10 departments, 200 teams of 10; each led by its first member.
    company = Team(id=1, name="Bench company")
    departments = [
        Team(id=2 + d, name=f"Department {LETTERS[d]}", parent_id=1) for d in range(DEPARTMENTS)
    ]
    team_count = PEOPLE // TEAM_SIZE
    teams = [
        Team(
            id=2 + DEPARTMENTS + t,
            name=f"Team {LETTERS[t % 26]}{LETTERS[t // 26]}",
            parent_id=2 + t % DEPARTMENTS,
        )
        for t in range(team_count)
    ]
    password = make_password("bench")
    people = [
        User(
            id=n + 1,
            username=f"bench{n}",
            first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
            last_name=f"Person {n}",
            email=f"bench{n}@example.com",
            password=password,
            team_id=teams[n // TEAM_SIZE].id,
            is_active=True,
            date_joined=long_ago,
            language="en" if n % 3 else "da",
        )
        for n in range(PEOPLE)
    ]
    for t, team in enumerate(teams):
        team.leader_id = people[t * TEAM_SIZE].id
    for d, department in enumerate(departments):
        department.leader_id = teams[d].leader_id
    company.leader_id = departments[0].leader_id

    def department_of(person: int) -> int:
        return (person // TEAM_SIZE) % DEPARTMENTS

    # Objectives: one per person and quarter; the department leaders' are the parents of
    # their department's, the company leader's of theirs. Person 1 takes those of 0-19.
    objectives: list[Objective] = []
    actions: list[Action] = []
    key_results: list[KeyResult] = []
    by_period = {current.pk: current, previous.pk: previous}
    for p, period in enumerate([previous, current]):
        base = p * PEOPLE
        made = _moment(period.start, 0)
        for n in range(PEOPLE):
            owner = 1 if p == 1 and n < THEIRS else n
            department_leader = teams[department_of(n)].leader_id - 1  # type: ignore[operator]
            if n == 0:
                parent = None
            elif n == department_leader:
                parent = base + 1
            else:
                parent = base + department_leader + 1
            objectives.append(
                Objective(
                    id=base + n + 1,
                    title=_title(n),
                    description="What our customers tell us, asked every month.",
                    owner_id=owner + 1,
                    team_id=people[owner].team_id,
                    period_id=period.pk,
                    parent_id=parent,
                    status=Objective.Status.ACTIVE,
                    created_at=made,
                    updated_at=made,
                )
            )
            done = n % 3 == 0
            actions.append(
                Action(
                    id=base + n + 1,
                    title=f"Call ten customers a week ({n})",
                    description="",
                    status=Action.Status.DONE if done else Action.Status.IN_PROGRESS,
                    done_at=_moment(period.start + datetime.timedelta(days=20), n)
                    if done
                    else None,
                    created_at=made,
                    owner_id=owner + 1,
                    objective_id=base + n + 1,
                )
            )
            for k in range(KEY_RESULTS_EACH):
                waiting = p == 1 and 51 <= n < 51 + WAITING // KEY_RESULTS_EACH
                key_results.append(
                    KeyResult(
                        id=len(key_results) + 1,
                        objective_id=base + n + 1,
                        owner_id=owner + 1,
                        title=f"Customer satisfaction {n}.{k}",
                        kind=KeyResult.Kind.CHANGE,
                        unit="%",
                        baseline=Decimal(20),
                        target=Decimal(80),
                        current_value=Decimal(20),
                        deadline=period.end,
                        measurement_plan="Monthly survey of 50 customers.",
                        approval_state=KeyResult.ApprovalState.PENDING
                        if waiting
                        else KeyResult.ApprovalState.APPROVED,
                        approver_id=people[50].id if waiting else None,
                        approved_on=None if waiting else period.start,
                        action_id=base + n + 1 if k == 0 else None,
                        created_at=made + datetime.timedelta(seconds=k),
                        updated_at=made + datetime.timedelta(seconds=k),
                    )
                )
    # Decisions: each of person 1's key results approved by their leader; the waiting ones sent.
    events = []
    for key_result in key_results:
        if key_result.owner_id == 2 and key_result.approval_state == "approved":
            kinds = [ApprovalEvent.Kind.SUBMITTED, ApprovalEvent.Kind.APPROVED]
        elif key_result.approval_state == "pending":
            kinds = [ApprovalEvent.Kind.SUBMITTED]
        else:
            continue
        for kind in kinds:
            events.append(
                ApprovalEvent(
                    id=len(events) + 1,
                    kind=kind,
                    key_result_id=key_result.id,
                    actor_id=key_result.owner_id if kind == "submitted" else people[0].id,
                    approver_id=people[50].id if key_result.approval_state == "pending" else 1,
                    values={"title": key_result.title, "target": "80"},
                    changes={},
                    created_at=key_result.created_at,
                )
            )

    # Updates, in order of time: each approved key result measured about 25 times over its
    # quarter so far (person 1's first one 500 times), a setback now and then, an action done
    # per objective; a learning on every eleventh.
    measured = [kr for kr in key_results if kr.approval_state == "approved"]
    often = next(kr for kr in measured if kr.owner_id == 2 and kr.deadline == current.end)
    done_actions = [action for action in actions if action.status == "done"]
    spread = UPDATES - MEASURED_OFTEN - len(done_actions)
    each, extra = divmod(spread, len(measured) - 1)
    plan: list[tuple[datetime.date, int, int, int]] = []  # day, order, key result index, nth
    for index, key_result in enumerate(measured):
        period = by_period[objectives[key_result.objective_id - 1].period_id]
        days = (min(period.end, today) - period.start).days
        times = MEASURED_OFTEN if key_result is often else each + (index < extra)
        for nth in range(times):
            day = period.start + datetime.timedelta(days=days * (nth + 1) // times)
            plan.append((day, random.randrange(30000), index, nth))
    for action in done_actions:
        plan.append((action.done_at.date(), random.randrange(30000), -action.id, 0))  # type: ignore[union-attr]
    plan.sort()
    values: dict[int, list[tuple[datetime.date, Decimal]]] = {}
    updates: list[Update] = []
    for number, (day, order, index, nth) in enumerate(plan, start=1):
        created = _moment(day, order)
        if index < 0:
            action = actions[-index - 1]
            objective = objectives[action.objective_id - 1]
            updates.append(
                Update(
                    id=number,
                    kind=Update.Kind.ACTION_DONE,
                    author_id=action.owner_id,
                    objective_id=objective.id,
                    team_id=objective.team_id,
                    action_id=action.id,
                    happened_on=day,
                    text="",
                    learning="",
                    created_at=created,
                )
            )
            continue
        key_result = measured[index]
        objective = objectives[key_result.objective_id - 1]
        history = values.setdefault(key_result.id, [])
        before = history[-1][1] if history else key_result.baseline
        setback = nth % 7 == 6
        step = Decimal(1) if key_result is often else Decimal(2)
        after = max(Decimal(0), before - 3) if setback else min(Decimal(100), before + step)
        history.append((day, after))
        updates.append(
            Update(
                id=number,
                kind=Update.Kind.SETBACK if setback else Update.Kind.PROGRESS,
                author_id=key_result.owner_id,
                objective_id=objective.id,
                team_id=objective.team_id,
                key_result_id=key_result.id,
                value_before=before,
                value_after=after,
                happened_on=day,
                text=f"Measured again ({nth + 1}): the survey moved a little.",
                learning="Short surveys get more answers." if number % 11 == 0 else "",
                confidence="on_track" if nth % 5 == 0 else "",
                created_at=created,
            )
        )
    for key_result in measured:
        history = values.get(key_result.id, [])
        if history:
            key_result.current_value = history[-1][1]
            key_result.last_measured_on = history[-1][0]
            key_result.recent_values = [
                [day.isoformat(), str(value)] for day, value in history[-SPARKLINE_POINTS:]
            ]
    # Comments and reactions on every twentieth update, from its author's teammates.
    comments, reactions = [], []
    emoji = Reaction.EMOJI
    for update in updates[::20]:
        for c in range(2):
            comments.append(
                Comment(
                    id=len(comments) + 1,
                    update_id=update.id,
                    author_id=(update.author_id + c) % PEOPLE + 1,
                    text="Nice! What did the customers say?" if c else "Well done.",
                    created_at=update.created_at + datetime.timedelta(minutes=5 + c),
                )
            )
        for r in range(3):
            reactions.append(
                Reaction(
                    id=len(reactions) + 1,
                    update_id=update.id,
                    person_id=(update.author_id + r * 7) % PEOPLE + 1,
                    emoji=emoji[r % len(emoji)],
                    created_at=update.created_at + datetime.timedelta(minutes=10),
                )
            )
    print(f"made the rows in {time.perf_counter() - started:.0f} s; writing them")
    with transaction.atomic(), connection.cursor() as cursor:
        # The rows agree by construction: no trigger or foreign key check per row.
        cursor.execute("SET LOCAL session_replication_role = replica")
        _copy(Team, [company, *departments, *teams])
        _copy(User, people)
        _copy(Objective, objectives)
        _copy(Action, actions)
        _copy(KeyResult, key_results)
        _copy(ApprovalEvent, events)
        _copy(Update, updates)
        _copy(Comment, comments)
        _copy(Reaction, reactions)
        organisation_changed()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"filled in {time.perf_counter() - started:.0f} s")


def counts() -> dict[str, Any]:
    return {
        "people": User.objects.count(),
        "teams": Team.objects.count(),
        "objectives": Objective.objects.count(),
        "key results": KeyResult.objects.count(),
        "updates": Update.objects.count(),
        "comments": Comment.objects.count(),
        "reactions": Reaction.objects.count(),
    }
