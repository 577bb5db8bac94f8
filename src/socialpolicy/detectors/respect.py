"""Respect detector: rude, offensive and discriminatory language in the author's own words.

It tells abuse *aimed* at someone from swearing in general, and the author's words from
words the author only quotes, reports or condemns:

- an insult (`insults`, `insult_adjectives`) counts when it is aimed: at "you" or an
  @mention ("you absolute clown", "a b!tch like you"), as a predicate ("X is a moron",
  "management are a bunch of clueless paper-pushers"), after a demonstrative ("those clowns",
  "what an idiot"), or as a vocative ("Learn to drive, idiot."; "Clown 🤡" opening a reply);
  not when it is self-directed ("I'm such an idiot") or negated ("you're not stupid");
- a slur (`slurs`) counts wherever the author uses it;
- a threat or wish of violence (`violent_wishes`: "they should all be shot") counts when it
  is aimed at someone and the sentence does not report a crime ("he threatened to ...");
- an identity attack: a dehumanising word said of people (`dehumanising`: "they are vermin"),
  an eliminationist phrase about a group (`eliminationist`), an exclusion phrase aimed at
  someone (`exclusion_phrases`: "go back where you came from"), hatred of a protected group
  (`hostility` followed by a `protected_groups` term: "I hate immigrants"), or an aimed insult
  in a sentence naming a protected group ("women are disgusting");
- a rude dismissal (`dismissive`: "nobody asked", "ok boomer"; `sarcastic_epithets` in the
  vocative: ", genius.") counts when it is addressed to someone (a reply, "you", an
  @mention, "this guy");
- strong swearing (`profanity`) counts when no aimed insult or slur in its sentence already
  accounts for it.

Not the author's words: text inside quotation marks, a sentence's words after a reporting
cue (`reporting_verbs`: "someone called me ...", "I was told ..."; `speech_verbs`: "a caller
said ...", but not "like I said, ..."), a name someone was called (within a few words after
`naming_verbs`: "called the officer a loser"), a sentence that condemns the abuse
(`counter_speech`: "calling people vermin is not okay"), and harsh words about people said
in the same sentence as a crime (`offence_terms`: Toronto excepts views that "constitute a
criminal offence"). They raise `respect.quoted` only. The text replied to
(`in_reply_to.text`) is never read as the author's; a reply only makes rude remarks count as
addressed to its author.

Everything works from the pack's cached lexicon matches; the small grammar checks below (a
backward look over at most six words before a hit) run only when a rude term matched.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from socialpolicy.detectors._windows import Sentences
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

__all__ = ["RespectDetector", "SpeechLayout", "dedupe"]

INSULTS = "insults"
INSULT_ADJECTIVES = "insult_adjectives"
PROFANITY = "profanity"
SLURS = "slurs"
DEHUMANISING = "dehumanising"
ELIMINATIONIST = "eliminationist"
EXCLUSION = "exclusion_phrases"
DISMISSIVE = "dismissive"
EPITHETS = "sarcastic_epithets"
HOSTILITY = "hostility"
THREATS = "violent_wishes"
SECOND_PERSON = "second_person"
PROTECTED_GROUPS = "protected_groups"
GROUP_REFERENTS = "group_referents"
TARGET_PHRASES = "target_phrases"
REPORTING = "reporting_verbs"
NAMING = "naming_verbs"
SPEECH = "speech_verbs"
COUNTER = "counter_speech"
OFFENCE = "offence_terms"

# Lexicons whose terms can be abuse by themselves; a field without any of them is skipped.
TRIGGERS = frozenset(
    {
        INSULTS,
        INSULT_ADJECTIVES,
        PROFANITY,
        SLURS,
        DEHUMANISING,
        ELIMINATIONIST,
        EXCLUSION,
        DISMISSIVE,
        EPITHETS,
        HOSTILITY,
        THREATS,
    }
)
CUES = frozenset(
    {
        SECOND_PERSON,
        PROTECTED_GROUPS,
        GROUP_REFERENTS,
        TARGET_PHRASES,
        REPORTING,
        NAMING,
        SPEECH,
        COUNTER,
        OFFENCE,
    }
)

# --- grammar (closed-class words, not policy vocabulary) -------------------------------------

_SELF = frozenset(
    {"i", "i'm", "im", "me", "myself", "we", "we're", "us", "ourselves", "i've", "i'd", "i'll"}
)
_YOU = frozenset(
    {
        "you",
        "your",
        "you're",
        "youre",
        "u",
        "ur",
        "ya",
        "yourself",
        "yourselves",
        "yall",
        "y'all",
        "you've",
        "you'd",
        "you'll",
    }
)
# Speakers whose reported words still count: the author ("like I said, ..."), or a relative
# clause naming the target ("whoever said that is a moron").
_OWN_SPEAKER = frozenset({"i", "i'm", "im", "we", "we're", "who", "whoever", "that"})
_NEG = frozenset(
    {
        "not",
        "never",
        "no",
        "don't",
        "dont",
        "doesn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "ain't",
        "won't",
        "can't",
        "cannot",
        "nobody",
        "noone",
        "opposite",
    }
)
_COPULA = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "am",
        "been",
        "being",
        "r",
        "seem",
        "seems",
        "seemed",
        "look",
        "looks",
        "looked",
        "sound",
        "sounds",
        "act",
        "acts",
        "acted",
        "acting",
        "behave",
        "behaves",
        "behaved",
        "behaving",
        "breed",
        "breeds",
        "breeding",
    }
)
# Words that end the noun phrase or clause a rude term sits in, and quantifiers that make it
# generic: nothing before them aims it ("thank you to the clowns at the fair", "@user any
# animal found on the road").
_BREAK = frozenset(
    {
        "to",
        "for",
        "with",
        "at",
        "in",
        "on",
        "by",
        "from",
        "about",
        "into",
        "than",
        "who",
        "which",
        "because",
        "if",
        "when",
        "while",
        "but",
        "or",
        "whether",
        "any",
        "every",
        "each",
        "all",
        "most",
        "many",
        "treat",
        "treats",
        "treated",
        "treating",
    }
)
# "be" is mostly imperative or modal ("don't be an idiot", "could be a clown"): it aims an
# insult only when "you" is its subject.
_BE = "be"
_DEMONSTRATIVE = frozenset({"this", "that", "these", "those", "what"})
_ARTICLE = frozenset(
    {
        "a",
        "an",
        "the",
        "one",
        "some",
        "such",
        "bunch",
        "pack",
        "load",
        "lot",
        "of",
        "couple",
        "gang",
        "group",
        "crowd",
        "herd",
    }
)
_INTENSIFIER = frozenset(
    {
        "so",
        "just",
        "really",
        "truly",
        "literally",
        "clearly",
        "obviously",
        "basically",
        "honestly",
        "absolute",
        "absolutely",
        "total",
        "totally",
        "complete",
        "completely",
        "utter",
        "utterly",
        "real",
        "proper",
        "right",
        "massive",
        "huge",
        "big",
        "little",
        "old",
        "stupid",
        "dumb",
        "pathetic",
        "useless",
        "worthless",
        "clueless",
        "ignorant",
        "brainless",
        "lazy",
        "fat",
        "ugly",
        "dirty",
        "filthy",
        "disgusting",
        "bloody",
        "damn",
        "goddamn",
        "freaking",
        "frigging",
        "friggin",
        "effing",
        "fucking",
        "fuckin",
        "fking",
        "fkn",
        "and",
        "nothing",
        "but",
    }
)
_MAX_FREE_WORDS = 2  # content words allowed between a target cue and the insult
# Words allowed between a hostility phrase and the group it targets ("sick of all these ...").
_HOSTILITY_GAP = frozenset(
    {
        "all",
        "the",
        "these",
        "those",
        "every",
        "single",
        "one",
        "of",
        "any",
        "most",
        "other",
        "so",
        "many",
        "fucking",
        "damn",
        "bloody",
    }
)
_MAX_HOSTILITY_GAP = 3
_YOU_REACH = 60  # characters before an exclusion phrase in which "you" addresses it
_MAX_NAMING_GAP = 4  # words between "called" and the name: "called the officer a loser"
# Between a protected group and an exclusion phrase, a word of obligation or a copula makes the
# group the one told to leave or conform ("immigrants should learn English", "Muslims are not
# welcome here"), unlike "newcomers can learn English at the library".
_OBLIGATION = frozenset(
    {
        "should",
        "need",
        "needs",
        "must",
        "better",
        "ought",
        "gotta",
        "have",
        "has",
        "is",
        "are",
        "were",
        "was",
    }
)

_TOKEN = re.compile(r"@?[\w*][\w*'\-]*")
_WORDISH = re.compile(r"[^\W_]")
_CLAUSE_END = re.compile(r"[,:;()\[\]\"]| - ")  # searched in reversed text
_MENTION = re.compile(r"(?<![\w@])@\w")
# Quoted stretches of normalised text (curly quotes are straight there): double quotes,
# guillemets, and single quotes that open after a non-word and close before one (so the
# apostrophes of "don't" and "kids'" neither open nor close a quote).
_QUOTED = re.compile(
    r'"[^"]{1,600}"|«[^»]{1,600}»|(?<![\w\'])\'(?:[^\']|(?<=\w)\'(?=\w)){1,400}\'(?![\w\'])'
)
_AFTER_SELF = re.compile(r"\W*(?:i am|i was|i've been|am i)\b")
_AFTER_YOU = re.compile(r"\W*(?:is what you are|like (?:you|u|ya|yourself|yourselves)\b)")
_SWEAR_AT = re.compile(r"\s+(?:you|u|ya|yourself|yourselves|off)\b")  # "f*ck you", "f off"
_F_MASK = re.compile(r"f\*+\w*|f\w*\*\w*")


class Aim(Enum):
    NONE = "none"
    YOU = "you"  # addressed: "you idiot", "you're a moron", "a bitch like you"
    PREDICATE = "predicate"  # said of someone: "X is a moron"
    DEMONSTRATIVE = "demonstrative"  # "those clowns", "what an idiot"
    SELF = "self"
    NEGATED = "negated"


@dataclass(frozen=True, slots=True)
class SpeechLayout:
    """Where in one normalised field the author speaks in their own voice.

    Shared with the role detector: quoted stretches, and per sentence whether a reporting
    cue or counter-speech cue makes later words someone else's.
    """

    text: str
    sentences: Sentences
    quotes: tuple[tuple[int, int], ...]
    cues: dict[str, list[LexiconMatch]]  # per cue lexicon, sorted by start
    starts: dict[str, list[int]]  # the same matches' starts, for bisection

    @classmethod
    def build(cls, nt: NormalisedText, matches: Sequence[LexiconMatch]) -> SpeechLayout:
        text = nt.text
        quotes = tuple(m.span() for m in _QUOTED.finditer(text)) if _has_quote(text) else ()
        cues: dict[str, list[LexiconMatch]] = {}
        for m in matches:  # the matcher returns them sorted by position
            if m.lexicon_id in CUES:
                cues.setdefault(m.lexicon_id, []).append(m)
        starts = {k: [m.start for m in v] for k, v in cues.items()}
        return cls(text, Sentences(text), quotes, cues, starts)

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.sentences.bounds(self.sentences.index(pos))

    def quoted(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.quotes)

    def cue(self, lexicon_id: str, start: int, end: int) -> LexiconMatch | None:
        """The first match of a cue lexicon lying within `[start, end)`."""
        return next(self.cues_in(lexicon_id, start, end), None)

    def cues_in(self, lexicon_id: str, start: int, end: int) -> Iterator[LexiconMatch]:
        """The matches of a cue lexicon lying within `[start, end)`, in order."""
        pool = self.cues.get(lexicon_id)
        if not pool:
            return
        for i in range(bisect_left(self.starts[lexicon_id], start), len(pool)):
            c = pool[i]
            if c.start >= end:
                return
            if c.end <= end:
                yield c

    def last_cue(self, lexicon_id: str, start: int, end: int) -> LexiconMatch | None:
        """The last match of a cue lexicon lying within `[start, end)`."""
        pool = self.cues.get(lexicon_id)
        if not pool:
            return None
        i = bisect_left(self.starts[lexicon_id], end) - 1
        while i >= 0 and pool[i].start >= start:
            if pool[i].end <= end:
                return pool[i]
            i -= 1
        return None

    def reported(self, m: LexiconMatch) -> bool:
        """Quoted, or after a reporting cue in its sentence ("was told ...", "called me ...")."""
        if self.quotes and self.quoted(m.start, m.end):
            return True
        s_start, _ = self.sentence(m.start)
        if self.cue(REPORTING, s_start, m.start) is not None:
            return True
        for c in self.cues_in(SPEECH, s_start, m.start):
            before = _TOKEN.findall(self.text, max(s_start, c.start - 12), c.start)
            if not (before and before[-1] in _OWN_SPEAKER):
                return True
        naming = self.last_cue(NAMING, s_start, m.start)
        return (
            naming is not None
            and len(_TOKEN.findall(self.text, naming.end, m.start)) <= _MAX_NAMING_GAP
        )

    def not_own(self, m: LexiconMatch) -> bool:
        """Quoted, reported, or condemned in its sentence: not the author's own abuse."""
        if self.reported(m):
            return True
        s_start, s_end = self.sentence(m.start)
        return self.cue(COUNTER, s_start, s_end) is not None

    def has_you(self, start: int, end: int) -> bool:
        """A second-person word or an @mention within `[start, end)`."""
        if self.cue(SECOND_PERSON, start, end) is not None:
            return True
        return "@" in self.text and _MENTION.search(self.text, start, end) is not None


