"""One tree of objectives: a team aligns to the company's objective or another team's, and
progress rolls up from key results and the objectives below, weighted."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from key_results import rollup
from key_results.models import KeyResult
from key_results.rates import Per
from key_results.rollup import Part, rolled_up, weighted_mean
from key_results.services import set_weights
from objectives.models import Objective, Period
from tests.factories import KeyResultFactory, ObjectiveFactory
from tests.helpers import measured, objective_data, quarter, queries_to_get

APPROVED = KeyResult.ApprovalState.APPROVED


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([Part(1, Decimal(50)), Part(1, Decimal(100))], Decimal(75)),
        ([Part(3, Decimal(0)), Part(1, Decimal(100))], Decimal(25)),
        ([Part(0, Decimal(0)), Part(1, Decimal(80))], Decimal(80)),  # weight 0 leaves it out
        ([Part(1, None), Part(1, Decimal(40))], Decimal(40)),  # nothing measured: not counted
        ([Part(1, None)], None),
        ([Part(0, Decimal(30))], None),
        ([], None),
    ],
    ids=["equal", "weighted", "weight-zero", "unmeasured", "only-unmeasured", "all-zero", "none"],
)
def test_progress_is_the_weighted_mean_of_what_has_progress(parts, expected):
    assert weighted_mean(parts) == expected


def test_progress_rolls_up_from_key_results_and_smaller_objectives(org):
    company = ObjectiveFactory(owner=org.boss, title="Customers recommend us")
    support = ObjectiveFactory(owner=org.leader, parent=company, title="Happier customers")
    sales = ObjectiveFactory(owner=org.sales_lead, parent=company, weight=3, title="Loyal shops")
    measured(company, 10)
    measured(support, 40)
    measured(support, 80)
    measured(sales, 20)
    measured(sales, 100, state=KeyResult.ApprovalState.DRAFT)  # not agreed yet: not counted
    objectives = [company, support, sales]
    progress = rolled_up(objectives, KeyResult.objects.all())
    assert progress[support.pk] == Decimal(60)
    assert progress[sales.pk] == Decimal(20)
    # company: its own 10 (weight 1), support 60 (weight 1), sales 20 (weight 3) -> 130 / 5
    assert progress[company.pk] == Decimal(26)


def test_the_objective_page_shows_the_rolled_up_progress(client, org):
    company = ObjectiveFactory(owner=org.boss, title="Customers recommend us")
    measured(ObjectiveFactory(owner=org.leader, parent=company), 50)
    client.force_login(org.outsider)
    page = client.get(company.get_absolute_url()).content.decode()
    assert 'value="50.0"' in page


def test_a_team_aligns_to_another_teams_objective(client, org):
    sales_goal = ObjectiveFactory(owner=org.sales_lead, title="Loyal shops")
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create"),
        objective_data(team=org.support.pk, period=sales_goal.period_id, parent=sales_goal.pk),
    )
    assert response.status_code == 302
    assert Objective.objects.get(title="Happier customers").parent == sales_goal


def test_a_parent_that_would_make_a_cycle_is_refused_with_a_message(client, org):
    top = ObjectiveFactory(owner=org.member, title="Customers recommend us")
    middle = ObjectiveFactory(owner=org.member, parent=top, title="Happier customers")
    bottom = ObjectiveFactory(owner=org.member, parent=middle, title="Faster answers")
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:edit", args=[top.pk]),
        objective_data(
            title=top.title, team=org.support.pk, period=top.period_id, parent=bottom.pk
        ),
    )
    assert "That would make the objective part of itself." in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_a_parent_in_a_later_period_is_refused_with_a_message(client, org):
    later = ObjectiveFactory(owner=org.boss, period=quarter(2027, 2), title="Grow abroad")
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create"),
        objective_data(team=org.support.pk, period=quarter(2027, 1).pk, parent=later.pk),
    )
    page = response.content.decode()
    assert "belongs to 2027 Q2, after this objective" in page
    assert not Objective.objects.filter(title="Happier customers").exists()


def test_editing_never_drops_a_parent_the_editor_may_not_see(client, org):
    secret = ObjectiveFactory(owner=org.boss, status=Objective.Status.DRAFT, title="Secret plan")
    child = ObjectiveFactory(owner=org.member, parent=secret, title="Faster answers")
    client.force_login(org.member)
    form = client.get(reverse("objectives:edit", args=[child.pk])).content.decode()
    assert "Secret plan" not in form
    response = client.post(
        reverse("objectives:edit", args=[child.pk]),
        objective_data(title="Quicker answers", team=org.support.pk, period=child.period_id),
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.title, child.parent) == ("Quicker answers", secret)


@pytest.mark.parametrize("weight", ["-1", "101", "lots"])
def test_a_weight_outside_zero_to_a_hundred_is_refused_and_nothing_saved(client, org, weight):
    objective = ObjectiveFactory(owner=org.member)
    key_result = measured(objective, 50, weight=2)
    client.force_login(org.member)
    response = client.post(
        reverse("key_results:weights", args=[objective.pk]), {f"kr-{key_result.pk}": weight}
    )
    assert response.status_code == 200
    assert "field-kr-" in response.content.decode()
    key_result.refresh_from_db()
    assert key_result.weight == 2


def test_whoever_edits_the_objective_sets_the_weights(client, org):
    objective = ObjectiveFactory(owner=org.member)
    key_result = measured(objective, 50)
    child = ObjectiveFactory(owner=org.outsider, parent=objective)
    client.force_login(org.leader)
    response = client.post(
        reverse("key_results:weights", args=[objective.pk]),
        {f"kr-{key_result.pk}": "3", f"objective-{child.pk}": "0"},
    )
    assert response.status_code == 302
    key_result.refresh_from_db()
    child.refresh_from_db()
    assert (key_result.weight, child.weight) == (3, 0)


def test_someone_who_may_not_edit_sets_no_weights(client, org):
    objective = ObjectiveFactory(owner=org.member)
    key_result = measured(objective, 50)
    client.force_login(org.outsider)
    url = reverse("key_results:weights", args=[objective.pk])
    assert client.post(url, {f"kr-{key_result.pk}": "9"}).status_code == 403
    with pytest.raises(PermissionDenied):
        set_weights(
            objective=objective, by=org.outsider, key_results={key_result.pk: 9}, children={}
        )
    with pytest.raises(ValidationError):
        set_weights(
            objective=objective, by=org.member, key_results={key_result.pk: 101}, children={}
        )
    key_result.refresh_from_db()
    assert key_result.weight == 1


def test_the_organisation_tree_shows_each_objective_under_the_one_it_breaks_down(client, org):
    company = ObjectiveFactory(owner=org.boss, title="Customers recommend us")
    ObjectiveFactory(owner=org.leader, parent=company, title="Happier customers")
    ObjectiveFactory(owner=org.member, status=Objective.Status.DRAFT, title="Private draft")
    client.force_login(org.outsider)
    page = client.get(reverse("progress:tree")).content.decode()
    top = page.index("Customers recommend us")
    below = page.index("Happier customers")
    assert top < below
    assert "<ul>" in page[top:below]  # nested under it
    assert "Private draft" not in page


def test_a_team_page_shows_its_objectives_with_what_breaks_them_down(client, org):
    support = ObjectiveFactory(owner=org.leader, title="Happier customers")
    ObjectiveFactory(owner=org.outsider, parent=support, title="Sales hears complaints too")
    ObjectiveFactory(owner=org.outsider, title="Loyal shops")
    client.force_login(org.member)
    page = client.get(reverse("progress:team", args=[org.support.pk])).content.decode()
    assert "Happier customers" in page
    assert "Sales hears complaints too" in page
    assert "Loyal shops" not in page


def test_rolling_up_takes_the_same_queries_for_2_or_40_objectives_below_rates_included(org):
    company = ObjectiveFactory(owner=org.boss, title="Customers recommend us")

    def add(count):
        for n in range(count):
            below = ObjectiveFactory(owner=org.member, parent=company)
            measured(below, n % 100)
            # A rate not approved on a day of its own counts its weeks from its period's start.
            KeyResultFactory(
                objective=below,
                kind=KeyResult.Kind.RATE,
                per=Per.WEEK,
                baseline=0,
                target=1,
                current_value=0,
                approval_state=APPROVED,
                approved_on=None,
            )

    def rolled_up_counting_queries():
        with CaptureQueriesContext(connection) as queries:
            progress = rollup.progress_of(company, readable=Objective.objects.all())
        return len(queries), progress

    def each_loaded_whole():
        tree = list(Objective.objects.all())
        everything = KeyResult.objects.select_related("objective__period")
        return rolled_up(tree, everything)[company.pk]

    add(2)
    few, progress = rolled_up_counting_queries()
    assert progress == each_loaded_whole()
    add(38)
    many, progress = rolled_up_counting_queries()
    assert progress == each_loaded_whole()
    assert many == few


@pytest.mark.parametrize("view", ["progress:tree", "progress:overview"])
def test_the_tree_and_overview_take_the_same_queries_for_2_or_200_objectives(client, org, view):
    period = Period.objects.current()
    parent = None

    shown = []

    def add(start, count):
        nonlocal parent
        for n in range(start, start + count):
            objective = ObjectiveFactory(
                owner=org.member if n % 2 else org.outsider, period=period, parent=parent
            )
            measured(objective, n % 100)
            shown.append(objective.get_absolute_url())
            parent = objective if n % 10 == 0 else parent

    add(0, 2)
    client.force_login(org.boss)
    few, _ = queries_to_get(client, reverse(view))
    add(2, 198)
    many, response = queries_to_get(client, reverse(view))
    page = response.content.decode()
    assert all(f'href="{url}"' in page for url in shown)
    assert many == few


def test_a_leader_overview_shows_the_teams_below_what_moved_and_what_set_back(client, org, kr):
    from progress import services

    services.record_measurement(key_result=kr, by=org.member, value=Decimal("3.2"), text="Up")
    services.record_measurement(
        key_result=kr, by=org.member, value=Decimal("3.1"), text="Down", kind="setback"
    )
    sales_goal = ObjectiveFactory(owner=org.outsider, title="Loyal shops")
    client.force_login(org.boss)
    page = client.get(reverse("progress:overview")).content.decode()
    for team in ("Company", "Support", "Sales"):
        assert f">{team}</a></h2>" in page
    assert "Moved this period" in page
    assert "Setbacks this period" in page
    assert sales_goal.title in page
    client.force_login(org.leader)
    page = client.get(reverse("progress:overview")).content.decode()
    assert ">Sales</a></h2>" not in page
    assert kr.objective.title in page


def test_a_leaders_overview_rolls_up_progress_from_objectives_of_teams_they_do_not_lead(
    client, org
):
    support = ObjectiveFactory(owner=org.leader, title="Happier customers")
    measured(support, 20)
    measured(ObjectiveFactory(owner=org.outsider, parent=support, title="Sales listens"), 80)
    ObjectiveFactory(owner=org.outsider, title="Loyal shops")
    client.force_login(org.leader)  # leads Support, not Sales
    page = client.get(reverse("progress:overview")).content.decode()
    assert ">50 %<" in page  # the mean of 20 and the 80 of Sales' objective below it
    assert "Sales listens" not in page
    assert "Loyal shops" not in page


def test_someone_who_leads_no_team_sees_an_empty_overview(client, org):
    client.force_login(org.member)
    assert "You lead no team." in client.get(reverse("progress:overview")).content.decode()


def test_my_okrs_leads_a_leader_to_their_overview(client, org):
    client.force_login(org.leader)
    assert reverse("progress:overview") in client.get(reverse("progress:my_okrs")).content.decode()
    client.force_login(org.member)
    assert (
        reverse("progress:overview") not in client.get(reverse("progress:my_okrs")).content.decode()
    )


def test_a_period_starts_is_what_the_later_period_rule_compares(org):
    early, later = quarter(2027, 1), quarter(2027, 2)
    child = Objective(owner=org.member, team=org.support, period=early, title="Answers")
    child.parent = ObjectiveFactory(owner=org.boss, period=later)
    with pytest.raises(ValidationError):
        child.clean()
    child.parent = ObjectiveFactory(owner=org.boss, period=early)
    child.clean()
    child.period = later  # a parent in an earlier period is fine
    child.clean()
    assert later.start > early.start == datetime.date(2027, 1, 1)
