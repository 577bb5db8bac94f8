"""One field as the identity detector reads it: who is referred to, and by which details.

Everything is in positions of the field as written (names need the author's capitals), and
computed lazily: most posts never get past the detector's cheap gates.

People are referred to by a name ("Jayden Reyes", "Mr. Alvarez", "Tyrese B.", "R. Baptiste")
or by a definite description ("the cashier", "that guy", "our ED's assistant", "the
82-year-old widower", a sentence opening "Guy who ..."). Details that single a person out
are read by kind: an age, a place (a street, an intersection, a unit, where they live), a
workplace, a school or team, a family tie, an appearance or vehicle, and sensitive facts
(health, immigration status, a complaint record).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from socialpolicy.detectors._windows import Groups, Sentences, one_line
from socialpolicy.detectors.identity.lexicons import (
    APPEARANCE,
    CUES_IN_NAME,
    FAMILY,
    NOT_NAME,
    OFFICER,
    PERSON_NOUN,
    RESIDENCE,
    SCHOOL,
    SCHOOL_NAME,
    SENSITIVE,
    STREET,
    VICTIM,
    VICTIM_AFTER,
    WORKPLACE,
)
from socialpolicy.normalise import NormalisedText, lookalikes, plain, plain_of

Span = tuple[int, int]


class _SpanIndex:
    """Spans indexed for the two questions `Field.names` asks of every candidate, each in
    O(log n): does any span overlap [a, b)? which spans end in [lo, hi]? (A scan of every
    span per candidate made long texts quadratic.)"""

    def __init__(self, spans: list[Span]) -> None:
        by_start = sorted(spans)
        self._starts = [s for s, _ in by_start]
        self._max_end: list[int] = []  # the largest end among spans[:i + 1], by start
        top = -1
        for _, e in by_start:
            top = max(top, e)
            self._max_end.append(top)
        self._by_end = sorted(spans, key=lambda sp: sp[1])
        self._ends = [e for _, e in self._by_end]

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self._starts, b)  # spans starting before b
        return i > 0 and self._max_end[i - 1] > a

    def ending_in(self, lo: int, hi: int) -> list[Span]:
        i = bisect.bisect_left(self._ends, lo)
        j = bisect.bisect_right(self._ends, hi)
        return self._by_end[i:j]


_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_WORD = rf"[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?(?:['’\-][{_UP}{_LO}]+)?"
# Two or three capitalised words ("Jayden Reyes"), an honorific and a surname ("Mr.
# Alvarez"), or a name with an initial ("Tyrese B.", "R. Baptiste").
_NAME = re.compile(
    rf"(?<![\w@#])(?:(?:Mr|Mrs|Ms|Miss|Mx)\.? {_WORD}|{_WORD}(?: {_WORD}){{1,2}}"
    rf"|{_WORD} [{_UP}]\.(?!\w)|[{_UP}]\. {_WORD})(?![\w@])"
)
# A place or a thing, not a person: a capitalised run right after a locative preposition or
# an article ("in Muswell Hill", "the Aston Villa player").
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|on|into|outside|inside|around|across|along|towards|via|the|a|an)"
    r"\s+(?:the\s+)?#?|#)$",
    re.IGNORECASE,
)
# Ages: "16yo", "16 y/o", "16-year-old", "16 yr old", "aged 16"; ", 87," or "(16)" after a name.
_AGE = re.compile(
    r"\b(\d{1,2})\s*+-?\s*+(?:yo|y/o|y\.o\.|yrs?\.?\s*+old|years?[\s-]old)\b"  # possessive:
    r"|\bage[d]?\s++(\d{1,2})\b",  # linear
    re.IGNORECASE,
)
_AGE_AFTER_NAME = re.compile(r"\s*(?:,|\()\s*(\d{1,3})\s*(?:,|\)|\.(?!\d)|$|\s)")
# Where `_AGE_AFTER_NAME` could read an age after any name: from each comma or bracket, the
# rest in a lookahead so that overlapping candidates ("(5, 16,") are each tried.
_AGE_AFTER_ANY = re.compile(r"[,(](?=\s*(\d{1,3})\s*(?:,|\)|\.(?!\d)|$|\s))")
# An age set off by commas or brackets, after a description rather than a name: "the cashier
# at the Safeway, 64, who ...".
_BARE_AGE = re.compile(r"(?:(?<=, )|(?<=\())[1-9]\d(?=,|\))")
_DOB_AFTER_NAME = re.compile(r"\s*\(\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*\)")
# A unit or house number: "neighbour in 42", "unit 5", "apt 3B", "#42", "in 42", "unit 4B".
LOCATOR = re.compile(
    r"\b(?:neighbou?rs?|unit|apt|apartment|suite|house|number|no\.?) ?(?:in|at|from)? ?#?\d+[a-z]?\b"
    r"|(?<!\w)#\d+[a-z]?\b"
    r"|\bin (?:number |no\.? ?)?\d{1,3}[a-z]?\b"
    r"(?!\s*(?:am|pm|min|mins|minutes|hours?|hrs?|days?|weeks?|months?|years?|%|km|k\b|m\b))",
    re.IGNORECASE,
)
# Every locator holds a digit, the first at most this far from its start ("neighbours from
# #4"): only the positions this near before a run of digits can start one.
_LOCATOR_REACH = len("neighbours from #")
_DIGITS = re.compile(r"\d+")


def locators_in(raw: str) -> list[tuple[int, int]]:
    """The spans of `LOCATOR.finditer(raw)`, tried only at the positions up to
    `_LOCATOR_REACH` before a run of digits. Its branches lead with `\\b` and a word, so
    `finditer` tried every position of the text (165 ns per character of a long post); a
    match is taken only from the end of the previous one, as `finditer` does."""
    out: list[tuple[int, int]] = []
    nxt = 0  # the first position not yet tried (or inside the last match)
    for d in _DIGITS.finditer(raw):
        a = d.start()
        for q in range(max(nxt, a - _LOCATOR_REACH), a + 1):
            m = LOCATOR.match(raw, q)
            if m is not None:
                out.append(m.span())
                nxt = m.end()
                break
        else:
            nxt = max(nxt, a + 1)
    return out


# A unit number: as good as a home address ("the guy in unit 4B", "apt 12", "from #3").
UNIT_NUMBER = re.compile(
    r"\b(?:unit|apt|apartment|suite|basement|room)\.? ?#?\d+[a-z]?\b|\b(?:in|at|from) #\d+[a-z]?\b",
    re.IGNORECASE,
)
# Numbered streets ("23 Ave", "101 St NW"), Edmonton's grid and many others.
_NUMBERED_STREET = re.compile(
    r"\b\d{1,3}(?:st|nd|rd|th)?\s+(?:Ave(?:nue)?|St(?:reet)?|Rd|Road)\b\.?(?:\s+(?:NW|NE|SW|SE))?"
)
# An intersection: "Bloor & Lansdowne", "Queen/Bathurst".
_INTERSECTION = re.compile(rf"\b{_WORD}(?: {_WORD})? ?(?:&|/) ?{_WORD}\b")
# Definite or possessive words before a person noun ("the", "our ED's"): a particular person.
_DEFINITE_BEFORE = re.compile(
    r"\b(?:the|that|this|our|my|your|his|her|their)\s+(?:[\w'’\-]+\s+){0,3}$", re.IGNORECASE
)
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|any|some|every|each|no)\s+(?:[\w'’\-]+\s+){0,3}$", re.I)
_WHO_AFTER = re.compile(r"\s+(?:who|that)\b", re.IGNORECASE)
# Sentence ends the shared splitter would see inside names ("Mr. Alvarez", "R. Baptiste"):
# the period of a title or an initial. Led by the period and the word looked behind at (one
# lookbehind per length), so that `re` skips from period to period: led by the word, the
# pattern was tried at every position of the text (130 ns per character of a long post).
_ABBREVIATION_PERIOD = re.compile(
    r"\.(?:(?<=\b(?:Mr|Ms|Mx|Dr|St|PC|DC|Jr|Sr|No|Rd)\.)|(?<=\b(?:Mrs|Ste|Cst|Sgt|Det|Ave)\.)"
    r"|(?<=\b(?:Insp|Supt|Blvd)\.)|(?<=\bConst\.)"
    rf"|(?<=[{_UP}]\.)(?<![\w.][{_UP}]\.))"
)
_DETERMINER = re.compile(r"(?:The|This|That|These|Those|Our|My|Your|His|Her|Their|Its)\b")
_LONG_WORD = re.compile(r"[^\W\d_]{3,}")
NAME_WINDOW = 60  # characters between a name and a detail describing it
BEFORE_NAME = 40  # "the murder of 16-year-old ..." reaches this far before a name
AFTER_NAME = 30  # "... died on Friday" this far after it
REACH_AFTER = 160  # a description goes on this far after the person ("... Grade 10, plays ...")
REACH_BEFORE = 40  # and starts this far before ("the 82-year-old widower")

# Kinds of identifying detail. A place, a workplace and a school or team single a person
# out with a role (a complainant, a young accused); an age, a family tie, an appearance
# only with another detail.
AGE, PLACE, WORK, STUDY, KIN, LOOKS = "age", "place", "workplace", "school", "family", "appearance"
STRONG = frozenset((PLACE, WORK, STUDY))


@dataclass(frozen=True, slots=True)
class Person:
    """A reference to one person: a name or a definite description."""

    start: int
    end: int
    named: bool


class Field:
    """Per-field work, in original-text coordinates."""

    def __init__(self, field: str, nt: NormalisedText, g: Groups) -> None:
        self.field = field
        self.nt = nt
        # Read as written, with lookalike letters as the Latin ones they mimic ("Мrs. Оkаfоr");
        # one character for one, so positions are the original's.
        self.raw = lookalikes(nt.original)
        self.g = g
        self._spans: dict[str, list[Span]] = {}
        self._names: list[Span] | None = None
        self._described: list[Span] | None = None
        self._persons: list[Person] | None = None
        self._ranked: list[Span] | None = None
        self._locators: list[Span] | None = None
        self._streets: list[Span] | None = None
        self._ages: list[tuple[int, int, int]] | None = None
        self._sents: Sentences | None = None
        self._view: NormalisedText | None = None
        self._headlines: dict[int, bool] = {}  # per sentence: read once, asked per name
        # Read once, asked per person: whether the text has a digit, where the named persons
        # start, the ages as spans, and the starts of each list of spans looked in.
        self._digit: bool | None = None
        self._named_starts: list[int] | None = None
        self._age_spans: list[Span] | None = None
        self._starts: dict[int, tuple[list[Span], list[int] | None]] = {}
        self._victim_index: _SpanIndex | None = None

    # -- basics ----------------------------------------------------------------------------

    def spans(self, lexicon: str) -> list[Span]:
        got = self._spans.get(lexicon)
        if got is None:
            got = self._spans[lexicon] = [
                self.nt.original_offsets(m.start, m.end) for m in self.g.get(lexicon, ())
            ]
        return got

    def view(self) -> NormalisedText:
        """The text as written, invisible characters dropped ("Jay\u200bden" reads "Jayden")."""
        if self._view is None:
            # The field's shared view unless lookalike letters made `raw` a text of its own.
            self._view = plain_of(self.nt) if self.raw is self.nt.original else plain(self.raw)
        return self._view

    def _sentences(self) -> Sentences:
        if self._sents is None:
            # The shared splitter, over the text with the periods of abbreviations and
            # initials blanked (same length, so positions hold): "Mr. Alvarez" is one sentence.
            text = _ABBREVIATION_PERIOD.sub(" ", one_line(self.raw))
            self._sents = Sentences(text)
        return self._sents

    def sentence(self, pos: int) -> int:
        return self._sentences().index(pos)

    def sentence_bounds(self, index: int) -> Span:
        return self._sentences().bounds(index)

    # -- who --------------------------------------------------------------------------------

    def names(self) -> list[Span]:
        """Capitalised runs that look like a person's name (not ranks, places, cue words)."""
        if self._names is None:
            blocked = _SpanIndex([s for lex in CUES_IN_NAME for s in self.spans(lex)])
            titles = _SpanIndex(self.spans(NOT_NAME))
            streets = _SpanIndex(self.spans(STREET))
            out = []
            view = self.view()
            for m in _NAME.finditer(view.text):
                a, b = view.original_offsets(*m.span())
                if blocked.overlaps(a, b) or _DETERMINER.match(self.raw, a):
                    continue  # a cue word inside; "The Rec Room", "Our Lady": not a name
                if any(self.raw[e:a].strip() in ("", ".") for _, e in titles.ending_in(a - 2, a)):
                    # A rank or title just before: "Sgt. Lee", "Constable Jane Doe"; not a
                    # word that ends a question before it: "... the robbery? Marcus Doyle".
                    continue
                if _PLACE_BEFORE.search(self.raw, max(0, a - 12), a):
                    continue
                if any(self.raw[e:a] in (", ", ",") for _, e in streets.ending_in(a - 2, a)):
                    continue  # "Weston Rd, Long Ashton": the locality after a street
                if self.headline(a):
                    continue  # "Residents Advised To Stay Indoors": capitals say nothing here
                out.append((a, b))
            self._names = out
        return self._names

    def headline(self, pos: int) -> bool:
        """Is the sentence at `pos` written in title case (most words capitalised), where a
        run of capitals is no sign of a name?"""
        index = self.sentence(pos)
        got = self._headlines.get(index)
        if got is None:
            lo, hi = self.sentence_bounds(index)
            words = _LONG_WORD.findall(self.raw, lo, hi)
            got = len(words) >= 5 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
            self._headlines[index] = got
        return got

    def ranked_names(self) -> list[Span]:
        """Names introduced by a rank or title ("Cst. R. Dufresne"): officers and officials,
        not private persons, but still people whose health or record is private."""
        if self._ranked is None:
            titles = _SpanIndex(self.spans(NOT_NAME))
            view = self.view()
            out = []
            for m in _NAME.finditer(view.text):
                a, b = view.original_offsets(*m.span())
                if any(self.raw[e:a].strip() in ("", ".") for _, e in titles.ending_in(a - 2, a)):
                    out.append((a, b))
            self._ranked = out
        return self._ranked

    def described(self) -> list[Span]:
        """Definite descriptions of one person: "the cashier", "our ED's assistant", "the
        82-year-old widower", "the 17-year-old who ...", or a sentence that opens "Guy who
        ..."."""
        if self._described is None:
            out = []
            for a, b in self.spans(PERSON_NOUN):
                lo = max(0, a - 40)
                before = self.raw[lo:a]
                m = _DEFINITE_BEFORE.search(before)
                if (
                    m is not None
                    and not _INDEFINITE_BEFORE.search(before[m.start() :])
                    and self.sentence(lo + m.start()) == self.sentence(a)
                ):
                    out.append((lo + m.start(), b))
                    continue
                start = self.sentence_bounds(self.sentence(a))[0]
                if not self.raw[start:a].strip() and _WHO_AFTER.match(self.raw, b):
                    out.append((a, b))  # "the woman who owns the bakery on Queen St ..."
            # An age standing for the person, with a relative clause: "the 82-year-old who
            # lives at the end of Glenholme Ave" (not "the 50-year-old building").
            for a, b, _ in self.ages():
                m = _DEFINITE_BEFORE.search(self.raw, max(0, a - 12), a)
                if (
                    m is not None
                    and m.end() == a
                    and _WHO_AFTER.match(self.raw, b)
                    and not any(s < b and a < e for s, e in out)
                ):
                    out.append((m.start(), b))
            out.sort()
            self._described = out
        return self._described

    def persons(self) -> list[Person]:
        if self._persons is None:
            named = [Person(a, b, True) for a, b in self.names()]
            taken = _SpanIndex([(p.start, p.end) for p in named])
            described = [
                Person(a, b, False) for a, b in self.described() if not taken.overlaps(a, b)
            ]
            self._persons = sorted(named + described, key=lambda p: p.start)
        return self._persons

    def victim(self, span: Span) -> bool:
        """Is the person named (or described) here the victim ("the murder of 16-year-old X",
        "X died", "a teenager died")?"""
        a, b = span
        here = self.sentence(a)
        # Only the cues ending (before) or starting (after) near the name are asked, found by
        # bisection: asking every cue of the field for every name was quadratic.
        return any(
            a - BEFORE_NAME <= e <= a and self.sentence(s) == here
            for s, e in self._victim_cues().ending_in(a - BEFORE_NAME, a)
        ) or any(
            b <= s <= b + AFTER_NAME and self.sentence(s) == here
            for s, e in self._within(self.spans(VICTIM_AFTER), b, b + AFTER_NAME)
        )

    def _victim_cues(self) -> _SpanIndex:
        if self._victim_index is None:
            self._victim_index = _SpanIndex(self.spans(VICTIM))
        return self._victim_index

    # -- details ----------------------------------------------------------------------------

    def age_after(self, name: Span) -> tuple[int, Span] | None:
        """The age given right after a name (", 87," or "(16)") and its span; -1 for a date
        of birth ("(22/08/1997)")."""
        m = _AGE_AFTER_NAME.match(self.raw, name[1])
        if m:
            return int(m.group(1)), m.span(1)
        m = _DOB_AFTER_NAME.match(self.raw, name[1])
        if m:
            return -1, m.span()
        return None

    def ages(self) -> list[tuple[int, int, int]]:
        """(start, end, age) of each age given in the text."""
        if self._ages is None:
            out = []
            view = self.view()
            for m in _AGE.finditer(view.text):
                value = m.group(1) or m.group(2)
                out.append((*view.original_offsets(*m.span()), int(value)))
            for name in self.names():
                after = _AGE_AFTER_NAME.match(self.raw, name[1])
                if after:
                    out.append((after.start(1), after.end(1), int(after.group(1))))
            self._ages = out
        return self._ages

    def may_hold_minor(self) -> bool:
        """Could `ages()` hold an age under 18? Read without the names `ages()` needs (its
        costly part): an age `_AGE` reads, or a number set off by a comma or bracket where
        `_AGE_AFTER_NAME` would read one after a name."""
        if self._ages is not None:
            return any(age < 18 for _, _, age in self._ages)
        if any(int(m.group(1) or m.group(2)) < 18 for m in _AGE.finditer(self.view().text)):
            return True
        return any(int(m.group(1)) < 18 for m in _AGE_AFTER_ANY.finditer(self.raw))

    def streets(self) -> list[Span]:
        """Street names ("Birchmount Rd", "23 Ave NW") and intersections ("Bloor & Lansdowne")."""
        if self._streets is None:
            out = []
            titles = self.spans(NOT_NAME)  # "Magistrates Court" is not a street
            for a, b in self.spans(STREET):
                if not self.raw[a : a + 1].isupper():
                    continue
                j = a - 1
                while j >= 0 and self.raw[j] == " ":
                    j -= 1
                k = j
                while k >= 0 and self.raw[k].isalpha():
                    k -= 1
                if (
                    k < j
                    and self.raw[k + 1].isupper()
                    and not any(x <= k + 1 < y for x, y in titles)
                ):
                    out.append((k + 1, b))
            if any(c.isdigit() for c in self.raw):
                out.extend(m.span() for m in _NUMBERED_STREET.finditer(self.raw))
            if "&" in self.raw or "/" in self.raw:
                out.extend(m.span() for m in _INTERSECTION.finditer(self.raw))
            self._streets = sorted(set(out))
        return self._streets

    def schools(self) -> list[Span]:
        """School names: a capitalised name before a school word ("Bloor CI")."""
        out = []
        for a, b in self.spans(SCHOOL_NAME):
            j = a - 1
            while j >= 0 and self.raw[j] == " ":
                j -= 1
            k = j
            while k >= 0 and (self.raw[k].isalpha() or self.raw[k] in ".'’"):
                k -= 1
            if k < j and self.raw[k + 1].isupper():
                out.append((k + 1, b))
        return out

    def locators(self) -> list[Span]:
        """Unit and house numbers ("unit 5", "in 42", "#3B")."""
        if self._locators is None:
            self._locators = locators_in(self.raw) if self.has_digit() else []
        return self._locators

    def has_digit(self) -> bool:
        if self._digit is None:
            self._digit = any(c.isdigit() for c in self.raw)
        return self._digit

    def _within(self, spans: list[Span], lo: int, hi: int) -> list[Span]:
        """The spans of `spans` (a list this Field keeps) starting in `[lo, hi]`, in order;
        all of them when the list is not in text order."""
        got = self._starts.get(id(spans))
        if got is None or got[0] is not spans:
            starts = [a for a, _ in spans]
            ordered = all(x <= y for x, y in zip(starts, starts[1:], strict=False))
            got = self._starts[id(spans)] = (spans, starts if ordered else None)
        at = got[1]
        if at is None:
            return spans
        return spans[bisect.bisect_left(at, lo) : bisect.bisect_right(at, hi)]

    def window(self, person: Person) -> Span:
        """Where details of this person are read: from a little before it to the end of its
        sentence, and on into the next sentence when that one names no one else ("The kid
        charged ...? Grade 10, plays goalie for ...")."""
        here = self.sentence(person.start)
        start = max(self.sentence_bounds(here)[0], person.start - REACH_BEFORE)
        end = self.sentence_bounds(here)[1]
        nxt_start, nxt_end = self.sentence_bounds(here + 1)
        if self._named_starts is None:
            self._named_starts = [p.start for p in self.persons() if p.named]
        named = self._named_starts
        if nxt_end > end and bisect.bisect_left(named, nxt_start) == bisect.bisect_left(
            named, nxt_end
        ):
            end = nxt_end
        return start, min(end, person.end + REACH_AFTER)

    def details(self, person: Person) -> dict[str, Span]:
        """The first detail of each kind that describes this person."""
        lo, hi = self.window(person)
        out: dict[str, Span] = {}

        def first(kind: str, spans: list[Span]) -> None:
            if kind not in out:
                got = next(
                    (
                        s
                        for s in self._within(spans, lo, hi)
                        if lo <= s[0] and s[1] <= hi and s != (person.start, person.end)
                    ),
                    None,
                )
                if got is not None:
                    out[kind] = got

        if self._age_spans is None:
            self._age_spans = [(a, b) for a, b, _ in self.ages()]
        first(AGE, self._age_spans)
        if not person.named:
            first(AGE, [m.span() for m in _BARE_AGE.finditer(self.raw, lo, hi)])
        first(PLACE, self.locators())
        first(PLACE, self.streets())
        first(PLACE, self.spans(RESIDENCE))
        first(WORK, self.spans(WORKPLACE))
        first(STUDY, self.schools())
        first(STUDY, self.spans(SCHOOL))
        first(KIN, self.spans(FAMILY))
        first(LOOKS, self.spans(APPEARANCE))
        return out

    def exact_place(self, person: Person) -> Span | None:
        """A unit number in the person's window: as good as a home address."""
        if not self.has_digit():
            return None
        lo, hi = self.window(person)
        return next((m.span() for m in UNIT_NUMBER.finditer(self.raw, lo, hi)), None)

    def sensitive(self, person: Person) -> Span | None:
        """A sensitive fact in the person's window ("... is Cst. X. He's had 3 prior
        complaints": the next sentence goes on about the same person)."""
        lo, hi = self.window(person)
        return next((s for s in self.spans(SENSITIVE) if lo <= s[0] and s[1] <= hi), None)

    def officer(self, person: Person) -> bool:
        """Does the window say this person is an officer at work ("the guy in the grey
        hoodie ...? Det. X, undercover")?"""
        lo, hi = self.window(person)
        return any(lo <= a < hi for a, _ in self.spans(OFFICER)) or any(
            lo <= a < hi and (a, b) != (person.start, person.end) for a, b in self.ranked_names()
        )
