"""Removes each guard in turn (a lock, a permission check, a validation) and runs the tests that
should notice: a guard whose removal leaves them green is one nothing proves.

Usage: .venv/bin/python .ci/mutants.py [name ...]   (make mutants)
Each mutant runs in a copy of the tracked files, against its own test database."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    guard: str  # the exact text removed or replaced; it must appear once
    replacement: str
    tests: tuple[str, ...]


MUTANTS = [
    Mutant(
        "lock while recording a value",
        "progress/services.py",
        'KeyResult.objects.select_for_update(of=("self",))',
        "KeyResult.objects",
        ("tests/progress/test_races.py",),
    ),
    Mutant(
        "lock while deciding",
        "approvals/services.py",
        'KeyResult.objects.select_for_update(of=("self",))',
        "KeyResult.objects",
        ("tests/approvals/test_races.py",),
    ),
    Mutant(
        "lock while marking an action done",
        "objectives/services.py",
        "Action.objects.select_for_update()",
        "Action.objects",
        ("tests/objectives/test_races.py",),
    ),
    Mutant(
        "lock while editing a key result",
        "key_results/services.py",
        '    current = (\n        KeyResult.objects.select_for_update(of=("self",))\n'
        '        .select_related("objective__period", "owner")',
        "    current = (\n        KeyResult.objects\n"
        '        .select_related("objective__period", "owner")',
        ("tests/key_results/test_races.py",),
    ),
    Mutant(
        "lock the objective while carrying over",
        "key_results/services.py",
        "objective = Objective.objects.select_for_update(no_key=True).get(pk=objective_id)",
        "objective = Objective.objects.get(pk=objective_id)",
        ("tests/key_results/test_races.py",),
    ),
    Mutant(
        "lock the key result while dropping or deleting it",
        "key_results/services.py",
        """        KeyResult.objects.select_for_update(of=("self",))
        .select_related("objective__period", "owner")
        .get(pk=key_result.pk)
    )


@transaction.atomic
def delete_key_result(""",
        """        KeyResult.objects
        .select_related("objective__period", "owner")
        .get(pk=key_result.pk)
    )


