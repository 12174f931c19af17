"""The Danish catalogue is complete and compiled, and people can read the product in Danish."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from objectives.models import Objective
from objectives.validators import validate_no_numbers

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*\w+\s*\}\}")


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list), flags."""
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,"):
            if entry is not None and "msgid" in entry:
                finish()
                entry = None
            entry = entry or {"flags": set(), "msgstr": {}}
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            name, index, text = match.groups()
            if name in ("msgctxt", "msgid") and entry is not None and "msgid" in entry:
                finish()
                entry = None
            entry = entry or {"flags": set(), "msgstr": {}}
            if name.startswith("msgstr"):
                key = ("msgstr", int(index or 0))
                entry["msgstr"][key[1]] = ast.literal_eval(text)
            else:
                key = (name, None)
                entry[name] = ast.literal_eval(text)
        elif line.startswith('"'):
            name, index = key
            if name == "msgstr":
                entry["msgstr"][index] += ast.literal_eval(line)
            else:
                entry[name] += ast.literal_eval(line)
        else:
            raise AssertionError(f"Unexpected line in {path.name}: {raw!r}")
    finish()
    return entries


@pytest.fixture(scope="module")
def entries():
    return [e for e in parse_po(LC_MESSAGES / "django.po") if e["msgid"] != ""]


def test_catalogue_has_messages(entries):
    assert len(entries) > 100


def test_every_message_is_translated(entries):
    empty = [e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"].values())]
    assert empty == []


def test_no_translation_is_fuzzy(entries):
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert fuzzy == []
    header = parse_po(LC_MESSAGES / "django.po")[0]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]


def test_plural_forms_are_danish():
    header = parse_po(LC_MESSAGES / "django.po")[0]["msgstr"][0]
    assert "Language: da\n" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header


def test_translations_keep_their_placeholders(entries):
    wrong = []
    for e in entries:
        for index, text in e["msgstr"].items():
            source = e["msgid"] if index == 0 else e.get("msgid_plural", e["msgid"])
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                wrong.append((e["msgid"], text))
    assert wrong == []


def test_compiled_catalogue_matches_the_po_file(entries):
    """The .mo is committed (a machine without gettext still gets Danish): it must be current."""
    with (LC_MESSAGES / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    stale = []
    for e in entries:
        msgid = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            for index, text in e["msgstr"].items():
                if catalog.get((msgid, index)) != text:
                    stale.append(e["msgid"])
        elif catalog.get(msgid) != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert stale == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "shown", "hidden"),
    [("da", "Adgangskode", "Password"), ("en", "Password", "Adgangskode")],
)
def test_sign_in_page_follows_the_browser_language(client, accept, shown, hidden):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert shown in page
    assert hidden not in page
    assert f'<html lang="{accept}">' in page


def test_choosing_danish_switches_a_signed_in_page(client, org):
    client.force_login(org.member)
    my_okrs = reverse("progress:my_okrs")
    before = client.get(my_okrs).content.decode()
    assert "New objective" in before
    assert "Nyt mål" not in before

    response = client.post(reverse("set_language"), {"language": "da", "next": my_okrs})
    assert response.status_code == 302
    assert response.url == my_okrs

    after = client.get(my_okrs).content.decode()
    assert '<html lang="da">' in after
    assert "Nyt mål" in after
    assert "Log ud" in after
    assert "New objective" not in after

    client.post(reverse("set_language"), {"language": "en", "next": my_okrs})
    assert "New objective" in client.get(my_okrs).content.decode()


def test_choices_and_validation_messages_are_danish():
    with translation.override("da"):
        assert str(Objective.Status.ACTIVE.label) == "Aktiv"
        assert str(Objective._meta.verbose_name) == "mål"
        with pytest.raises(ValidationError) as error:
            validate_no_numbers("Sell 5 more")
        assert "fra 3,0 til 3,5" in " ".join(error.value.messages)
