"""Commission decisions reflected inaccurately (Edmonton 3a, first duty).

Two judgements, by what the evidence can show:

- **contradicted** (`commission.contradicted_decision`): the post says the opposite of the
  record it has in view, so the evidence shows the misstatement by itself:
  - it replies to a post reporting a Commission decision (the Commission's own announcement)
    and gives the opposite outcome for the same thing ("so we've scrapped the drone pilot" under
    "the pilot continues"): outcome words from `decision_outcome_for` and
    `decision_outcome_against`, turned around by a `decision_negation` just before, with a
    word naming the thing shared by both posts;
  - it gives a figure of that decision otherwise (a 10% increase under "a 4% increase"): same
    unit, same thing counted, and no such figure in the record;
  - it claims the whole Commission stands behind a decision (`unanimity_claim`) while a split
    vote is reported, in the post or in the post replied to (a count such as 5-2, or
    `split_vote` words).
  Outcomes have three directions: going ahead, stopped, and not decided yet
  (`decision_deferred`: "defers its decision to June" against "has decided to close").
- **misreported** (`commission.misreported_decision`, heuristic): the post recasts a decision
  (`recast_cue` near a `decision_ref`: "basically voted to gut", "rammed through", "didn't
  really 'approve'", a decision word in scare quotes), says it was settled beforehand
  (`decision_predetermined`: "already decided"), or announces a decision not yet taken as made
  (`decision_prejudged`: "done deal", "we're approving ... at the next meeting"), or claims
  a position for the Commission as a body (`position_claim` right after the Commission: "the
  Commission is fully behind ...", "speaking for the Commission"), with the Commission or the
  Service in view. A person checks it against what was decided.

Stating a decision as recorded, with or without its vote count, raises nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from socialpolicy.detectors._windows import match_evidence, nearest, pick
from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

NAME = "commission"
ACTIVITY = "commission_activity"
DECISION = "decision_ref"
RECAST = "recast_cue"
FOR = "decision_outcome_for"
AGAINST = "decision_outcome_against"
NEGATION = "decision_negation"
FILLER = "decision_filler"
UNANIMITY = "unanimity_claim"
SPLIT = "split_vote"
DEFERRED = "decision_deferred"
PREJUDGED = "decision_prejudged"
PREDETERMINED = "decision_predetermined"
FUTURE = "decision_future"
CLAIM = "position_claim"
BODY = "commission_body"

LEXICONS = frozenset(
    {
        DECISION,
        RECAST,
        FOR,
        AGAINST,
        DEFERRED,
        NEGATION,
        FILLER,
        UNANIMITY,
        SPLIT,
        PREJUDGED,
        PREDETERMINED,
        FUTURE,
        CLAIM,
        BODY,
    }
)

MISREPORTED = "commission.misreported_decision"
CONTRADICTED = "commission.contradicted_decision"

RECAST_WINDOW = 120  # chars between a recasting word and the decision it recasts
SUBJECT_WINDOW = 60  # chars either side of an outcome word that name what it is about
NEGATION_WINDOW = 12  # "no longer permitted", "did not pass": the negation just before
PREJUDGE_WINDOW = 120  # "done deal ... at the next meeting"
CLAIM_WINDOW = 12  # "the Commission is fully behind": the body right before its claimed position

# A vote count with votes on both sides ("5-2", "4 - 3", "6 to 1"); 0 on one side is unanimous.
_SPLIT_COUNT = re.compile(r"\b([1-9]\d?) ?(?:-|to) ?([1-9]\d?)\b")
_WORD = re.compile(r"[^\W\d_][\w'-]{3,}")  # a word of four letters or more
# A figure as written: "10%", "4 percent", "$1.2M", "$400,000", "24 new officers".
_FIGURE = re.compile(r"(\$ ?)?(\d[\d,]*(?:\.\d+)?) ?(%|percent\b|per cent\b|m\b|million\b|k\b)?")
FIGURE_WINDOW = 40  # chars either side of a figure that say what it counts
_QUOTES = "'\""


@dataclass(slots=True)
class Text:
    """One text's view for this module: the author's field, or the post replied to."""

    field: str
    nt: NormalisedText
    groups: dict[str, list[LexiconMatch]]

    def ev(self, m: LexiconMatch) -> Evidence:
        return match_evidence(NAME, self.field, self.nt, m)


def _negated(t: Text, m: LexiconMatch) -> bool:
    return any(0 <= m.start - n.end <= NEGATION_WINDOW for n in t.groups.get(NEGATION, ()))


def _outcomes(t: Text) -> list[tuple[LexiconMatch, bool | None]]:
    """Each outcome word with its direction (True: goes ahead, False: stopped, None: not
    decided yet), negation applied to the first two."""
    out: list[tuple[LexiconMatch, bool | None]] = []
    out += [(m, not _negated(t, m)) for m in t.groups.get(FOR, ())]
    out += [(m, _negated(t, m)) for m in t.groups.get(AGAINST, ())]
    out += [(m, None) for m in t.groups.get(DEFERRED, ())]
    return out


def _subject(t: Text, m: LexiconMatch) -> set[str]:
    """Words near an outcome that may name what it is about (not decision words or fillers)."""
    skip = (FOR, AGAINST, DEFERRED, NEGATION, FILLER, DECISION, ACTIVITY, RECAST)
    return _words_near(t, m.start, m.end, SUBJECT_WINDOW, skip)


def _words_near(t: Text, start: int, end: int, window: int, skip_lex: tuple[str, ...]) -> set[str]:
    text = t.nt.text
    lo, hi = max(0, start - window), min(len(text), end + window)
    skip = [(x.start, x.end) for lex in skip_lex for x in t.groups.get(lex, ())]
    words = set()
    for w in _WORD.finditer(text, lo, hi):
        if not any(s <= w.start() < e for s, e in skip):
            words.add(w.group().rstrip("'s").rstrip("s"))  # checks/check, plan's/plan
    return words


def _figures(t: Text) -> list[tuple[str, str, set[str], LexiconMatch]]:
    """Each figure with its unit ("%", "$", "" for a count), the words it is about, and where."""
    out = []
    for m in _FIGURE.finditer(t.nt.text):
        value = m.group(2).replace(",", "")
        unit = "%" if m.group(3) and m.group(3)[0] in "%p" else "$" if m.group(1) else ""
        if m.group(3) in ("m", "million"):
            value += "m"
        words = _words_near(t, m.start(), m.end(), FIGURE_WINDOW, (FILLER, ACTIVITY))
        out.append((value, unit, words, LexiconMatch(FILLER, m.group(), m.start(), m.end())))
    return out


def _other_figure(own: Text, record: Text) -> tuple[Evidence, Evidence] | None:
    """A figure the record gives otherwise ("a 10% increase" under "a 4% increase"): same
    unit and subject, and no figure of the record with that value."""
    theirs = _figures(record)
    if not theirs:
        return None
    for value, unit, words, at in _figures(own):
        same = [(v, r) for v, u, w, r in theirs if u == unit and words & w]
        if same and all(v != value for v, _ in same):
            return own.ev(at), record.ev(same[0][1])
    return None


def _opposite(own: Text, record: Text) -> tuple[Evidence, Evidence] | None:
    """An outcome in `own` opposite to one in `record`, about a thing both name."""
    theirs = [(m, d, _subject(record, m)) for m, d in _outcomes(record)]
    if not theirs:
        return None
    for m, direction in _outcomes(own):
        mine = _subject(own, m)
        for r, other, words in theirs:
            if direction != other and mine & words:
                return own.ev(m), record.ev(r)
    return None


def _split(t: Text) -> Evidence | None:
    split = t.groups.get(SPLIT)
    if split:
        return t.ev(split[0])
    got = _SPLIT_COUNT.search(t.nt.text)
    if got is None:
        return None
    return t.ev(LexiconMatch(SPLIT, got.group(), got.start(), got.end()))


def contradicted(own: Text, record: Text | None, in_view: bool) -> Iterator[Hit]:
    """The record in view says otherwise: the announcement replied to (`record`, a post about
    the Commission or the Service), or a split vote. `in_view`: the Commission or the
    Service is named in the post or in the post replied to."""
    if record is not None and DECISION in record.groups:
        pair = _opposite(own, record) or _other_figure(own, record)
        if pair is not None:
            yield Hit(CONTRADICTED, pair)
            return
    claims = own.groups.get(UNANIMITY)
    # Unanimity over a split vote contradicts itself whoever voted ("we all agreed ... the
    # vote was 4-3"); across two posts, the record must be the Commission's.
    if claims and DECISION in own.groups:
        split = _split(own) or (_split(record) if record is not None and in_view else None)
        if split is not None:
            yield Hit(CONTRADICTED, (own.ev(claims[0]), split))


def _scare_quoted(t: Text) -> list[LexiconMatch]:
    """Decision words in scare quotes: the Commission "approved" it."""
    text = t.nt.text
    out = []
    for m in t.groups.get(DECISION, ()):
        if (
            m.start
            and m.end < len(text)
            and text[m.start - 1] in _QUOTES
            and text[m.end] in _QUOTES
        ):
            out.append(m)
    return out


def misreported(t: Text, in_view: Evidence | None, reply_decision: bool) -> Iterator[Hit]:
    """A decision recast, or not yet taken and announced as made (one hit per field)."""
    g = t.groups
    decisions = pick(g, DECISION)
    quoted = _scare_quoted(t)
    if quoted and in_view is not None:
        yield Hit(MISREPORTED, (t.ev(quoted[0]), in_view))
        return
    for r in pick(g, RECAST):
        d = nearest(decisions, r, RECAST_WINDOW)
        if d is None and not reply_decision:
            continue
        if in_view is None:
            continue  # a decision, but not the Commission's or the Service's
        yield Hit(MISREPORTED, (t.ev(r), t.ev(d) if d is not None else in_view))
        return
    commission = g.get(BODY, [])
    for c in g.get(CLAIM, ()):
        # "The Commission is fully behind ...": a position no recorded decision states.
        body = [a for a in commission if 0 <= c.start - a.end <= CLAIM_WINDOW]
        if body or c.term.startswith(("speaking", "on behalf")):
            yield Hit(MISREPORTED, (t.ev(c), t.ev(body[-1]) if body else t.ev(c)))
            return
    settled = g.get(PREDETERMINED)
    if settled and in_view is not None:
        # "Trust me, it's already decided": settled before the Commission decides.
        yield Hit(MISREPORTED, (t.ev(settled[0]), in_view))
        return
    futures = pick(g, FUTURE)
    for p in pick(g, PREJUDGED):
        when = nearest(futures, p, PREJUDGE_WINDOW)
        if in_view is None:
            # "We're approving it at the next meeting" speaks for the Commission by itself;
            # "we'll fund it" with no meeting or date may be anyone's plan.
            if not (p.term.startswith("we") and when is not None):
                continue
        elif when is None and not any(w in p.term for w in ("will", "'ll", "going to")):
            continue  # the decision must still be to come: a future meeting, date or tense
        second = t.ev(when) if when is not None else in_view
        yield Hit(MISREPORTED, (t.ev(p), second) if second is not None else (t.ev(p),))
        return
