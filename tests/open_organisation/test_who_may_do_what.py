"""Every route of the URLconf, for ten kinds of visitor, with GET, htmx GET and POST: the answer
each gets, and that a refused request changes no row.

The specification below is written from the product's rules, not from the code: everything of an
objective that is no longer a draft is read by everyone signed in; a draft only by its owner, the
leaders of its team and the teams above, and superusers; changing stays with owners, leaders
above and (adding to a live objective) the team. A route missing from it fails the suite."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from key_results.models import KeyResult
from objectives.models import Objective
from organisation.models import User
from progress import services
from progress.models import Notification
from tests.factories import (
    ActionFactory,
    KeyResultFactory,
    ObjectiveFactory,
    TeamFactory,
    UserFactory,
)
from tests.helpers import HTMX, NOW

PERSONAS = [
    "signed_out",
    "owner",
    "reporter",
    "teammate",
    "nearest_leader",
    "leader_above",
    "other_leader",
    "other_member",
    "staff",
    "superuser",
]
SIGNED_IN = set(PERSONAS) - {"signed_out"}
EDITORS = {"owner", "nearest_leader", "leader_above", "superuser"}
TEAM = EDITORS | {"teammate", "reporter"}
DRAFT_READERS = EDITORS


@dataclass(frozen=True)
class Route:
    """What a route is about, and who may read (GET) and who may change (POST) it."""

    about: str | None  # which object of the world its <pk> names, if any
    read: frozenset[str] = frozenset()  # GET answers 200 to them
    change: frozenset[str] = frozenset()  # POST does its work for them
    methods: tuple[str, ...] = ("get", "post")
    # Of a draft: who may read it at all (the others get 404).
    readers: frozenset[str] = field(default=frozenset(SIGNED_IN))
    public: bool = False  # answers the signed out too


def route(
    about=None, *, read=(), change=(), methods=("get", "post"), readers=SIGNED_IN, public=False
):
    readers = set(PERSONAS) if public else readers
    return Route(about, frozenset(read), frozenset(change), methods, frozenset(readers), public)


ALL = SIGNED_IN
SHARED = {
    # Pages that everyone signed in reads.
    "progress:my_okrs": route(read=ALL, methods=("get",)),
    "progress:objective": route("objective", read=ALL, methods=("get",)),
    "progress:key_result": route("key_result", read=ALL, methods=("get",)),
    "progress:chart": route("key_result", read=ALL, methods=("get",)),
    "progress:tree": route(read=ALL, methods=("get",)),
    "progress:team": route("team", read=ALL, methods=("get",)),
    "progress:overview": route(read=ALL, methods=("get",)),
    # The quarter review: the organisation's and a team's, open to all (drafts never in it).
    "progress:review": route(read=ALL, methods=("get",)),
    "progress:team_review": route("team", read=ALL, methods=("get",)),
    "progress:search": route(read=ALL, methods=("get",)),
    "progress:me": route(read=ALL, methods=("get",)),
    "progress:feed": route(read=ALL, methods=("get",)),
    "progress:notifications": route(read=ALL, methods=("get",)),
    "progress:bell": route(read=ALL, methods=("get",)),
    "progress:notifications_read": route(change=ALL, methods=("post",)),
    "progress:notification_settings": route(read=ALL, change=ALL),
    # A notification is its person's alone: opening it marks it read and goes where it points.
    "progress:notification_open": route("notification", read={"owner"}, methods=("get",)),
    "progress:follow": route("objective", change=ALL, methods=("post",)),
    "approvals:inbox": route(read=ALL, methods=("get",)),
    "organisation:teams": route(read=ALL, methods=("get",)),
    # Reacting and commenting: everyone who may read the entry.
    "progress:react": route("update", change=ALL, methods=("post",)),
    "progress:comment": route("update", change=ALL, methods=("post",)),
    # Recording: the owner and the people they named; one click on an open count: everyone.
    "progress:record": route(
        "key_result", read={"owner", "reporter"}, change={"owner", "reporter"}
    ),
    "progress:log_one": route("open_count", change=ALL, methods=("post",)),
    # Sharing a note: the team and its leaders, on a live objective.
    "progress:share": route("objective", read=TEAM, change=TEAM),
    "progress:action_effect": route("action", read=EDITORS, methods=("get",)),
    # Objectives and actions: anyone drafts their own; editors change; the team adds actions.
    "objectives:create": route(read=ALL, change=ALL),
    "objectives:edit": route("objective", read=EDITORS, change=EDITORS),
    "objectives:status": route("objective", change=EDITORS, methods=("post",)),
    # Closing with a retrospective: editors (a draft is refused with a message).
    "objectives:close": route("objective", read=EDITORS, change=EDITORS),
    "objectives:action_create": route("objective", read=TEAM, change=TEAM),
    "objectives:action_edit": route("action", read=EDITORS, change=EDITORS),
    "objectives:action_status": route("action", change=EDITORS, methods=("post",)),
    "key_results:create": route("objective", read=TEAM, change=TEAM),
    "key_results:edit": route("key_result", read=EDITORS, change=EDITORS),
    "key_results:weights": route("objective", read=EDITORS, change=EDITORS),
    # Scoring at the end: whoever may edit the key result.
    "key_results:score": route("key_result", read=EDITORS, change=EDITORS),
    # Withdrawing: editors delete a draft (a shared objective is not deleted: archive it) and
    # drop a key result sent for approval, with a reason; both after a confirmation step.
    "objectives:delete": route("objective", methods=("get", "post")),
    "objectives:action_delete": route("action", read=EDITORS, change=EDITORS),
    "key_results:delete": route("draft_key_result", read=EDITORS, change=EDITORS),
    "key_results:drop": route("key_result", read=EDITORS, change=EDITORS),
    # Carrying over into a later period: editors of the key result, or of a shared objective.
    "key_results:carry_over": route("key_result", read=EDITORS, change=EDITORS),
    "key_results:carry_over_objective": route("objective", read=EDITORS, change=EDITORS),
    # Approval: editors send a draft key result; only the leader asked (or a superuser) decides.
    "approvals:submit": route("draft_key_result", change=EDITORS, methods=("post",)),
    "approvals:decide": route("pending", change={"nearest_leader", "superuser"}, methods=("post",)),
    # Open to anyone, signed in or not.
    "organisation:language": route(change=set(PERSONAS), methods=("post",), public=True),
    "login": route(read=set(PERSONAS), methods=("get",), public=True),
    "logout": route(change=set(PERSONAS), methods=("post",), public=True),
    "set_language": route(change=set(PERSONAS), methods=("post",), public=True),
    # A forgotten password: anyone asks for a link; a broken link says so.
    "password_reset": route(read=set(PERSONAS), change=set(PERSONAS), public=True),
    "password_reset_sent": route(read=set(PERSONAS), methods=("get",), public=True),
    "password_reset_confirm": route(
        "reset_link", read=set(PERSONAS), change=set(PERSONAS), public=True
    ),
    "password_reset_complete": route(read=set(PERSONAS), methods=("get",), public=True),
}
# The same routes on a draft objective: only its readers see it; nobody records, shares or logs
# on a draft, and the team adds nothing to someone else's draft.
DRAFT = {
    name: Route(
        spec.about,
        spec.read & DRAFT_READERS,
        spec.change & DRAFT_READERS,
        spec.methods,
        frozenset(DRAFT_READERS),
    )
    for name, spec in SHARED.items()
    if spec.about in ("objective", "key_result", "action", "update", "draft_key_result")
}
# Nothing is shared on a draft: a note needs a live objective.
DRAFT["progress:share"] = Route("objective", readers=frozenset(DRAFT_READERS))
# A draft is deleted by its editors, and moved (not carried) to another period.
DRAFT["objectives:delete"] = Route(
    "objective", frozenset(EDITORS), frozenset(EDITORS), readers=frozenset(DRAFT_READERS)
)
DRAFT["key_results:carry_over_objective"] = Route("objective", readers=frozenset(DRAFT_READERS))


def every_route() -> set[str]:
    names = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if namespace is None and pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_route_has_its_rule_written_down():
    assert every_route() - set(SHARED) == set()


def _build() -> SimpleNamespace:
    boss = UserFactory(username="boss")
    company = TeamFactory(name="Company", leader=boss)
    leader = UserFactory(username="leader")
    support = TeamFactory(name="Support", parent=company, leader=leader)
    sales_lead = UserFactory(username="saleslead")
    sales = TeamFactory(name="Sales", parent=company, leader=sales_lead)
    User.objects.filter(pk=boss.pk).update(team=company)
    User.objects.filter(pk=leader.pk).update(team=support)
    User.objects.filter(pk=sales_lead.pk).update(team=sales)
    owner = UserFactory(username="owner", team=support)
    people = {
        "owner": owner,
        "reporter": UserFactory(username="reporter", team=support),
        "teammate": UserFactory(username="teammate", team=support),
        "nearest_leader": User.objects.get(pk=leader.pk),
        "leader_above": User.objects.get(pk=boss.pk),
        "other_leader": User.objects.get(pk=sales_lead.pk),
        "other_member": UserFactory(username="othermember", team=sales),
        "staff": UserFactory(username="staff", team=sales, is_staff=True),
        "superuser": UserFactory(username="super", is_staff=True, is_superuser=True),
    }
    world = SimpleNamespace(people=people, team=support, sessions={})
    for persona, person in people.items():
        # Signed in once for the whole module: a case sets the cookie instead of signing in.
        session = SessionStore()
        session["_auth_user_id"] = str(person.pk)
        session["_auth_user_backend"] = "okr_site.auth.ModelBackend"
        session["_auth_user_hash"] = person.get_session_auth_hash()
        session.create()
        world.sessions[persona] = session.session_key
    for which, status in (("shared", Objective.Status.ACTIVE), ("draft", Objective.Status.DRAFT)):
        objective = ObjectiveFactory(owner=owner, team=support, status=Objective.Status.ACTIVE)
        action = ActionFactory(objective=objective, owner=owner)
        approved = KeyResultFactory(
            objective=objective, approval_state=KeyResult.ApprovalState.APPROVED, approver=leader
        )
        approved.reporters.add(people["reporter"])
        open_count = KeyResultFactory(
            objective=objective,
            kind=KeyResult.Kind.COUNT,
            baseline=0,
            target=Decimal(5),
            open_to_everyone=True,
            approval_state=KeyResult.ApprovalState.APPROVED,
        )
        pending = KeyResultFactory(
            objective=objective, approval_state=KeyResult.ApprovalState.PENDING, approver=leader
        )
        draft_key_result = KeyResultFactory(objective=objective)
        update = services.share_update(objective=objective, by=owner, text="Callbacks help.")
        notification = Notification.objects.create(
            person=owner, kind="decision", event=f"decision:{which}", email="never"
        )
        Objective.objects.filter(pk=objective.pk).update(status=status)
        setattr(
            world,
            which,
            {
                "objective": objective,
                "action": action,
                "key_result": approved,
                "open_count": open_count,
                "pending": pending,
                "draft_key_result": draft_key_result,
                "update": update,
                "notification": notification,
                "team": support,
            },
        )
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One organisation for every case of this module; each case runs in a savepoint."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# Everything a refused request must leave as it was, as one fingerprint (one query).
FINGERPRINT = """
SELECT md5(concat_ws('|',
  (SELECT string_agg(concat_ws(',', id, title, status, parent_id, weight, team_id), ';'
          ORDER BY id) FROM objectives_objective),
  (SELECT string_agg(concat_ws(',', id, title, status, owner_id), ';' ORDER BY id)
     FROM objectives_action),
  (SELECT string_agg(concat_ws(',', id, title, approval_state, current_value, weight,
          open_to_everyone, approver_id), ';' ORDER BY id) FROM key_results_keyresult),
  (SELECT string_agg(concat_ws(',', keyresult_id, user_id), ';' ORDER BY id)
     FROM key_results_keyresult_reporters),
  (SELECT count(*) FROM progress_update), (SELECT count(*) FROM approvals_approvalevent),
  (SELECT count(*) FROM progress_reaction), (SELECT count(*) FROM progress_comment),
  (SELECT string_agg(concat_ws(',', id, name, leader_id, parent_id), ';' ORDER BY id)
     FROM organisation_team),
  (SELECT string_agg(concat_ws(',', id, team_id, language, is_staff), ';' ORDER BY id)
     FROM organisation_user)
))
"""


def rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINT)
        return cursor.fetchone()[0]


def cases():
    for variant, table in (("shared", SHARED), ("draft", DRAFT)):
        for name in sorted(table):
            for persona in PERSONAS:
                for method in ("get", "htmx", "post"):
                    yield pytest.param(
                        variant, name, persona, method, id=f"{variant}-{name}-{persona}-{method}"
                    )


def expected(name: str, spec: Route, persona: str, method: str) -> tuple[int, ...]:
    verb = "post" if method == "post" else "get"
    if persona == "signed_out" and not spec.public:
        # Sent to sign in (before the method is looked at); htmx gets HX-Redirect instead.
        return (200,) if method == "htmx" else (302,)
    if name == "login":
        return (200,) if persona == "signed_out" else (302,)  # the signed in go on to My OKRs
    if name == "set_language":
        return (302,)  # GET goes back without changing the language
    if name == "progress:notification_open" and verb == "get":
        return (302,) if persona == "owner" else (404,)
    if verb not in spec.methods:
        return (405,)
    if persona not in spec.readers:
        return (404,)
    allowed = spec.read if verb == "get" else spec.change
    if persona in allowed:
        return (200,) if verb == "get" else (200, 302)
    return (403,)


# A POST carries what each form needs, so an allowed one does its work (or says what is wrong).
POSTED = {
    "emoji": "👍",
    "text": "Well done",
    "status": "completed",
    "decision": "approve",
    "version": 1,
    "language": "da",
    "reason": "It no longer makes sense.",
}


@pytest.mark.parametrize(("variant", "name", "persona", "method"), list(cases()))
def test_who_may_do_what(client, db, world, variant, name, persona, method):
    spec = (SHARED if variant == "shared" else DRAFT)[name]
    things = getattr(world, variant)
    if spec.about == "reset_link":
        args = ["MQ", "not-a-token"]  # a link that was never sent
    else:
        args = [things[spec.about].pk] if spec.about else []
    url = reverse(name, args=args)
    if persona != "signed_out":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    before = rows()
    if method == "post":
        response = client.post(url, POSTED)
    elif method == "htmx":
        response = client.get(url, headers=HTMX)
    else:
        response = client.get(url)
    assert response.status_code in expected(name, spec, persona, method)
    if method != "post" or persona not in spec.change:
        assert rows() == before, "a refused request (or a GET) changed something"
    if persona == "signed_out" and method == "htmx" and not spec.public:
        assert response["HX-Redirect"].startswith(reverse("login"))
