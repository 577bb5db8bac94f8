"""Offensive-language detector: the learned model (`socialpolicy.models.offensive`) read over
the author's own sentences.

Each own-text field (the post text, then each caption and alt text; never the text replied
to) is scored as one text made of the sentences the author says in their own voice. The
respect detector's `SpeechLayout` finds the others, which are left out whole:

- a sentence with a quoted stretch in it, or a reporting, speech or naming cue ("was told",
  "a caller said", "calling people ..."): the model reads words, not who says them, and cannot
  tell a remark that frames someone else's words ("if you say "...", you are a bigot") from
  abuse of the author's own;
- a sentence of counter-speech: a counter-speech cue ("... is not okay", "hate speech"), or a
  denouncing predicate with a reference to hateful talk ("your contempt for them has to
  stop", "saying they are animals is wrong");
- in a field that names a crime (`offence_terms`) or a justice outcome (`justice_outcomes`:
  "jailed", "charged"), every sentence that does not address "you": the field reports a
  crime, and its harsh words (the offence, the suspect, "a brutal and cowardly attack") are
  about offenders, which Toronto's guideline excepts and the respect detector leaves alone
  in the crime's sentence too.

Within what is left, a declarative negation ("I don't hate them", "they are not animals",
"no one deserves that") denies the words in its scope: they add nothing offensive to the
score (see `socialpolicy.models.offensive.tokens`). A command or words to "you" ("don't be
stupid", "you don't deserve ...") are read as written, and so is swearing or a slur
(`profanity`, `slurs`) in the negation's scope ("I don't give a f*ck").

The sentences left are read in order; where one was left out, word pairs do not span the
gap. When the field's logit is above the model's calibrated threshold the detector raises
`offensive.language` once for the field, with the sentence that adds most to the score as
evidence (its span indexes the original text).

Image descriptions (alt text) are not read: they describe a picture and address no one.

A field with fewer than three words of the author's own ("This.", "Nope, not today") never
raises it: a score over so few n-grams is noise, and a lone insult is the respect detector's.

Ordinary posts contain no quotation marks and no cue and are read whole, without splitting
sentences (sentences are found only for the evidence of a post that fires): a field costs one
tokenisation of its normalised text and a few dictionary lookups per word.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from socialpolicy.detectors._windows import Sentences
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import SpeechLayout
from socialpolicy.detectors.respect.lexicons import SECOND_PERSON
from socialpolicy.detectors.respect.speech import _QUOTED
from socialpolicy.detectors.respect.speech import may_quote as _may_quote
from socialpolicy.evidence import Evidence
from socialpolicy.models._ngrams import negation_free, readings
from socialpolicy.models.offensive import _CLAUSE_END as _MODEL_CLAUSE_END
from socialpolicy.models.offensive import OffensiveModel, load_offensive_model, tokens
from socialpolicy.normalise import NormalisedText

__all__ = [
    "CUE_LEXICONS",
    "SIGNAL",
    "FieldScore",
    "OffensiveDetector",
    "own_sentences",
    "own_stretches",
]

SIGNAL = "offensive.language"

# The respect detector's cue lexicons (pack data) that take a sentence out of the author's voice.
COUNTER = "counter_speech"
DENOUNCING = "denouncing_frames"
HATE_REFERENCES = "hate_references"
REPORTED = ("reporting_verbs", "speech_verbs", "naming_verbs")
OFFENCE = "offence_terms"
JUSTICE = "justice_outcomes"  # "jailed", "charged": a crime report too
CRIME = (OFFENCE, JUSTICE)
# Swearing and slurs stay the author's words inside a declarative negation.
KEPT = ("profanity", "slurs")
SPEECH_CUES = (COUNTER, DENOUNCING, *REPORTED)  # any of them: the field needs a layout
# Every lexicon whose matches change what the detector reads (the trainer records their hashes).
CUE_LEXICONS = (*SPEECH_CUES, HATE_REFERENCES, *CRIME, *KEPT)
# The cue lexicons `own_sentences` asks about, with and without the crime-report ones.
_CUE_SET = {True: frozenset(CUE_LEXICONS), False: frozenset(SPEECH_CUES)}
# The lexicons whose matches make a field's own sentences worth finding (`field_score`).
_CUED = {True: frozenset((*SPEECH_CUES, *CRIME)), False: frozenset(SPEECH_CUES)}
_KEPT = frozenset(KEPT)

_SIGNALS = (
    SignalSpec(
        SIGNAL,
        "count",
        "Fields whose own sentences the offensive-language model scores above its calibrated "
        "threshold (quoting, reporting, counter-speech and crime-report sentences left out).",
    ),
)

MIN_WORDS = 3  # the model says nothing about a field with fewer own words
# An image description (`media[i].alt_text`) says what a picture shows, for people who cannot
# see it: no remark to anyone. The model, trained on tweets, reads its plain nouns of bodies,
# clothes, animals and vehicles ("a woman in gym clothes", "a dog compartment") as offensive
# language, so it does not read alt text; the respect detector's listed insults, slurs and
# threats still do. Captions are the author's remark and stay read.
ALT_TEXT = ".alt_text"
# The model reads a negation against the words of its clause (see `models.offensive.tokens`),
# which costs the clause's length for each negation in it. A run-on clause longer than this
# (no punctuation in MAX_CLAUSE characters: never ordinary writing; the longest labelled post
# is about 1,200 characters, a tweet 280) is read in pieces of at most this many characters,
# cut at a space, so that the cost stays linear in the text on any input. Nothing is left
# out: only word pairs and a negation's reach across a cut are lost.
MAX_CLAUSE = 1_000

# One own sentence: (start, end) in the normalised text, and whether it follows the previous
# own sentence directly (no sentence left out between them).
Own = tuple[int, int, bool]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`[start, end)` as one piece, or cut inside each clause longer than `MAX_CLAUSE`
    characters (at the last space before the limit, or at the limit when there is none)."""
    if end - start <= MAX_CLAUSE:
        return [(start, end)]
    cuts: list[int] = []
    last = start  # where the current clause starts
    ends = [m.end() for m in _MODEL_CLAUSE_END.finditer(text, start, end)]
    for stop in [*ends, end]:
        while stop - last > MAX_CLAUSE:
            space = text.rfind(" ", last + 1, last + MAX_CLAUSE)
            cut = space if space > last else last + MAX_CLAUSE
            cuts.append(cut)
            last = cut
        last = max(last, stop)
    if not cuts:
        return [(start, end)]
    bounds = [start, *cuts, end]
    return list(zip(bounds, bounds[1:], strict=False))


