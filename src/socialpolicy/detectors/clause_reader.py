"""Clause reader detector: the learned per-clause models (`socialpolicy.models.clauses`) read
over the author's own words.

For each own-text field (the post text, then each caption and alt text; never the text replied
to) and each checkable clause of the pack being applied, the clause's model scores the whole
field. Above the clause's calibrated threshold the detector raises that clause's signal
(`clause_reader.tps_privacy`, `clause_reader.epc_3d`, ...) once for the field, with the
sentence that adds most to the score as evidence (sentences as the project's splitter,
`detectors/_sentences.py`, finds them; the span indexes the original text).

The disrespect clauses' models (Toronto "treat others", Edmonton 3 b) read only the author's
own sentences, as the offensive detector does (`own_sentences`: quoted, reported and
counter-speech sentences left out, by the same cue lexicons), and only where those words
address or talk about a person (a reply, an @mention, the second person, "he"/"she", "this
guy": `aimed_at_person`), so that statements about a group are not read as disrespect; the
others read every word, because reporting who said what can itself divulge a person or an
operation.

A field with fewer than three words never raises a signal: a score over so few n-grams is
noise. Nor does a field with two or more masked words (`l*nch`, `k*tchen`): the masks hide
the words the reading rests on. A pack the reader was not trained for gets no signal.

These are readings, not findings of fact: the pack rules that test them are `heuristic` and
`review`, and each clause's threshold keeps its firing on ordinary police posts within a
budget (see docs/model-card.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from socialpolicy.detectors._sentences import Sentences
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.offensive import (
    MAX_CLAUSE,
    SPEECH_CUES,
    _pieces,
    _too_short,
    own_sentences,
    own_stretches,
)
from socialpolicy.evidence import Evidence
from socialpolicy.models.clauses import (
    ClauseModel,
    ClauseReader,
    PackScorer,
    load_clause_reader,
    reply_segment,
    signal_name,
)
from socialpolicy.normalise import NormalisedText

__all__ = ["CLAUSES", "ClauseReaderDetector", "FieldScores"]

# The checkable clauses the reader was trained for, by pack (the manifest must match).
CLAUSES: dict[str, tuple[str, ...]] = {
    "toronto": (
        "tps.accounts-represent-us",
        "tps.always-the-police",
        "tps.privacy",
        "tps.treat-others",
    ),
    "edmonton": ("epc.3a", "epc.3b", "epc.3c", "epc.3d", "epc.3e"),
}

_SIGNALS = tuple(
    SignalSpec(
        signal_name(clause),
        "count",
        f"Fields the clause reader scores above {clause}'s calibrated threshold (a learned "
        "reading that the text is like a breach of the clause; a person confirms).",
    )
    for pack in CLAUSES.values()
    for clause in pack
)

Segments = list[list[str]]
_SPEECH_CUES = frozenset(SPEECH_CUES)

# Disrespect is toward someone: the disrespect clauses' readers (own-words models) read a field
# only where the author's own words address or talk about a person: a reply, an @mention,
# the second person, a third person singular, or a described individual ("this guy", "that
# woman"). A statement about a group ("we are a group of X", "X people are everywhere") is
# not read. Tokens are the model's (`@user` for a mention; a leading `~` marks negation scope).
PERSON_WORDS = frozenset(
    {
        "@user",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "you're",
        "youre",
        "you've",
        "you'll",
        "you'd",
        "u",
        "ur",
        "ya",
        "y'all",
        "yall",
        "he",
        "she",
        "him",
        "his",
        "her",
        "hers",
        "himself",
        "herself",
        "he's",
        "she's",
    }
)
DESCRIBED = frozenset(
    {
        "guy",
        "man",
        "woman",
        "lady",
        "dude",
        "girl",
        "boy",
        "person",
        "fella",
        "bloke",
        "kid",
        "resident",
        "councillor",
        "commissioner",
        "officer",
        "reporter",
        "poster",
        "commenter",
        "clown",
        "idiot",
    }
)
_POINTING = frozenset({"this", "that"})


def aimed_at_person(segments: Segments) -> bool:
    """Whether token stretches address or talk about a person (see PERSON_WORDS)."""
    for seg in segments:
        prev = ""
        for t in seg:
            w = t.lstrip("~")
            if w in PERSON_WORDS or (prev in _POINTING and w in DESCRIBED):
                return True
            prev = w
    return False


MASK = "*"
MAX_MASKED = 2  # masked words that make a field unreadable
REPLY_FIELD = "in_reply_to.text"  # the respect detector's name for it (normalised once)


def _segments(
    ctx: Context, field: str, raw: str, nt: NormalisedText, spans: Sequence[tuple[int, int]]
) -> Segments:
    """The tokens of `spans`, through the context (the offensive detector reads the same)."""
    read = ctx.model_tokens
    if len(spans) == 1 and spans[0][1] - spans[0][0] <= MAX_CLAUSE:  # one piece (most fields)
        return [read(field, raw, *spans[0])]
    return [read(field, raw, p, q) for a, e in spans for p, q in _pieces(nt.text, a, e)]


def _own_spans(ctx: Context, field: str, raw: str, nt: NormalisedText) -> list[tuple[int, int]]:
    """The author's own stretches of a field (consecutive own sentences read as one)."""
    grouped = ctx.grouped(field, raw)
    cued = not _SPEECH_CUES.isdisjoint(grouped)
    own = own_sentences(
        nt,
        ctx.matches(field, raw) if cued else (),
        crime=False,
        layout=lambda: ctx.layout(field, raw),
        lexicons=grouped.keys() if cued else (),
    )
    if own is None:
        return [(0, len(nt.text))]
    return own_stretches(own)


