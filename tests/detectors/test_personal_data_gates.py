"""The cheap gates of the personal data scan are rewritten for speed; each must accept
exactly what its plain form accepts (the plain forms are kept here as the specification),
and the gated scan must find what the ungated one finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from _gate_posts import labelled_texts, pack_allowlists
from socialpolicy.detectors.personal_data._scan import (
    PersonalDataFinding,
    Scan,
    _nothing_to_find,
    find_personal_data,
)
from socialpolicy.detectors.personal_data.addresses import (
    _ADDRESS,
    _STREET_TYPES,
    _trie,
    scan_addresses,
)
from socialpolicy.detectors.personal_data.allowlist import scan_allowlisted_links
from socialpolicy.detectors.personal_data.birth_dates import BIRTH_CUE, scan_birth_dates
from socialpolicy.detectors.personal_data.emails import scan_emails
from socialpolicy.detectors.personal_data.phones import (
    _VANITY_HINT,
    _phone_shape,
    scan_phones,
    scan_short_codes,
)
from socialpolicy.detectors.personal_data.plates import scan_plates
from socialpolicy.detectors.personal_data.sin import scan_sins
from socialpolicy.normalise import plain

_SEP = r"[\s.\-\u2010-\u2015]{0,2}"
PLAIN_PHONE_SHAPE = re.compile(
    rf"(?<!\d)\(?[2-9]\d{{2}}\)?{_SEP}[2-9]\d{{2}}{_SEP}\d{{4}}(?!\d)|\+\s?\d"
)
PLAIN_STREET_TYPES = re.compile(rf"(?:{_STREET_TYPES})\b", re.I)

# Text made of what the shapes care about: digits, separators, parentheses, plus signs.
phone_ish = st.text(alphabet="0123456789 .-()+\u2011x", max_size=40)
street_ish = st.text(alphabet="stravenueblvdcourthwy .'", max_size=30)


@settings(max_examples=2000, deadline=None)
@given(phone_ish)
def test_phone_shape_gate_is_the_plain_pattern(text: str) -> None:
    assert _phone_shape(text) is (PLAIN_PHONE_SHAPE.search(text) is not None)


def test_phone_shape_examples() -> None:
    for text in ("call (416) 555-0199", "416.555.0199", "+44 20 7946 0958", "x4165550199"):
        assert _phone_shape(text)
    for text in ("14165550199", "416-155-0199", "1234567", "2024-2025 season", "a + b"):
        assert _phone_shape(text) is (PLAIN_PHONE_SHAPE.search(text) is not None)


@settings(max_examples=1000, deadline=None)
@given(street_ish)
def test_street_type_trie_matches_the_plain_alternation(text: str) -> None:
    trie = re.compile(rf"(?:{_trie(_STREET_TYPES.split('|'))})\b", re.I)
    for pos in range(len(text) + 1):
        a, b = trie.match(text, pos), PLAIN_STREET_TYPES.match(text, pos)
        assert (a and a.group()) == (b and b.group())


def test_address_numbers_are_read_from_their_first_digit() -> None:
    assert [m.group() for m in _ADDRESS.finditer("Meet at 123 Queen St today")] == ["123 Queen St"]
    # Inside a longer number no address starts (the scan rejected those afterwards anyway).
    assert [m.group("num") for m in _ADDRESS.finditer("ref 98765432 Queen St")] == []


email_ish = st.text(alphabet="ab_9.+-%@ é\u00e0x.co\n#@", max_size=50)


@settings(max_examples=2000, deadline=None)
@given(email_ish)
def test_email_spans_read_from_each_at_are_the_pattern_s_matches(text: str) -> None:
    from socialpolicy.detectors.personal_data.emails import _EMAIL, email_spans

    assert email_spans(text) == [m.span() for m in _EMAIL.finditer(text)]


def test_email_spans_on_mentions_and_addresses() -> None:
    from socialpolicy.detectors.personal_data.emails import email_spans

    text = "Thanks @TorontoPolice! Mail a.b+c@example.org or x@y.ca@z.com, not @home."
    assert [text[a:b] for a, b in email_spans(text)] == ["a.b+c@example.org", "x@y.ca"]


# --- the scan's gates (docs/performance.md, "Session 8: cheaper gates") ------------------------


def _ungated_run(scan: Scan) -> list[PersonalDataFinding]:
    """`Scan.run` before session 8: no digit count before the vanity numbers, the plate cue
    searched as an alternation. The gated scan must find exactly what this finds."""
    s = scan.s
    if "@" in s:
        scan_emails(scan)
    digits = len(re.findall(r"\d", s))
    if digits:
        low = s.lower()
        if digits >= 7 and _phone_shape(s):
            scan_phones(scan, True)
        elif _VANITY_HINT.search(s):
            scan_phones(scan, False)
        scan_short_codes(scan)
        if digits >= 9:
            scan_sins(scan, "SIN" in s or "NAS" in s or "surance" in low)
        scan_addresses(scan)
        if digits >= 5 and BIRTH_CUE.search(low):
            scan_birth_dates(scan)
        if re.search(r"plate|licen|tag", low):
            scan_plates(scan)
    if (scan.allow.urls and "." in s) or (scan.allow.handles and "@" in s):
        scan_allowlisted_links(scan)
    scan.found.sort(key=lambda f: (f.start, f.end, f.kind))
    return scan.found


def _same_findings(text: str) -> None:
    view = plain(text)
    for allow in pack_allowlists():
        for toll in (False, True):
            assert Scan(view, allow, toll).run() == _ungated_run(Scan(view, allow, toll)), text


# Text made of what the scanners read: digits, capitals, separators and their cue words.
pd_ish = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "416",
                "555",
                "0199",
                "2",
                "17",
                "TIPS",
                "plate",
                "TAG",
                "licence",
                "DOB",
                "born",
                "SIN",
                "Main St",
                "M5G 2C3",
                "@",
                "tps.ca",
                "@TorontoPolice",
                "911",
                "x",
                "-",
                ".",
                ",",
                " ",
                "\n",
                "ABC",
                "1234",
            ]
        ),  # fmt: skip
        st.text(alphabet="0123456789 -.()ABCTSINplatedobr@", max_size=8),
    ),
    max_size=14,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(pd_ish, st.text(max_size=120)))
def test_gated_scan_finds_what_the_ungated_scan_finds(text: str) -> None:
    _same_findings(text)


def test_gated_scan_on_the_development_posts() -> None:
    texts = labelled_texts()
    assert len(texts) > 300
    for text in texts:
        _same_findings(text)


def test_vanity_numbers_still_read_behind_the_digit_count() -> None:
    # An advertised line is a business line: counted only when toll-free lines are.
    (f,) = find_personal_data("Call 416-222-TIPS now", flag_toll_free=True)
    assert (f.kind, f.value) == ("phone", "+14162228477")
    assert find_personal_data("Call 41-2 TIPS now", flag_toll_free=True) == []
    assert [f.kind for f in find_personal_data("Tag ABC1234 seen")] == ["licence_plate"]


# --- the no-candidate path (docs/performance.md, "Session 9: gatespeed") ----------------------


def _nothing_found_when_gated(text: str) -> None:
    """Where `_nothing_to_find` says a field holds nothing, the full scan finds nothing."""
    view = plain(text)
    for allow in pack_allowlists():
        if _nothing_to_find(view.text, allow):
            for toll in (False, True):
                assert Scan(view, allow, toll).run() == [], text
            assert find_personal_data(text, allow) == []


# Letters, cue words, the allowlisted url in any case, markup that the plain view drops,
# invisibles, typographic quotes, NBSP, emoji and other scripts' digits.
no_digit_ish = st.lists(
    st.sampled_from(
        [
            "tps",
            ".",
            "ca",
            "TPS.CA",
            "www.tps.ca",
            "<b>",
            "**",
            "_",
            "~",
            "\u200b",
            "\u00a0",
            "\u201c",
            "\u2019",
            "\n",
            " ",
            "\U0001f644",
            "\uff14",
            "\u0664",
            "\u00b2",
            "O",
            "l",
            "plate",
            "born",
            "Main St",
            "TIPS",
            "soooo",
        ]
    ),  # fmt: skip
    max_size=16,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(no_digit_ish, pd_ish, st.text(max_size=120)))
def test_no_candidate_path_finds_what_the_scan_finds(text: str) -> None:
    _nothing_found_when_gated(text)


def test_no_candidate_path_on_the_development_posts() -> None:
    texts = labelled_texts()
    assert sum(_nothing_to_find(plain(t).text, pack_allowlists()[1]) for t in texts) > 50
    for text in texts:
        _nothing_found_when_gated(text)
    # the allowlisted url alone keeps the scan: it is an allowlisted contact
    assert not _nothing_to_find("see TPS.ca for more", pack_allowlists()[1])
