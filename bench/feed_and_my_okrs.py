"""Fills a PostgreSQL database with a large organisation and prints how fast the feed and
"my OKRs" answer, beside a bare Django page rendering the same number of rows.

    make bench            # DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/okr_bench

Sizes can be changed with BENCH_PEOPLE, BENCH_KEY_RESULTS, BENCH_UPDATES and BENCH_REQUESTS.
The data is made once; later runs reuse it (drop the database to start over)."""

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okr_site.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/okr_bench")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from key_results.models import KeyResult  # noqa: E402
from objectives.models import Objective, Period  # noqa: E402
from organisation.models import Team, User  # noqa: E402
from progress.models import Comment, Reaction, Update  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", 2000))
KEY_RESULTS = int(os.environ.get("BENCH_KEY_RESULTS", 20000))
UPDATES = int(os.environ.get("BENCH_UPDATES", 500000))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 60))
TEAM_SIZE = 10
BATCH = 5000


def fill() -> None:
    random.seed(7)
    period = Period.objects.current()
    started = time.perf_counter()
    top = Team.objects.create(name="Bench company")
    departments = Team.objects.bulk_create(
        [Team(name=f"Department {d}", parent=top) for d in range(10)]
    )
    teams = Team.objects.bulk_create(
        [
            Team(name=f"Team {t}", parent=departments[t % len(departments)])
            for t in range(PEOPLE // TEAM_SIZE)
        ]
    )
    password = make_password("bench")
    people = User.objects.bulk_create(
        [
            User(
                username=f"bench{n}",
                first_name=random.choice(["Mette", "Lars", "Emma", "James", "Freja", "Ahmed"]),
                last_name=f"Person {n}",
                email=f"bench{n}@example.com",
                password=password,
                team=teams[n % len(teams)],
            )
            for n in range(PEOPLE)
        ],
        batch_size=BATCH,
    )
    by_team: dict[int, list[User]] = {}
    for person in people:
        by_team.setdefault(person.team_id, []).append(person)
    for team in teams:
        team.leader = by_team[team.pk][0]
    Team.objects.bulk_update(teams, ["leader"], batch_size=BATCH)

    per_objective = 5
    objectives = Objective.objects.bulk_create(
        [
            Objective(
                title=f"Happier customers in area {chr(65 + n % 26)}{chr(65 + n // 26 % 26)}",
                owner=people[n % len(people)],
                team_id=people[n % len(people)].team_id,
                period=period,
                status=Objective.Status.ACTIVE,
            )
            for n in range(KEY_RESULTS // per_objective)
        ],
        batch_size=BATCH,
    )
    key_results = KeyResult.objects.bulk_create(
        [
            KeyResult(
                objective=objectives[n // per_objective],
                owner=objectives[n // per_objective].owner,
                title=f"Customer satisfaction {n}",
                kind=KeyResult.Kind.CHANGE,
                unit="points",
                baseline=Decimal("3.0"),
                target=Decimal("3.5"),
                current_value=Decimal("3.2"),
                deadline=period.end,
                measurement_plan="Monthly survey",
                approval_state=KeyResult.ApprovalState.APPROVED,
            )
            for n in range(KEY_RESULTS)
        ],
        batch_size=BATCH,
    )
    today = timezone.localdate()
    made = 0
    while made < UPDATES:
        chunk = []
        for n in range(made, min(UPDATES, made + BATCH)):
            key_result = key_results[n % len(key_results)]
            objective = objectives[n % len(key_results) // per_objective]
            setback = n % 7 == 0
            chunk.append(
                Update(
                    author_id=key_result.owner_id,
                    kind=Update.Kind.SETBACK if setback else Update.Kind.PROGRESS,
                    objective=objective,
                    team_id=objective.team_id,
                    key_result=key_result,
                    value_before=Decimal("3.1"),
                    value_after=Decimal("3.0") if setback else Decimal("3.2"),
                    happened_on=today - datetime.timedelta(days=n % 90),
                    text=f"Measured again ({n}): the survey moved a little.",
                    learning="Short surveys get more answers." if n % 11 == 0 else "",
                )
            )
        Update.objects.bulk_create(chunk, batch_size=BATCH)
        made += len(chunk)
    newest = list(Update.objects.order_by("-id").values_list("id", flat=True)[:200])
    Reaction.objects.bulk_create(
        [
            Reaction(update_id=u, person=people[i % len(people)], emoji="👍")
            for i, u in enumerate(newest)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(update_id=u, author=people[i % len(people)], text="Nice!")
            for i, u in enumerate(newest)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"filled in {time.perf_counter() - started:.0f} s")


def measure(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)  # warm up
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, len(queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="bench0").exists():
        fill()
    counts = {
        "people": User.objects.count(),
        "key results": KeyResult.objects.count(),
        "updates": Update.objects.count(),
    }
    print(", ".join(f"{value:,} {name}" for name, value in counts.items()))
    person = User.objects.get(username="bench0")
    leader = Team.objects.filter(leader__isnull=False).first().leader
    team_id = person.team_id
    oldest_page = Update.objects.order_by("id").values_list("id", flat=True)[5000]
    mine = Objective.objects.filter(owner=person).count()
    team_objectives = Objective.objects.filter(team_id=team_id).count()
    department = Team.objects.get(pk=team_id).parent_id
    shared = Objective.objects.live().count()

    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"], DEBUG=False):
        client = Client()
        client.force_login(person)
        rows = [
            ("feed, first page (25 entries)", "/feed/"),
            ("feed, a page deep in history", f"/feed/?before={oldest_page}"),
            ("feed, one team", f"/feed/?team={team_id}"),
            ("feed, learnings only", "/feed/?kind=learning"),
            ("feed, setbacks only", "/feed/?kind=setback"),
            (f"my OKRs ({mine} own + {team_objectives} team objectives)", "/"),
            (
                f"quarter review, one team ({team_objectives} objectives)",
                f"/people/teams/{team_id}/review/",
            ),
            (
                "quarter review, one department (its teams below)",
                f"/people/teams/{department}/review/",
            ),
            (f"quarter review, the organisation ({shared} objectives)", "/review/"),
            ("bare Django page, 25 rows", "/bare/25/"),
            (
                f"bare Django page, {(mine + team_objectives) * 6} rows",
                f"/bare/{(mine + team_objectives) * 6}/",
            ),
        ]
        leader_client = Client()
        leader_client.force_login(leader)
        print(f"{'page':<58} {'median':>9} {'p95':>9} {'queries':>8}")
        for label, url in rows:
            median, p95, queries = measure(client, url)
            print(f"{label:<58} {median:>7.1f}ms {p95:>7.1f}ms {queries:>8}")
        median, p95, queries = measure(leader_client, "/")
        print(f"{'my OKRs as a team leader':<58} {median:>7.1f}ms {p95:>7.1f}ms {queries:>8}")
    reset_queries()


if __name__ == "__main__":
    main()