def own_sentences(
    nt: NormalisedText,
    matches: Sequence[LexiconMatch],
    crime: bool = True,
    *,
    layout: Callable[[], SpeechLayout] | None = None,
    lexicons: Collection[str] | None = None,
) -> list[Own] | None:
    """The sentences of one field the author says in their own voice, in text order; `None`
    when that is all of them (the common case, found without splitting sentences).

    `layout`, when given, returns the field's `SpeechLayout` over all its matches (a
    `Context` shares one per field): read instead of building one from `matches`. The same
    answer: without a cue in `matches` only the layout's sentences and quotes are read, and
    those do not depend on the matches. `lexicons`, when given, are the lexicon ids of
    `matches` (a `Context.grouped`'s keys): read instead of collecting them."""
    text = nt.text
    ids = [m.lexicon_id for m in matches] if lexicons is None else lexicons
    cues = _CUE_SET[crime].intersection(ids)
    if not cues and (not _may_quote(text) or _QUOTED.search(text) is None):
        return None  # no cue and nothing quoted (apostrophes only): no layout to build
    if not cues.isdisjoint(CRIME) and "@" not in text and SECOND_PERSON not in ids:
        # A crime report with no "you" and no @mention anywhere: every sentence is left out
        # (see below; `SpeechLayout.has_you` reads those two), found without a layout.
        return []
    layout_ = layout() if layout is not None else SpeechLayout.build(nt, matches)
    out: list[Own] = []
    follows = True
    i = 0
    n = len(text)
    # A field that names a crime or a justice outcome reports a crime: its other sentences
    # (the victim, the suspect, what was done) describe it too, unless they address "you".
    crime_field = not cues.isdisjoint(CRIME)
    # What each sentence is asked, decided once for the field: a question about a cue the
    # field does not hold, or about quotations it does not have, has the answer no.
    reported = [c for c in REPORTED if c in cues]
    countering = COUNTER in cues or DENOUNCING in cues
    quoted = bool(layout_.quotes)
    while True:
        a, e = layout_.sentences.bounds(i)
        if (
            (crime_field and not layout_.has_you(a, e))
            or (quoted and layout_.quote_overlaps(a, e))
            or (reported and any(layout_.cue(c, a, e) is not None for c in reported))
            or (countering and layout_.counter_speech(a, e))
        ):
            follows = False
        elif a < e:
            out.append((a, e, follows))
            follows = True
        if e >= n:
            return out
        i += 1


