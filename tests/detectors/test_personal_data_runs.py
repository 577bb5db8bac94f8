"""The digit-bearing scanners read one shared scan of digit runs (`_runs.DigitRuns`) and try
their patterns only where a match can start. The previous path, every pattern searched over
the whole text behind the old gates, is kept here as the specification: both must give the
same findings on any text."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from _gate_posts import labelled_texts, pack_allowlists
from socialpolicy.detectors.personal_data import _runs
from socialpolicy.detectors.personal_data._runs import DigitRuns
from socialpolicy.detectors.personal_data._scan import PersonalDataFinding, Scan
from socialpolicy.detectors.personal_data.addresses import (
    _ADDRESS,
    _POSTAL_REST,
    postal_codes,
    scan_addresses,
)
from socialpolicy.detectors.personal_data.allowlist import Allowlist, scan_allowlisted_links
from socialpolicy.detectors.personal_data.birth_dates import BIRTH_CUE, birth_cue, scan_birth_dates
from socialpolicy.detectors.personal_data.emails import scan_emails
from socialpolicy.detectors.personal_data.phones import (
    _NANP_SHAPE,
    _VANITY_HINT,
    _phone_shape,
    _vanity_hint,
    scan_phones,
    scan_short_codes,
)
from socialpolicy.detectors.personal_data.plates import plate_cue, scan_plates
from socialpolicy.detectors.personal_data.sin import _SIN, scan_sins
from socialpolicy.normalise import plain


def _whole_text_run(scan: Scan) -> list[PersonalDataFinding]:
    """`Scan.run` before the shared digit scan: a digit count, the gates' regexes searched
    over the whole text, and `scan.runs` left None so each scanner does the same."""
    s = scan.s
    assert scan.runs is None
    if "@" in s:
        scan_emails(scan)
    digits = len(re.findall(r"\d", s))
    if digits:
        low = s.lower()
        if digits >= 7 and _phone_shape(s):
            scan_phones(scan, True)
        elif digits >= 3 and _VANITY_HINT.search(s):
            scan_phones(scan, False)
        scan_short_codes(scan)
        if digits >= 9:
            scan_sins(scan, "SIN" in s or "NAS" in s or "surance" in low)
        scan_addresses(scan)
        if digits >= 5 and BIRTH_CUE.search(low):
            scan_birth_dates(scan)
        if plate_cue(low):
            scan_plates(scan)
    if (scan.allow.urls and "." in s) or (scan.allow.handles and "@" in s):
        scan_allowlisted_links(scan)
    scan.found.sort(key=lambda f: (f.start, f.end, f.kind))
    return scan.found


def _same_findings(text: str) -> None:
    view = plain(text)
    for allow in pack_allowlists():
        for toll in (False, True):
            shared = Scan(view, allow, toll).run()
            assert shared == _whole_text_run(Scan(view, allow, toll)), text


# Digits (ASCII, fullwidth, Arabic-Indic, Devanagari: all \d), the separators the shapes
# read, zero-width characters, letters of postal codes, street words and cues.
_DIGITS = "0123456789\uff11\uff19\u0663\u0967"
pieces = st.one_of(
    st.sampled_from(
        [
            "416",
            "555",
            "0199",
            "2",
            "17",
            "1234",
            "123456",
            "1234567",
            "046",
            "454",
            "286",
            "(416)",
            "+1",
            "+44 ",
            "TIPS",
            "ABC",
            "M5G",
            "2C3",
            "T5J 0N3",
            "Main St",
            "Ave NW",
            "Queen Street",
            "Apt 4",
            "#",
            "DOB",
            "born on",
            "March",
            "1988",
            "SIN",
            "NAS",
            "social insurance",
            "plate",
            "tag",
            "licence",
            "case",
            "report #",
            "@",
            "tps.ca",
            "https://t.co/",
            "911",
            "\u200b",
            "\u2011",
            "-",
            ".",
            ",",
            "/",
            ":",
            " ",
            "\n",
        ]
    ),  # fmt: skip
    st.text(alphabet=_DIGITS + " -./()+#ABCMNTSWabcnst\u200b\u00a0", max_size=10),
)
digit_heavy = st.lists(pieces, max_size=16).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(digit_heavy, st.text(max_size=160)))
@example("at 9812 105 St NW, 123456 Main St or 1234567 Main St")
@example("born on 12/03/88, DOB 1988-3-12, born March 3, 1988")
@example("tel. 416 555 0199 x12, 1-800-GOT-JUNK, SIN: 046454286")
def test_shared_scan_finds_what_the_whole_text_scan_finds(text: str) -> None:
    _same_findings(text)


@settings(max_examples=25, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=8).map("".join), st.integers(200, 2000))
def test_same_findings_on_huge_repeats(unit: str, times: int) -> None:
    _same_findings((unit + " ") * times)


def test_same_findings_on_the_development_posts() -> None:
    texts = labelled_texts()
    assert len(texts) > 300
    for text in texts:
        _same_findings(text)


def test_examples_of_every_digit_kind() -> None:
    text = (
        "Call 416-555-0199 or 416-222-TIPS; SIN 046 454 286; lives at 12 Queen St W, "
        "Toronto, ON M5G 2C3; DOB 1988-03-12; plate ABC 1234; T5J 0N3."
    )
    kinds = {f.kind for f in Scan(plain(text), Allowlist(), True).run()}
    assert kinds == {"phone", "sin", "address", "birth_date", "licence_plate"}
    _same_findings(text)


def test_digit_runs() -> None:
    runs = DigitRuns("a 12 b 3456, \u0663\u0663 c")
    assert runs.spans == [(2, 4), (7, 11), (13, 15)]
    assert (runs.starts, runs.ends, runs.digits) == ([2, 7, 13], [4, 11, 15], 8)
    assert DigitRuns("no digits at all").spans == []
    assert DigitRuns("caf\u00e9 sans chiffres").digits == 0


# Each candidate list must hold every place a match can start: checked pattern by pattern.
def _candidates(s: str) -> dict[str, tuple[re.Pattern[str], list[int]]]:
    runs = DigitRuns(s)
    return {
        "address": (_ADDRESS, [a for a, b in runs.spans if b - a <= 6]),
        "postal": (_POSTAL_REST, [b - 1 for b in runs.ends]),
        "sin": (
            _SIN,
            [b - 3 for a, b in runs.spans if b - a >= 3 and s[b : b + 1] in (" ", "-")],
        ),
    }


@settings(max_examples=1500, deadline=None)
@given(st.one_of(digit_heavy, st.text(max_size=80)))
def test_candidate_iteration_is_the_whole_text_iteration(text: str) -> None:
    for pattern, starts in _candidates(text).values():
        assert [m.span() for m in _runs.finditer(pattern, text, starts)] == [
            m.span() for m in pattern.finditer(text)
        ]
        for pos in range(0, len(text) + 1, 7):
            got = _runs.search(pattern, text, pos, starts)
            want = pattern.search(text, pos)
            assert (got and got.span()) == (want and want.span())
    runs = DigitRuns(text)
    assert _phone_shape(text, runs) is _phone_shape(text)
    assert _vanity_hint(text, runs) is (_VANITY_HINT.search(text) is not None)
    assert list(postal_codes(text, runs.ends)) == list(postal_codes(text))
    assert (_NANP_SHAPE.search(text) is not None) <= (runs.digits >= 10)


class _CountingPattern:
    """A pattern that counts its `match` calls (the shape of work the loops do)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.calls = pattern, 0

    def match(self, s: str, pos: int) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(s, pos)


