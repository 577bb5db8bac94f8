"""Who a rude term is aimed at, and the grammar checks on one field's text.

A term counts as abuse of a person only when it is aimed: at "you" or an @mention, said of
someone ("X is a moron"), after a demonstrative ("those clowns"), or as a form of address
("Learn to drive, idiot."); not when self-directed ("I'm such an idiot") or negated
("you're not stupid"). `classify` reads back from the term over at most six words of its
clause; `FieldView` holds one field's layout and the checks the concept modules share.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from socialpolicy.citations import Span
from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.grammar import (
    AFTER_HERE,
    AFTER_NOT_ME_YOU,
    AFTER_SELF,
    AFTER_YOU,
    ARTICLE,
    BE,
    BREAK,
    CLAUSE_END,
    COPULA,
    DEMONSTRATIVE,
    DETERMINERS,
    F_MASK,
    FEEL,
    HOSTILITY_GAP,
    INTENSIFIER,
    INTERJECTIONS,
    MAX_FREE_WORDS,
    MAX_HOSTILITY_GAP,
    MENTION,
    NEG,
    OBLIGATION,
    PRONOUNS,
    SELF,
    TOKEN,
    WORDISH,
    YOU,
    YOU_PLAIN,
    YOU_SUBJECT,
)
from socialpolicy.detectors.respect.lexicons import (
    GROUP_REFERENTS,
    INSULTS,
    OFFENCE,
    PERSON_NOUNS,
    PROTECTED_GROUPS,
    TARGET_PHRASES,
)
from socialpolicy.detectors.respect.speech import SpeechLayout
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

__all__ = ["Aim", "FieldView", "ReplyContext", "classify"]

# Determiners that make a singular group word one person: "the woman", "a newcomer", "this man".
_ONE = frozenset({"a", "an", "the", "this", "that", "one"})

# After a rude term, more words of its clause (not a comma, a dash or the sentence end).
_CLAUSE_GOES_ON = re.compile(r" ?[^\W_]")


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """What the text replied to tells about a reply: context, never the author's words."""

    text: str  # normalised
    criminal_view: bool  # it threatens, uses a slur or attacks a group
    asks: bool  # it asks a question
    grieves: bool  # it voices a complaint or a hurt (`grievance`)


class Aim(Enum):
    NONE = "none"
    YOU = "you"  # addressed: "you idiot", "you're a moron", "a bitch like you"
    PREDICATE = "predicate"  # said of someone: "X is a moron"
    DEMONSTRATIVE = "demonstrative"  # "those clowns", "what an idiot"
    SELF = "self"
    NEGATED = "negated"


def classify(words: list[str], ends_clause: bool = True) -> Aim:
    """Who the words just before a rude term aim it at, read backwards from the term.

    "you" aims the term at the person addressed when nothing but intensifiers and adjectives
    stand between them ("you absolute clown", "you muppet-brained idiot."). An article, or a
    word between them with the clause going on after the term, makes "you" the subject of
    a verb and the term its object: "you'll see a clown", "you see clowns at the fair".
    """
    free = 0
    article = False
    simile = False  # "like" or "as" between: "they are living like animals"
    progressive = False  # an -ing verb between: "people are feeding rats"
    i = len(words) - 1
    while i >= 0:
        w = words[i]
        if w.startswith("@") or w in YOU:
            if w in YOU_PLAIN and (article or (free and (not ends_clause or w in YOU_SUBJECT))):
                return Aim.NONE
            return Aim.YOU
        if w in SELF:
            return Aim.SELF
        if w in NEG:
            return Aim.NEGATED
        if w in COPULA or w == BE or w.endswith(("'s", "'re", "'m")):
            j = i - 1
            while j >= 0 and (words[j] in INTENSIFIER or words[j] == "as"):
                j -= 1  # "you really are", "you are just as"
            subject = words[j] if j >= 0 else ""
            if w.endswith(("'s", "'re", "'m")):
                subject = w.rsplit("'", 1)[0]
            if subject in YOU or subject.startswith("@"):
                return Aim.YOU
            if subject in SELF or w.endswith("'m"):
                return Aim.SELF
            if subject in NEG:
                return Aim.NEGATED
            if w == BE:
                return Aim.NONE
            # "people are feeding rats": the copula is an auxiliary and the term the object
            # of the -ing verb, not said of the subject.
            if progressive and not simile:
                return Aim.NONE
            return Aim.PREDICATE
        if w in DEMONSTRATIVE:
            # "those convoy clowns", but not "... that treats immigrants like garbage"
            return Aim.DEMONSTRATIVE if free <= 1 else Aim.NONE
        if w in BREAK:
            return Aim.NONE
        if w in ARTICLE or w in ("like", "as") or w in INTENSIFIER or F_MASK.fullmatch(w):
            article = article or w in DETERMINERS
            simile = simile or w in ("like", "as")
            i -= 1
            continue
        # "feeding", not "nothing but", "king", "thing"
        progressive = progressive or (len(w) > 5 and w.endswith("ing") and not w.endswith("thing"))
        free += 1
        if free > MAX_FREE_WORDS:
            return Aim.NONE
        i -= 1
    return Aim.NONE