def _has_quote(text: str) -> bool:
    return '"' in text or "'" in text or "«" in text


def _classify(words: list[str]) -> Aim:
    """Who the words just before a rude term aim it at, read backwards from the term."""
    free = 0
    i = len(words) - 1
    while i >= 0:
        w = words[i]
        if w.startswith("@") or w in _YOU:
            return Aim.YOU
        if w in _SELF:
            return Aim.SELF
        if w in _NEG:
            return Aim.NEGATED
        if w in _COPULA or w == _BE or w.endswith(("'s", "'re", "'m")):
            j = i - 1
            while j >= 0 and (words[j] in _INTENSIFIER or words[j] == "as"):
                j -= 1  # "you really are", "you are just as"
            subject = words[j] if j >= 0 else ""
            if w.endswith(("'s", "'re", "'m")):
                subject = w.rsplit("'", 1)[0]
            if subject in _YOU or subject.startswith("@"):
                return Aim.YOU
            if subject in _SELF or w.endswith("'m"):
                return Aim.SELF
            if subject in _NEG:
                return Aim.NEGATED
            if w == _BE:
                return Aim.NONE
            return Aim.PREDICATE
        if w in _DEMONSTRATIVE:
            # "those convoy clowns", but not "... that treats immigrants like garbage"
            return Aim.DEMONSTRATIVE if free <= 1 else Aim.NONE
        if w in _BREAK:
            return Aim.NONE
        if w in _ARTICLE or w in ("like", "as") or w in _INTENSIFIER or _F_MASK.fullmatch(w):
            i -= 1
            continue
        free += 1
        if free > _MAX_FREE_WORDS:
            return Aim.NONE
        i -= 1
    return Aim.NONE


