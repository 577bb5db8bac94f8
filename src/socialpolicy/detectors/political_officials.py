"""Weighing in on an elected official's opinions or political positions (Edmonton 3a).

A stance, for or against, aimed at an elected official or at what one proposes. Who the
stance is about is read in this order:

1. an official named as a person in the same sentence: a title ("the Mayor", "our MLA"), a
   leader's name, or a name a title introduced anywhere ("Councillor Mbeki ... Mbeki nailed
   it");
2. an elected body or government in the same sentence ("city council's vote", "the
   province");
3. a pronoun ("she", "his", "you") in the sentence, pointing back at an official named
   earlier in the post or in the post replied to;
4. the post replied to: written by an official ("@MayorSilva: Council will not ..."), or
   naming an official's position;
5. an official named in the sentence just before (a two-sentence spread).

A vote call or endorsement aimed at an elected official (`vote_call`: "re-elect Mayor Sohi",
"Councillor Lin has my vote", "vote him out" in reply to a post naming a councillor) backs or
opposes that official's record: weighing in by itself when the official is named as a person
in the sentence or by a pronoun pointing at one, in the author's own statement. A softer wish
(`vote_call_soft`: "time for a new MLA"), or backing words (`partisan_backing`: "proud to
support") beside an official in a post about an election, is a probable breach. A vote call
inside an ask for money or helpers ("help re-elect Councillor Dhillon, sign up") is the
solicitation Edmonton 3 e) names, not read here. A candidate who holds no office is not an
elected official: backing one is the NOTE's caution (`political.partisan`), not 3 a).

What the stance is: an unambiguous verdict (`political_stance`: "is a mistake", "has no clue",
"nailed it", "a joke", "100% behind"); a judging word (`political_verdict`: "naive", "a cash
grab", "wrong") in the official's own sentence; a milder word (`political_stance_soft`: "proud
of", "disappointed in") that counts only about a named position (plan, motion, levy, standing
up for ...); thanks (`political_thanks`) only for advocacy (`political_advocacy`: "for standing
up for ..."); or a bare reaction (`political_reaction`: "This. 💯", "👏", "🙄") that counts
only about a position, such as the official's own post replied to.

`political.official_opinion` counts every sentence that weighs in. It is unambiguous
(`political.official_opinion_explicit`) only when a verdict is aimed at an official as a
person (1, 3, or a reply to the official's own post), or at a body's position named in the
same sentence ("council's vote on the levy was a disgrace"), in a statement that is the
author's own: not a question, not someone's words reported ("the Mayor said it is
reckless"). A body without a position (it may be its services), a mild word, a bare reaction
or a short verdict answering a post ("Agree 100%.", "Finally someone said it 🙌": what it
backs is only in the post replied to), a spread over sentences, or a stance in a post that
is sarcastic (`political_sarcasm`) or hedged (`political_hedge`: "but what do I know 🤷") is a
probable breach a person confirms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from socialpolicy.detectors._windows import (
    any_in_sentence,
    near,
    nearest,
    nearest_in_sentence,
    pick,
)
from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.political_refs import (
    ADVOCACY,
    ANAPHOR,
    ASK,
    ASK_CHANNEL,
    ASK_STEM,
    BACKING,
    BODY,
    CAMPAIGN_ASK,
    NEUTRAL,
    OFFICIAL,
    POSITION,
    REACTION,
    REPORT,
    STANCE,
    STANCE_SOFT,
    THANKS,
    VERDICT,
    VOTE_CALL,
    VOTE_SOFT,
    Field,
)
from socialpolicy.evidence import Evidence

SARCASM = "political_sarcasm"
HEDGE = "political_hedge"
OPINION = "political.official_opinion"
_STANCES = frozenset({STANCE, VERDICT, STANCE_SOFT, REACTION})
EXPLICIT = "political.official_opinion_explicit"

OFFICIAL_WINDOW = 200  # a stance and its official: same sentence, and no further apart than this
SPREAD = 2  # sentences between an official and a stance read as about them (probable only)
REPORT_BEFORE = 8  # "according to the Minister": the reporting words right before the official
REACTION_ONLY = 12  # letters a reply may have besides its reactions and still be only a reaction
VERDICT_REACH = 80  # characters from an official's position to the verdict predicated of it
# A judging word predicated of the official or their position ("our MLA's take on bail is
# exactly backwards", "council's plebiscite question is a stunt"): the verdict's subject is
# the position, so it is as plain as a stance. Grammar, not vocabulary: not a lexicon.
_PREDICATE = re.compile(
    r"\b(?:is|isn't|isnt|was|wasn't|wasnt|are|aren't|were|has been|have been|will be"
    r"|would be|seems|sounds|looks)\b"
)
# A new clause between the position and the verdict: the verdict has its own subject.
_CLAUSE_BREAK = re.compile(r"[;:\u2014]| - |\b(?:but|and|while|because|so|when|though)\b")


@dataclass(frozen=True, slots=True)
class _Target:
    evidence: Evidence
    person: bool  # an official as a person (not a body, not a sentence away)
    reply: bool  # read from the post replied to
    at: LexiconMatch | None = None  # where the official is named in the field


def _reported(f: Field, st: LexiconMatch, target: _Target) -> bool:
    """Are the stance words someone else's, reported? A reporting word between the official
    and the stance ("the Mayor said the plan is reckless"), or just before the official
    ("according to the Minister, ..."). "Whatever the release says, the Mayor's plan is a
    mistake" reports nothing: the stance is the author's."""
    at = target.at
    if at is None:
        return False
    lo, hi = min(at.end, st.end), max(at.start, st.start)
    for r in f.groups.get(REPORT, ()):
        if r.start < st.end and st.start < r.end:
            continue  # part of the stance itself ("nobody asked for the Mayor's take")
        if lo <= r.start and r.end <= hi:
            return True
        if 0 <= at.start - r.end <= REPORT_BEFORE:
            return True
    return False