def _self_opening(words: list[str], after: str) -> bool:
    """The clause names the author without "I": a term opening it with "here" after ("Clumsy
    idiot here spilled coffee"; no article: "an idiot here" is someone else), or a feeling
    with no subject at its start ("Feeling like a fool", "Felt like an idiot today")."""
    if len(words) >= 6:
        return False  # the clause's start is further back than `words_before` reads
    if words and words[0] in FEEL:
        return True
    return (
        len(words) <= 2 and not any(w in ARTICLE for w in words) and bool(AFTER_HERE.match(after))
    )


_CLAUSE_CHAR = re.compile(r"[,:;()\[\]\"]")  # CLAUSE_END's one-character marks
_DASH = re.compile(r"(?= - )")  # every " - ", overlapping ones too ("a - - b")


def clause_marks(text: str) -> tuple[list[int], list[int]]:
    """The ends and starts of every clause mark in `text` (`CLAUSE_END`: a comma, colon,
    bracket, quotation mark or " - "), ordered by end: where `FieldView.clause_start` looks."""
    marks = sorted(
        [(m.end(), m.start()) for m in _CLAUSE_CHAR.finditer(text)]
        + [(m.start() + 3, m.start()) for m in _DASH.finditer(text)]
    )
    return [e for e, _ in marks], [s for _, s in marks]


class Reach:
    """The words (`TOKEN`) from one point of a text on, read lazily and once, for asking
    again and again whether a kind of word comes before a later point: each match of a
    run-on clause asks about the stretch from the same start, which read per match was
    quadratic."""

    def __init__(self, text: str, start: int, kinds: tuple[Callable[[str], bool], ...]) -> None:
        self._words = TOKEN.finditer(text, start)
        self._next = next(self._words, None)
        self._kinds = kinds
        self.starts: list[int] = []  # of the words read so far
        self.ends: list[int] = []
        self.first: list[int | None] = [None] * len(kinds)  # start of each kind's first word

    def before(self, end: int) -> list[bool] | None:
        """For each kind, whether a word of `TOKEN.findall(text, start, end)` is of it; None
        when `end` cuts a word (that word is read cut there: read the stretch itself)."""
        while self._next is not None and self._next.start() < end:
            t, self._next = self._next, next(self._words, None)
            word = t.group()
            for i, kind in enumerate(self._kinds):
                if self.first[i] is None and kind(word):
                    self.first[i] = t.start()
            self.starts.append(t.start())
            self.ends.append(t.end())
        i = bisect_left(self.starts, end) - 1  # the last word starting before `end`
        if i >= 0 and self.ends[i] > end:
            return None
        # Every word starting before `end` is read and none runs past it: they are the words
        # read up to `end`.
        return [first is not None and first < end for first in self.first]