class _Field:
    """The analysis of one field: layout plus the grammar checks, computed on demand."""

    def __init__(self, nt: NormalisedText, layout: SpeechLayout, is_reply: bool) -> None:
        self.nt = nt
        self.text = nt.text
        self.layout = layout
        self.is_reply = is_reply

    def words_before(self, m: LexiconMatch) -> list[str]:
        s_start, _ = self.layout.sentence(m.start)
        lo = max(s_start, m.start - 80)
        # A clause ends at a comma, colon or dash: "Animal Services reminds you: rats are ..."
        # does not call anyone a rat.
        cut = _CLAUSE_END.search(self.text[lo : m.start][::-1])
        if cut is not None:
            lo = m.start - cut.start()
        return _TOKEN.findall(self.text, lo, m.start)[-6:]

    def aim(self, m: LexiconMatch) -> Aim:
        aim = _classify(self.words_before(m))
        _, s_end = self.layout.sentence(m.start)
        after = self.text[m.end : s_end]
        if aim in (Aim.NONE, Aim.DEMONSTRATIVE, Aim.PREDICATE) and _AFTER_SELF.match(after):
            return Aim.SELF  # "what an idiot I am"
        if aim is Aim.NONE and _AFTER_YOU.match(after):
            return Aim.YOU  # "a clown like you"
        return aim

    def vocative(self, m: LexiconMatch, opening: bool) -> bool:
        """Used as a form of address: ", idiot." ending a sentence, or (when `opening`) a
        sentence made of the term alone ("Clown 🤡", "Total clown.")."""
        s_start, s_end = self.layout.sentence(m.start)
        after = self.text[m.end : s_end]
        if _WORDISH.search(after) and not (opening and after.lstrip().startswith(",")):
            return False
        before = self.text[s_start : m.start]
        if before.rstrip().endswith(","):
            return True
        if not opening:
            return False
        words = _TOKEN.findall(before)
        return all(w in _ARTICLE or w in _INTENSIFIER or _F_MASK.fullmatch(w) for w in words)

    def opens_sentence(self, m: LexiconMatch) -> bool:
        s_start, _ = self.layout.sentence(m.start)
        return not _WORDISH.search(self.text, s_start, m.start)

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
            w in _OBLIGATION for w in _TOKEN.findall(self.text, g.end, m.start)
        )

    def group_after(self, m: LexiconMatch) -> LexiconMatch | None:
        """A protected group directly after `m`, past at most a few determiners."""
        _, s_end = self.layout.sentence(m.start)
        g = self.layout.cue(PROTECTED_GROUPS, m.end, s_end)
        if g is None:
            return None
        gap = _TOKEN.findall(self.text, m.end, g.start)
        if len(gap) > _MAX_HOSTILITY_GAP or any(w not in _HOSTILITY_GAP for w in gap):
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