def _sentences(nt: NormalisedText, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences inside `spans`, trimmed of spaces, in text order."""
    sents = Sentences(nt)
    text = nt.text
    out: list[tuple[int, int]] = []
    for a, e in spans:
        pos = a
        while pos < e:
            s, t = sents.bounds(pos, len(text))
            s, t = max(s, a), min(t, e)
            if t <= pos:  # never stall
                t = e
            p, q = s, t
            while p < q and text[p] == " ":
                p += 1
            while q > p and text[q - 1] == " ":
                q -= 1
            if p < q:
                out.append((p, q))
            pos = t
    return out


def _masked(segments: Segments) -> bool:
    """Whether several words are masked (`l*nch`, `c*mmunications`): the masks hide the very
    words a reading rests on (a masked ordinary word reads as nothing, and what is left can tip
    the score), so the reader says nothing about such a field. One masked word (an evader's
    `v*lunteers`) is read as a word the model does not know; masked abuse is the respect
    detector's and the offensive model's to read."""
    masked = 0
    for seg in segments:
        for t in seg:
            if MASK in t:
                masked += 1
                if masked >= MAX_MASKED:
                    return True
    return False


class FieldScores:
    """One field's tokens, read once for every clause model of a pack."""

    __slots__ = (
        "_aimed",
        "_all",
        "_own",
        "_own_spans",
        "_unreadable",
        "context",
        "ctx",
        "field",
        "nt",
        "raw",
    )

    def __init__(self, ctx: Context, field: str, raw: str, reply: bool = False) -> None:
        self.ctx = ctx
        self.field = field
        self.raw = raw
        self.nt = ctx.normalised(field, raw)
        self._all: Segments | None = None
        self._own: Segments | None = None
        self._own_spans: list[tuple[int, int]] | None = None
        self._aimed: bool | None = None
        # per own_words: too short or masked (asked once, not once per clause that fires)
        self._unreadable: dict[bool, bool] = {}
        # With `reply`, the post text is read with the text it replies to as context.
        self.context: Segments = []
        target = ctx.post.in_reply_to
        if reply and field == "text" and target is not None and target.text:
            self.context = [reply_segment(ctx.normalised(REPLY_FIELD, target.text))]

    def _segments(self, spans: Sequence[tuple[int, int]]) -> Segments:
        return _segments(self.ctx, self.field, self.raw, self.nt, spans)

    def spans(self, own_words: bool) -> list[tuple[int, int]]:
        if not own_words:
            return [(0, len(self.nt.text))]
        if self._own_spans is None:
            self._own_spans = _own_spans(self.ctx, self.field, self.raw, self.nt)
        return self._own_spans

    def segments(self, own_words: bool) -> Segments:
        if self._all is None:
            self._all = self._segments([(0, len(self.nt.text))])
        if not own_words:
            return self._all
        if self._own is None:
            spans = self.spans(True)
            whole = spans == [(0, len(self.nt.text))]
            self._own = self._all if whole else self._segments(spans)
        return self._own

    def aimed(self) -> bool:
        """Whether the author's own words address or talk about a person (a reply, or see
        `aimed_at_person`): the disrespect clauses' readers read nothing else."""
        if self._aimed is None:
            self._aimed = self.ctx.post.in_reply_to is not None or aimed_at_person(
                self.segments(True)
            )
        return self._aimed

    def readable(self, model: ClauseModel) -> bool:
        """Whether the clause's model may read this field at all: enough words, not masked,
        and (for an own-words model) aimed at a person."""
        unreadable = self._unreadable.get(model.own_words)
        if unreadable is None:
            segs = self.segments(model.own_words)
            unreadable = self._unreadable[model.own_words] = _too_short(segs) or _masked(segs)
        if unreadable:
            return False
        return not model.own_words or self.aimed()

    def logits(self, scorer: PackScorer) -> list[float]:
        """Every clause's logit, in the order of `scorer.models` (own-words clauses read the
        author's own sentences; the stretch is scored once when that is the whole field)."""
        every = self.segments(False)
        out = scorer.logits(every + self.context if self.context else every)
        if scorer.own_words:
            own = self.segments(True)
            if own is not every:
                mine = scorer.logits(own + self.context)
                out = [
                    b if m.own_words else a
                    for m, a, b in zip(scorer.models, out, mine, strict=True)
                ]
        return out

    def evidence(self, model: ClauseModel, logit: float) -> tuple[int, int] | None:
        """The sentence (in the normalised text) that adds most to a firing clause's score, or
        None when the clause does not fire (below its threshold, or too few words)."""
        if not model.flags(logit) or not self.readable(model):
            return None
        sents = _sentences(self.nt, self.spans(model.own_words))
        if not sents:
            return None
        sums = [model.raw(self._segments([(a, e)]))[0] for a, e in sents]
        best = max(range(len(sents)), key=lambda k: (sums[k], -k))
        return sents[best]

    def fires(self, model: ClauseModel) -> tuple[float, tuple[int, int] | None]:
        """(logit, evidence sentence or None) for one clause model alone."""
        logit = model.logit(self.segments(model.own_words) + self.context)
        return logit, self.evidence(model, logit)


class ClauseReaderDetector:
    """Learned per-clause readings of the author's own words (review-level evidence)."""

    name = "clause_reader"
    signals = _SIGNALS

    def __init__(self, reader: ClauseReader | None = None) -> None:
        self._reader = reader  # None: the shipped reader, loaded on first use

    @property
    def reader(self) -> ClauseReader:
        return self._reader if self._reader is not None else load_clause_reader()

    def detect(self, ctx: Context) -> Iterator[Hit]:
        reader = self.reader
        scorer = reader.scorer(ctx.resources.pack_id)
        if scorer is None or not scorer.models:
            return
        # Whether a field may read the text replied to or the author's own sentences; if not
        # (most posts), every clause reads the whole field alone, and `FieldScores.logits` is
        # computed without building one (it is built for a clause that fires, for evidence).
        general = scorer.own_words or (reader.reply_context and ctx.post.in_reply_to is not None)
        for field, raw in own_text_fields(ctx):
            if not raw or raw.isspace():
                continue
            scores = FieldScores(ctx, field, raw, reader.reply_context) if general else None
            if scores is not None:
                logits = scores.logits(scorer)
            else:
                nt = ctx.normalised(field, raw)
                logits = scorer.logits(_segments(ctx, field, raw, nt, [(0, len(nt.text))]))
            for model, logit in zip(scorer.models, logits, strict=True):
                if logit <= model.threshold:
                    continue  # does not fire (`evidence` would say None after the same test)
                if scores is None:
                    scores = FieldScores(ctx, field, raw, reader.reply_context)
                sentence = scores.evidence(model, logit)
                if sentence is None:
                    continue
                span = scores.nt.to_original(*sentence)
                yield Hit(
                    signal_name(model.clause_id),
                    (
                        Evidence(
                            detector=self.name,
                            field=field,
                            text=raw[span.start : span.end],
                            span=span,
                        ),
                    ),
                )
