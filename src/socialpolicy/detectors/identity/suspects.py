"""A suspect named in informal words ("suspect is ...", "we picked up ...") outside a formal
public update: a heuristic for the investigation rule, to confirm."""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.identity.evidence import ev
from socialpolicy.detectors.identity.field import Field
from socialpolicy.detectors.identity.lexicons import PUBLIC, SUSPECT

SUSPECT_GAP = 12  # characters from "suspect is" / "we picked up" to the name it introduces
_ARTICLE = re.compile(r"\b(?:the|a|an)\b", re.IGNORECASE)


def named_suspects(f: Field) -> Iterator[Hit]:
    if PUBLIC in f.g:
        return
    cues = f.spans(SUSPECT)
    if not cues:
        return
    for name in f.names():
        for cue in cues:
            gap = f.raw[cue[1] : name[0]]
            if (
                0 <= name[0] - cue[1] <= SUSPECT_GAP
                and not _ARTICLE.search(gap)
                and not f.victim(name)
            ):
                yield Hit("identity.named_suspect", (ev(f, *cue), ev(f, *name)))
                return
