"""Closing an objective asks what worked, what did not work at all and what we carry on with;
the answers stay on the objective and are shared in the feed as a learning."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from objectives.models import Objective, Retrospective
from objectives.services import close_objective
from progress.models import Update

ANSWERS = {
    "worked": "Calling back within the hour.",
    "did_not_work": "The newsletter: nobody read it.",
    "carry_on": "Callbacks, and a survey every month.",
}


def close_url(objective):
    return reverse("objectives:close", args=[objective.pk])


def test_owner_closes_an_objective_with_a_retrospective(client, org, objective):
    client.force_login(org.member)
    response = client.post(close_url(objective), ANSWERS)
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.status == Objective.Status.COMPLETED
    retrospective = Retrospective.objects.get(objective=objective)
    assert retrospective.author == org.member
    assert retrospective.did_not_work == "The newsletter: nobody read it."
    entry = Update.objects.get(kind=Update.Kind.RETROSPECTIVE)
    assert entry.retrospective == retrospective
    assert "The newsletter: nobody read it." in entry.learning


def test_the_retrospective_is_kept_on_the_objective_page(client, org, objective):
    close_objective(objective=objective, by=org.member, **ANSWERS)
    client.force_login(org.outsider)
    page = client.get(objective.get_absolute_url()).content.decode()
    assert 'id="retrospective"' in page
    for answer in ANSWERS.values():
        assert answer in page


def test_the_retrospective_is_a_learning_in_the_feed(client, org, objective):
    close_objective(objective=objective, by=org.member, **ANSWERS)
    client.force_login(org.outsider)
    page = client.get(reverse("progress:feed"), {"kind": "learning"}).content.decode()
    assert "What did not work at all" in page
    assert "The newsletter: nobody read it." in page
    assert "Closed the objective “Happier customers”" in page


def test_a_draft_objective_has_no_retrospective(client, org, objective):
    Objective.objects.filter(pk=objective.pk).update(status=Objective.Status.DRAFT)
    client.force_login(org.member)
    response = client.post(close_url(objective), ANSWERS)
    assert response.status_code == 200
    assert "A draft objective has no retrospective" in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    response = client.post(close_url(objective), ANSWERS)
    assert "Et udkast til et mål har ingen retrospektiv" in response.content.decode()
    objective.refresh_from_db()
    assert objective.status == Objective.Status.DRAFT
    assert not Retrospective.objects.exists()
    assert not Update.objects.exists()


def test_each_question_needs_an_answer(client, org, objective):
    client.force_login(org.member)
    response = client.post(close_url(objective), {**ANSWERS, "did_not_work": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["did_not_work"]
    objective.refresh_from_db()
    assert objective.status == Objective.Status.ACTIVE
    assert not Retrospective.objects.exists()


def test_only_its_editors_close_it(org, objective):
    with pytest.raises(PermissionDenied):
        close_objective(objective=objective, by=org.outsider, **ANSWERS)
    close_objective(objective=objective, by=org.leader, **ANSWERS)
    assert Retrospective.objects.get().author == org.leader


def test_closing_again_after_reopening_rewrites_the_retrospective(org, objective):
    close_objective(objective=objective, by=org.member, **ANSWERS)
    objective.change_status(Objective.Status.ACTIVE)
    close_objective(objective=objective, by=org.member, **{**ANSWERS, "worked": "Callbacks."})
    assert Retrospective.objects.get().worked == "Callbacks."
    objective.refresh_from_db()
    assert objective.status == Objective.Status.COMPLETED
