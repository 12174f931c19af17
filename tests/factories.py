import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from objectives.models import Action, Objective, Period
from organisation.models import Team, User


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period
        django_get_or_create = ("name",)

    name = "2027 Q1"
    start = datetime.date(2027, 1, 1)
    end = datetime.date(2027, 3, 31)


def current_period() -> Period:
    return Period.objects.containing(timezone.localdate())


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    title = factory.Sequence(lambda n: f"Happier customers, round {chr(65 + n % 26)}")
    owner = factory.SubFactory(UserFactory)
    team = factory.LazyAttribute(lambda o: o.owner.team or TeamFactory())
    period = factory.LazyFunction(current_period)
    status = Objective.Status.ACTIVE


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Call back every complaint ({n})")
    owner = factory.LazyAttribute(lambda a: a.objective.owner)


class KeyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyResult

    objective = factory.SubFactory(ObjectiveFactory)
    owner = factory.LazyAttribute(lambda kr: kr.objective.owner)
    title = "Customer satisfaction"
    kind = KeyResult.Kind.CHANGE
    unit = "points"
    baseline = Decimal("3.0")
    target = Decimal("3.5")
    current_value = factory.LazyAttribute(lambda kr: kr.baseline)
    deadline = factory.LazyAttribute(lambda kr: kr.objective.period.end)
    measurement_plan = "Monthly survey of 50 customers, run by support."


class ApprovalEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalEvent

    key_result = factory.SubFactory(KeyResultFactory)
    kind = ApprovalEvent.Kind.SUBMITTED
    actor = factory.LazyAttribute(lambda e: e.key_result.owner)