def own_stretches(own: Sequence[Own]) -> list[tuple[int, int]]:
    """Own sentences as stretches: consecutive ones (`follows`) read as one."""
    stretches: list[tuple[int, int]] = []
    for a, e, follows in own:
        if follows and stretches:
            stretches[-1] = (stretches[-1][0], e)
        else:
            stretches.append((a, e))
    return stretches


def _too_short(segments: Sequence[Sequence[str]]) -> bool:
    """Fewer than `MIN_WORDS` words of the author's own: too little for n-gram evidence ("This.",
    "Nope"); a lone insult is the respect detector's to find."""
    words = 0
    for seg in segments:
        for t in seg:
            if t[0].isalnum() or t[0] in "~!":
                words += 1
                if words >= MIN_WORDS:
                    return False
    return True


def _kept_words(
    nt: NormalisedText, grouped: Mapping[str, Sequence[LexiconMatch]]
) -> frozenset[str]:
    """The words of the field's swearing and slurs, which no negation denies."""
    if _KEPT.isdisjoint(grouped):
        return frozenset()
    return frozenset(
        w for lex in KEPT for m in grouped.get(lex, ()) for w in nt.text[m.start : m.end].split()
    )


def _read_masks(
    model: OffensiveModel, segments: list[list[str]], keep: frozenset[str]
) -> list[list[str]]:
    """Each masked word under which the pack reads no swear word or slur (not in `keep`)
    read as the word it hides (`OffensiveModel.unmask`).

    The model learnt a mask as a sign of swearing (its training tweets hide swear words
    under masks); a mask the pack's profanity and slur lexicons cannot read ("c*mplete",
    "n*body") hides an ordinary letter, and an ordinary masked word must not read as
    swearing. Masks the pack does read ("f*ck", "wh*re") keep their reading as written.
    """
    return [
        [model.unmask(t) if "*" in t and t[0].isalnum() and t not in keep else t for t in seg]
        for seg in segments
    ]


def _as_is(
    model: OffensiveModel, segments: list[list[str]], keep: frozenset[str]
) -> list[list[str]]:
    return segments


def _all_sentences(sents: Sentences, n: int) -> list[Own]:
    out: list[Own] = []
    i = 0
    while True:
        a, e = sents.bounds(i)
        if a < e:
            out.append((a, e, True))
        if e >= n:
            return out
        i += 1


@dataclass(frozen=True, slots=True)
class FieldScore:
    """The model's reading of one field: its logit, and when it fires, the evidence sentence
    (`start`, `end` in the normalised text)."""

    logit: float
    fires: bool
    sentence: tuple[int, int] | None = None


