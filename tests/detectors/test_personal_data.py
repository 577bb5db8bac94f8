"""Personal data: every kind, what is deliberately not flagged, allowlists, spans, signals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.matching import LexiconMatcher
from socialpolicy.detectors.personal_data import (
    KINDS,
    Allowlist,
    PersonalDataDetector,
    find_personal_data,
)
from socialpolicy.inputs import Account, Post
from socialpolicy.lexicons import Contact


@dataclass(frozen=True)
class Resources:
    """Stand-in for PackResources: the attributes detectors read."""

    contacts: tuple[Contact, ...] = ()
    matcher: LexiconMatcher = field(default_factory=lambda: LexiconMatcher([]))
    pack_id: str = "test"


CONTACTS = (
    Contact(kind="phone", value="416-808-2222", label="non-emergency"),
    Contact(kind="phone", value="1-800-222-8477", label="Crime Stoppers"),
    Contact(kind="phone", value="416-222-TIPS", label="Crime Stoppers (vanity)"),
    Contact(kind="phone", value="911", label="emergency"),
    Contact(kind="phone", value="#377", label="mobile short code"),
    Contact(kind="email", value="Media@TPS.example", label="media relations"),
    Contact(kind="address", value="40 College Street, Toronto, ON M5G 2J3", label="HQ"),
    Contact(kind="url", value="https://www.tps.example/", label="website"),
    Contact(kind="handle", value="@TorontoPolice", label="X account"),
)
ALLOW = Allowlist.from_contacts(CONTACTS)


def kinds(text: str, allow: Allowlist = ALLOW) -> list[tuple[str, str]]:
    """(kind, what the author wrote) for each personal-data finding (allowlisted excluded)."""
    return [
        (f.kind, text[f.start : f.end])
        for f in find_personal_data(text, allow)
        if not f.allowlisted
    ]


def allowlisted(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_personal_data(text, ALLOW) if f.allowlisted]


# --- phones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wrote"),
    [
        ("Reach her at (416) 555-0199 tonight", "(416) 555-0199"),
        ("his cell 416.555.0199", "416.555.0199"),
        ("she's at 780-555-0187 👍", "780-555-0187"),
        ("call +1 780 555 0123", "+1 780 555 0123"),
        ("4165550199", "4165550199"),
        ("text 1 416 555 0199", "1 416 555 0199"),
        ("UK: +44 20 7946 0958", "+44 20 7946 0958"),
        ("phone #416-555-0199", "416-555-0199"),
        ("Cell # 4165550199", "4165550199"),
    ],
)
def test_phone_numbers(text: str, wrote: str) -> None:
    assert kinds(text) == [("phone", wrote)]


@pytest.mark.parametrize(
    "text",
    [
        "Occurrence #2025-1234567",
        "case 2025-1234567",
        "Incident no. 416-555-0199",  # formatted like a phone, introduced as an id
        "report #4165550199",
        "File: 4165550199",
        "The meeting is on 2025-11-20 at 10:30",
        "2025-11-20 10 people came",
        "It cost $1,234,567 in 2024",
        "Budget $4165550199",
        "see example.org/4165550199",
        "#yeg4165550199",
        "@fan4165550199",
        "#4165550199",  # a number tag, like "Occurrence #..."
        "between 2019 and 2025",
        "Call 911 or 311",  # short codes are never personal data
        "Crime Stoppers 1-800-555-0199",  # toll-free: a business line
        "416 555",
        "ISBN 978-3-16-148410-0",
    ],
)
def test_not_phone_numbers(text: str) -> None:
    assert kinds(text) == []


def test_toll_free_numbers_can_be_flagged_on_request() -> None:
    found = find_personal_data("1-800-555-0199", flag_toll_free=True)
    assert [(f.kind, f.value) for f in found] == [("phone", "+18005550199")]


# --- emails ------------------------------------------------------------------------------


def test_emails() -> None:
    assert kinds("write to jane.doe@example.com.") == [("email", "jane.doe@example.com")]
    assert kinds("Jean.Lévesque@exemple.ca") == [("email", "Jean.Lévesque@exemple.ca")]
    assert kinds("@jane hello") == []
    assert kinds("a@b and x@localhost and foo@bar.invalid") == []


# --- addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wrote"),
    [
        ("lives at 123 Main St", "123 Main St"),
        ("lives at 123 main st.", "123 main st."),
        ("45 Elm Avenue, Apt 3 is the place", "45 Elm Avenue, Apt 3"),
        ("1700, 10235 101 St NW, Edmonton", "1700, 10235 101 St NW"),
        (
            "1700, 10235 101 St NW, Edmonton AB T5J 0N4",
            "1700, 10235 101 St NW, Edmonton AB T5J 0N4",
        ),
        ("at 10235 101 Street NW", "10235 101 Street NW"),
        ("it's 77 St. Clair Ave W", "77 St. Clair Ave W"),
        ("postal code M5G 2C3", "M5G 2C3"),
        ("T5J 0N4", "T5J 0N4"),
        ("t5j0n4", "t5j0n4"),
        ("12 Oak Rd, Toronto, ON M4C 1A1", "12 Oak Rd, Toronto, ON M4C 1A1"),
        (
            "1600 Pennsylvania Ave NW, Washington, DC 20500",
            "1600 Pennsylvania Ave NW, Washington, DC 20500",
        ),
    ],
)
def test_addresses(text: str, wrote: str) -> None:
    assert kinds(text) == [("address", wrote)]


@pytest.mark.parametrize(
    "text",
    [
        "22 people at the court",
        "3 kids on the way",
        "see you at 5 pm St. Patrick's",
        "Dufferin & Dundas",
        "Agnes, 87, of Birchmount Rd",
        "43 Division",
        "Highway 401",
        "Z5Z 5Z5",  # Z is not a postal district
        "A1B2C3D",
        "the 2024 report",
    ],
)
def test_not_addresses(text: str) -> None:
    assert kinds(text) == []


# --- birth dates, plates, SINs -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "DOB 1990-04-12",
        "D.O.B.: 1990-04-12",
        "born on March 3, 1988",
        "born 3 March 1988",
        "date of birth: 12/04/1990",
        "birthday is Dec. 25th, 1979",
        "née le 12 avril 1990",
    ],
)
def test_birth_dates(text: str) -> None:
    assert [k for k, _ in kinds(text)] == ["birth_date"]


@pytest.mark.parametrize(
    "text",
    [
        "on 12/04/1990 we met",  # a bare date
        "March 3, 1988",
        "born in 1988",  # a year only
        "born on March 3",  # no year
        "DOB 1990-13-45",  # not a date
        "born on 2999-01-01",  # in the future
    ],
)
def test_not_birth_dates(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "wrote"),
    [
        ("plate ABC-1234", "plate ABC-1234"),
        ("licence plate #CBXT 829", "licence plate #CBXT 829"),
        ("License plate: BXKW217", "License plate: BXKW217"),
        ("the plate was cbxt 829", "plate was cbxt 829"),
        ("tag number PKR 4821", "tag number PKR 4821"),
    ],
)
def test_licence_plates(text: str, wrote: str) -> None:
    assert kinds(text) == [("licence_plate", wrote)]


@pytest.mark.parametrize(
    "text",
    [
        "ABC 1234",
        "tag 2 friends",
        "driver's licence D1234-56789",
        "plate of 12 cookies",
        "licence to kill",
        "plate 1234567",
    ],
)
def test_not_licence_plates(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "SIN 046 454 286",
        "SIN: 046454286",
        "social insurance number 046-454-286",
        "it's 046 454 286",
        "046-454-286",
    ],
)
def test_sins(text: str) -> None:
    assert [k for k, _ in kinds(text)] == ["sin"]


@pytest.mark.parametrize(
    "text",
    [
        "046 454 287",  # fails Luhn
        "046454286",  # no cue, no grouping
        "046 454-286",  # mixed grouping
        "SIN 046 454 287",
    ],
)
def test_not_sins(text: str) -> None:
    assert kinds(text) == []


# --- allowlist ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("Non-emergency: 416-808-2222", "416-808-2222"),
        ("non-emergency (416) 808 2222", "(416) 808 2222"),
        ("Crime Stoppers 1-800-222-8477", "1-800-222-8477"),
        ("call 416-222-TIPS", "416-222-TIPS"),
        ("or 416-222-8477", "416-222-8477"),  # the vanity contact, dialled
        ("Emergencies: always 911.", "911"),
        ("dial #377 on your mobile", "#377"),
        ("email media@tps.example", "media@tps.example"),
        ("HQ: 40 College St.", "40 College St."),
        ("HQ at 40 College Street, Toronto", "40 College Street"),
        ("M5G 2J3", "M5G 2J3"),
        ("details at tps.example/contact", "tps.example"),
        ("follow @TorontoPolice", "@TorontoPolice"),
    ],
)
def test_allowlisted_contacts_are_not_personal_data(text: str, seen: str) -> None:
    assert kinds(text) == []
    assert allowlisted(text) == [seen]


def test_allowlist_compares_exactly() -> None:
    assert kinds("140 College St") == [("address", "140 College St")]
    assert kinds("media@tps.example.org") == [("email", "media@tps.example.org")]
    assert kinds("416-808-2223") == [("phone", "416-808-2223")]
    assert allowlisted("@TorontoPoliceFan") == []


# --- obfuscation and spans ---------------------------------------------------------------


def test_fullwidth_digits_and_zero_width_characters() -> None:
    text = "call ４１６-５５５-０１９９ or 416-5\u200b55-0188"
    assert kinds(text) == [("phone", "４１６-５５５-０１９９"), ("phone", "416-5\u200b55-0188")]


def test_spans_index_the_original_after_invisible_characters() -> None:
    text = "\u200b\u200bHi\u200b! DOB\u00a01990-04-12, email a\u200b.b@example.com"
    found = kinds(text)
    assert found == [("birth_date", "DOB\u00a01990-04-12"), ("email", "a\u200b.b@example.com")]


# --- the detector ------------------------------------------------------------------------


def _ctx(
    text: str,
    media: list[dict[str, Any]] | None = None,
    contacts: tuple[Contact, ...] = CONTACTS,
    reply: str | None = None,
) -> Context:
    post = Post.model_validate(
        {
            "id": "p1",
            "text": text,
            "created_at": "2025-05-01T10:00:00-04:00",
            "media": media or [],
            **({"in_reply_to": {"text": reply}} if reply else {}),
        }
    )
    author = Account.model_validate(
        {"handle": "@someone", "owner": {"organisation": "tps", "role": "officer"}}
    )
    return Context(
        post=post, author=author, account_given=True, resources=Resources(contacts=contacts)
    )  # type: ignore[arg-type]


def _signals(hits: list[Hit]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for h in hits:
        if h.tag is not None:
            out.setdefault(h.signal, set()).add(h.tag)
        else:
            out[h.signal] = out.get(h.signal, 0) + 1
    return out


def test_detector_declares_its_signals() -> None:
    det = PersonalDataDetector()
    names = {s.name for s in det.signals}
    assert det.name == "personal_data"
    assert names == {f"personal_data.{k}" for k in KINDS} | {
        "personal_data.any",
        "personal_data.private",
        "personal_data.uncertain",
        "personal_data.kinds",
        "personal_data.allowlisted_contact",
    }
    (tags,) = [s for s in det.signals if s.kind == "tags"]
    assert set(tags.tags) == set(KINDS)


def test_detector_signals_and_evidence() -> None:
    text = (
        "Reporters, she's at 780-555-0187 or jane@example.com. "
        "Our non-emergency line is 416-808-2222, emergencies 911."
    )
    hits = list(PersonalDataDetector().detect(_ctx(text)))
    assert _signals(hits) == {
        "personal_data.phone": 1,
        "personal_data.email": 1,
        "personal_data.any": 2,
        "personal_data.private": 2,  # "she's at": a third person's
        "personal_data.kinds": {"phone", "email"},
        "personal_data.allowlisted_contact": 2,
    }
    (phone,) = [h for h in hits if h.signal == "personal_data.phone"]
    (ev,) = phone.evidence
    assert (ev.detector, ev.field, ev.text) == ("personal_data", "text", "780-555-0187")
    assert ev.span is not None and text[ev.span.start : ev.span.end] == "780-555-0187"


def test_detector_reads_captions_and_alt_text_but_not_the_reply_target() -> None:
    ctx = _ctx(
        "nothing here",
        reply="call me at 416-555-0199",
        media=[
            {"kind": "image", "caption": "DOB 1990-04-12"},
            {"kind": "image", "alt_text": "A note reading 416-555-0123"},
        ],
    )
    hits = list(PersonalDataDetector().detect(ctx))
    fields = sorted(
        (h.signal, ev.field, ev.text)
        for h in hits
        for ev in h.evidence
        if h.signal != "personal_data.kinds"
    )
    assert fields == [
        ("personal_data.any", "media[0].caption", "DOB 1990-04-12"),
        ("personal_data.any", "media[1].alt_text", "416-555-0123"),
        ("personal_data.birth_date", "media[0].caption", "DOB 1990-04-12"),
        ("personal_data.phone", "media[1].alt_text", "416-555-0123"),
        ("personal_data.private", "media[0].caption", "DOB 1990-04-12"),
        ("personal_data.private", "media[1].alt_text", "416-555-0123"),
    ]


def test_detector_without_contacts_flags_everything() -> None:
    hits = list(PersonalDataDetector().detect(_ctx("call 416-808-2222", contacts=())))
    assert _signals(hits)["personal_data.phone"] == 1


def test_ordinary_post_raises_nothing() -> None:
    text = "Happy 2025 Toronto! 🎉 Join us Saturday 12–3 pm at 51 Division. #TPS @TorontoPolice"
    hits = list(PersonalDataDetector().detect(_ctx(text, contacts=())))
    assert hits == []


# --- properties --------------------------------------------------------------------------

pii_ish = st.lists(
    st.sampled_from(
        list("0123456789 -().+#@$:/,ABCMNTabcdelmnorstu\u200b４")
        + [
            "St",
            "Ave",
            "DOB ",
            "plate ",
            "SIN ",
            "born on ",
            "March ",
            ".com",
            "416",
            "555",
            "0199",
            "\n",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=120), pii_ish))
def test_never_crashes_spans_in_bounds_and_deterministic(text: str) -> None:
    first = find_personal_data(text, ALLOW)
    assert first == find_personal_data(text, ALLOW)
    for f in first:
        assert 0 <= f.start < f.end <= len(text)
        assert f.kind in KINDS or (f.allowlisted and f.kind in ("url", "handle"))


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=80), pii_ish))
def test_detector_never_crashes(text: str) -> None:
    hits = list(PersonalDataDetector().detect(_ctx(text)))
    assert hits == list(PersonalDataDetector().detect(_ctx(text)))


def test_long_adversarial_texts_stay_linear() -> None:
    import time

    for raw in [
        "1" * 20_000,
        "%" * 20_000,
        "a." * 10_000,
        "416-555-0199 " * 1_500,
        "a@b.cc " * 3_000,
        "a@" + "b" * 20_000,
        "12 Main St " * 2_000,
        "plate DOB born on SIN " * 1_000,
        "example.org/" + "4165550199/" * 2_000,
    ]:
        t0 = time.perf_counter()
        find_personal_data(raw, ALLOW)
        assert time.perf_counter() - t0 < 5.0, raw[:12]
