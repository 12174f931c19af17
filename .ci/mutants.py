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
        'KeyResult.objects.select_for_update(of=("self",))',
        "KeyResult.objects",
        ("tests/key_results/test_races.py",),
    ),
    Mutant(
        "skip what another worker is claiming",
        "progress/outbox.py",
        "            .select_for_update(skip_locked=True)\n",
        "",
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
        "return self.owner_id == user.pk or any(p.pk == user.pk for p in self.reporters.all())",
        "return True",
        ("tests/progress/test_recording_permissions.py",),
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
        "filter(pk=row.pk, claimed_at=row.claimed_at, sent_at__isnull=True)",
        "filter(pk=row.pk)",
        ("tests/progress/test_reminder_delivery.py",),
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
