"""Who a rude term is aimed at, and the grammar checks on one field's text.

A term counts as abuse of a person only when it is aimed: at "you" or an @mention, said of
someone ("X is a moron"), after a demonstrative ("those clowns"), or as a form of address
("Learn to drive, idiot."); not when self-directed ("I'm such an idiot") or negated
("you're not stupid"). `classify` reads back from the term over at most six words of its
clause; `FieldView` holds one field's layout and the checks the concept modules share.
"""

from __future__ import annotations

from enum import Enum

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.grammar import (
    AFTER_SELF,
    AFTER_YOU,
    ARTICLE,
    BE,
    BREAK,
    CLAUSE_END,
    COPULA,
    DEMONSTRATIVE,
    F_MASK,
    HOSTILITY_GAP,
    INTENSIFIER,
    MAX_FREE_WORDS,
    MAX_HOSTILITY_GAP,
    NEG,
    OBLIGATION,
    SELF,
    TOKEN,
    WORDISH,
    YOU,
)
from socialpolicy.detectors.respect.lexicons import (
    GROUP_REFERENTS,
    OFFENCE,
    PROTECTED_GROUPS,
    TARGET_PHRASES,
)
from socialpolicy.detectors.respect.speech import SpeechLayout
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

__all__ = ["Aim", "FieldView", "classify"]


class Aim(Enum):
    NONE = "none"
    YOU = "you"  # addressed: "you idiot", "you're a moron", "a bitch like you"
    PREDICATE = "predicate"  # said of someone: "X is a moron"
    DEMONSTRATIVE = "demonstrative"  # "those clowns", "what an idiot"
    SELF = "self"
    NEGATED = "negated"


def classify(words: list[str]) -> Aim:
    """Who the words just before a rude term aim it at, read backwards from the term."""
    free = 0
    i = len(words) - 1
    while i >= 0:
        w = words[i]
        if w.startswith("@") or w in YOU:
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
            return Aim.PREDICATE
        if w in DEMONSTRATIVE:
            # "those convoy clowns", but not "... that treats immigrants like garbage"
            return Aim.DEMONSTRATIVE if free <= 1 else Aim.NONE
        if w in BREAK:
            return Aim.NONE
        if w in ARTICLE or w in ("like", "as") or w in INTENSIFIER or F_MASK.fullmatch(w):
            i -= 1
            continue
        free += 1
        if free > MAX_FREE_WORDS:
            return Aim.NONE
        i -= 1
    return Aim.NONE


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
        is_reply: bool,
    ) -> None:
        self.detector = detector
        self.field = field
        self.raw = raw
        self.nt = nt
        self.text = nt.text
        self.layout = layout
        self.is_reply = is_reply
        self.aimed_sentences: set[int] = set()
        self.group_attack = False

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
        aim = classify(self.words_before(m))
        _, s_end = self.layout.sentence(m.start)
        after = self.text[m.end : s_end]
        if aim in (Aim.NONE, Aim.DEMONSTRATIVE, Aim.PREDICATE) and AFTER_SELF.match(after):
            return Aim.SELF  # "what an idiot I am"
        if aim is Aim.NONE and AFTER_YOU.match(after):
            return Aim.YOU  # "a clown like you"
        return aim

    def vocative(self, m: LexiconMatch, opening: bool) -> bool:
        """Used as a form of address: ", idiot." ending a sentence, or (when `opening`) a
        sentence made of the term alone ("Clown 🤡", "Total clown.")."""
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
        return all(w in ARTICLE or w in INTENSIFIER or F_MASK.fullmatch(w) for w in words)

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
        return self.layout.cue(PROTECTED_GROUPS, s_start, m.start) is not None

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
