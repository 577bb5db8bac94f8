"""How a detail about police work is told: when, where, and whether it is meant for the public.

A police account mentions raids, patrols, warrants, streets and times every day. What makes a
detail police information that must not be released is not its topic but three things around
it, which every concept of this package reads the same way:

- **timing**: it comes *before* the operation ("tomorrow at dawn", "planned for next week",
  "we go in once the warrant is signed"), or while it is live; a report of what already
  happened ("officers raided a house this morning") is told after the fact;
- **specificity**: a place someone could go to (a named street or venue, "two blocks from the
  target", a numbered division, the photo's geotag), a time, a number of officers;
- **source**: the author marks it as not for the public ("between us", "heard on the radio",
  "from the briefing", a wink) or as a tip-off to the people police are dealing with ("psst",
  "take the side streets", "behave"). Openers that official notices use too ("heads up",
  "FYI") only ever make a detail worth a person's check.

`Reading` computes these for one field of the author's own words, lazily and only around a
cue a lexicon already found (all word lists are pack lexicons). Positions are in the
normalised text; named places are read from the author's capitals in the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from socialpolicy.citations import Span
from socialpolicy.detectors._windows import Groups, Sentences, evidence
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText, plain_of

DETECTOR = "operational"

# --- lexicons (both packs ship the same ids) ------------------------------------------------
TACTICAL = "ops_tactical"  # acts of an enforcement operation: raid, entry, takedown, stakeout
STRIKE = "ops_strike"  # verbs of moving on premises: hitting, raiding, sitting on
PREMISES = "ops_premises"  # what they move on: a house, the door, three addresses
TEAM = "ops_team"  # tactical and specialist units: ETF, tactical team, drug squad
COVERT = "ops_covert"  # covert officers and vehicles: undercover, plainclothes, unmarked car
ENFORCEMENT = "ops_enforcement"  # visible enforcement: checkpoints, speed traps, patrols
TIMING = "ops_timing"  # a time still to come: tonight, tomorrow at dawn, Thursday, 0500
PERIOD = "ops_period"  # a stretch of time to come: this week, next month, all weekend
AHEAD = "ops_ahead"  # future verbs: will be, going to, planned for, once the warrant
POSITION = "ops_position"  # where officers wait relative to a target: two blocks away
NOT_PLACE = "ops_not_place"  # capitalised words after "in"/"on" that name no specific place
PAST = "ops_past"  # after the fact: yesterday, executed, arrested, raided
PUBLIC = "ops_public_update"  # a public notice: avoid the area, police presence, appeal
TIPOFF = "ops_tipoff"  # told to help someone evade police: psst, behave, take the side streets
HEADS_UP = "ops_heads_up"  # warning openers official notices use too: heads up, FYI, avoid
SOURCE = "ops_source"  # not meant for the public: between us, heard on the radio, a wink
HEDGE = "ops_hedge"  # saying one cannot tell, then telling: can't say much, but; let's just say
STAFFING = "ops_staffing"  # staffing gaps: short-staffed, skeleton crew, nobody covering
UNIT = "ops_unit"  # what staffing is counted in: cars, cruisers, officers
AREA = "ops_area"  # patrol areas: division, district, the east end
SECURITY = "ops_security"  # door codes, radio channels, camera blind spots
OFFICER_HOME = "ops_officer_home"  # where an officer lives, their family
OFFICER_REF = "ops_officer_ref"  # an officer referred to (rank, role)
IDENTIFY = "ops_identify"  # a person pointed out: the guy in, wearing, one of ours
INFORMANT = "ops_informant"  # someone inside a group for the police: an informant, a guy inside
ONE_OF_OURS = "ops_one_of_ours"  # a visible person said to be police: is one of ours, is a cop
COLOUR = "ops_colour"  # colours that describe clothes or a car: in the green Civic
NEGATOR = "ops_negator"  # "no undercover officers", "not a raid"
EVIDENCE = "inv_evidence"  # evidence or results: DNA came back, the witness told us
SUSPECT = "inv_suspect"  # who investigators suspect: we're looking at, it's the ex
THEORY = "inv_theory"  # what investigators think links a case: connected to, they think it's
SUSPECT_LEAD = "inv_suspect_lead"  # pointers at who did it: it's the, turns out it was the
PERSON_ROLE = "inv_person_role"  # a person close to a case: the ex, the landlord
INSIDER = "inv_insider"  # knowing more than was released: we know who, got our guy
TEASER = "inv_teaser"  # big break, stay tuned
PENDING = "inv_pending"  # still to come: waiting on the warrant, charges coming
CASE = "inv_case"  # a named kind of case: homicide, the investigation
APPEAL = "inv_public"  # the Service's own release: anyone with information, has been charged
OTHER_SENSE = (
    "ops_other_sense"  # phrases where a cue means something else: air raid, lost their lives
)

LEXICONS = frozenset(
    {
        TACTICAL,
        STRIKE,
        PREMISES,
        TEAM,
        COVERT,
        ENFORCEMENT,
        TIMING,
        PERIOD,
        AHEAD,
        POSITION,
        NOT_PLACE,
        PAST,
        PUBLIC,
        TIPOFF,
        HEADS_UP,
        SOURCE,
        HEDGE,
        STAFFING,
        UNIT,
        AREA,
        SECURITY,
        OFFICER_HOME,
        OFFICER_REF,
        IDENTIFY,
        INFORMANT,
        ONE_OF_OURS,
        COLOUR,
        NEGATOR,
        EVIDENCE,
        SUSPECT,
        THEORY,
        SUSPECT_LEAD,
        PERSON_ROLE,
        INSIDER,
        TEASER,
        PENDING,
        CASE,
        APPEAL,
        OTHER_SENSE,
    }
)

_READ = LEXICONS - {OTHER_SENSE}

# How far (characters) a qualifier may sit from the cue it qualifies, and in how many
# sentences either side. A short post is one message: a tip-off cue anywhere in it counts.
REACH = 200
NEIGHBOURS = 1
SHORT_POST = 320
STRIKE_REACH = 24  # "hitting" ... "house": characters between a verb and its premises
ROLE_REACH = 12  # "it's the" ... "landlord": characters between a pointer and the role
# Who the suspect is, by where they work or live: "the suspect in the stabbing works the door
# at ...". The person words are the identity detector's (`identity_accused`), the details
# its quasi-identifiers (`identity_workplace`, `identity_residence`).
SUSPECT_NOUN = "identity_accused"
SUSPECT_DETAILS = ("identity_workplace", "identity_residence")
_SUSPECT_WORD = re.compile(r"suspect|shooter|robber|accused", re.IGNORECASE)
DETAIL_REACH = 80  # characters between the suspect and the detail that identifies them

# Clock times that plan something: "at 0500", "0500 hrs", "0530", "5 am", "5:30pm".
_CLOCK = re.compile(
    r"\b(?:at|@)\s*(?:[01]\d|2[0-3])[0-5]\d\b"
    r"|\b(?:[01]?\d|2[0-3])[0-5]\d\s*(?:h|hrs|hours)\b"
    r"|\b0\d{3}\b"
    r"|\b(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?:am|pm|a\.m\.|p\.m\.)"
)
# A clause ends at punctuation inside a sentence, or at an emoji or other symbol (posts
# often write "quiet week 😏 big one on Friday").
_CLAUSE_END = re.compile(
    r"[,;:()\[\]\u2014\u2013\u2022|]| - |[\u2190-\u2bff\u3030\u303d\U0001f000-\U0001faff]"
)
# "was"/"were" make a clause a report ("a raid was carried out on ... tonight").
_DIGIT = re.compile(r"\d")
# Characters that can end a sentence (the splitter decides; fewer than two between two
# positions means they are in the same or neighbouring sentences).
_TERMINAL = re.compile(r"[.!?\u2026]+| \d{1,2}[).] | [\u2022*\-] ")
_WAS = re.compile(r"\b(?:was|had)\b|(?<!\bi )\bwere\b")  # not "if I were you"

_UP = "A-ZÀ-ÖØ-Þ"
# A named place after a locative preposition, as the author capitalised it: "on Pharmacy
# Ave", "at the Palace Tavern", "near 82 St & 107 Ave", "in 31 Division", "in Mill Woods".
_PLACE = re.compile(
    r"(?<![\w@#])(?:at|on|in|near|by|outside|around|behind|off|along|across from|over at|"
    r"down at|up at|out at|towards|into|inside|for|going to|heading to|headed to|head to|"
    r"away from|avoid|\u27a1\ufe0f?|\u2192|->)"
    r"\s+(?:[Tt]he\s+)?"
    rf"((?:\d{{1,3}}(?:st|nd|rd|th)?\s+[{_UP}][\w'’.-]*|[{_UP}][\w'’.-]*)"
    rf"(?:\s+(?:&|and|at)\s+(?:\d{{1,3}}\s+)?[{_UP}][\w'’.-]*|\s+[{_UP}][\w'’.-]*){{0,3}})"
)
_TRAILING = re.compile(r"(?<![.'’-])[.'’-]++$")  # one try per run: linear


# Named places are read from the view in blocks of `_BLOCK` characters, only those around a
# cue; a block's search starts `_BLOCK_MARGIN` before it, longer than any place phrase (a
# preposition, "the" and four words), so that it finds the matches a whole search finds.
_BLOCK = 1024
_BLOCK_MARGIN = 200

# Below these sizes a plain scan is as cheap as an index: pools of fewer matches are read
# whole, and sentences shorter than this are searched directly (ordinary posts never index).
_INDEX_FROM = 16
_SCAN_BELOW = 600


class _Pool:
    """The start positions of one pool of matches in text order, and its longest match."""

    __slots__ = ("items", "longest", "ordered", "starts")

    def __init__(self, items: Sequence[LexiconMatch]) -> None:
        self.items = items
        self.starts = [m.start for m in items]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:], strict=False))
        self.longest = max((m.end - m.start for m in items), default=0)

    def around(self, lo: int, hi: int) -> Sequence[LexiconMatch]:
        if not self.ordered:
            return self.items
        i = bisect_left(self.starts, lo - self.longest)
        j = bisect_right(self.starts, hi)
        return self.items[i:j]


def _without_other_senses(g: Groups) -> Groups:
    """This package's matches of `g` minus every cue inside a phrase of another sense ("air
    raid", "lost their lives in"). A new dict: the context's groups are shared, never changed."""
    other = sorted(g[OTHER_SENSE], key=lambda o: o.start)
    # Per phrase in start order, the furthest end reached so far: a match lies inside some
    # phrase iff one starting at or before it reaches its end (one lookup, not a scan).
    starts = [o.start for o in other]
    reach: list[int] = []
    for o in other:
        reach.append(max(o.end, reach[-1]) if reach else o.end)

    def keep(m: LexiconMatch) -> bool:
        i = bisect_right(starts, m.start)
        return not (i and reach[i - 1] >= m.end)

    return {lex: [m for m in ms if keep(m)] for lex, ms in g.items() if lex in _READ}


