"""One field as the role detector reads it: own words, sentences, evidence."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import SpeechLayout
from socialpolicy.detectors.respect.grammar import SELF, TOKEN
from socialpolicy.detectors.respect.lexicons import REPORTING, SPEECH
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

__all__ = ["RoleField"]

# A sentence that opens on one of these, or on a past-tense verb, tells what the author did
# with the subject left out ("Got tossed out of ...", "Clocked 170 on the 427").
_OPENERS = frozenset(
    {"got", "went", "hit", "drove", "did", "had", "took", "ran", "ate", "spent", "still", "just"}
)
_PAST = re.compile(r"[a-z]{3,}ed$")
_CLAUSE_HEAD = re.compile(r"(?:[,;:\u2014]|\s-)\s*([a-z']+)")

# A telling whose words are the member's own conduct: "told the doorman I'm on the job",
# "I told him I'd remember his face". Not "told me", "was told": someone else speaks there.
_TELLING = frozenset({"told", "tell", "telling", "said", "mentioned", "warned", "reminded"})
_HEARER_SELF = frozenset({"me", "us"})
# Words a sentence may open on before a subject-dropped telling ("so told him ...").
_LEAD_INS = frozenset({"and", "so", "then", "just", "also", "lol", "anyway"})
TELLING_REACH = 60  # characters before a telling read for its subject


class RoleField:
    def __init__(
        self,
        detector: str,
        field: str,
        raw: str,
        nt: NormalisedText,
        layout: SpeechLayout | Callable[[], SpeechLayout],
    ) -> None:
        self.detector = detector
        self.field = field
        self.raw = raw
        self.nt = nt
        self.text = nt.text
        # A callable defers the speech layout until a check needs it: most fields whose
        # role word is read for `role.identified` never ask whose words it is.
        self._layout = layout
        # Per sentence, read once: its words (starts, ends), so that a check per match never
        # rescans a long sentence.
        self._words: dict[int, tuple[list[int], list[int]]] = {}
        # Per (sentence start, cue): whether that cue is the author's own telling. Every match
        # after the same cue in a sentence asks the same question; a long sentence holds many.
        self._tellings: dict[tuple[int, int, int], bool] = {}
        # Per (sentence start, word set): the index of the sentence's first word in the set
        # (`SELF` for `first_person`, "I'm" for a disowned role).
        self._first_of: dict[tuple[int, frozenset[str]], int] = {}

    @property
    def layout(self) -> SpeechLayout:
        got = self._layout
        if callable(got):
            got = self._layout = got()
        return got

    def own(self, ms: Sequence[LexiconMatch]) -> list[LexiconMatch]:
        """The matches in the author's own words (not quoted or reported). What the member
        reports telling someone ("told the bouncer I'm on the job", "I told him he'd regret
        it") is the member's own: in this clause, what a member says to a person is an
        interaction conducted as a member (issue 10, always3)."""
        if not ms:
            return []  # most checks ask about a lexicon the field does not hold: no layout
        layout = self.layout
        return [m for m in ms if not layout.reported(m) or self.told_by_author(m)]

    def told_by_author(self, m: LexiconMatch) -> bool:
        """`m` is reported only by the member's own telling: not quoted, and the last speech
        or reporting cue before it in its sentence is a telling ("told", "said",
        "mentioned") whose subject is the author (the sentence opens on it, or "I"/"we"
        stands just before it) and whose hearer is not the author ("told me")."""
        layout = self.layout
        if layout.quotes and layout.quoted(m.start, m.end):
            return False
        s_start, _ = self.sentence(m.start)
        cues = [
            c
            for c in (
                layout.last_cue(SPEECH, s_start, m.start),
                layout.last_cue(REPORTING, s_start, m.start),
            )
            if c is not None
        ]
        if not cues:
            return False
        c = max(cues, key=lambda x: x.end)
        key = (s_start, c.start, c.end)
        got = self._tellings.get(key)
        if got is None:
            got = self._tellings[key] = self._telling(s_start, c.start, c.end)
        return got

    def _telling(self, s_start: int, c_start: int, c_end: int) -> bool:
        """The cue at `c_start:c_end` in the sentence from `s_start` is a telling by the author
        to someone else (see `told_by_author`)."""
        words = TOKEN.findall(self.text, c_start, c_end)
        if not words or words[0] not in _TELLING:
            return False
        after = TOKEN.findall(self.text, c_start, min(len(self.text), c_end + 16))
        if len(after) > 1 and after[1] in _HEARER_SELF:
            return False
        # Read back at most TELLING_REACH characters (not to the start of a long sentence
        # for every match): a subject-dropped opener is short, and "I" stands just before.
        lo = max(s_start, c_start - TELLING_REACH)
        before = TOKEN.findall(self.text, lo, c_start)
        if any(w in SELF for w in before[-3:]):
            return True
        if lo > s_start:
            return False
        while before and before[0][0] == "@":
            before = before[1:]
        return all(w in _LEAD_INS for w in before)  # the subject left out: the author's own

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.layout.sentence(pos)

    def _sentence_words(self, s_start: int, s_end: int) -> tuple[list[int], list[int]]:
        got = self._words.get(s_start)
        if got is None:
            starts: list[int] = []
            ends: list[int] = []
            for w in TOKEN.finditer(self.text, s_start, s_end):
                starts.append(w.start())
                ends.append(w.end())
            got = self._words[s_start] = (starts, ends)
        return got

    def first_person(self, s_start: int, s_end: int, before: int | None = None) -> bool:
        """A word of `SELF` in `text[s_start:s_end]`, or (with `before`) in
        `text[s_start:before]` (see `said_before`)."""
        return self.said_before(SELF, s_start, s_end, s_end if before is None else before)

    def said_before(self, vocab: frozenset[str], s_start: int, s_end: int, before: int) -> bool:
        """A word of `vocab` in `text[s_start:before]`: what `TOKEN.findall` on that span would
        find, read from the sentence's words (a word cut at `before` is read as cut), so that
        a check per match never rescans the sentence up to it."""
        starts, ends = self._sentence_words(s_start, s_end)
        key = (s_start, vocab)
        first = self._first_of.get(key)
        if first is None:
            text = self.text
            first = self._first_of[key] = next(
                (
                    i
                    for i, (a, b) in enumerate(zip(starts, ends, strict=True))
                    if text[a:b] in vocab
                ),
                -1,
            )
        if first >= 0 and ends[first] <= before:
            return True
        i = bisect_right(starts, before - 1) - 1  # the word holding the last character
        if i >= 0 and ends[i] > before:
            cut = TOKEN.match(self.text, starts[i], before)
            return cut is not None and cut.group() in vocab
        return False

    def opens_on_own_verb(self, s_start: int, s_end: int) -> bool:
        """A sentence, or a clause of it after a comma, a colon or a dash, that opens on the
        author's own verb with the subject left out ("Got tossed out of ...")."""
        first = TOKEN.match(self.text, s_start) or TOKEN.search(self.text, s_start, s_end)
        heads = [m.group(1) for m in _CLAUSE_HEAD.finditer(self.text, s_start, s_end)]
        if first is not None and first.start() < s_end:
            heads.append(first.group())
        return any(w in _OPENERS or _PAST.match(w) for w in heads)

    def ev(self, start: int, end: int) -> Evidence:
        span = self.nt.to_original(start, end)
        return Evidence(
            detector=self.detector,
            field=self.field,
            text=self.raw[span.start : span.end],
            span=span,
        )
