"""Street addresses: sentence ends and everyday words are not street names."""

from __future__ import annotations

import pytest

from socialpolicy.detectors.personal_data import find_personal_data


def addresses(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_personal_data(text) if f.kind == "address"]


@pytest.mark.parametrize(
    "text",
    [
        "Lost dog safe at 14 Division. Non-emergency line: 416-808-2222.",
        "Call 14 division non-emergency line for updates.",
        "We had 3 calls on the way back.",
    ],
)
def test_not_an_address(text: str) -> None:
    assert addresses(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He moved to 45 Elm Drive, apt 3 last week.", "45 Elm Drive, apt 3"),
        ("Meet at 123 St. Clair Ave W tomorrow.", "123 St. Clair Ave W"),
        ("Their place is 12 Maple Way.", "12 Maple Way"),
        ("we met at 200 king st w", "200 king st w"),
        ("Farm at 3 Concession Line", "3 Concession Line"),
    ],
)
def test_addresses_still_found(text: str, expected: str) -> None:
    assert addresses(text) == [expected]
