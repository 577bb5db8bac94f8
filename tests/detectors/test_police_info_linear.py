"""The police information reading's whole-view patterns skip to where they can match (issue 13).

Behind the officer-named gate (an inside source and a case in the post: open in a long post
of police news, shut in most short ones) the ranked-officer pattern reads the whole plain view.
Led by `\\b` it was tried at every position; led by each rank's first letter it is tried only
there. The same matches (property against the old pattern).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.detectors.police_info import officers

_UP, _LO = officers._UP, officers._LO  # noqa: SLF001
OLD_RANKED = re.compile(
    r"\b(?:Cst|Const|Constable|PC|DC|Sgt|Sergeant|Det|Detective|Insp|Inspector|Officer|Agent)"
    rf"\.?\s+(?:[{_UP}]\.\s*)*[{_UP}][{_LO}'’-]+"
)
PIECES = st.sampled_from(
    [
        "Cst", "Const", "Constable", "PC", "DC", "Sgt", "Sergeant", "Det", "Detective", "Insp",
        "Inspector", "Officer", "Agent", "xCst", "_", "2", ".", " ", "  ", "\n", "R.", "R. ",
        "Bell", "Kim", "Élise", "o'", "-", "a", "ÉCst",
    ]
)  # fmt: skip


@settings(max_examples=4000, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_ranked_officers_are_found_as_before(text: str) -> None:
    new = [m.span() for m in officers._RANKED.finditer(text)]  # noqa: SLF001
    assert new == [m.span() for m in OLD_RANKED.finditer(text)]