def test_searching_on_from_each_match_tries_each_candidate_once() -> None:
    # The address loop searches again from each match: with bisection, every candidate is
    # tried at most once over the whole loop, so many numbers stay linear.
    text = "12 ab " * 5000
    starts = DigitRuns(text).starts
    counting = _CountingPattern(re.compile(r"\d+"))
    pos, found = 0, 0
    while (m := _runs.search(counting, text, pos, starts)) is not None:  # type: ignore[arg-type]
        pos, found = m.end(), found + 1
    assert found == len(starts) == 5000
    assert counting.calls == len(starts)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="dob.irthnée lasc", max_size=30))
def test_birth_cue_substrings_are_the_cue_pattern(low: str) -> None:
    assert birth_cue(low) is (BIRTH_CUE.search(low) is not None)


def test_postal_codes_glued_together_read_the_same() -> None:
    for text in ("A1B2C3D4E5F6", "1B 2C3 M5G2C3", "x9A9A9 K1A0B1-", "T5J 0N3T5J 0N3", "M5G 2C3"):
        runs = DigitRuns(text)
        assert list(postal_codes(text, runs.ends)) == list(postal_codes(text)), text
    assert [key for _, _, key in postal_codes("M5G 2C3", DigitRuns("M5G 2C3").ends)] == ["m5g2c3"]