@transaction.atomic
def delete_key_result(""",
        ("tests/key_results/test_races.py",),
    ),
    Mutant(
        "lock the key results before their objective moves",
        "key_results/services.py",
        '        KeyResult.objects.select_for_update(of=("self",))\n'
        "        .filter(objective_id=objective.pk)",
        "        KeyResult.objects\n        .filter(objective_id=objective.pk)",
        ("tests/key_results/test_races.py", "tests/progress/test_races.py"),
    ),
    Mutant(
        "lock the key results an objective carries over",
        "key_results/services.py",
        '        KeyResult.objects.select_for_update(of=("self",))\n'
        "        .filter(objective=locked, continued_by__isnull=True)",
        "        KeyResult.objects\n        .filter(objective=locked, continued_by__isnull=True)",
        ("tests/progress/test_races.py",),
    ),
    Mutant(
        "lock a draft objective while deleting it",
        "objectives/services.py",
        "    locked = Objective.objects.select_for_update().get(pk=objective.pk)\n"
        "    if not locked.can_delete(by)",
        "    locked = Objective.objects.get(pk=objective.pk)\n    if not locked.can_delete(by)",
        ("tests/objectives/test_races.py",),
    ),
    Mutant(
        "lock a proposed action while deleting it",
        "objectives/services.py",
        'Action.objects.select_for_update(of=("self",))',
        "Action.objects",
        ("tests/objectives/test_races.py",),
    ),
    Mutant(
        "skip what another worker is claiming",
        "progress/outbox.py",
        "            sendable(queryset.filter(pk__in=list(ids)))\n"
        "            .select_for_update(skip_locked=True)\n",
        "            sendable(queryset.filter(pk__in=list(ids)))\n",
        ("tests/progress/test_reminder_delivery.py",),
    ),
    Mutant(
        "a decision is on the version the leader saw",
        "approvals/services.py",
        "if seen_version is not None and seen_version != key_result.version:",
        "if False:",
        ("tests/approvals",),
    ),
    Mutant(
        "one row per form post",
        "okr_site/htmx_forms.py",
        "                Submission.objects.create(token=token, person=request.user)",
        "                pass",
        ("tests/test_double_submits.py",),
    ),
    Mutant(
        "drafts stay hidden from others",
        "objectives/models.py",
        "return self.filter(~Q(status=Objective.Status.DRAFT) | _drafts_readable_by(user))",
        "return self",
        ("tests/open_organisation/test_reading_rule.py",),
    ),
    Mutant(
        "nobody reacts to what they may not read",
        "progress/views.py",
        "entry = get_object_or_404(Update.objects.visible_to(request.user), pk=pk)\n    try:",
        "entry = get_object_or_404(Update, pk=pk)\n    try:",
        ("tests/open_organisation/test_reading_rule.py",),
    ),
    Mutant(
        "only the owner names reporters",
        "key_results/models.py",
        "return self.owner_id == user.pk\n",
        "return True\n",
        ("tests/open_organisation/test_open_counts_and_reporters.py",),
    ),
    Mutant(
        "only editors change an objective",
        "objectives/models.py",
        "return user.sees_everything or self.owner_id == user.pk"
        " or self.team_id in user.led_team_ids",
        "return True",
        ("tests/open_organisation/test_who_may_do_what.py",),
    ),
    Mutant(
        "a date not in the future (the service's check)",
        "progress/models.py",
        "if self.happened_on is not None and self.happened_on > timezone.localdate():",
        "if False:",
        ("tests/test_rules_at_the_service_layer.py", "tests/progress/test_measurements.py"),
    ),
    Mutant(
        "a comment when asking for changes",
        "approvals/models.py",
        "if self.kind == EventKind.CHANGES_REQUESTED and not self.comment.strip():",
        "if False:",
        ("tests/test_rules_at_the_service_layer.py", "tests/approvals"),
    ),
    Mutant(
        "a count starts at zero",
        "key_results/models.py",
        "            self.baseline = Decimal(0)\n",
        "",
        ("tests/test_rules_at_the_service_layer.py", "tests/key_results"),
    ),
    Mutant(
        "only the leader it waits for decides",
        "key_results/models.py",
        "return user.pk == self.approver_id or user.sees_everything",
        "return True",
        ("tests/approvals",),
    ),
    Mutant(
        "only the owner or named reporters record",
        "key_results/models.py",
        "            or any(p.pk == user.pk for p in self.reporters.all())\n",
        "            or True\n",
        ("tests/progress/test_recording_permissions.py",),
    ),
    Mutant(
        "only editors delete a draft",
        "objectives/models.py",
        "return self.is_draft and self.can_edit(user)",
        "return self.is_draft",
        ("tests/key_results/test_withdraw_and_drop.py",),
    ),
    Mutant(
        "only a draft is deleted",
        "objectives/models.py",
        "return self.is_draft and self.can_edit(user)",
        "return self.can_edit(user)",
        ("tests/key_results/test_withdraw_and_drop.py",),
    ),
    Mutant(
        "only a proposed action is deleted",
        "objectives/models.py",
        "return self.status == self.Status.PROPOSED and self.can_edit(user)",
        "return self.can_edit(user)",
        ("tests/key_results/test_withdraw_and_drop.py",),
    ),
    Mutant(
        "only a key result never sent nor measured is deleted",
        "key_results/models.py",
        """            self.approval_state == ApprovalState.DRAFT
            and not self.has_measurements()
            and self.can_edit(user)""",
        "            self.can_edit(user)",
        ("tests/key_results/test_withdraw_and_drop.py",),
    ),
    Mutant(
        "a dropped key result is not edited",
        "key_results/models.py",
        """        if self.is_dropped:
            return False
        return self.owner_id == user.pk""",
        "        return self.owner_id == user.pk",
        ("tests/key_results/test_withdraw_and_drop.py",),
    ),
    Mutant(
        "a reason to drop",
        "key_results/services.py",
        "    if not reason:\n        raise ValidationError",
        "    if False:\n        raise ValidationError",
        ("tests/key_results/test_withdraw_and_drop.py",),
    ),
    Mutant(
        "not carried into a past period",
        "key_results/services.py",
        "    if target.is_past:",
        "    if False:",
        ("tests/key_results/test_carry_over.py",),
    ),
    Mutant(
        "not carried into an earlier period",
        "key_results/services.py",
        "    if target.start <= source.end:",
        "    if False:",
        ("tests/key_results/test_carry_over.py",),
    ),
    Mutant(
        "not carried twice",
        "key_results/services.py",
        "    if refusal := _carry_refusal(current):",
        "    if refusal := None:",
        ("tests/key_results/test_carry_over.py",),
    ),
    Mutant(
        "a finished key result is not carried over",
        "key_results/services.py",
        """    if key_result.is_finished:
        return _("Its target is reached""",
        """    if False:
        return _("Its target is reached""",
        ("tests/key_results/test_carry_over.py",),
    ),
    Mutant(
        "an objective moved takes its key results' deadlines along",
        "objectives/services.py",
        "moved.send(sender=Objective,",
        "dict(sender=Objective,",
        ("tests/objectives/test_moving_to_another_period.py",),
    ),
    Mutant(
        "a live worker's claim before sending an email",
        "progress/outbox.py",
        "Q(claimed_at__isnull=True) | Q(claimed_at__lt=lease_over)",
        "Q()",
        ("tests/progress/test_reminder_delivery.py",),
    ),
    Mutant(
        "a claim renewed only while still this worker's",
        "progress/outbox.py",
        "Q(pk__in=ids, claimed_at=claimed_at)",
        "Q(pk__in=ids)",
        ("tests/progress/test_reminder_delivery.py",),
    ),
    Mutant(
        "lock the claims while renewing them",
        "progress/outbox.py",
        "            .filter(still_ours, sent_at__isnull=True, failed_at__isnull=True)\n"
        "            .select_for_update(skip_locked=True)\n",
        "            .filter(still_ours, sent_at__isnull=True, failed_at__isnull=True)\n",
        ("tests/progress/test_reminder_delivery.py",),
    ),
    Mutant(
        "a batch's claims renewed before half the lease is gone",
        "progress/outbox.py",
        "if renewed_at is None or timezone.now() - renewed_at >= claim_lease() / 2:",
        "if renewed_at is None:",
        ("tests/progress/test_reminder_delivery.py",),
    ),
    Mutant(
        "a deadline already passed is refused on creation",
        "key_results/forms.py",
        "and deadline < timezone.localdate()",
        "and False",
        ("tests/key_results/test_numbers_as_people_type_them.py",),
    ),
    Mutant(
        "no value dated before the key result's period",
        "progress/services.py",
        "if happened_on < period.start:",
        "if False:",
        ("tests/key_results/test_numbers_as_people_type_them.py",),
    ),
    Mutant(
        "a count or a rate counts whole events",
        "key_results/models.py",
        "elif self.target is not None and self.target != self.target.to_integral_value():",
        "elif False:",
        ("tests/key_results/test_numbers_as_people_type_them.py",),
    ),
    Mutant(
        "a rate is per week or per month",
        "key_results/models.py",
        "if self.is_rate and self.per not in Per.values:",
        "if False:",
        ("tests/key_results/test_numbers_as_people_type_them.py",),
    ),
    Mutant(
        "a unit typed with a measurement is the key result's",
        "progress/forms.py",
        "if typed and typed.casefold() != self.unit.casefold():",
        "if False:",
        ("tests/key_results/test_numbers_as_people_type_them.py",),
    ),
    Mutant(
        "a date in an objective's title is refused",
        "objectives/forms.py",
        'if hint.blocking and hint.code == "date_in_objective":',
        "if False:",
        ("tests/objectives/test_coaching_as_you_type.py",),
    ),
    Mutant(
        "a rate's events are kept by day",
        "progress/services.py",
        "        key_result.events_by_day = _events_by_day(key_result)\n",
        "",
        ("tests/progress/test_rate_key_results.py",),
    ),
    Mutant(
        "a feed entry's key covers its key result's row (a rate's period)",
        "progress/views.py",
        "        row(entry.key_result),\n",
        "        entry.key_result_id,\n",
        ("tests/progress/test_feed_fragments_are_never_stale.py",),
    ),
    Mutant(
        "a key result is scored only at the end",
        "key_results/models.py",
        "if not self.is_open_for_scoring(today):",
        "if False:",
        ("tests/key_results/test_scoring.py",),
    ),
    Mutant(
        "a score is from 0 to 1",
        "key_results/models.py",
        "if score is None or not Decimal(0) <= score <= Decimal(1):",
        "if score is None:",
        ("tests/key_results/test_scoring.py",),
    ),
    Mutant(
        "an adjusted score has a reason",
        "key_results/models.py",
        "if score != proposed and not reason.strip():",
        "if False:",
        ("tests/key_results/test_scoring.py",),
    ),
    Mutant(
        "only editors score a key result",
        "key_results/services.py",
        "    if not current.can_score(by):\n        raise PermissionDenied\n",
        "",
        ("tests/key_results/test_scoring.py",),
    ),
    Mutant(
        "the score page is for editors",
        "key_results/views.py",
        "    if not key_result.can_score(request.user):\n        raise PermissionDenied\n",
        "",
        ("tests/open_organisation/test_who_may_do_what.py", "-k", "key_results:score"),
    ),
    Mutant(
        "a draft objective has no retrospective",
        "objectives/models.py",
        "        if self.is_draft:\n            raise ValidationError(",
        "        if False:\n            raise ValidationError(",
        ("tests/objectives/test_retrospective.py",),
    ),
    Mutant(
        "only editors close an objective",
        "objectives/services.py",
        "    if not locked.can_edit(by):\n        raise PermissionDenied\n",
        "",
        ("tests/objectives/test_retrospective.py",),
    ),
    Mutant(
        "the closing page is for editors",
        "objectives/views.py",
        "    if not objective.can_edit(request.user):\n        raise PermissionDenied\n"
        "    existing",
        "    existing",
        ("tests/open_organisation/test_who_may_do_what.py", "-k", "objectives:close"),
    ),
    Mutant(
        "two planners at once make one reminder per person and occasion",
        "progress/reminders.py",
        "            ignore_conflicts=True,\n        )\n        fresh = dict(",
        "        )\n        fresh = dict(",
        ("tests/progress/test_reminders_hold.py", "-k", "two_planners"),
    ),
    Mutant(
        "two planners at once list a key result in a reminder once",
        "progress/reminders.py",
        ' ON CONFLICT DO NOTHING",',
        '",',
        ("tests/progress/test_end_of_quarter_reminder.py", "-k", "two_planners"),
    ),
    Mutant(
        "the end-of-quarter reminder waits for the close",
        "progress/reminders.py",
        "if not _in_window(today, end_of_quarter_day(period)):",
        "if False:",
        ("tests/progress/test_end_of_quarter_reminder.py",),
    ),
    Mutant(
        "lock while scoring a key result",
        "key_results/services.py",
        """    current = (
        KeyResult.objects.select_for_update(of=("self",))
        .select_related("objective__period")""",
        """    current = (
        KeyResult.objects.select_related("objective__period")""",
        ("tests/key_results/test_scoring_races.py",),
    ),
    Mutant(
        "lock while closing an objective",
        "objectives/services.py",
        "Objective.objects.select_for_update().get(pk=objective.pk)\n"
        "    if not locked.can_edit(by)",
        "Objective.objects.get(pk=objective.pk)\n    if not locked.can_edit(by)",
        ("tests/objectives/test_retrospective_races.py",),
    ),
    Mutant(
        "a reminder's bell entry made once however often it is delivered",
        "progress/notifications.py",
        "bulk_create(told, ignore_conflicts=True)",
        "bulk_create(told)",
        ("tests/insight/test_notifications.py",),
    ),
    Mutant(
        "a NUL in the search words parts them",
        "progress/search.py",
        'query.replace("\\x00", " ")',
        "query",
        ("tests/open_organisation/test_search.py",),
    ),
    Mutant(
        "an address with a NUL refused",
        "okr_site/settings.py",
        '"okr_site.middleware.RefuseNulInAddressMiddleware",',
        "",
        ("tests/okr_site/test_nul_characters.py",),
    ),
    Mutant(
        "a periodic task's refused task name stands",
        "okr_site/admin.py",
        'if "task" not in self.cleaned_data:',
        "if False:",
        ("tests/okr_site/test_admin_form_errors.py",),
    ),
    Mutant(
        "a registered task name without NUL",
        "okr_site/admin.py",
        "validators=[ProhibitNullCharactersValidator()],",
        "validators=[],",
        ("tests/okr_site/test_admin_form_errors.py",),
    ),
    Mutant(
        "an objective's action forms capped in the admin",
        "objectives/admin.py",
        "absolute_max=self.max_num, ",
        "",
        ("tests/okr_site/test_admin_form_errors.py",),
    ),
    Mutant(
        "an HX-Current-URL that is no address",
        "okr_site/middleware.py",
        '        except ValueError:\n            return "/"\n',
        '        except KeyError:\n            return "/"\n',
        ("tests/open_organisation/test_htmx_answers.py",),
    ),
    Mutant(
        "a username longer than any account's refused at sign-in",
        "organisation/forms.py",
        'self.fields["username"].validators.append(MaxLengthValidator(longest))',
        "pass",
        ("tests/organisation/test_sign_in_throttling.py",),
    ),
    Mutant(
        "a date out of range in an admin list's date hierarchy",
        "okr_site/admin.py",
        "except (OverflowError, ValueError) as exc:",
        "except KeyError as exc:",
        ("tests/okr_site/test_admin_form_errors.py",),
    ),
]


