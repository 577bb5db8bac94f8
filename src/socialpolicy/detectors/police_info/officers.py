"""Officers exposed: a covert officer pointed out, where an officer lives, security details.

- **a covert officer identified**: a covert cue (`ops_covert`: undercover, plainclothes, UC,
  a detective emoji) with the person pointed out: described (`ops_identify`: "the guy in the
  green hoodie", "wearing", "drives a", "is one of ours", "don't blow his cover") or named
  (an officer by rank in the same sentence, "Cst. Bell"; or a name right by the cue, "Mark Bell
  is the undercover"). Telling who a working covert officer is, is
  a breach by itself. Stories told after the fact ("spent ten years undercover") are not;
- **where an officer lives, or their family** (`ops_officer_home` near `ops_officer_ref`):
  pointed to with its place (a street, a neighbourhood, a position: "lives on my street in
  Terwillegar"), a breach by itself; without a place, or about the author's own ("my partner
  lives near ..."), for a person to judge;
- **an officer named in a case, from an inside source**: an officer named by rank with a
  not-for-the-public cue ("from what I was told", "off the record") and a case or incident
  ("the officer who shot ..."): a breach by itself. Services name officers every day for
  awards and events, so a name alone is nothing;
- **an informant or a source inside a group** (`ops_informant`): with the group or place, or
  told as inside knowledge, a breach by itself; alone, for a person to judge (unless the post
  is a public appeal);
- **security details** (`ops_security`: door codes, radio channels, blind spots): with the
  number itself a breach; without it, for a person to judge.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.police_info.reading import (
    CASE,
    COLOUR,
    COVERT,
    HEDGE,
    IDENTIFY,
    INFORMANT,
    OFFICER_HOME,
    OFFICER_REF,
    ONE_OF_OURS,
    REACH,
    SECURITY,
    SOURCE,
    Cue,
    Finding,
    Reading,
    span_evidence,
)

SAFETY = "officer_safety"
HOME_REACH = 60  # characters from "lives on" to the officer it is about
SECURITY_REACH = 30  # from "door code" to the code itself

_NUMBER = re.compile(r"\d+")
_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
# An officer named by rank: "Cst. Bell", "Sgt Patel", "Det. R. Kim".
_RANKS = "Cst Const Constable PC DC Sgt Sergeant Det Detective Insp Inspector Officer Agent"
# Each rank led by its own first letter, the word boundary before it looked behind at from
# its end: `re` then skips to the letters that can open a rank (led by `\b` it tried every
# position of the view, 22 ns per character of a long post; now 6).
_RANKED = re.compile(
    "(?:" + "|".join(rf"{w}(?<!\w{w})" for w in _RANKS.split()) + ")"
    rf"\.?\s+(?:[{_UP}]\.\s*)*[{_UP}][{_LO}'’-]+"
)
# Two or three capitalised words: a person's name when it sits right by the covert cue
# ("Mark Bell is the undercover", "undercover: Jen Ortiz").
_NAME = re.compile(rf"(?<![\w@#])[{_UP}][{_LO}]+(?: [{_UP}][{_LO}]+){{1,2}}\b")
NAME_GAP = 12  # characters between such a name and the covert cue ("is the", ": ")
DESCRIPTION_REACH = 80  # from a covert cue to the clothes or car described
# A short phrase in quotes: a disguise ("tourist", 'homeless guy').
_QUOTED = re.compile(r"[\"\u201c\u2018'](?=\w)[\w' -]{2,24}(?<=\w)[\"\u201d\u2019']")
# What comes right before a colour that describes someone: "in the", "wearing a", "drives a".
_DESCRIBING = re.compile(r"\b(?:in|driving|drives|wearing|with)\s+(?:a|an|the)\s+$")


def _named(r: Reading, cue: LexiconMatch) -> Cue | None:
    """A person named by the covert cue, read from the author's capitals: an officer by rank
    in its sentence or the next ("who's the undercover? It's Cst. Roy"), or a plain name right
    next to the cue.

    The first such match in text order, looked up among the field's matches (found once) by
    bisection: only those that can start in the two sentences, or end or start within the gap
    of the cue, are read (a search of the whole text per cue was quadratic in a long post
    full of cues)."""
    s = r.sents.index(cue.start)
    lo, _ = r.nt.original_offsets(*r.sents.bounds(s))
    _, hi = r.nt.original_offsets(*r.sents.bounds(s + 1))
    oa, ob = r.nt.original_offsets(cue.start, cue.end)
    # an officer by rank: the first that starts in the sentences and is not the cue itself
    # (the name may run past the sentence end the splitter sees after "Cst.")
    starts, ends = r.found(_RANKED)
    for i in range(bisect_left(starts, lo), len(starts)):
        a, b = starts[i], ends[i]
        if a >= hi:
            break
        if not (a < ob and oa < b):
            return Cue(found=span_evidence(r.field, r.nt.original, a, b))
    # a plain name that ends at most NAME_GAP before the cue or starts at most NAME_GAP after
    # it: none ending earlier than that, none starting later (the matches do not overlap)
    starts, ends = r.found(_NAME)
    for i in range(bisect_left(ends, oa - NAME_GAP), len(starts)):
        a, b = starts[i], ends[i]
        if a > ob + NAME_GAP:
            break
        if a < lo or a >= hi or (a < ob and oa < b):
            continue
        if 0 <= oa - b <= NAME_GAP or 0 <= a - ob <= NAME_GAP:
            return Cue(found=span_evidence(r.field, r.nt.original, a, b))
    return None


def _described(r: Reading, cue: LexiconMatch) -> LexiconMatch | None:
    """Clothes or a car described near the cue: "in the green Civic", "wearing a red cap"."""
    text = r.nt.text
    for c in r.g.get(COLOUR, ()):
        if r.close(cue, c, DESCRIPTION_REACH) and _DESCRIBING.search(
            text, max(0, c.start - 14), c.start
        ):
            return c
    return None


def _disguise(r: Reading, cue: LexiconMatch) -> Cue | None:
    """A disguise in quotes in the cue's sentence or the two before: the "tourist", the
    'homeless guy' ("... the 'tourist' at the square? Yeah. One of ours.").

    The first quotation that starts in those sentences is the only one that can also end in
    them (the quotations do not overlap): found by bisection among the field's quotations."""
    s = r.sents.index(cue.start)
    lo, _ = r.nt.original_offsets(*r.sents.bounds(s - 2))
    _, hi = r.nt.original_offsets(*r.sents.bounds(s))
    starts, ends = r.found(_QUOTED)
    i = bisect_left(starts, lo)
    if i < len(starts) and ends[i] <= hi:
        return Cue(found=span_evidence(r.field, r.nt.original, starts[i], ends[i]))
    return None