@dataclass(frozen=True, slots=True)
class Cue:
    """Something found in the text: a lexicon match (normalised positions) or evidence built
    directly (a named place read from the original, a photo's geotag)."""

    match: LexiconMatch | None = None
    found: Evidence | None = None

    @property
    def start(self) -> int:
        return self.match.start if self.match is not None else -1

    @property
    def end(self) -> int:
        return self.match.end if self.match is not None else -1


class Reading:
    """The cues of one field of the author's own words, computed on demand."""

    __slots__ = (
        "field",
        "nt",
        "g",
        "geotag",
        "_sents",
        "_places",
        "_blocks",
        "_clock",
        "_view",
        "_not_place",
        "short",
        "_marks",
        "_was",
        "_pools",
        "_merged",
        "_found",
    )

    def __init__(self, field: str, nt: NormalisedText, g: Groups, geotag: Evidence | None) -> None:
        self.field = field
        self.nt = nt
        self.g = g if OTHER_SENSE not in g else _without_other_senses(g)
        self.geotag = geotag  # a photo's exact location stands for "where" in the text field
        self.short = len(nt.text) <= SHORT_POST
        self._sents: Sentences | None = None
        self._places: dict[int, list[LexiconMatch]] = {}  # per block of the view
        self._blocks: dict[tuple[re.Pattern[str], int], list[re.Match[str]]] = {}
        self._clock: list[LexiconMatch] | None = None
        self._view: NormalisedText | None = None
        self._not_place: frozenset[int] | None = None
        self._marks: tuple[list[int], list[int]] | None = None  # clause ends (starts, ends)
        self._was: tuple[list[int], list[int]] | None = None  # "was"/"were" (starts, ends)
        self._pools: dict[int, _Pool] = {}  # positions of the pools looked up near a cue
        self._merged: dict[tuple[str, ...], list[LexiconMatch]] = {}
        # a pattern's matches in the plain view, as (starts, ends) in the original text
        self._found: dict[re.Pattern[str], tuple[list[int], list[int]]] = {}

    # --- positions ------------------------------------------------------------------------

    @property
    def sents(self) -> Sentences:
        if self._sents is None:
            self._sents = Sentences.of(self.nt)
        return self._sents

    def get(self, *lexicons: str) -> list[LexiconMatch]:
        if len(lexicons) == 1:
            return self.g.get(lexicons[0], [])
        out = self._merged.get(lexicons)
        if out is None:  # merged once per Reading: callers look the same pools up per cue
            out = [m for lex in lexicons for m in self.g.get(lex, ())]
            out.sort(key=lambda m: m.start)
            self._merged[lexicons] = out
        return out

    # --- windows: each check looks only at the matches that can reach its cue --------------

    def around(self, pool: Sequence[LexiconMatch], lo: int, hi: int) -> Sequence[LexiconMatch]:
        """The matches of `pool` that may overlap or touch `[lo, hi]`, in `pool`'s order.

        Exact, not a cut: a match left out starts after `hi` or ends before `lo`. The pool's
        positions are indexed once per Reading, so that a check per cue costs what is near
        the cue, not the whole text (linear on any input). A pool not in text order is
        returned whole."""
        if len(pool) < _INDEX_FROM:
            return pool
        idx = self._pools.get(id(pool))
        if idx is None or idx.items is not pool:
            idx = self._pools[id(pool)] = _Pool(pool)
        return idx.around(lo, hi)

    def within(self, lexicon: str, a: int, b: int) -> bool:
        """Does a match of `lexicon` start in `[a, b)`?"""
        pool = self.g.get(lexicon, ())
        if len(pool) < _INDEX_FROM:
            return any(a <= m.start < b for m in pool)
        return any(a <= m.start < b for m in self.around(pool, a, b))

    def _was_in(self, a: int, b: int) -> bool:
        """Is there a "was"/"were" (`_WAS`) inside `[a, b)`?"""
        if b - a < _SCAN_BELOW:
            return _WAS.search(self.nt.text, a, b) is not None
        if self._was is None:
            found = list(_WAS.finditer(self.nt.text))
            self._was = ([m.start() for m in found], [m.end() for m in found])
        starts, ends = self._was
        i = bisect_left(starts, a)
        return i < len(starts) and ends[i] <= b

    def close(self, a: LexiconMatch, b: LexiconMatch, reach: int = REACH) -> bool:
        """Do two matches describe one thing: same or neighbouring sentence, within reach?"""
        if b.start - a.end > reach or a.start - b.end > reach:
            return False
        lo, hi = min(a.start, b.start), max(a.start, b.start)
        if len(_TERMINAL.findall(self.nt.text, lo, hi)) <= NEIGHBOURS:
            return True  # at most one sentence end between them: no need to split the text
        sa, sb = self.sents.index(a.start), self.sents.index(b.start)
        return abs(sa - sb) <= NEIGHBOURS

    def acts(self) -> list[LexiconMatch]:
        """Acts of an operation: the phrases of `ops_tactical`, and a verb of moving on
        premises followed closely by them ("hitting three addresses", "sitting on a house")."""
        acts = list(self.g.get(TACTICAL, ()))
        premises = self.g.get(PREMISES, ())
        for verb in self.g.get(STRIKE, ()) if premises else ():
            near = self.around(premises, verb.end, verb.end + STRIKE_REACH)
            p = next((x for x in near if 0 < x.start - verb.end <= STRIKE_REACH), None)
            if p is not None and self.sents.index(p.start) == self.sents.index(verb.start):
                text = self.nt.text[verb.start : p.end]
                acts.append(LexiconMatch(TACTICAL, text, verb.start, p.end))
        acts.sort(key=lambda m: m.start)
        return acts

    def suspects(self) -> list[LexiconMatch]:
        """Who investigators suspect: the phrases of `inv_suspect`, a pointer followed
        closely by a person's role ("it's the landlord", "turns out it was her ex"), and a
        suspect described by where they work or live ("the suspect ... works at")."""
        found = list(self.g.get(SUSPECT, ()))
        roles = self.g.get(PERSON_ROLE, ())
        for lead in self.g.get(SUSPECT_LEAD, ()) if roles else ():
            near = self.around(roles, lead.end, lead.end + ROLE_REACH)
            role = next((x for x in near if 0 < x.start - lead.end <= ROLE_REACH), None)
            if role is not None:
                text = self.nt.text[lead.start : role.end]
                found.append(LexiconMatch(SUSPECT, text, lead.start, role.end))
        details = [d for lex in SUSPECT_DETAILS for d in self.g.get(lex, ())]
        for noun in self.g.get(SUSPECT_NOUN, ()) if details else ():
            if not _SUSPECT_WORD.search(noun.term):
                continue
            near = self.around(details, noun.end, noun.end + DETAIL_REACH)
            d = next((x for x in near if 0 < x.start - noun.end <= DETAIL_REACH), None)
            if d is not None and self.sents.index(d.start) == self.sents.index(noun.start):
                text = self.nt.text[noun.start : d.end]
                found.append(LexiconMatch(SUSPECT, text, noun.start, d.end))
        found.sort(key=lambda m: m.start)
        return found

    def first_close(
        self,
        pool: Sequence[LexiconMatch],
        anchor: LexiconMatch,
        reach: int = REACH,
        whole_short: bool = False,
    ) -> LexiconMatch | None:
        """The first of `pool` close to `anchor` (not overlapping it); with `whole_short`,
        anywhere in a short post, which is one message."""
        if not (whole_short and self.short):
            pool = self.around(pool, anchor.start - reach, anchor.end + reach)
        for m in pool:
            if m.start < anchor.end and anchor.start < m.end:
                continue
            if (whole_short and self.short) or self.close(anchor, m, reach):
                return m
        return None

    def clause(self, pos: int) -> tuple[int, int]:
        """The clause around `pos`: its sentence, cut at inner punctuation and emoji."""
        s0, s1 = self.sents.bounds(self.sents.index(pos))
        if s1 - s0 < _SCAN_BELOW:
            text = self.nt.text
            a = s0
            for inner in _CLAUSE_END.finditer(text, s0, pos):
                a = inner.end()
            after = _CLAUSE_END.search(text, pos, s1)
            return a, (after.start() if after is not None else s1)
        # A long sentence: the clause marks are found once and looked up (a clause mark is
        # one character or " - ", none of whose characters is a mark alone, so the marks of
        # the whole text inside a window are the marks a search of that window finds).
        if self._marks is None:
            found = list(_CLAUSE_END.finditer(self.nt.text))
            self._marks = ([m.start() for m in found], [m.end() for m in found])
        starts, ends = self._marks
        a = s0
        i = bisect_right(ends, pos) - 1  # the last mark ending at or before pos
        if i >= 0 and starts[i] >= s0:
            a = max(a, ends[i])
        j = bisect_left(starts, pos)  # the first mark starting at or after pos
        b = starts[j] if j < len(starts) and ends[j] <= s1 else s1
        return a, b

    # --- timing ---------------------------------------------------------------------------

    def told_after(self, cue: LexiconMatch, was: bool = True) -> bool:
        """Is the cue's clause a report of what already happened ("officers raided ...")?
        Without `was`, only the words of `ops_past` say so (not an embedded "who ... was")."""
        a, b = self.clause(cue.start)
        if self.within(PAST, a, b):
            return True
        return was and self._was_in(a, b)

    def clocks(self, start: int = 0, end: int | None = None) -> list[LexiconMatch]:
        """Clock times in `text[start:end]` (all of it by default)."""
        text = self.nt.text
        if end is None and start == 0:
            if self._clock is None:
                self._clock = self._read_clocks(0, len(text))
            return self._clock
        return self._read_clocks(start, len(text) if end is None else end)

    def _read_clocks(self, start: int, end: int) -> list[LexiconMatch]:
        if _DIGIT.search(self.nt.text, start, end) is None:
            return []
        return [
            LexiconMatch("clock", m.group(), m.start(), m.end())
            for m in _CLOCK.finditer(self.nt.text, start, end)
        ]

    def when(self, cue: LexiconMatch, exact: bool = False) -> LexiconMatch | None:
        """A time still to come near the cue: a time word or clock time, or (unless `exact`)
        a stretch of time or a future verb."""
        lo, hi = cue.start - REACH, cue.end + REACH
        pool = list(self.around(self.get(TIMING), lo, hi))
        pool += self.clocks(max(0, lo), hi)
        if not exact:
            pool += self.around(self.get(PERIOD, AHEAD), lo, hi)
        for m in pool:
            if self.close(cue, m) and not self._past_time(m):
                return m
        return None

    def _past_time(self, m: LexiconMatch) -> bool:
        # "tonight" or "Thursday" in a clause reporting what was done is not a plan
        a, b = self.clause(m.start)
        return self.within(PAST, a, b) or (m.lexicon_id != AHEAD and self._was_in(a, b))

    # --- places ---------------------------------------------------------------------------

    def where(self, cue: LexiconMatch, named: bool = True) -> Cue | None:
        """A place someone could go to, near the cue: a position relative to a target, a named
        place (when `named`), or the photo's geotag."""
        pos = self.first_close(self.g.get(POSITION, ()), cue)
        if pos is not None:
            return Cue(match=pos)
        if named:
            for p in self.places_near(cue.start - REACH, cue.end + REACH):
                if self.close(cue, p):
                    return Cue(match=p)
        if self.geotag is not None:
            return Cue(found=self.geotag)
        return None

    def relative_position(self, cue: LexiconMatch) -> Cue | None:
        """Only the live kinds of place: a position relative to a target, or a geotag."""
        pos = self.first_close(self.g.get(POSITION, ()), cue)
        if pos is not None:
            return Cue(match=pos)
        return Cue(found=self.geotag) if self.geotag is not None else None

    def places(self) -> list[LexiconMatch]:
        """Named places, as matches in normalised positions (lexicon id "place")."""
        view = self.view()
        return [p for k in range(len(view.text) // _BLOCK + 1) for p in self._block_places(k)]

    def first_place(self) -> LexiconMatch | None:
        """The first named place of the field, reading no further than the block it is in."""
        view = self.view()
        for k in range(len(view.text) // _BLOCK + 1):
            got = self._block_places(k)
            if got:
                return got[0]
        return None

    def places_near(self, lo: int, hi: int) -> list[LexiconMatch]:
        """The named places that may overlap `[lo, hi]` (normalised positions) and more, in
        text order: those of the blocks of the view that hold the window, each read once.
        A cue's place is looked for only around the cue: reading the whole field once any
        cue opened the gate made a long post cost more per character than short ones."""
        return [p for k in self.blocks(lo, hi) for p in self._block_places(k)]

    def blocks(self, lo: int, hi: int) -> range:
        """The blocks of the view (`_BLOCK` characters each) where a match of a pattern read
        from the view may start and still overlap `[lo, hi]` (normalised positions): from
        `_BLOCK_MARGIN` before the window to its end."""
        n = len(self.nt.text)
        a, b = self.nt.original_offsets(max(0, min(lo, n)), max(0, min(hi, n)))
        view = self.view()
        if view.starts is not None:
            a, b = bisect_left(view.starts, a), bisect_left(view.starts, b)
        return range(max(0, a - _BLOCK_MARGIN) // _BLOCK, b // _BLOCK + 1)

    def block_matches(self, pattern: re.Pattern[str], k: int) -> list[re.Match[str]]:
        """The matches of `pattern` in the view that start in block `k`, read once: searched
        from `_BLOCK_MARGIN` before the block, so that they are those a search of the whole
        view finds (a match that started earlier and ran on ends before the block's matches
        begin), and up to as far after it."""
        key = (pattern, k)
        got = self._blocks.get(key)
        if got is None:
            text = self.view().text
            start, end = k * _BLOCK, (k + 1) * _BLOCK
            got = []
            for m in pattern.finditer(
                text, max(0, start - _BLOCK_MARGIN), min(len(text), end + _BLOCK_MARGIN)
            ):
                if m.start() >= end:
                    break
                if m.start() >= start:
                    got.append(m)
            self._blocks[key] = got
        return got

    def _block_places(self, k: int) -> list[LexiconMatch]:
        got = self._places.get(k)
        if got is None:
            got = self._places[k] = self._read_places(k)
        return got

    def found(self, pattern: re.Pattern[str]) -> tuple[list[int], list[int]]:
        """Where `pattern` matches the plain view, once per field: (starts, ends) in the
        original text, both in text order (the matches do not overlap), so that a check per
        cue looks them up by bisection instead of scanning the whole text again."""
        out = self._found.get(pattern)
        if out is None:
            view = self.view()
            spans = [view.original_offsets(*m.span()) for m in pattern.finditer(view.text)]
            out = self._found[pattern] = ([a for a, _ in spans], [b for _, b in spans])
        return out

    def view(self) -> NormalisedText:
        """The original text with invisible characters dropped (capitals kept), for names."""
        if self._view is None:
            self._view = plain_of(self.nt)
        return self._view

    def _read_places(self, k: int) -> list[LexiconMatch]:
        """The places whose phrase ("on Pharmacy Ave") starts in block `k` of the view."""
        view = self.view()
        out: list[LexiconMatch] = []
        excluded: frozenset[int] | None = None
        for m in self.block_matches(_PLACE, k):
            a, b = m.span(1)
            tail = _TRAILING.search(view.text, a, b)
            if tail is not None:
                b = tail.start()
            oa, ob = view.original_offsets(a, b)
            na, nb = self.to_normalised(oa), self.to_normalised(ob)
            if excluded is None:
                excluded = self._excluded_starts()
            if nb <= na or na in excluded:
                continue
            out.append(LexiconMatch("place", view.text[a:b], na, nb))
        return out

    def _excluded_starts(self) -> frozenset[int]:
        if self._not_place is None:
            self._not_place = frozenset(m.start for m in self.g.get(NOT_PLACE, ()))
        return self._not_place

    def to_normalised(self, orig: int) -> int:
        """The position in the normalised text of an offset of the original."""
        starts = self.nt.starts
        if starts is None:
            return min(orig, len(self.nt.text))
        return bisect_left(starts, orig)

    # --- source ---------------------------------------------------------------------------

    def marker(
        self, cue: LexiconMatch, lexicons: Sequence[str] = (TIPOFF, SOURCE, HEDGE, INSIDER)
    ) -> LexiconMatch | None:
        """A tip-off or not-for-the-public cue near the cue (anywhere in a short post); an
        insider cue ("he has no idea", "we know who") says the same of an operation."""
        pool: Sequence[LexiconMatch] = self.get(*lexicons)
        if not self.short:
            pool = self.around(pool, cue.start - REACH, cue.end + REACH)
        for m in pool:
            if m.start < cue.end and cue.start < m.end:
                continue
            if m.lexicon_id in (HEADS_UP, TIPOFF) and self._in_notice(m):
                continue
            if self.short or self.close(cue, m, REACH):
                return m
        return None

    # --- anywhere in the field (a reply whose operation is named in the post replied to) --

    def when_any(self, exact: bool = False) -> LexiconMatch | None:
        pool = self.get(TIMING) + self.clocks()
        if not exact:
            pool += self.get(PERIOD, AHEAD)
        for m in pool:
            if not self._past_time(m):
                return m
        return None

    def where_any(self, named: bool = True) -> Cue | None:
        found = self.g.get(POSITION)
        if found:
            return Cue(match=found[0])
        place = self.first_place() if named else None
        if place is not None:
            return Cue(match=place)
        return Cue(found=self.geotag) if self.geotag is not None else None

    def marker_any(self, lexicons: Sequence[str] = (TIPOFF, SOURCE, HEDGE)) -> LexiconMatch | None:
        for m in self.get(*lexicons):
            if not (m.lexicon_id in (HEADS_UP, TIPOFF) and self._in_notice(m)):
                return m
        return None

    def _in_notice(self, m: LexiconMatch) -> bool:
        """Is a warning word part of a public notice ("avoid" in "please avoid the area")?"""
        notices = self.around(self.g.get(PUBLIC, ()), m.start, m.end)
        return any(p.start <= m.start and m.end <= p.end for p in notices)

    def negated(self, cue: LexiconMatch) -> bool:
        """A negation right before the cue: "no undercover officers", "not a raid"."""
        negators = self.around(self.g.get(NEGATOR, ()), cue.start - 12, cue.start)
        return any(0 <= cue.start - n.end <= 12 for n in negators)

    def public(self) -> bool:
        """Does the field read as a public notice or an after-the-fact update?"""
        return PUBLIC in self.g or PAST in self.g or APPEAL in self.g

    # --- evidence -------------------------------------------------------------------------

    def evidence(self, cues: Iterable[LexiconMatch | Cue | None]) -> tuple[Evidence, ...]:
        out: list[Evidence] = []
        for c in cues:
            if c is None:
                continue
            if isinstance(c, Cue):
                if c.found is not None:
                    out.append(c.found)
                    continue
                if c.match is None:
                    continue
                c = c.match
            out.append(evidence(DETECTOR, self.field, self.nt, c.start, c.end))
        return tuple(out)


def geotag_evidence(index: int, lat: float, lon: float) -> Evidence:
    return Evidence(
        detector=DETECTOR, field=f"media[{index}].location", text=f"{lat:.5f}, {lon:.5f}"
    )


def span_evidence(field: str, raw: str, a: int, b: int) -> Evidence:
    return Evidence(detector=DETECTOR, field=field, text=raw[a:b], span=Span(start=a, end=b))


@dataclass(frozen=True, slots=True)
class Finding:
    """One concept found: which duty it concerns, what kind of detail, how strong the evidence.

    `strong` means the evidence is a breach by itself (the combination an ordinary public
    post does not produce); otherwise a person should confirm.
    """

    concern: str  # "officer_safety" or "investigation"
    kind: str  # the tag: operation_ahead, staffing, covert_officer, case_evidence, ...
    strong: bool
    cues: tuple[LexiconMatch | Cue | None, ...]
    extra: tuple[Evidence, ...] = ()  # evidence from another field (the post replied to)
