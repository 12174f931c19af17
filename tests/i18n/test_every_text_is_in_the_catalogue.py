"""Every text the product shows is in the Danish catalogue: new text without a translation fails."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
SOURCES = [
    "manage.py",
    "okr_site",
    "organisation",
    "objectives",
    "key_results",
    "approvals",
    "progress",
    "templates",
    "locale",
]


def test_makemessages_finds_nothing_missing_from_the_danish_catalogue(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed to check the catalogue: apt-get install gettext")
    for name in SOURCES:
        source = BASE / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "da", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        env={**os.environ, "DEBUG": "1"},
    )
    extracted = polib.pofile(str(tmp_path / "locale" / "da" / "LC_MESSAGES" / "django.po"))
    committed = {e.msgid for e in polib.pofile(str(BASE / "locale/da/LC_MESSAGES/django.po"))}
    missing = [e.msgid for e in extracted if e.msgid not in committed]
    assert missing == [], "run `make messages` and translate the new text"