def _sentences_with(f: Field, lexicon: str) -> set[int]:
    return {f.sents.index(m.start) for m in f.groups.get(lexicon, ())}


# Reporting verbs that state a view, not a fact or an event ("thinks", not "announced"): what
# an official thinks, believes or argues is their opinion, as a named plan is their position.
_VIEW_VERBS = frozenset(
    {"thinks", "believes", "claims", "claimed", "argues", "argued", "insists", "insisted"}
)


def _positions(f: Field) -> set[int]:
    """The sentences that name a position (a plan, a vote) or an official's view ("the MLA
    thinks more officers fix everything")."""
    views = {f.sents.index(m.start) for m in f.groups.get(REPORT, ()) if m.term in _VIEW_VERBS}
    return _sentences_with(f, POSITION) | views


def _is_question(f: Field, s: int) -> bool:
    start, end = f.sents.bounds(s)
    return f.nt.text[start:end].rstrip().endswith("?")


def _only_verdicts(f: Field) -> bool:
    """The field says nothing but a verdict or a reaction ("This. 💯", "Wrong.", "👏👏
    finally.")."""
    text = f.nt.text
    kept = []
    last = 0
    for m in pick(f.groups, STANCE, VERDICT, STANCE_SOFT, REACTION):
        kept.append(text[last : m.start])
        last = max(last, m.end)
    kept.append(text[last:])
    return sum(ch.isalpha() for part in kept for ch in part) <= REACTION_ONLY


def _fragment(f: Field, s: int) -> bool:
    """Is sentence `s` nothing but a verdict or a reaction ("Unbelievable.", "Hard pass.",
    "About time.")?"""
    start, end = f.sents.bounds(s)
    text = f.nt.text
    kept = []
    last = start
    for m in pick(f.groups, STANCE, VERDICT, STANCE_SOFT, REACTION):
        if start <= m.start < end:
            kept.append(text[last : m.start])
            last = max(last, m.end)
    if last == start:
        return False
    kept.append(text[last:end])
    return sum(ch.isalpha() for part in kept for ch in part) <= REACTION_ONLY


def _answers_previous(f: Field, s: int, target: _Target) -> bool:
    """A verdict fragment right after the sentence that states an elected official's or
    body's position or what they think ("Ward 6's councillor wants to defund the beat
    patrols. Hard pass.", "The MLA thinks more officers fix everything. They don't."): the
    fragment has no other subject, so it judges that position as
    plainly as one sentence."""
    at = target.at
    if at is None or target.reply:
        return False
    prev = f.sents.index(at.start)
    if prev != s - 1 or not _fragment(f, s):
        return False
    return prev in _positions(f) and not _is_question(f, prev)


