"""Personal data's cue-led patterns are tried only where a cue word can start (issue 13).

The SIN-with-a-cue, birth-date and licence plate patterns open with `\\b` and a word; once
their gate was open (a cue word and enough digits anywhere in the field, or a plate cue's
letters: every long post of police news, few short ones) `finditer` tried them at every
position. They are tried at the words opening with a cue's first letter (a plate's cue word)
only: counted, and the same findings (property against the old scan).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _counted import CountedPattern
from socialpolicy.detectors.personal_data import birth_dates, plates, sin
from socialpolicy.detectors.personal_data._runs import finditer
from socialpolicy.detectors.personal_data._scan import find_personal_data

FILLER = "Officers closed the road after a crash on the ring road and asked drivers to avoid it. "
LONG = (
    "Her SIN is 046 454 286 and she was born on 12/03/1988 near the station. "
    "The backstage van had plate AB12 CDE. " + FILLER * 300
)


@pytest.mark.parametrize(
    ("module", "name"), [(sin, "_SIN_CUED"), (birth_dates, "_BIRTH"), (plates, "_PLATE")]
)
def test_cue_patterns_are_tried_at_cue_words_only(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str
) -> None:
    counted = CountedPattern(getattr(module, name))
    monkeypatch.setattr(module, name, counted)
    kinds = {f.kind for f in find_personal_data(LONG)}
    assert {"sin", "birth_date", "licence_plate"} <= kinds
    # Words opening with s/n (SIN) or d/b/n (birth): a few hundred; plate's cue words: two.
    # Not the 26,000 positions.
    assert counted.tried < len(LONG) // 20, f"tried at {counted.tried} of {len(LONG)} positions"


PIECES = st.sampled_from(
    [
        "SIN", "NAS", "sin", "Social insurance number", "social  insurance", "numéro d'assurance "
        "sociale", "ſocial insurance", "xSIN", "_SIN", " ", ": ", "#", "is ", "046 454 286",
        "046-454-286", "046454286", "DOB", "d.o.b.", "dob: ", "Born on ", "born ", "birthday is ",
        "date of birth ", "née le ", "ne le ", "date de naissance ", "12/03/1988", "1988-03-12",
        "March 3, 1988", "3rd of March 1988", "xborn ", "2", ".", "a", "plate ", "Plates: ",
        "licence plate ", "LICENSE ", "tag ", "stage ", "xtag", "AB12 CDE", "ab-12cd", "# ",
    ]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_cue_patterns_find_what_finditer_finds(text: str) -> None:
    for pattern, start in (
        (sin._SIN_CUED, sin._SIN_CUE_START),
        (birth_dates._BIRTH, birth_dates._BIRTH_START),
        (plates._PLATE, plates._PLATE_START),
    ):  # noqa: SLF001
        starts = [c.start() for c in start.finditer(text)]
        tried = [m.span() for m in finditer(pattern, text, starts)]
        assert tried == [m.span() for m in pattern.finditer(text)]
