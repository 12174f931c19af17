"""Loads a small demo organisation with OKRs in every state (once; later runs leave it alone)."""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from approvals import services as approvals
from key_results.models import KeyResult
from key_results.services import save_key_result
from objectives.models import Action, Objective, Period
from organisation.models import Team, User
from progress import services as progress
from progress.tasks import send_after_effort_reminders

PASSWORD = "demo"  # noqa: S105 - a demo sign-in, printed on purpose

PEOPLE = [
    # username, first name, last name, team, leads team
    ("karen", "Karen", "Holm", "Nordlys", True),
    ("lars", "Lars", "Kristensen", "Kundeservice", True),
    ("mette", "Mette", "Nielsen", "Kundeservice", False),
    ("ahmed", "Ahmed", "Hassan", "Kundeservice", False),
    ("sofie", "Sofie", "Jensen", "Sales", True),
    ("james", "James", "Miller", "Sales", False),
    ("emma", "Emma", "Larsen", "Sales", False),
    ("oliver", "Oliver", "Brown", "Product", True),
    ("freja", "Freja", "Andersen", "Product", False),
]
TEAMS = [
    ("Nordlys", None),
    ("Kundeservice", "Nordlys"),
    ("Sales", "Nordlys"),
    ("Product", "Nordlys"),
]