class OffensiveDetector:
    """Offensive language in the author's own sentences, by the shipped linear model."""

    name = "offensive"
    signals = _SIGNALS

    def __init__(self, model: OffensiveModel | None = None, *, crime: bool = True) -> None:
        self._model = model  # None: the shipped model, loaded on first use
        self._crime = crime

    @property
    def model(self) -> OffensiveModel:
        return self._model if self._model is not None else load_offensive_model()

    def field_score(self, ctx: Context, field: str, raw: str) -> FieldScore:
        """Score one field's own sentences (the trainer calibrates on this too)."""
        model = self.model
        nt = ctx.normalised(field, raw)
        grouped = ctx.grouped(field, raw)
        cued = not _CUED[self._crime].isdisjoint(grouped)
        own = own_sentences(
            nt,
            ctx.matches(field, raw) if cued else (),
            self._crime,
            layout=lambda: ctx.layout(field, raw),
            lexicons=grouped.keys() if cued else (),
        )
        keep = _kept_words(nt, grouped)
        denies = model.leans_offensive
        # The tokens of each piece read, by its bounds: a sentence read alone for the evidence
        # below is often a whole stretch already read (a post of one sentence). The reading
        # without denial is the context's (the clause reader reads it too): one pass gives both,
        # and a piece with no negation reads the same either way.
        read: dict[tuple[int, int], list[str]] = {}

        def piece(p: int, q: int) -> list[str]:
            got = read.get((p, q))
            if got is None:
                plain = ctx.known_model_tokens(field, p, q)
                if plain is None:
                    plain, got = readings(nt, p, q, keep=keep, offensive=denies)
                    ctx.keep_model_tokens(field, p, q, plain)
                elif negation_free(plain):
                    got = plain
                else:
                    got = tokens(nt, p, q, deny=True, keep=keep, offensive=denies)
                read[p, q] = got
            return got

        if own is None:
            n = len(nt.text)
            segments = (
                [piece(0, n)]
                if n <= MAX_CLAUSE
                else [piece(a, e) for a, e in _pieces(nt.text, 0, n)]
            )
        else:
            # Consecutive own sentences read as one stretch: word pairs span only those.
            segments = [
                piece(p, q) for a, e in own_stretches(own) for p, q in _pieces(nt.text, a, e)
            ]
        masked = "*" in nt.text
        if masked:
            segments = _read_masks(model, segments, keep)  # new lists: the pieces read stay
        total, count = model.raw(segments)
        if count == 0:  # nothing of the author's own to read
            return FieldScore(model.bias, False)
        logit = model.logit_of(total, count)
        if not model.flags(logit) or _too_short(segments):
            return FieldScore(logit, False)
        # Evidence: the own sentence whose words add most (the first of equals).
        if own is None:
            own = _all_sentences(Sentences.of(nt), len(nt.text))
        sums = [
            model.raw(
                (_read_masks if masked else _as_is)(
                    model, [piece(p, q) for p, q in _pieces(nt.text, a, e)], keep
                )
            )[0]
            for a, e, _ in own
        ]
        best = max(range(len(own)), key=lambda k: (sums[k], -k))
        a, e, _ = own[best]
        while a < e and nt.text[a] == " ":
            a += 1
        while e > a and nt.text[e - 1] == " ":
            e -= 1
        return FieldScore(logit, True, (a, e))

    def detect(self, ctx: Context) -> Iterator[Hit]:
        for field, raw in own_text_fields(ctx):
            if not raw or raw.isspace() or field.endswith(ALT_TEXT):
                continue
            score = self.field_score(ctx, field, raw)
            if not score.fires:
                continue
            evidence: tuple[Evidence, ...] = ()
            if score.sentence is not None:
                span = ctx.normalised(field, raw).to_original(*score.sentence)
                evidence = (
                    Evidence(
                        detector=self.name,
                        field=field,
                        text=raw[span.start : span.end],
                        span=span,
                    ),
                )
            yield Hit(SIGNAL, evidence)
