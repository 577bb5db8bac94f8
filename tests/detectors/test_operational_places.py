"""The police information reading finds a cue's named place around the cue (issue 13).

Once any cue of a long post opened the gate, every named place of the field was read ("on
Pharmacy Ave", "in Mill Woods"): a search of the whole view that short posts of the same
words mostly skip. Places are read now in blocks of the view, only those around a cue.
Counted: the characters the place pattern is searched over, not time. And the blocks find
the places a search of the whole view finds, on arbitrary text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.operational import OperationalDetector
from socialpolicy.detectors.police_info import reading
from socialpolicy.detectors.police_info.reading import Reading
from socialpolicy.inputs import Post

POLICY = shared_policy("toronto")
CUE = "Heads up, raid on a house on Dufferin next week. Keep it quiet. "
# Plain words with a named place in every sentence, none of them a cue.
FILLER = "Volunteers repainted benches at Dufferin Grove Park; fresh tulips line Bloor Street. "


def _context(text: str) -> Context:
    post = Post(id="long", text=text, created_at="2025-06-02T12:00:00Z")  # type: ignore[arg-type]
    return Context(
        post=post,
        author=POLICY.pack.assumed_account,
        account_given=False,
        resources=POLICY._resources,  # noqa: SLF001
    )


class _CountedPlaces:
    """The place pattern, counting the characters its searches cover."""

    def __init__(self) -> None:
        self.read = 0
        self.pattern = reading._PLACE  # noqa: SLF001

    def finditer(self, s: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        end = len(s) if endpos is None else min(endpos, len(s))
        self.read += max(0, end - pos)
        return self.pattern.finditer(s, pos, end)


def test_a_cue_reads_the_places_around_it_only(monkeypatch: pytest.MonkeyPatch) -> None:
    read: dict[int, int] = {}
    for n in (100, 1000):  # about 8k and 80k characters
        counted = _CountedPlaces()
        monkeypatch.setattr(reading, "_PLACE", counted)
        hits = list(OperationalDetector().detect(_context(CUE + FILLER * n)))
        assert "Dufferin" in {e.text for h in hits for e in h.evidence}
        read[n] = counted.read
    assert read[1000] <= read[100], read  # the same blocks around the one cue
    assert read[1000] < 4 * (reading._BLOCK + 2 * reading._BLOCK_MARGIN), read  # noqa: SLF001


PIECES = st.sampled_from(
    [
        "on Pharmacy Ave", "at the Palace Tavern", "near 82 St & 107 Ave", "in 31 Division",
        "in Mill Woods", "in June", "on", "at", " ", "  ", "\n", ". ", "the ", "Queen",
        "St.", "x", "raid", "\u200b", "going to", "King's", "ok", "Ave-",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=120).map("".join))
def test_places_read_in_blocks_are_those_of_the_whole_view(text: str) -> None:
    ctx = _context(text or "x")
    nt = ctx.normalised("text", ctx.post.text)
    r = Reading("text", nt, ctx.grouped("text", ctx.post.text), None)
    whole = Reading("text", nt, ctx.grouped("text", ctx.post.text), None)
    block, block_margin = reading._BLOCK, reading._BLOCK_MARGIN  # noqa: SLF001
    try:
        reading._BLOCK = 10**9  # noqa: SLF001 - one block: the whole view searched
        everything = whole.places()
        reading._BLOCK, reading._BLOCK_MARGIN = 32, 64  # noqa: SLF001 - longer than a place here
        assert r.places() == everything
        assert r.first_place() == (everything[0] if everything else None)
        n = len(nt.text)
        for lo in range(-10, n + 10, 7):
            hi = lo + 15
            near = r.places_near(lo, hi)
            assert near == sorted(near, key=lambda p: p.start)
            assert [p for p in everything if p.end >= lo and p.start <= hi] == [
                p for p in near if p.end >= lo and p.start <= hi
            ]
    finally:
        reading._BLOCK, reading._BLOCK_MARGIN = block, block_margin  # noqa: SLF001


NAMED = "The officer who shot the man on Stony Plain Rd is Cst. Priya Gill, from what I was told. "
# Officers named by rank in every sentence, no case near them.
AWARDS = "Congratulations to Cst. Amy Lau and Sgt. Ray Odom on their awards this spring. "


class _CountedRanked(_CountedPlaces):
    def __init__(self) -> None:
        super().__init__()
        from socialpolicy.detectors.police_info import officers

        self.pattern = officers._RANKED  # noqa: SLF001


def test_an_officer_named_in_a_case_is_read_around_the_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from socialpolicy.detectors.police_info import officers

    read: dict[int, int] = {}
    for n in (100, 1000):
        counted = _CountedRanked()
        monkeypatch.setattr(officers, "_RANKED", counted)
        hits = list(OperationalDetector().detect(_context(NAMED + AWARDS * n)))
        assert "officer_named" in {h.tag for h in hits}
        read[n] = counted.read
    assert read[1000] <= read[100], read
    assert read[1000] < 4 * (reading._BLOCK + 2 * reading._BLOCK_MARGIN), read  # noqa: SLF001