class Command(BaseCommand):
    help = (
        "Load a demo organisation (teams, leaders, objectives in every state) and print sign-ins."
    )

    def handle(self, *args, **options):
        if not User.objects.filter(username="karen").exists():
            with transaction.atomic():
                self._load()
            self.stdout.write(self.style.SUCCESS("Demo organisation loaded."))
            # Ahmed finished an action 15 days ago: the worker sends his reminder as it starts.
            send_after_effort_reminders.delay()
        self.stdout.write("Demo sign-ins (password for all: demo):")
        for username, first, last, team, leads in PEOPLE:
            role = "leader" if leads else "employee"
            self.stdout.write(f"  {username:<8} {first} {last}, {role}, {team}")
        self.stdout.write("  admin    administrator (password: demo), /admin/")

    def _load(self):
        teams: dict[str, Team] = {}
        for name, parent in TEAMS:
            teams[name] = Team.objects.create(name=name, parent=teams[parent] if parent else None)
        people: dict[str, User] = {}
        for username, first, last, team, leads in PEOPLE:
            person = User.objects.create_user(
                username=username,
                password=PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@nordlys.example",
                team=teams[team],
                language="da" if team in ("Nordlys", "Kundeservice") else "en",
            )
            people[username] = person
            if leads:
                teams[team].leader = person
                teams[team].save(update_fields=["leader"])
        User.objects.create_superuser("admin", "admin@nordlys.example", PASSWORD)

        now = Period.objects.current()
        previous = Period.objects.containing(now.start - datetime.timedelta(days=1))
        Period.objects.containing(now.end + datetime.timedelta(days=1))
        p = people

        company = Objective.objects.create(
            title="Kunderne anbefaler os af sig selv",
            description="Vi vil være det firma kunderne taler godt om, uden at vi beder dem.",
            owner=p["karen"],
            team=teams["Nordlys"],
            period=now,
            status="active",
        )
        happier = Objective.objects.create(
            title="Gladere kunder",
            description="Kunder skal føle sig hørt, hurtigt og venligt.",
            owner=p["lars"],
            team=teams["Kundeservice"],
            period=now,
            status="active",
            parent=company,
        )
        callback = Action.objects.create(
            objective=happier,
            title="Ring tilbage på alle klager samme dag",
            owner=p["mette"],
            status=Action.Status.IN_PROGRESS,
        )
        faq = Action.objects.create(
            objective=happier,
            title="Skriv en FAQ ud fra de hyppigste spørgsmål",
            owner=p["ahmed"],
        )
        satisfaction = self._kr(
            happier,
            callback,
            p["mette"],
            "Kundetilfredshed",
            "change",
            "point",
            "3.0",
            "3.5",
            now.end,
            "Kort måling efter hver afsluttet sag, opgjort hver måned.",
        )
        approvals.submit_for_approval(key_result=satisfaction, by=p["mette"])
        approvals.approve(key_result=satisfaction, by=p["lars"], comment="God måling. Kør!")
        self._set_current(satisfaction, "3.2", days_ago=20)
        self._set_current(
            satisfaction,
            "3.1",
            kind="setback",
            text="Faldt lidt efter ny telefonløsning med lang ventetid.",
            learning="Ventetid betyder mere end venlighed: vi ringer nu op inden for en time.",
        )
        praise = self._kr(
            happier,
            faq,
            p["ahmed"],
            "Uopfordrede positive kommentarer",
            "count",
            "",
            "0",
            "5",
            now.end,
            "Vi tæller ros i mails og telefon i et fælles ark.",
        )
        approvals.submit_for_approval(key_result=praise, by=p["ahmed"])
        approvals.approve(key_result=praise, by=p["lars"])
        self._set_current(praise, "2")
        # Done a while ago: the "after a special effort" reminder is due, so the demo sends it.
        faq.change_status(Action.Status.DONE)
        Action.objects.filter(pk=faq.pk).update(
            done_at=timezone.now() - datetime.timedelta(days=15)
        )
        progress.post_action_done(faq, by=p["ahmed"])
        note = progress.share_update(
            objective=happier,
            by=p["mette"],
            kind="setback",
            text="Vi prøvede en chatbot på hjemmesiden i to uger. "
            "Den gjorde intet for tilfredsheden.",
            learning="Kunderne vil tale med et menneske, når noget er gået galt.",
            action=callback,
        )
        progress.toggle_reaction(update=note, by=p["lars"], emoji="💡")
        progress.toggle_reaction(update=note, by=p["sofie"], emoji="🙏")
        progress.add_comment(
            update=note, by=p["sofie"], text="Thanks for sharing, we were about to try one too."
        )
        churn = self._kr(
            happier,
            None,
            p["lars"],
            "Customer churn",
            "change",
            "%",
            "8",
            "5",
            now.end,
            "Monthly churn from the billing system.",
        )
        approvals.submit_for_approval(key_result=churn, by=p["lars"])

        sales = Objective.objects.create(
            title="Win customers who stay",
            description="Sell to customers we can really help.",
            owner=p["sofie"],
            team=teams["Sales"],
            period=now,
            status="active",
            parent=company,
        )
        demo = Action.objects.create(
            objective=sales,
            title="Show the product with the customer's own data",
            owner=p["james"],
        )
        self._kr(
            sales,
            demo,
            p["james"],
            "First-year renewals",
            "change",
            "%",
            "70",
            "85",
            now.end,
            "",
        )
        referrals = self._kr(
            sales,
            demo,
            p["emma"],
            "Referrals from existing customers",
            "count",
            "",
            "0",
            "10",
            now.end,
            "Counted from the CRM's source field every Friday.",
        )
        approvals.submit_for_approval(key_result=referrals, by=p["emma"])
        approvals.request_changes(
            key_result=referrals,
            by=p["sofie"],
            comment="Ten in a quarter sounds low. Can we count per month instead?",
        )

        Objective.objects.create(
            title="A calmer release process",
            description="Fewer late nights before a release.",
            owner=p["freja"],
            team=teams["Product"],
            period=now,
            status="draft",
        )
        onboarding = Objective.objects.create(
            title="New colleagues feel at home quickly",
            owner=p["oliver"],
            team=teams["Product"],
            period=previous,
            status="completed",
        )
        buddy = Action.objects.create(
            objective=onboarding,
            title="Give every newcomer a buddy",
            owner=p["oliver"],
            status=Action.Status.DONE,
            done_at=timezone.now() - datetime.timedelta(days=60),
        )
        weekly = self._kr(
            onboarding,
            buddy,
            p["oliver"],
            "Newcomers who say they feel welcome",
            "change",
            "%",
            "60",
            "90",
            previous.end,
            "Asked in the one-month conversation.",
        )
        approvals.submit_for_approval(key_result=weekly, by=p["oliver"])
        approvals.approve(key_result=weekly, by=p["karen"])
        self._set_current(weekly, "92")
        Objective.objects.create(
            title="Papirløst kontor",
            owner=p["karen"],
            team=teams["Nordlys"],
            period=previous,
            status="archived",
        )

    def _kr(self, objective, action, owner, title, kind, unit, baseline, target, deadline, plan):
        return save_key_result(
            key_result=KeyResult(
                objective=objective,
                action=action,
                owner=owner,
                title=title,
                kind=kind,
                unit=unit,
                baseline=Decimal(baseline),
                target=Decimal(target),
                deadline=deadline,
                measurement_plan=plan,
            ),
            by=owner,
        )

    def _set_current(self, key_result, value, *, text="", kind="progress", learning="", days_ago=3):
        """Record a measurement (or, for a count, log events) as its owner did."""
        key_result.refresh_from_db()
        happened_on = timezone.localdate() - datetime.timedelta(days=days_ago)
        if key_result.kind == KeyResult.Kind.COUNT:
            for number in range(int(Decimal(value))):
                progress.log_event(
                    key_result=key_result,
                    by=key_result.owner,
                    text=text or f"Ros fra kunde nummer {number + 1}",
                    happened_on=happened_on,
                )
            return
        progress.record_measurement(
            key_result=key_result,
            by=key_result.owner,
            value=Decimal(value),
            text=text or "Månedens måling",
            kind=kind,
            learning=learning,
            happened_on=happened_on,
        )