def copy_tracked_files(target: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            destination = target / name.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def run(mutant: Mutant) -> list[str]:
    """The tests that failed with the guard removed."""
    with tempfile.TemporaryDirectory(prefix="okr-mutant-") as folder:
        copy = Path(folder)
        copy_tracked_files(copy)
        path = copy / mutant.path
        text = path.read_text()
        if text.count(mutant.guard) != 1:
            raise SystemExit(f"{mutant.name}: the guard is not found once in {mutant.path}")
        path.write_text(text.replace(mutant.guard, mutant.replacement))
        database = os.environ.get(
            "MUTANTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/okr_mutants"
        )
        env = {
            **os.environ,
            "DATABASE_URL": database,
            "REDIS_URL": os.environ.get("MUTANTS_REDIS_URL", "redis://127.0.0.1:6379/9"),
            "SECRET_KEY": "mutants-only",
            "DEBUG": "0",
            "DB_CONN_MAX_AGE": "0",
        }
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-rf", *mutant.tests],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        )
        return re.findall(r"^FAILED (\S+)", result.stdout, re.MULTILINE)


def main(names: list[str]) -> int:
    chosen = [m for m in MUTANTS if not names or m.name in names]
    survived = 0
    for mutant in chosen:
        caught = run(mutant)
        verdict = f"caught by {len(caught)} test(s)" if caught else "SURVIVED: no test failed"
        print(f"- {mutant.name} ({mutant.path}): {verdict}")
        for test in caught[:3]:
            print(f"    {test}")
        survived += not caught
    print(f"{len(chosen) - survived} of {len(chosen)} guards proven by a failing test")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