def dedupe(hits: list[LexiconMatch]) -> list[LexiconMatch]:
    """Longest first among overlapping hits ("son of a bitch" over "bitch")."""
    hits = sorted(hits, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[LexiconMatch] = []
    last_end = -1
    for m in hits:
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
        elif m.end > last_end:
            last_end = m.end
    return out


_SIGNALS = (
    SignalSpec(
        "respect.insult_at_person",
        "count",
        "Insults aimed at a person or group: addressed to 'you' or an @mention, said "
        "of someone ('X is a moron'), after a demonstrative ('those clowns') or as a "
        "form of address ('Learn to drive, idiot.'). Not self-directed or negated ones.",
    ),
    SignalSpec(
        "respect.slur",
        "count",
        "Identity slurs in the author's own words (not quoted, reported or condemned).",
    ),
    SignalSpec(
        "respect.identity_attack",
        "count",
        "Attacks on a group: dehumanising words said of people, calls to get rid of "
        "a group, exclusion phrases ('go back where you came from', 'learn English') "
        "aimed at someone, hatred of a protected group ('I hate immigrants'), or an "
        "aimed insult in a sentence naming a protected group.",
    ),
    SignalSpec(
        "respect.threat",
        "count",
        "Threats or wishes of violence aimed at a person or group ('they should all be "
        "shot', 'I know where you live'), not reported or quoted ones.",
    ),
    SignalSpec(
        "respect.dismissive",
        "count",
        "Rude or mocking dismissals addressed to someone ('nobody asked', 'ok boomer', "
        "'keep crying', ', genius.').",
    ),
    SignalSpec(
        "respect.profanity",
        "count",
        "Strong swearing not accounted for by an aimed insult or slur in its sentence.",
    ),
    SignalSpec(
        "respect.targets",
        "tags",
        "Whom the aimed abuse targets: a person, or a group.",
        tags=("group", "person"),
    ),
    SignalSpec(
        "respect.quoted",
        "count",
        "Abusive terms found only in quoted, reported or condemning words (or about "
        "criminal conduct): not the author's own abuse.",
    ),
)


class RespectDetector:
    """Offensive, rude and discriminatory language aimed at people, and strong swearing."""

    name = "respect"
    signals = _SIGNALS

    def detect(self, ctx: Context) -> Iterator[Hit]:
        is_reply = ctx.post.in_reply_to is not None
        for field, raw in own_text_fields(ctx):
            if TRIGGERS.isdisjoint(ctx.grouped(field, raw)):
                continue  # the common case: nothing rude in this field
            matches = ctx.matches(field, raw)
            nt = ctx.normalised(field, raw)
            yield from self._field(field, raw, nt, matches, is_reply)

    def _field(
        self,
        field: str,
        raw: str,
        nt: NormalisedText,
        matches: Sequence[LexiconMatch],
        is_reply: bool,
    ) -> Iterator[Hit]:
        f = _Field(nt, SpeechLayout.build(nt, matches), is_reply)
        by_lex: dict[str, list[LexiconMatch]] = {}
        for m in matches:
            if m.lexicon_id in TRIGGERS:
                by_lex.setdefault(m.lexicon_id, []).append(m)

        def ev(m: LexiconMatch) -> tuple[Evidence, ...]:
            span = nt.to_original(m.start, m.end)
            return (
                Evidence(
                    detector=self.name, field=field, text=raw[span.start : span.end], span=span
                ),
            )

        def target(m: LexiconMatch, group: bool) -> Hit:
            return Hit("respect.targets", ev(m), tag="group" if group else "person")

        aimed_sentences: set[int] = set()  # sentences whose swearing an aimed finding explains
        group_attack = False
        sentence_of = f.layout.sentences.index

        # Slurs: any use in the author's own words.
        for m in dedupe(by_lex.get(SLURS, [])):
            if f.layout.not_own(m):
                yield Hit("respect.quoted", ev(m))
                continue
            aimed_sentences.add(sentence_of(m.start))
            yield Hit("respect.slur", ev(m))
            yield target(m, f.aim(m) is not Aim.YOU)

        # Insults: nouns by the full targeting grammar, adjectives only when addressed.
        insults = dedupe(by_lex.get(INSULTS, []) + by_lex.get(INSULT_ADJECTIVES, []))
        for m in insults:
            if m.lexicon_id == INSULTS and f.layout.not_own(m):
                yield Hit("respect.quoted", ev(m))  # "someone called me a moron"
                continue
            aim = f.aim(m)
            if m.lexicon_id == INSULT_ADJECTIVES:
                # Said to "you", alone as a reply, or of a protected group ("women are
                # disgusting"); never of a thing ("a stupid rule").
                aimed = (
                    aim is Aim.YOU
                    or (f.is_reply and f.vocative(m, opening=True))
                    or (aim is Aim.PREDICATE and f.group_before(m))
                )
            else:
                aimed = (
                    aim in (Aim.YOU, Aim.PREDICATE, Aim.DEMONSTRATIVE)
                    or f.vocative(m, opening=f.is_reply)
                    or (f.is_reply and f.opens_sentence(m))
                )  # "Stfu and read it."
            if not aimed:
                continue
            if f.layout.not_own(m) or (aim is not Aim.YOU and f.crime_context(m)):
                yield Hit("respect.quoted", ev(m))
                continue
            aimed_sentences.add(sentence_of(m.start))
            yield Hit("respect.insult_at_person", ev(m))
            group = f.sentence_has(PROTECTED_GROUPS, m)
            if group:
                group_attack = True
                yield Hit("respect.identity_attack", ev(m))
            yield target(m, group)

        # Dehumanising words said of people.
        for m in dedupe(by_lex.get(DEHUMANISING, [])):
            aim = f.aim(m)
            if aim in (Aim.SELF, Aim.NEGATED) or not f.about_people(m):
                continue
            named_group = f.sentence_has(PROTECTED_GROUPS, m)
            if not (named_group or aim in (Aim.YOU, Aim.PREDICATE)):
                continue
            if f.layout.not_own(m) or (not named_group and f.crime_context(m)):
                yield Hit("respect.quoted", ev(m))
                continue
            group_attack = True
            aimed_sentences.add(sentence_of(m.start))
            yield Hit("respect.identity_attack", ev(m))
            yield target(m, aim is not Aim.YOU or named_group)

        # Exclusion phrases aimed at someone or at a group.
        for m in dedupe(by_lex.get(EXCLUSION, [])):
            s_start, s_end = f.layout.sentence(m.start)
            # A protected group alone does not aim it: "newcomers can learn English at the
            # library" is a service, not an exclusion.
            # "you" before or inside the phrase: "if you refuse to learn English";
            # not "weapons are not welcome here, you'll be searched".
            addressed = (
                f.layout.has_you(max(s_start, m.start - _YOU_REACH), m.end)
                or f.is_reply
                or f.sentence_has(GROUP_REFERENTS, m)
                or f.opens_sentence(m)
                or f.obliged_group(m)
            )
            if not addressed:
                continue
            if f.layout.not_own(m):
                yield Hit("respect.quoted", ev(m))
                continue
            group_attack = True
            aimed_sentences.add(sentence_of(m.start))
            yield Hit("respect.identity_attack", ev(m))
            yield target(m, True)

        # Calls to get rid of people: only about a named group, or next to another attack.
        for m in dedupe(by_lex.get(ELIMINATIONIST, [])):
            if not (group_attack or f.sentence_has(PROTECTED_GROUPS, m)):
                continue
            if f.layout.not_own(m):
                yield Hit("respect.quoted", ev(m))
                continue
            aimed_sentences.add(sentence_of(m.start))
            yield Hit("respect.identity_attack", ev(m))
            yield target(m, True)

        # Hatred of a protected group: "I hate immigrants", "sick of all these refugees".
        for m in dedupe(by_lex.get(HOSTILITY, [])):
            if f.group_after(m) is None:
                continue
            if f.layout.not_own(m):
                yield Hit("respect.quoted", ev(m))
                continue
            aimed_sentences.add(sentence_of(m.start))
            yield Hit("respect.identity_attack", ev(m))
            yield target(m, True)

        # Threats and wishes of violence aimed at someone; a sentence about a crime reports one.
        for m in dedupe(by_lex.get(THREATS, [])):
            if not (f.is_reply or f.about_people(m)):
                continue
            if any(w in _NEG for w in f.words_before(m)):
                continue  # "no one deserves to die"
            if f.layout.not_own(m) or f.crime_context(m):
                yield Hit("respect.quoted", ev(m))
                continue
            aimed_sentences.add(sentence_of(m.start))
            yield Hit("respect.threat", ev(m))
            yield target(m, not f.sentence_has_you(m))

        # Rude dismissals, when addressed to someone.
        dismissals = [
            m
            for m in dedupe(by_lex.get(DISMISSIVE, []))
            if f.is_reply or f.sentence_has_you(m) or f.sentence_has(TARGET_PHRASES, m)
        ]
        dismissals += [
            m for m in dedupe(by_lex.get(EPITHETS, [])) if f.vocative(m, opening=f.is_reply)
        ]
        for m in dismissals:
            if f.layout.not_own(m):
                yield Hit("respect.quoted", ev(m))
                continue
            yield Hit("respect.dismissive", ev(m))
            yield target(m, False)

        # Swearing: at someone ("f*ck you", "f off") it is an insult; otherwise it counts
        # unless an aimed finding in its sentence already accounts for it.
        for m in dedupe(by_lex.get(PROFANITY, [])):
            if f.layout.not_own(m):
                yield Hit("respect.quoted", ev(m))
                continue
            if sentence_of(m.start) in aimed_sentences:
                continue
            if _SWEAR_AT.match(f.text, m.end):
                aimed_sentences.add(sentence_of(m.start))
                yield Hit("respect.insult_at_person", ev(m))
                yield target(m, False)
                continue
            yield Hit("respect.profanity", ev(m))
