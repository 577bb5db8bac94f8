"""The respect detector's whole-field scans skip to where they can match (issue 13).

Once a cue opens the gate, the handles of the field (`_HANDLE`, led by a lookbehind) and the
hint of a mocking voice (`MOCK_CASE_HINT`, led by any lower-case letter) were tried at every
position, or nearly, of a long post that short posts of the same words mostly never read.
Led now by their rare character ("@" or "#", a capital), with what comes before it looked
behind at. The same matches as the old patterns (property); the time is in
docs/performance.md ("Session 12: ordinary text").
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.detectors.respect import condescension, mockery, speech

OLD_HANDLE = re.compile(r"(?<![\w@#])[@#]\w+")
OLD_HINT = re.compile(r"[a-z][A-Z][a-z][A-Z]")
PIECES = st.sampled_from(
    ["@", "#", "a", "B", "c", "D", "_", "1", " ", "@@", "é", "É", "kel_writes", "aBcD", "x@y"]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_the_scans_find_what_the_old_patterns_found(text: str) -> None:
    handles = speech._HANDLE  # noqa: SLF001
    assert [m.span() for m in handles.finditer(text)] == [
        m.span() for m in OLD_HANDLE.finditer(text)
    ]
    hints = [m.start() - 1 for m in mockery.MOCK_CASE_HINT.finditer(text)]
    assert hints == [m.start() for m in OLD_HINT.finditer(text)]


OLD_TITLED_ADDRESS = re.compile(
    r"(?:^|[,.!?]) *(?:Mr|Mrs|Ms|Mx|Miss|Dr|Commissioner|Councillor|Councilor|Alderman|Mayor)"
    r"\.? +[A-Z][a-z'-]+ *(?:[,.!?]|$)"
)
TITLE_PIECES = st.sampled_from(
    ["Mr", "Mrs", "Mayor", "Dr", "M", ".", ",", "!", " ", "  ", "Dubois", "Park", "x", "\n",
     "Mr Mayor ", "a", "'s", "-"]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(TITLE_PIECES, max_size=16).map("".join))
def test_a_titled_address_is_found_as_before(text: str) -> None:
    assert condescension.titled_address(text) == (OLD_TITLED_ADDRESS.search(text) is not None)
