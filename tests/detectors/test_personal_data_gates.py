"""The cheap gates of the personal data scan are rewritten for speed; each must accept
exactly what its plain form accepts (the plain forms are kept here as the specification)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.detectors.personal_data.addresses import _ADDRESS, _STREET_TYPES, _trie
from socialpolicy.detectors.personal_data.phones import _phone_shape

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
