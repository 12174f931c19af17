from django.urls import reverse

from objectives.models import Action, Objective, Period
from tests.factories import ObjectiveFactory
from tests.helpers import HTMX


def test_invalid_htmx_post_returns_only_the_form_with_its_errors(client, org):
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create"),
        {"title": "Increase NPS to 40", "team": org.support.pk, "period": ""},
        headers=HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith('<form method="post"')
    assert "qualitative" in page
    assert "This field is required." in page
    assert not Objective.objects.exists()


def test_valid_htmx_post_tells_htmx_where_to_go(client, org):
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create"),
        {
            "title": "Happier customers",
            "team": org.support.pk,
            "period": Period.objects.current().pk,
        },
        headers=HTMX,
    )
    objective = Objective.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == objective.get_absolute_url()


def test_validating_as_you_type_shows_errors_but_saves_nothing(client, org):
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create") + "?validate=1",
        {"title": "Happier customers", "team": org.sales.pk, "period": Period.objects.current().pk},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Select a valid choice" in response.content.decode()
    assert not Objective.objects.exists()


def test_validating_a_valid_form_still_saves_nothing(client, org):
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create") + "?validate=1",
        {
            "title": "Happier customers",
            "team": org.support.pk,
            "period": Period.objects.current().pk,
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert not Objective.objects.exists()


def test_while_validating_untouched_fields_show_no_errors(client, org):
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create") + "?validate=1",
        {"title": "Happier customers in 2027", "team": org.support.pk, "period": ""},
        headers=HTMX,
    )
    page = response.content.decode()
    assert "qualitative" in page
    assert "This field is required" not in page


def test_validating_as_you_type_replaces_only_the_error_lists_not_what_is_typed(client, org):
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create") + "?validate=1",
        {"title": "Increase NPS to 40", "team": org.support.pk, "period": ""},
        headers=HTMX,
    )
    page = response.content.decode()
    assert "<input" not in page
    assert "<textarea" not in page
    # One per field (title … parent), and the coaching below them.
    assert page.count('hx-swap-oob="true"') == 6
    assert '<div class="coaching" id="coaching" aria-live="polite" hx-swap-oob="true">' in page
    assert 'id="id_title_error" aria-live="polite" hx-swap-oob="true"><li>' in page


def test_invalid_htmx_edit_returns_the_form_fragment(client, org):
    objective = ObjectiveFactory(owner=org.member)
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:edit", args=[objective.pk]),
        {"title": "", "team": org.support.pk, "period": objective.period_id},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "This field is required." in response.content.decode()


def test_htmx_action_proposal_redirects_to_the_action_on_its_objective(client, org):
    objective = ObjectiveFactory(owner=org.member)
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:action_create", args=[objective.pk]),
        {"title": "Call back every complaint"},
        headers=HTMX,
    )
    action = Action.objects.get()
    assert action.title == "Call back every complaint"
    assert response["HX-Redirect"] == f"{objective.get_absolute_url()}#action-{action.pk}"


def test_without_htmx_the_same_url_returns_the_whole_page(client, org):
    client.force_login(org.member)
    response = client.post(reverse("objectives:create"), {"title": ""})
    assert response.status_code == 200
    assert "<html" in response.content.decode()