def _predicated(f: Field, st: LexiconMatch, target: _Target) -> bool:
    """The judging word `st` is predicated of the official or the position named before it
    in its sentence ("the Mayor's plan ... is reckless"), with no new clause between."""
    at = target.at
    if at is None or target.reply or not (at.end <= st.start <= at.end + VERDICT_REACH):
        return False
    if f.sents.index(at.start) != f.sents.index(st.start):
        return False
    verb = _PREDICATE.search(f.nt.text, at.end, st.end)
    return verb is not None and _CLAUSE_BREAK.search(f.nt.text, at.end, verb.start()) is None


def _target(f: Field, st: LexiconMatch, s: int) -> _Target | None:
    """Whom the stance at `st` (in sentence `s`) is about, if an elected official."""
    persons = f.persons
    person = nearest_in_sentence(persons, f.sents, s, st, OFFICIAL_WINDOW)
    if person is not None:
        return _Target(f.ev(person), True, False, person)
    body = nearest_in_sentence(pick(f.groups, BODY), f.sents, s, st, OFFICIAL_WINDOW)
    if body is not None:
        return _Target(f.ev(body), False, False, body)
    referred = _referred(f, st, s)
    if referred is not None:
        return referred
    out = f.outside
    about = out.official or out.body
    if out.position and about is not None:
        return _Target(about, False, True)
    # A sentence or two before: "Mayor Silva's downtown plan? Bold. Also wrong."
    earlier = [
        p
        for p in persons + pick(f.groups, BODY)
        if p.start < st.start and 0 < s - f.sents.index(p.start) <= SPREAD
    ]
    near = nearest(earlier, st, OFFICIAL_WINDOW)
    if near is not None:
        return _Target(f.ev(near), False, False, near)
    return None


def official_opinions(f: Field) -> Iterator[Hit]:
    """One `political.official_opinion` per sentence that weighs in; the unambiguous ones
    also raise `political.official_opinion_explicit`."""
    g = f.groups
    if not (_STANCES.intersection(g) or (THANKS in g and ADVOCACY in g)):
        return
    out = f.outside
    named = OFFICIAL in g or BODY in g or f.names
    # No elected official or body to weigh in on (the common case), unless a handle mentioned
    # names one ("@CllrHaines"); handles are read only then.
    if not (named or out.official or out.body or out.by_official) and not any(
        h.lexicon_id == OFFICIAL for h in f.handles
    ):
        return
    neutral = _sentences_with(f, NEUTRAL)
    positions = _positions(f)
    advocacy = _sentences_with(f, ADVOCACY)
    # Sarcasm anywhere in the field ("oh sure", "bold strategy") turns its words around: a
    # person reads what it means, so nothing in it is outright.
    sarcastic = SARCASM in g
    # A hedge ("not sure ..., but what do I know 🤷") leaves how far the author leans for a
    # reader to judge: read, but never outright.
    hedged = HEDGE in g
    done: set[int] = set()
    # Thanks weigh in only for advocacy ("for standing up for ..."), never for attending.
    thanks = [m for m in g.get(THANKS, ()) if f.sents.index(m.start) in advocacy]
    for kind, stances in (
        (STANCE, g.get(STANCE, [])),
        (VERDICT, g.get(VERDICT, [])),
        (STANCE_SOFT, g.get(STANCE_SOFT, []) + thanks),
        (REACTION, g.get(REACTION, [])),
    ):
        for st in stances:
            s = f.sents.index(st.start)
            if s in done or s in neutral:
                continue
            target = _target(f, st, s)
            if target is None:
                continue
            # A verdict in the official's own sentence judges them or their doing.
            judged = (
                kind == VERDICT and target.at is not None and f.sents.index(target.at.start) == s
            )
            if kind != STANCE and not judged:
                # A mild word or a reaction weighs in only on a position: named in the
                # sentence, in the official's sentence, or stated in the post replied to.
                at = target.at
                about = (
                    s in positions
                    or (at is not None and f.sents.index(at.start) in positions)
                    or f.outside.position
                )
                if not about:
                    continue
            done.add(s)
            ev = (f.ev(st), target.evidence)
            yield Hit(OPINION, ev)
            own_words = not _reported(f, st, target) and not _is_question(f, s)
            # A body's position judged outright ("city council's vote on the levy was a
            # disgrace") is as unambiguous as a person's; a body named without a position may
            # be its services ("the council's pothole crews are a joke").
            position_of_body = (
                target.at is not None
                and target.at.lexicon_id == BODY
                and f.sents.index(target.at.start) == s
                and s in positions
            )
            # A bare reaction aimed at no one the post's own words name, only at whoever
            # wrote the post replied to ("Finally someone said it 🙌", "Agree 100%." under an
            # MLA's post): what it backs is worked out from that post, so a person reads it.
            # A sentence of its own ("Respectfully, this is the wrong call.") or a pronoun
            # naming the official ("He's dead wrong") judges in the post's own words.
            parent_only = (
                target.reply
                and target.at is None
                and not any_in_sentence(g.get(ANAPHOR, []), f.sents, s)
                and _only_verdicts(f)
            )
            explicit = not (sarcastic or hedged) and (
                (
                    kind == STANCE
                    and (target.person or position_of_body)
                    and own_words
                    and not parent_only
                )
                or (kind != STANCE_SOFT and own_words and _answers_previous(f, s, target))
                or (
                    # A judging word predicated of a named position ("our MLA's take on bail
                    # is backwards"); of the person alone ("the Mayor is naive") it may judge
                    # the person rather than a position: probable.
                    kind == VERDICT
                    and s in positions
                    and (target.person or position_of_body)
                    and own_words
                    and _predicated(f, st, target)
                )
            )
            if explicit:
                yield Hit(EXPLICIT, ev)


