"""What the fuzz tests type into forms and addresses: text with every kind of character, numbers
written the odd ways people and attackers write them, dates out of range, ids that are no ids."""

from __future__ import annotations

from hypothesis import strategies as st

# Numbers as they arrive from Danish and English keyboards, spreadsheets and attackers.
ODD_NUMBERS = [
    "1.500,5",
    "1,500.5",
    "1 500,5",
    "1e400",
    "-1e400",
    "1e-400",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "∞",
    "-0",
    "+0",
    "0,0",
    ".5",
    "5.",
    ",",
    "-",
    "١٢٣",  # Arabic-Indic digits
    "１２３",  # full-width digits
    "½",
    "0x1F",
    "1_000",
    "9" * 400,
    "-" + "9" * 40,
    "0." + "0" * 60 + "1",
    "12345678901234567890.123456789",
    "3.4\x00",
    "",
    " ",
]

ODD_DATES = [
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2027-01-01",
    "2027-02-30",
    "2027-13-01",
    "2027-00-10",
    "31/12/2027",
    "12/31/2027",
    "31.12.2027",
    "2027-02-15T25:61",
    "2027-02-15 10:00:00+99:00",
    "1970-01-01",
    "2038-01-19",
    "today",
    "2027-02-15\x00",
    "२०२७-०२-१५",  # Devanagari digits
]

ODD_IDS = [
    "0",
    "-1",
    "-0",
    "1.0",
    "1e3",
    "abc",
    "1 OR 1=1",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999",
    "١",
    "0x10",
    "[]",
    "{}",
    "null",
    "None",
    "true",
    "\x00",
    "1\x00",
    "",
]

# Characters that break things: NUL, other control characters, bidi overrides, combining marks,
# astral-plane emoji, lone surrogates are not valid UTF-8 and cannot be sent by a browser.
NASTY_CHARS = "\x00\x01\x08\x0b\x0c\x1b\x7f\u0085\u200b\u200e\u202e\u2028\ufeff\ufffd̶👍🏽\U0010fffd"

nasty_text = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"]),  # any character but surrogates
        max_size=40,
    ),
    st.text(alphabet=st.sampled_from(NASTY_CHARS + "aZ9 <>&\"'%/\\;"), max_size=20),
    st.sampled_from(["<script>alert(1)</script>", "' OR '1'='1", "%00", "../../etc/passwd"]),
    st.sampled_from([300, 5_000, 70_000]).map(lambda n: "x" * n),  # past every max_length
    st.sampled_from(["\x00", "a\x00b", "\x00" * 3]),
)

odd_value = st.one_of(
    nasty_text,
    st.sampled_from(ODD_NUMBERS),
    st.sampled_from(ODD_DATES),
    st.sampled_from(ODD_IDS),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(lambda d: d.isoformat()),
)

# Numbers in a path (<int:pk>) can only be digits; these are the ones that name nothing.
odd_path_ids = st.one_of(
    st.sampled_from([0, 2**31, 2**63, 10**30]), st.integers(min_value=0, max_value=10**6)
)


def fill(data, shape, extra=(), valid=None) -> dict:
    """What is typed into a form: most fields as a person would fill them in (`valid`, else the
    value the page shows), and one to three of them (always the `extra` ones) given another value
    the page offers, something odd, or left out. One odd field among valid ones is what reaches
    each field's own validation, and the services behind a form that passes it."""
    valid = valid or {}
    names = list(dict.fromkeys([*shape.fields, *valid, *extra]))
    if not names:
        return {}
    odd = set(extra) | data.draw(st.sets(st.sampled_from(names), max_size=3), "odd fields")
    typed = {}
    for name in names:
        offered = [v for v in shape.fields.get(name, []) if v is not None]
        if name not in odd:
            value = valid.get(name, offered[0] if offered else None)
        else:
            options = [odd_value, st.none()]
            if offered:
                options.insert(0, st.sampled_from(offered))
            value = data.draw(st.one_of(*options), name)
        if value is None:
            continue
        if name in shape.multiple and offered and name in odd:
            typed[name] = [value, *data.draw(st.lists(st.sampled_from(offered), max_size=3))]
        else:
            typed[name] = value
    return typed