def covert_officer(r: Reading) -> Iterator[Finding]:
    for cue in r.g.get(COVERT, ()):
        # a story told after the fact ("spent ten years undercover") exposes no one working
        if r.negated(cue) or r.told_after(cue, was=False):
            continue
        who: LexiconMatch | Cue | None = r.first_close(r.g.get(IDENTIFY, ()), cue)
        if who is None:
            who = _described(r, cue) or _named(r, cue)
        if who is not None:
            yield Finding(SAFETY, "covert_officer", True, (cue, who))
            return
    # no covert word: someone people can see, pointed out and said to be police, with where
    # they are or as a tip-off ("my son is a cop in 41 Division" points no one out)
    for cue in r.g.get(ONE_OF_OURS, ()):
        if r.told_after(cue, was=False):
            continue
        who = r.first_close(r.g.get(IDENTIFY, ()), cue) or _disguise(r, cue)
        tip = r.marker(cue)
        where = r.where(cue) if who is not None else None
        if who is not None and (where is not None or tip is not None):
            yield Finding(SAFETY, "covert_officer", True, (cue, who, where or tip))
            return


def officer_home(r: Reading) -> Iterator[Finding]:
    refs = r.g.get(OFFICER_REF, ())
    for home in r.g.get(OFFICER_HOME, ()):
        # only the references within reach are asked (every one per home word was quadratic)
        ref = next(
            (
                x
                for x in r.around(refs, home.start - HOME_REACH, home.end + HOME_REACH)
                if home.start - x.end <= HOME_REACH and x.start - home.end <= HOME_REACH
            ),
            None,
        )
        if ref is not None:
            # pointed to (a street, a neighbourhood, "two blocks from"): a breach by itself,
            # unless the officer is the author's own ("my partner lives near the school")
            where = None if ref.term.startswith("my ") else r.where(home)
            yield Finding(SAFETY, "officer_home", where is not None, (ref, home, where))
            return


def security(r: Reading) -> Iterator[Finding]:
    cues = r.g.get(SECURITY, ())
    for cue in cues:
        # "the door code is 4521", "we're on channel 7": the detail itself is given
        m = _NUMBER.search(r.nt.text, cue.end, cue.end + SECURITY_REACH)
        if m is not None:
            number = LexiconMatch("number", m.group(), m.start(), m.end())
            yield Finding(SAFETY, "security_detail", True, (cue, number))
            return
    if cues:
        yield Finding(SAFETY, "security_detail", False, (cues[0],))


def officer_named(r: Reading) -> Iterator[Finding]:
    """An officer named by rank in a case, told from an inside source."""
    sources = r.get(SOURCE, HEDGE)
    cases = r.g.get(CASE, ())
    if not sources or not cases:
        return
    view = r.view()
    # Only a name within reach of a case can be close to one: the names of the blocks
    # around the cases are read, in text order (the whole view was, once the gate opened).
    blocks = sorted({k for c in cases for k in r.blocks(c.start - REACH, c.end + REACH)})
    for m in (m for k in blocks for m in r.block_matches(_RANKED, k)):
        a, b = view.original_offsets(*m.span())
        na, nb = r.to_normalised(a), r.to_normalised(b)
        if nb <= na:
            continue
        name = LexiconMatch("officer", view.text[m.start() : m.end()], na, nb)
        source = r.first_close(sources, name, whole_short=True)
        case = r.first_close(cases, name)
        if source is not None and case is not None:
            yield Finding(SAFETY, "officer_named", True, (name, case, source))
            return


def informant(r: Reading) -> Iterator[Finding]:
    hint: Finding | None = None
    for cue in r.g.get(INFORMANT, ()):
        if r.negated(cue) or r.told_after(cue):
            continue
        p, m = r.where(cue), r.marker(cue)
        if p is not None or m is not None:
            yield Finding(SAFETY, "informant", True, (cue, p, m))
            return
        if hint is None and not r.public():
            hint = Finding(SAFETY, "informant", False, (cue,))
    if hint is not None:
        yield hint