# Asks for money or helpers (not a helper word alone: "folks", "volunteers" thanked).
_ASKING = (ASK, ASK_STEM, ASK_CHANNEL, CAMPAIGN_ASK)


def _vote_target(f: Field, m: LexiconMatch, s: int) -> _Target | None:
    """The elected official a vote call in sentence `s` is aimed at: one named as a person
    in the sentence, one a pronoun in it points back at (earlier in the post, or in the post
    replied to), or the official whose own post this replies to."""
    person = nearest_in_sentence(f.persons, f.sents, s, m, OFFICIAL_WINDOW)
    if person is not None:
        return _Target(f.ev(person), True, False, person)
    return _referred(f, m, s)


def _referred(f: Field, m: LexiconMatch, s: int) -> _Target | None:
    """The elected official a pronoun in sentence `s` points back at (a person named earlier
    in the post, or the official of the post replied to), or the official whose own post
    this replies to."""
    out = f.outside
    if any_in_sentence(f.groups.get(ANAPHOR, []), f.sents, s):
        before = [p for p in f.persons if p.start < m.start]
        if before:
            return _Target(f.ev(before[-1]), True, False, before[-1])
        antecedent = out.by_official or out.official
        if antecedent is not None:
            return _Target(antecedent, True, True)
    if out.by_official is not None:
        return _Target(out.by_official, True, True)
    return None


def official_votes(f: Field) -> Iterator[Hit]:
    """Vote calls and endorsements aimed at an elected official: one
    `political.official_opinion` per sentence; an explicit vote call (`vote_call`) at an
    official as a person, in the author's own statement, also raises
    `political.official_opinion_explicit`. Backing words count only in a post about an
    election (a campaign word in it or in the post replied to)."""
    g = f.groups
    calls = g.get(VOTE_CALL, [])
    soft = g.get(VOTE_SOFT, [])
    backing = g.get(BACKING, [])
    # An election word other than the backing words themselves ("vote for" is in both): each
    # asks only the backing words near it (asking every one per word was quadratic).
    election = f.outside.campaign is not None or any(
        all(w.end <= b.start or w.start >= b.end for b in near(backing, w.start, w.end))
        for w in f.campaign_words
    )
    if not election:
        backing = []
    if not (calls or soft or backing):
        return
    skip = _sentences_with(f, NEUTRAL)
    for lexicon in _ASKING:
        skip |= _sentences_with(f, lexicon)
    done: set[int] = set()
    for kind, matches in ((VOTE_CALL, calls), (VOTE_SOFT, soft), (BACKING, backing)):
        for m in matches:
            s = f.sents.index(m.start)
            if s in done or s in skip:
                continue
            target = _vote_target(f, m, s)
            if target is None:
                continue
            done.add(s)
            ev = (f.ev(m), target.evidence)
            yield Hit(OPINION, ev)
            if (
                kind == VOTE_CALL
                and target.person
                and not _reported(f, m, target)
                and not _is_question(f, s)
            ):
                yield Hit(EXPLICIT, ev)