class FieldView:
    """The analysis of one field: layout plus the grammar checks, computed on demand.

    It also carries what the concept checks learn as they run, in order: the sentences whose
    swearing an aimed finding already explains, and whether the field attacks a group.
    """

    def __init__(
        self,
        detector: str,
        field: str,
        raw: str,
        nt: NormalisedText,
        layout: SpeechLayout,
        groups: Mapping[str, Sequence[LexiconMatch]],
        reply: ReplyContext | None = None,
    ) -> None:
        self.detector = detector
        self.field = field
        self.raw = raw
        self.nt = nt
        self.text = nt.text
        self.layout = layout
        self.groups = groups  # the field's matches by lexicon (Context.grouped): read only
        self.reply = reply
        self.is_reply = reply is not None
        self.aimed_sentences: set[int] = set()
        self.group_attack = False
        self._clause_marks: tuple[list[int], list[int]] | None = None
        self._reaches: dict[tuple[int, tuple[Callable[[str], bool], ...]], Reach] = {}
        # The first word past the leads of a fragment ("bunch of", "such"), by sentence start:
        # `attacks._only_leads` reads each sentence's opening once, not once per match.
        self.first_not_lead: dict[int, tuple[int, int] | None] = {}

    def reach(self, start: int, kinds: tuple[Callable[[str], bool], ...]) -> Reach:
        """The words from `start` on, read once for the field (`Reach`)."""
        key = (start, kinds)
        got = self._reaches.get(key)
        if got is None:
            got = self._reaches[key] = Reach(self.text, start, kinds)
        return got

    def sentence_of(self, pos: int) -> int:
        return self.layout.sentences.index(pos)

    def evidence(self, m: LexiconMatch) -> tuple[Evidence, ...]:
        """The term as the author wrote it, located in the original field."""
        span = self.nt.to_original(m.start, m.end)
        return (
            Evidence(
                detector=self.detector,
                field=self.field,
                text=self.raw[span.start : span.end],
                span=span,
            ),
        )

    def evidence_at(self, start: int, end: int) -> tuple[Evidence, ...]:
        """Evidence for `raw[start:end]` (a span of the original field, for shape checks)."""
        return (
            Evidence(
                detector=self.detector,
                field=self.field,
                text=self.raw[start:end],
                span=Span(start=start, end=end),
            ),
        )

    def hit(self, signal: str, m: LexiconMatch) -> Hit:
        return Hit(signal, self.evidence(m))

    def target(self, m: LexiconMatch, group: bool) -> Hit:
        return Hit("respect.targets", self.evidence(m), tag="group" if group else "person")

    def aimed(self, m: LexiconMatch) -> None:
        """Record that an aimed finding accounts for the swearing in `m`'s sentence."""
        self.aimed_sentences.add(self.sentence_of(m.start))

    def words_before(self, m: LexiconMatch) -> list[str]:
        s_start, _ = self.layout.sentence(m.start)
        lo = max(s_start, m.start - 80)
        # A clause ends at a comma, colon or dash: "Animal Services reminds you: rats are ..."
        # does not call anyone a rat.
        cut = CLAUSE_END.search(self.text[lo : m.start][::-1])
        if cut is not None:
            lo = m.start - cut.start()
        return TOKEN.findall(self.text, lo, m.start)[-6:]

    def aim(self, m: LexiconMatch) -> Aim:
        _, s_end = self.layout.sentence(m.start)
        after = self.text[m.end : s_end]
        words = self.words_before(m)
        aim = classify(words, ends_clause=not _CLAUSE_GOES_ON.match(after))
        if aim in (Aim.NONE, Aim.DEMONSTRATIVE, Aim.PREDICATE) and AFTER_SELF.match(after):
            return Aim.SELF  # "what an idiot I am"
        if aim is Aim.NONE and _self_opening(words, after):
            return Aim.SELF  # "Clumsy idiot here ...", "Feeling like a fool"
        if aim is Aim.NONE and AFTER_YOU.match(after):
            return Aim.YOU  # "a clown like you"
        if aim is Aim.NEGATED and AFTER_NOT_ME_YOU.match(after):
            return Aim.YOU  # "I'm not the idiot here, you are."
        return aim

    def turned_on_you(self, m: LexiconMatch) -> bool:
        """A denial that turns the term on "you": "I'm not the idiot here, you are." The
        term is the author's own, aimed at the person addressed."""
        _, s_end = self.layout.sentence(m.start)
        if AFTER_NOT_ME_YOU.match(self.text, m.end, s_end) is None:
            return False
        return any(w in NEG for w in self.words_before(m))

    def vocative(self, m: LexiconMatch, opening: bool) -> bool:
        """Used as a form of address: ", idiot." ending a sentence, or (when `opening`) a
        sentence made of the term alone ("Clown 🤡", "Total clown.", "Oh honey, no.")."""
        s_start, s_end = self.layout.sentence(m.start)
        after = self.text[m.end : s_end]
        if WORDISH.search(after) and not (opening and after.lstrip().startswith(",")):
            return False
        before = self.text[s_start : m.start]
        if before.rstrip().endswith(","):
            return True
        if not opening:
            return False
        words = TOKEN.findall(before)
        # "Oh honey, no.", "lol ok sweetie": an interjection may open the address.
        return all(
            w in ARTICLE or w in INTENSIFIER or w in INTERJECTIONS or F_MASK.fullmatch(w)
            for w in words
        )

    def opens_sentence(self, m: LexiconMatch) -> bool:
        s_start, _ = self.layout.sentence(m.start)
        return not WORDISH.search(self.text, s_start, m.start)

    def sentence_has(self, lexicon_id: str, m: LexiconMatch) -> bool:
        s_start, s_end = self.layout.sentence(m.start)
        return self.layout.cue(lexicon_id, s_start, s_end) is not None

    def crime_context(self, m: LexiconMatch) -> bool:
        """Criminal conduct named in the sentence, outside `m` itself ("should be shot" is
        not a report of a shooting)."""
        s_start, s_end = self.layout.sentence(m.start)
        return (
            self.layout.cue(OFFENCE, s_start, m.start) is not None
            or self.layout.cue(OFFENCE, m.end, s_end) is not None
        )

    def group_before(self, m: LexiconMatch) -> bool:
        """A protected group named earlier in the sentence (the subject of "X are ...")."""
        s_start, _ = self.layout.sentence(m.start)
        return any(
            not self.individual(g) for g in self.layout.cues_in(PROTECTED_GROUPS, s_start, m.start)
        )

    def individual(self, g: LexiconMatch) -> bool:
        """A group word naming one person ("the woman we found", "a refugee I met"), not the
        group: a singular term after an article or a singular demonstrative."""
        if g.term.endswith("s") or " " in g.term:
            return False
        before = TOKEN.findall(self.text, max(0, g.start - 12), g.start)
        return bool(before) and before[-1] in _ONE

    def obliged_group(self, m: LexiconMatch) -> bool:
        """A protected group told what it must do or be: "immigrants should learn English"."""
        s_start, _ = self.layout.sentence(m.start)
        g = self.layout.last_cue(PROTECTED_GROUPS, s_start, m.start)
        return g is not None and any(
            w in OBLIGATION for w in TOKEN.findall(self.text, g.end, m.start)
        )

    def group_after(self, m: LexiconMatch) -> LexiconMatch | None:
        """A protected group directly after `m`, past at most a few determiners."""
        _, s_end = self.layout.sentence(m.start)
        g = self.layout.cue(PROTECTED_GROUPS, m.end, s_end)
        if g is None:
            return None
        gap = TOKEN.findall(self.text, m.end, g.start)
        if len(gap) > MAX_HOSTILITY_GAP or any(w not in HOSTILITY_GAP for w in gap):
            return None
        return g

    def sentence_has_you(self, m: LexiconMatch) -> bool:
        s_start, s_end = self.layout.sentence(m.start)
        return self.layout.has_you(s_start, s_end)

    def about_people(self, m: LexiconMatch) -> bool:
        return (
            self.sentence_has(PROTECTED_GROUPS, m)
            or self.sentence_has(GROUP_REFERENTS, m)
            or self.sentence_has(TARGET_PHRASES, m)
            or self.sentence_has_you(m)
        )

    def clause_start(self, m: LexiconMatch) -> int:
        """Where `m`'s clause starts: its sentence start, or the end of the last comma, colon
        or dash (`CLAUSE_END`) that lies wholly between the sentence start and `m`."""
        s_start, _ = self.layout.sentence(m.start)
        if self._clause_marks is None:
            self._clause_marks = clause_marks(self.text)
        ends, starts = self._clause_marks
        # Found by bisection among the field's marks, listed once: reading the sentence back
        # from each match cost the sentence's length per match (quadratic in a run-on one).
        i = bisect_right(ends, m.start) - 1
        # The last mark ending by `m`; one that started before the sentence cannot hide
        # another inside it (a mark is one character or " - ", none nests in another).
        return s_start if i < 0 or starts[i] < s_start else ends[i]

    def person_before(self, m: LexiconMatch) -> bool:
        """A person named in `m`'s clause before it: "you" or an @mention, "this guy",
        "anyone who", "the driver", "people", a protected group. A pronoun ("they", "them") may stand for
        anything ("they're pests" of squirrels), so it does not count."""
        lo = self.clause_start(m)
        layout = self.layout
        if layout.has_you(lo, m.start):
            return True
        for lexicon in (TARGET_PHRASES, PERSON_NOUNS, PROTECTED_GROUPS):
            if layout.cue(lexicon, lo, m.start) is not None:
                return True
        # An insult as the subject names a person too: "this clown is a complete idiot".
        if any(lo <= c.start and c.end <= m.start for c in self.groups.get(INSULTS, ())):
            return True
        return any(c.term not in PRONOUNS for c in layout.cues_in(GROUP_REFERENTS, lo, m.start))

    def people_in_sentence(self, m: LexiconMatch) -> bool:
        """A protected group or a word for people ("those people", "you people", "folks")
        in `m`'s sentence; a pronoun or a lone "you" is not enough."""
        s_start, s_end = self.layout.sentence(m.start)
        layout = self.layout
        if layout.cue(PROTECTED_GROUPS, s_start, s_end) is not None:
            return True
        return any(c.term not in PRONOUNS for c in layout.cues_in(GROUP_REFERENTS, s_start, s_end))

    def addressed(self, m: LexiconMatch) -> bool:
        """Said to someone: in a reply, or with "you", an @mention or a "this guy"-style
        reference in its sentence."""
        return self.is_reply or self.sentence_has_you(m) or self.sentence_has(TARGET_PHRASES, m)

    def to_someone(self) -> bool:
        """The field is said to one person: a reply, or a post text that opens with an
        @mention ("@columnist Read your piece. Pathetic.")."""
        return self.is_reply or (self.field == "text" and MENTION.match(self.text) is not None)

    def alone(self, m: LexiconMatch) -> bool:
        """`m` is all the words of its sentence ("Blocked.", "Bye 👋", "🤡🤡 next question")."""
        s_start, s_end = self.layout.sentence(m.start)
        return not (
            WORDISH.search(self.text, s_start, m.start) or WORDISH.search(self.text, m.end, s_end)
        )

    def names_person(self) -> bool:
        """The field speaks to or of people: "you", an @mention, "this guy", "the driver",
        "everyone complaining", a protected group (not a bare "they")."""
        layout = self.layout
        end = len(self.text)
        return (
            layout.has_you(0, end)
            or layout.cue(TARGET_PHRASES, 0, end) is not None
            or layout.cue(PERSON_NOUNS, 0, end) is not None
            or layout.cue(PROTECTED_GROUPS, 0, end) is not None
            or any(c.term not in PRONOUNS for c in layout.cues_in(GROUP_REFERENTS, 0, end))
        )

    def sentence_has_mention(self, m: LexiconMatch) -> bool:
        return self.layout.has_mention(*self.layout.sentence(m.start))

    def hashtag(self, m: LexiconMatch) -> bool:
        """`m` is (the start of) a hashtag: a topic or a name, not words said to someone."""
        return m.start > 0 and self.text[m.start - 1] == "#"

    def has(self, lexicon_id: str) -> bool:
        """The field has a match of this lexicon."""
        return bool(self.groups.get(lexicon_id))

    def answers_criminal_view(self) -> bool:
        """The text replied to constitutes a criminal offence (a threat, a slur, an attack on
        a group): Toronto allows intolerance of such views."""
        return self.reply is not None and self.reply.criminal_view
