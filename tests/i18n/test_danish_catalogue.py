"""The Danish catalogue is complete, keeps every placeholder, and its compiled copy is current."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*\w+\s*\}\}")
CATALOGUE = polib.pofile(str(LC_MESSAGES / "django.po"))
MESSAGES = [entry for entry in CATALOGUE if not entry.obsolete]


def translations(entry: polib.POEntry) -> dict[int, str]:
    """The Danish text(s) of an entry: index 0, or one per plural form."""
    return dict(entry.msgstr_plural) if entry.msgid_plural else {0: entry.msgstr}


def test_catalogue_has_messages():
    assert len(MESSAGES) > 100


def test_catalogue_is_danish_with_danish_plurals():
    assert CATALOGUE.metadata["Language"] == "da"
    assert CATALOGUE.metadata["Plural-Forms"].startswith("nplurals=2; plural=(n != 1);")


@pytest.mark.parametrize("entry", MESSAGES, ids=lambda entry: entry.msgid[:50])
def test_message_is_translated_and_not_fuzzy(entry):
    assert all(translations(entry).values())
    assert "fuzzy" not in entry.flags


@pytest.mark.parametrize("entry", MESSAGES, ids=lambda entry: entry.msgid[:50])
def test_translation_keeps_its_placeholders(entry):
    for index, text in translations(entry).items():
        source = entry.msgid_plural if index and entry.msgid_plural else entry.msgid
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text))


def test_compiled_catalogue_matches_the_po_file():
    """The .mo is committed (a machine without gettext still gets Danish): it must be current."""
    with (LC_MESSAGES / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    stale = []
    for entry in MESSAGES:
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            stale += [
                entry.msgid
                for index, text in translations(entry).items()
                if compiled.get((msgid, index)) != text
            ]
        elif compiled.get(msgid) != entry.msgstr:
            stale.append(entry.msgid)
    assert stale == []
