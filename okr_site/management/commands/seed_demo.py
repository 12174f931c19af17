"""Loads a small demo organisation with OKRs in every state (once; later runs leave it alone).

Every text is written in Danish and in English; the demo is loaded in one of them (--language),
so it reads as one organisation writing in one language. Its story unfolds in order over the
quarter: objectives are planned before it starts, key results are approved before anything is
measured, and measurements follow one another."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import NamedTuple
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from approvals import services as approvals
from key_results.models import KeyResult
from key_results.services import save_key_result
from objectives.models import Action, Objective, Period
from objectives.services import change_action_status
from organisation.models import Team, User
from progress import services as progress
from progress.models import Update
from progress.tasks import send_after_effort_reminders

PASSWORD = "demo"  # noqa: S105 - a demo sign-in, printed on purpose


class T(NamedTuple):
    """A text of the demo in Danish and in English."""

    da: str
    en: str


NOTHING = T("", "")

TEAMS = {
    # key: (name, parent key)
    "company": (T("Nordlys", "Nordlys"), None),
    "service": (T("Kundeservice", "Customer Service"), "company"),
    "sales": (T("Salg", "Sales"), "company"),
    "product": (T("Produkt", "Product"), "company"),
}
PEOPLE = [
    # username, first name, last name, team, leads it, the language of their emails
    ("karen", "Karen", "Holm", "company", True, "da"),
    ("lars", "Lars", "Kristensen", "service", True, "da"),
    ("mette", "Mette", "Nielsen", "service", False, "da"),
    ("ahmed", "Ahmed", "Hassan", "service", False, "da"),
    ("sofie", "Sofie", "Jensen", "sales", True, "en"),
    ("james", "James", "Miller", "sales", False, "en"),
    ("emma", "Emma", "Larsen", "sales", False, "en"),
    ("oliver", "Oliver", "Brown", "product", True, "en"),
    ("freja", "Freja", "Andersen", "product", False, "en"),
]


class Command(BaseCommand):
    help = (
        "Load a demo organisation (teams, leaders, objectives in every state) and print sign-ins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default="da",
            help="The language the demo organisation writes in (default: da).",
        )
        parser.add_argument(
            "--without-debug",
            action="store_true",
            help="Load the demo even though DEBUG is off (it creates admin/demo: never in "
            "production).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["without_debug"]:
            raise CommandError(
                "DEBUG is off, so this looks like a real installation: the demo would create "
                "the sign-in admin/demo here. Run it with DEBUG=1, or add --without-debug."
            )
        if not User.objects.filter(username="karen").exists():
            with transaction.atomic():
                Story(options["language"]).tell()
            self.stdout.write(self.style.SUCCESS("Demo organisation loaded."))
            # Ahmed finished an action 15 days ago: the worker sends his reminder as it starts.
            send_after_effort_reminders.delay()
        self.stdout.write("Demo sign-ins (password for all: demo):")
        teams = dict(User.objects.values_list("username", "team__name"))
        for username, first, last, _team, leads, _language in PEOPLE:
            role = "leader" if leads else "employee"
            self.stdout.write(f"  {username:<8} {first} {last}, {role}, {teams.get(username)}")
        self.stdout.write("  admin    administrator (password: demo), /admin/")


class Story:
    """The demo's events, each at its own moment, told in one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.now = timezone.now()
        self.period = Period.objects.current()
        self.previous = Period.objects.containing(self.period.start - datetime.timedelta(days=1))
        Period.objects.containing(self.period.end + datetime.timedelta(days=1))

    def text(self, text: T) -> str:
        return text.da if self.language == "da" else text.en

    def before_start(self, days: int, period: Period | None = None) -> datetime.datetime:
        """A morning `days` before the period starts: when objectives are planned."""
        start = (period or self.period).start - datetime.timedelta(days=days)
        return timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))

    def into_period(self, share: float, period: Period | None = None) -> datetime.datetime:
        """The moment `share` (0-1) of the way from the period's start to now (or its end)."""
        period = period or self.period
        start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time(8)))
        end = min(
            self.now, timezone.make_aware(datetime.datetime.combine(period.end, datetime.time(16)))
        )
        return start + (max(end, start) - start) * share

    @contextmanager
    def at(self, moment: datetime.datetime) -> Iterator[None]:
        """Everything written inside happens at `moment`: its timestamps and "today"."""
        with mock.patch.object(timezone, "now", return_value=moment):
            yield

    def tell(self) -> None:
        t = self.text
        teams: dict[str, Team] = {}
        for key, (name, parent) in TEAMS.items():
            teams[key] = Team.objects.create(name=t(name), parent=teams[parent] if parent else None)
        p: dict[str, User] = {}
        for username, first, last, team, leads, language in PEOPLE:
            p[username] = User.objects.create_user(
                username=username,
                password=PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@nordlys.example",
                team=teams[team],
                language=language,
            )
            if leads:
                teams[team].leader = p[username]
                teams[team].save(update_fields=["leader"])
        User.objects.create_superuser("admin", "admin@nordlys.example", PASSWORD)
        self.last_quarter(p, teams)
        self.this_quarter(p, teams)

    def last_quarter(self, p: dict[str, User], teams: dict[str, Team]) -> None:
        t, previous = self.text, self.previous
        with self.at(self.before_start(5, previous)):
            onboarding = Objective.objects.create(
                title=t(
                    T("Nye kolleger falder hurtigt til", "New colleagues feel at home quickly")
                ),
                owner=p["oliver"],
                team=teams["product"],
                period=previous,
                status=Objective.Status.ACTIVE,
            )
            buddy = Action.objects.create(
                objective=onboarding,
                title=t(T("Giv alle nye en makker", "Give every newcomer a buddy")),
                owner=p["oliver"],
                status=Action.Status.IN_PROGRESS,
            )
            welcome = self.key_result(
                onboarding,
                buddy,
                p["oliver"],
                T("Nye der siger, de føler sig velkomne", "Newcomers who say they feel welcome"),
                KeyResult.Kind.CHANGE,
                "%",
                "60",
                "90",
                previous.end,
                T("Spurgt ved samtalen efter en måned.", "Asked in the one-month conversation."),
            )
            approvals.submit_for_approval(key_result=welcome, by=p["oliver"])
            Objective.objects.create(
                title=t(T("Papirløst kontor", "A paperless office")),
                owner=p["karen"],
                team=teams["company"],
                period=previous,
                status=Objective.Status.ARCHIVED,
            )
        with self.at(self.before_start(4, previous)):
            approvals.approve(key_result=welcome, by=p["karen"])
        with self.at(self.into_period(0.4, previous)):
            change_action_status(action=buddy, by=p["oliver"], status=Action.Status.DONE)
        with self.at(self.into_period(0.9, previous)):
            self.measure(welcome, "92", T("Samtalerne efter en måned", "The one-month talks"))
            onboarding.change_status(Objective.Status.COMPLETED)

    def this_quarter(self, p: dict[str, User], teams: dict[str, Team]) -> None:
        t, now = self.text, self.period
        with self.at(self.before_start(10)):
            company = Objective.objects.create(
                title=t(
                    T("Kunderne anbefaler os af sig selv", "Customers recommend us unprompted")
                ),
                description=t(
                    T(
                        "Vi vil være det firma, kunderne taler godt om, uden at vi beder dem.",
                        "We want to be the company customers speak well of without being asked.",
                    )
                ),
                owner=p["karen"],
                team=teams["company"],
                period=now,
                status=Objective.Status.ACTIVE,
            )
        with self.at(self.before_start(8)):
            happier = Objective.objects.create(
                title=t(T("Gladere kunder", "Happier customers")),
                description=t(
                    T(
                        "Kunderne skal føle sig hørt, hurtigt og venligt.",
                        "Customers should feel heard, quickly and kindly.",
                    )
                ),
                owner=p["lars"],
                team=teams["service"],
                period=now,
                status=Objective.Status.ACTIVE,
                parent=company,
            )
            sales = Objective.objects.create(
                title=t(T("Vind kunder, der bliver", "Win customers who stay")),
                description=t(
                    T(
                        "Sælg til kunder, vi virkelig kan hjælpe.",
                        "Sell to customers we can really help.",
                    )
                ),
                owner=p["sofie"],
                team=teams["sales"],
                period=now,
                status=Objective.Status.ACTIVE,
                parent=company,
            )
        with self.at(self.before_start(7)):
            callback = Action.objects.create(
                objective=happier,
                title=t(
                    T(
                        "Ring tilbage på alle klager samme dag",
                        "Call back every complaint the same day",
                    )
                ),
                owner=p["mette"],
                status=Action.Status.IN_PROGRESS,
            )
            faq = Action.objects.create(
                objective=happier,
                title=t(
                    T(
                        "Skriv en FAQ ud fra de hyppigste spørgsmål",
                        "Write an FAQ from the most frequent questions",
                    )
                ),
                owner=p["ahmed"],
            )
            demo = Action.objects.create(
                objective=sales,
                title=t(
                    T(
                        "Vis produktet med kundens egne data",
                        "Show the product with the customer's own data",
                    )
                ),
                owner=p["james"],
            )
            satisfaction = self.key_result(
                happier,
                callback,
                p["mette"],
                T("Kundetilfredshed", "Customer satisfaction"),
                KeyResult.Kind.CHANGE,
                t(T("point", "points")),
                "3.0",
                "3.5",
                now.end,
                T(
                    "Kort måling efter hver afsluttet sag, opgjort hver måned.",
                    "A short survey after every closed case, totalled each month.",
                ),
            )
            praise = self.key_result(
                happier,
                faq,
                p["ahmed"],
                T("Uopfordrede positive kommentarer", "Unsolicited positive comments"),
                KeyResult.Kind.COUNT,
                "",
                "0",
                "5",
                now.end,
                T(
                    "Vi tæller ros i mails og telefon i et fælles ark.",
                    "We count praise in emails and calls in a shared sheet.",
                ),
            )
            referrals = self.key_result(
                sales,
                demo,
                p["emma"],
                T("Anbefalinger fra eksisterende kunder", "Referrals from existing customers"),
                KeyResult.Kind.COUNT,
                "",
                "0",
                "10",
                now.end,
                T(
                    "Talt fra CRM'ets kildefelt hver fredag.",
                    "Counted from the CRM's source field every Friday.",
                ),
            )
            colleagues = self.key_result(
                happier,
                None,
                p["mette"],
                T(
                    "En kollega roser uopfordret vores indsats",
                    "A colleague praises our work unprompted",
                ),
                KeyResult.Kind.RATE,
                "",
                "0",
                "2",
                now.end,
                T(
                    "Alle i organisationen logger ros med ét klik fra feedet.",
                    "Anyone in the organisation logs praise in one click from the feed.",
                ),
                per="week",
            )
            for key_result in (satisfaction, praise, referrals, colleagues):
                approvals.submit_for_approval(key_result=key_result, by=key_result.owner)
        with self.at(self.before_start(6)):
            approvals.approve(
                key_result=satisfaction,
                by=p["lars"],
                comment=t(T("God måling. Kør!", "A good measure. Go!")),
            )
            approvals.approve(key_result=praise, by=p["lars"])
            approvals.approve(key_result=colleagues, by=p["lars"])
            approvals.request_changes(
                key_result=referrals,
                by=p["sofie"],
                comment=t(
                    T(
                        "Ti på et kvartal lyder lavt. Kan vi tælle pr. måned i stedet?",
                        "Ten in a quarter sounds low. Can we count per month instead?",
                    )
                ),
            )
        with self.at(self.into_period(0.2)):
            self.measure(satisfaction, "3.2", T("Månedens måling", "This month's survey"))
            self.key_result(
                sales,
                demo,
                p["james"],
                T("Fornyelser efter første år", "First-year renewals"),
                KeyResult.Kind.CHANGE,
                "%",
                "70",
                "85",
                now.end,
                NOTHING,
            )
        with self.at(self.into_period(0.3)):
            self.measure(praise, "1", T("Ros fra en kunde i telefonen", "Praise from a caller"))
            self.measure(colleagues, "2", T("Lars roste den nye FAQ", "Lars praised the new FAQ"))
            Objective.objects.create(
                title=t(T("En roligere udgivelsesproces", "A calmer release process")),
                description=t(
                    T("Færre sene aftener før en udgivelse.", "Fewer late nights before a release.")
                ),
                owner=p["freja"],
                team=teams["product"],
                period=now,
            )
        with self.at(self.into_period(0.4)):
            churn = self.key_result(
                happier,
                None,
                p["lars"],
                T("Kundeafgang", "Customer churn"),
                KeyResult.Kind.CHANGE,
                "%",
                "8",
                "5",
                now.end,
                T(
                    "Månedlig afgang fra faktureringssystemet.",
                    "Monthly churn from the billing system.",
                ),
            )
            approvals.submit_for_approval(key_result=churn, by=p["lars"])
        with self.at(self.into_period(0.6)):
            note = progress.share_update(
                objective=happier,
                by=p["mette"],
                kind=Update.Kind.SETBACK,
                text=t(
                    T(
                        "Vi prøvede en chatbot på hjemmesiden i to uger. "
                        "Den gjorde intet for tilfredsheden.",
                        "We tried a chatbot on the website for two weeks. "
                        "It did nothing for satisfaction.",
                    )
                ),
                learning=t(
                    T(
                        "Kunderne vil tale med et menneske, når noget er gået galt.",
                        "Customers want to talk to a person when something has gone wrong.",
                    )
                ),
                action=callback,
            )
            progress.toggle_reaction(update=note, by=p["lars"], emoji="💡")
            progress.toggle_reaction(update=note, by=p["sofie"], emoji="🙏")
        with self.at(self.into_period(0.65)):
            progress.add_comment(
                update=note,
                by=p["sofie"],
                text=t(
                    T(
                        "Tak fordi du delte det. Vi var lige ved at prøve en selv.",
                        "Thanks for sharing, we were about to try one too.",
                    )
                ),
            )
            self.measure(praise, "1", T("Ros i en mail", "Praise in an email"))
        with self.at(self.now - datetime.timedelta(days=15)):
            # Done 15 days ago: the "after a special effort" reminder is due, so the demo sends it.
            change_action_status(action=faq, by=p["ahmed"], status=Action.Status.DONE)
        with self.at(self.into_period(0.9)):
            self.measure(
                satisfaction,
                "3.1",
                T(
                    "Faldt lidt efter ny telefonløsning med lang ventetid.",
                    "Dipped after the new phone system brought long waits.",
                ),
                kind=Update.Kind.SETBACK,
                learning=T(
                    "Ventetid betyder mere end venlighed: vi ringer nu op inden for en time.",
                    "Waiting matters more than friendliness: we now call back within the hour.",
                ),
            )

    def key_result(
        self,
        objective,
        action,
        owner,
        title: T,
        kind,
        unit,
        baseline,
        target,
        deadline,
        plan: T,
        per: str = "",
    ) -> KeyResult:
        return save_key_result(
            key_result=KeyResult(
                objective=objective,
                action=action,
                owner=owner,
                title=self.text(title),
                kind=kind,
                per=per,
                unit=unit,
                baseline=Decimal(baseline),
                target=Decimal(target),
                deadline=deadline,
                measurement_plan=self.text(plan),
            ),
            by=owner,
        )

    def measure(
        self,
        key_result: KeyResult,
        value: str,
        text: T,
        *,
        kind: str = Update.Kind.PROGRESS,
        learning: T = NOTHING,
    ) -> None:
        """Record a measurement (or, for a count, log that many events) as its owner, now."""
        if key_result.takes_events:
            progress.log_event(
                key_result=key_result,
                by=key_result.owner,
                events=int(value),
                text=self.text(text),
                kind=kind,
                learning=self.text(learning),
            )
        else:
            progress.record_measurement(
                key_result=key_result,
                by=key_result.owner,
                value=Decimal(value),
                text=self.text(text),
                kind=kind,
                learning=self.text(learning),
            )
