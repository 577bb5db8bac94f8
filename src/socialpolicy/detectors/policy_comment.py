"""Policy-comment detector: a member commenting on the Service's policies or procedures, or
speaking for the Service as if its official voice.

Toronto's guidelines: members "are not official spokespersons of the Service and therefore,
you can not comment on policy or procedures". The detector finds a **reference** to a
Service policy, procedure or decision (`policy_refs`), then what the post **does** with it:

- judges it (`policy_opinion`, `policy_opinion_soft`: "is a joke", "makes zero sense",
  "about time", "love it", "I disagree with", complaints such as "nobody asked us");
- hints at a judgement (`policy_hint`: "let's just say nobody is thrilled", an eye-roll);
- states or explains it as if authorised (`policy_statement`, `policy_explain`: "our
  procedure is", "as of this month", "because our procedure says", "that's why we");
- predicts or announces it (`policy_future`: "the Service will be rolling out ...", "HQ is
  about to announce ...", "word is they're scrapping ...").

A member may speak from expertise or working knowledge (a traffic officer's safety tips, how
the public reports a crime): such posts name no Service policy or decision, so nothing here
reads them. Which accounts are bound (members' own accounts, not the Service's official
ones) is the rules' applicability, not the detector's.

Levels, honestly: a clear judgement decides by itself when what it judges is tied to the
Service: an explicit Service policy word (`judgement`), or a policy named by its subject or its
maker ("our new shift schedule", "whoever signed off on ...", the policy named in the text
replied to) with the judgement in the same sentence (`clear_opinion`). Every looser reading (a
Service matter nothing ties to a decision, a milder word, a hint, a statement, an announcement)
is a probable comment a person should confirm; the pack may weigh two of them together. A
policy only cited as a reason ("it's against policy") and a change only told of ("the new
directive came down today") are their own, weaker signals (`cited`, `change`). A statement or
explanation of what a Service policy is (`statement`) and an announcement for the Service
(`announcement`: what the Service will do, ahead of it) speak as its spokesperson: the pack
weighs them as the comment itself. The Service's voice alone ("Toronto Police can confirm ...",
`official_voice`) may be a member relaying what the Service already said: a person reads it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence

from socialpolicy.detectors._windows import Groups, Sentences, evidence, nearest
from socialpolicy.detectors.advisory import redirect, service_question
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.policy_refs import BARE, REF_LEXICONS, Ref, references
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

OPINION = "policy_opinion"
SOFT = "policy_opinion_soft"
HINT = "policy_hint"
STATEMENT = "policy_statement"
EXPLAIN = "policy_explain"
FUTURE = "policy_future"
CHANGE = "policy_change"
CUT = "policy_cut"
QUOTABLE = frozenset({OPINION, SOFT})  # judgements that may be someone else's, quoted
CITED = "policy_cited"
OFFICIAL = "policy_official_voice"
RELAY = "policy_relay_voice"
ANCHORS = "policy_anchors"
OTHER = "policy_other_sense"  # another body's policy: an insurer's, the province's
TOPICS = "policy_topics"
REPLY_FIELD = "in_reply_to.text"
HEDGE = "policy_hedge"
STANCE_HEDGE = "policy_stance_hedge"  # "just saying", "some people think", "I guess"
OFFICIAL_WINDOW = 40  # characters between a Service body and the words speaking for it
PRAISE = "policy_praise"  # praise words: with a mark of irony they say the opposite
# Marks of irony in a field (issue 10, levels9): an explicit sarcasm cue ("must be nice",
# "/s") or the "nothing says X like Y" frame turns any judgement in the field around; a wry or
# eye-rolling emoji turns praise around ("Love the new directive 🙃").
SARCASM_CUES = "sarcasm_cues"
IRONY_EMOJI = ("wry_emoji", "derision_emoji", "irony_marks")

STEPS = "policy_procedure_steps"
# A field is read when it may hold a reference, a cited policy, an official voice or a
# procedure walked through.
_GATE = REF_LEXICONS | {CITED, OFFICIAL, RELAY, OTHER, STEPS}
# Of those, the lexicons any one match of which lets `_field` find something; the steps alone
# find something only as a walkthrough, which needs `WALK_ACTS` different procedure words
# (`_read_field`).
_CUES = REF_LEXICONS | {CITED, OFFICIAL, RELAY, OTHER}
# A procedure walked through (issue 10, levels9): at least `WALK_STEPS` step markers ("step 1",
# "step two", "first", "then", "next", "after that", "finally", a numbered line), at least
# `WALK_ACTS` procedure words (`policy_procedure_steps`: booking, bail hearing, run your
# plate) and the Service's "we" (or the "you" it is done to) in the same stretch. Grammar and
# counts, so an ordinary list of tips ("step 1 lock your car") is not read.
WALK_STEPS = 3
WALK_ACTS = 2
_STEP = re.compile(
    r"\bstep\s*(?:\d{1,2}|one|two|three|four|five|six)\b|\b(?:first|firstly|secondly|next"
    r"|then|after that|afterwards|finally|lastly)\b|(?:^|\n)[ \t]*\d{1,2}[.)]\s"
)
_SERVICE_WE = re.compile(r"\b(?:we|we'll|we're|us)\b")
# Without step markers, a frame that announces the walkthrough ("how a missing person report
# works with us:", "what happens after we arrest you:") with more procedure words after it.
_HOW_FRAME = re.compile(
    r"\bhow (?:a |an |the |your )?(?:[a-z'-]+ ){0,3}works?\b|\bwhat happens (?:when|after|if|once)\b"
)
WALK_FRAMED_ACTS = 3
# "Great question", "good point": courtesy to the asker, not a judgement of the policy.
_COURTESY = re.compile(r"\s*(?:question|point|one|q)\b")
# A reply is read for a comment on its parent's policy only when it has one of these.
_REPLY_CUES = frozenset({OPINION, SOFT, HINT, EXPLAIN, STATEMENT, CITED, FUTURE, OFFICIAL, RELAY})

# A reaction fragment: a short sentence right after the reference that opens with a judgement
# ("... no more warnings at stop signs. Makes no sense.") judges what the sentence before it
# said, as if written in it.
REACTION_CHARS = 48
REACTION_LEAD = 12  # characters from the fragment's start to its judgement
# A word pointing back at what the sentence before said ("it's overdue", "that is a joke").
_ANAPHOR = re.compile(r"\b(?:it|it's|its|this|that|that's|thats|which)\b")
# "I'll", "I will", "I'm going to": what the member will do, not what the Service will do,
# so in a reply it does not answer for the Service ("I'll type slowly so you can follow").
_FIRST_SINGULAR = re.compile(r"\b(?:i|i'm|im)\s*$")

JUDGEMENT = "policy_comment.judgement"
OPINION_SIGNAL = "policy_comment.opinion"
CLEAR_SIGNAL = "policy_comment.clear_opinion"
HINT_SIGNAL = "policy_comment.hint"
STATEMENT_SIGNAL = "policy_comment.statement"
ANNOUNCEMENT = "policy_comment.announcement"
CITED_SIGNAL = "policy_comment.cited"
CHANGE_SIGNAL = "policy_comment.change"
VOICE_SIGNAL = "policy_comment.official_voice"
ELSEWHERE_SIGNAL = "policy_comment.elsewhere"
VERDICT_SIGNAL = "policy_comment.verdict"

# A verdict is a clear judgement the sentence gives *of* the reference (grammar, not
# vocabulary, so these are not lexicons): predicated of it ("the drone program is money well
# spent", "staffing here is a disaster", "the new rule makes zero sense"), a stance taking it
# as its object ("not a fan of how we handle ...", "I disagree with the chief's choice to
# ..."), or a short verdict on a decision right after it ("... Bad move.", "Great planning,
# management."). A judgement that merely sits near the reference may be about something else.
VERDICT_REACH = 80  # characters from the reference to the judgement predicated of it
STANCE_REACH = 40  # characters from a stance ("not a fan of") to the reference it takes
_PREDICATE = re.compile(
    r"\b(?:is|isn't|isnt|was|wasn't|wasnt|are|aren't|were|has been|have been|had been"
    r"|will be|would be|makes|made|seems|seemed|sounds|looks|feels|proves|that's|thats|it's)\b"
)
# A break between the reference and a judgement after it: the judgement starts a new clause.
# ("body cams rolled out and the weather is a joke": the verdict has its own subject).
_CLAUSE_BREAK = re.compile(
    r"[;:\u2014]| - |\b(?:but|and|while|whereas|because|so|when|although|though|yet)\b"
)
# A stance phrase that takes what follows as its object ("proud that", "a fan of", "disagree
# with"), by its last word or the word right after it.
_STANCE_OBJECT = re.compile(r"\s*(?:of|with|that|how|about)\b")
_STANCE_END = re.compile(r"\b(?:of|with|that|about)$")
# The decision words a short verdict is about ("bad move", "not a call I would have made",
# "great planning").
_VERDICT_NOUN = re.compile(r"\b(?:move|call|choice|decision|plan|planning|change|idea)\b")
# What ties a bare Service matter ("staffing", "procurement", "discipline") to the member's own
# workplace in its sentence: "staffing at this place", "the discipline around here", "tasers
# for every constable". Without it the matter may be anyone's ("the staffing shortage in
# healthcare is a mess"). Grammar and the commonest police words, not a lexicon of policies.
_TIED = re.compile(
    r"\b(?:our|we|we're|we've|us|here|this place|this outfit|this job|the job|upstairs"
    r"|constables?|officers?|cops|platoons?|divisions?)\b"
)
# Issue 10 (hedged): a Service matter nothing ties to a decision ("staffing", "the way we
# handle ...") still speaks of the member's Service when its sentence places it at their
# workplace ("here", "our", "my platoon") or marks a change in its handling ("now", "lately",
# "since", "anymore"). With a hint or a mild word it is a hedged comment a person reads
# (review only: `verdict` keeps `_TIED`).
_HEDGED_TIE = re.compile(
    r"\b(?:our|we|we're|we've|us|here|this place|this outfit|this job|the job|upstairs"
    r"|constables?|officers?|cops|platoons?|divisions?|my unit"
    r"|now|lately|anymore|any more|these days|no longer|since)\b"
)
# A practice named with "they" ("the way they pick who gets ...", "how they handle ...") is
# someone's way of doing things: the Service's when a member says it of their work.
_PRACTICE_THEY = ("the way they", "how they")
# A mild judgement by degree, predicated of a Service matter: excess ("is too rigid", "way too
# slow") or a wish for a different degree ("could be a touch more transparent"). Grammar, not
# a list of adjectives; read only after a reference in its clause, as a mild word (review).
_MILD = re.compile(
    r"\b(?:too|overly)\s+(?!many\b|much\b|late\b|early\b|soon\b|long\b)[a-z]{3,}"
    r"|\b(?:is|are|was|were|be|been|feels?|felt|seems?|seemed|looks?|sounds?)\s+"
    r"(?:a bit|a little|a touch|a tad|kind of|kinda|somewhat|slightly)\s+"
    r"(?:more\s+|less\s+)?[a-z]{3,}"
)
# "Nothing says officer safety like a twenty-minute chat": a sarcastic frame whose verb is
# not a statement of what a policy says.
_NOTHING_SAYS = re.compile(r"\b(?:nothing|nuthin|nothin)\s+says\b[^.!?\n]{1,80}?\blike\b")
# The judgements that decide by themselves; carried by sarcasm they are a comment a person
# reads (policy-comment's review), as the labelling conventions have it.
_OUTRIGHT = frozenset({JUDGEMENT, CLEAR_SIGNAL, VERDICT_SIGNAL})
# A verdict pointing back at what the reply answers ("that's a mistake", "it was a bad call").
_POINTER = re.compile(r"\b(?:that's|thats|that is|that was|it's|it is|it was|which is|which was)\b")


def _shared(text: str) -> bool:
    """A post that passes on someone else's ("RT @TorontoPolice: ..."): its words are theirs."""
    return text.lstrip()[:4].lower() in ("rt @", "rt:@")


def _signature(text: str, anchors: Sequence[LexiconMatch]) -> LexiconMatch | None:
    """A post signed as the Service: a Service body at its very end after a sign-off mark
    ("... Thank you for your patience. -TPS", "^TPS"), as the newsroom signs its posts."""
    if not anchors:
        return None
    last = anchors[-1]
    if text[last.end :].strip(" .!\n\t") != "":
        return None
    before = text[: last.start].rstrip()
    return last if before[-1:] in _SIGN_MARKS else None


_SIGN_MARKS = frozenset("-^~\u2013\u2014")


def _we_about(
    text: str, voice: LexiconMatch, topics: Sequence[LexiconMatch], sents: Sentences
) -> LexiconMatch | None:
    """The Service's voice in the first person plural ("We apologize for the long 911 wait
    times") about a Service matter (`policy_topics`, in text order) right after it in its
    sentence: "we" speaking for the Service without naming it. A "we" voice about anything
    else ("we apologise for any inconvenience") is left alone: units and teams say "we" too."""
    if not text.startswith("we ", voice.start):
        return None
    i = _first_at(topics, voice.end)
    if i < len(topics):
        t = topics[i]
        if t.start - voice.end <= OFFICIAL_WINDOW and sents.same(voice.start, t.start):
            return t
    return None


def _first_at(pool: Sequence[LexiconMatch], at: int) -> int:
    """The index of the first match of `pool` (in text order) starting at or after `at`."""
    lo, hi = 0, len(pool)
    while lo < hi:
        mid = (lo + hi) // 2
        if pool[mid].start < at:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _ends_with(text: str, lo: int, hi: int, suffix: str | tuple[str, ...]) -> bool:
    """`text[lo:hi].rstrip().endswith(suffix)` without copying the span: a check asked per
    match must not read the text before it (a long post holds many matches)."""
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return text.endswith(suffix, lo, hi)


class _Quotes:
    """Where a text's double quote marks are, found once: `odd(lo, hi)` says whether
    `text.count('"', lo, hi)` is odd without counting per match."""

    __slots__ = ("_at", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._at: list[int] | None = None

    def odd(self, lo: int, hi: int) -> bool:
        at = self._at
        if at is None:
            text = self._text
            at = self._at = []
            i = text.find('"')
            while i >= 0:
                at.append(i)
                i = text.find('"', i + 1)
        return (bisect_left(at, hi) - bisect_left(at, lo)) % 2 == 1


def _unironic(hits: Iterator[Hit], nt: NormalisedText, g: Groups) -> list[Hit]:
    """The field's hits, with a judgement that sarcasm carries read as a probable opinion.

    An outright judgement (`_OUTRIGHT`) stays outright only in plain words. In a field with
    an explicit sarcasm cue or the "nothing says X like Y" frame, any judgement is turned
    around, so what the member means is a reader's call; with a wry or eye-rolling emoji only
    praise is ("Love the new directive 🙃"), since a plain verdict beside an eye-roll ("the new
    directive is a joke 🙄") says what it means. A statement word inside the frame ("nothing
    *says* ...") states no policy. Issue 10, levels9: the labelling conventions give sarcasm
    `review`."""
    out = list(hits)
    if not out:
        return out  # most fields read find nothing: no sarcasm to weigh
    frames = [
        (sp.start, sp.end)
        for m in _NOTHING_SAYS.finditer(nt.text.lower())
        for sp in (nt.to_original(m.start(), m.end()),)
    ]
    strong = bool(frames) or SARCASM_CUES in g
    wry = any(k in g for k in IRONY_EMOJI) or any(
        not any(c.isalpha() for c in m.term) for m in g.get(HINT, ())
    )
    if not (strong or wry):
        return out
    praise = [
        (sp.start, sp.end) for m in g.get(PRAISE, ()) for sp in (nt.to_original(m.start, m.end),)
    ]

    def inside(ev: Evidence, spans: list[tuple[int, int]]) -> bool:
        span = ev.span
        return span is not None and any(a < span.end and span.start < b for a, b in spans)

    kept: list[Hit] = []
    for h in out:
        own = [e for e in h.evidence if e.field != REPLY_FIELD]
        if h.signal == STATEMENT_SIGNAL and frames and own and inside(own[-1], frames):
            continue
        if h.signal in _OUTRIGHT and own and (strong or inside(own[-1], praise)):
            h = Hit(OPINION_SIGNAL, h.evidence)
        kept.append(h)
    return kept


def _read_field(g: Groups) -> bool:
    """Whether `PolicyCommentDetector._field` can find anything in a field with these
    matches: a match of `_CUES`, or procedure words enough for `_walkthrough`. Police tweets
    often hold one procedure word ("arrested", "charged") and nothing else the detector reads:
    a fifth of them, each of which read every test of `_field` to find nothing."""
    if not _CUES.isdisjoint(g):
        return True
    acts = g.get(STEPS)
    return acts is not None and len(acts) >= WALK_ACTS and len({m.term for m in acts}) >= WALK_ACTS


def _walkthrough(text: str, g: Groups) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A Service procedure walked through step by step in the member's "we" ("First we call in
    your plate, then we check your record, then we decide ticket or warning"): the first step
    marker and the first procedure word, or None. A member may share working knowledge; laying
    out the Service's own sequence of what it does to a person is explaining its procedure."""
    acts = g.get(STEPS, ())
    if len({m.term for m in acts}) < WALK_ACTS or _shared(text):
        return None
    if _SERVICE_WE.search(text) is None:
        return None
    steps = list(_STEP.finditer(text))
    need = WALK_ACTS
    if len(steps) >= WALK_STEPS:
        first = (steps[0].start(), steps[0].end())
    else:
        frame = _HOW_FRAME.search(text)
        if frame is None:
            return None
        first, need = (frame.start(), frame.end()), WALK_FRAMED_ACTS
    inside = [m for m in acts if m.start >= first[0] - 80]
    if len({m.term for m in inside}) < need:
        return None
    return first, (inside[0].start, inside[0].end)


def _answers(text: str, sents: Sentences, m: LexiconMatch) -> bool:
    """The reply's judgement `m` is a verdict on what it answers: a short verdict on a
    decision ("Bad move if you ask me.", "Not a call I would have made.") or one pointing back
    at it ("that's a mistake"), in a sentence that asks nothing."""
    start, end = sents.bounds(sents.index(m.start))
    if _ends_with(text, start, end, "?"):
        return False
    if m.start - start <= REACTION_LEAD and _VERDICT_NOUN.search(text, m.start, end):
        return True
    return _POINTER.search(text, max(start, m.start - 20), m.start) is not None


class PolicyCommentDetector:
    """Judgements, opinions, hints, statements and announcements about Service policy."""

    name: str = "policy_comment"
    signals: Sequence[SignalSpec] = (
        SignalSpec(
            JUDGEMENT,
            "count",
            "Judges an explicitly named Service policy or procedure: a clear judgement in the "
            "sentence that names it.",
        ),
        SignalSpec(
            OPINION_SIGNAL,
            "count",
            "Gives a probable opinion of a Service policy, procedure or decision (the policy "
            "implied by its subject, or a milder judgement, or one in the next sentence).",
        ),
        SignalSpec(
            CLEAR_SIGNAL,
            "count",
            "Clearly judges a Service policy, procedure or decision named by its subject or its "
            "maker: a clear judgement in the sentence that names it ('the paid duty system is a "
            "mess', 'whoever signed off on back-to-back nights has never worked one'), or in a "
            "reply to a text that names it.",
        ),
        SignalSpec(
            HINT_SIGNAL,
            "count",
            "Hints at an opinion of a Service policy or procedure ('let's just say...').",
        ),
        SignalSpec(
            STATEMENT_SIGNAL,
            "count",
            "States or explains what a Service policy or procedure is or has become, without "
            "a redirect to Corporate Communications.",
        ),
        SignalSpec(
            VOICE_SIGNAL,
            "count",
            "Speaks in the Service's voice next to a Service body ('Toronto Police can "
            "confirm', 'on behalf of the Service'): perhaps relaying what the Service said.",
        ),
        SignalSpec(
            CHANGE_SIGNAL,
            "count",
            "Tells of a change to a Service policy, procedure or decision ('the new directive "
            "came down today', 'the chief is scrapping carding') without saying what it is.",
        ),
        SignalSpec(
            CITED_SIGNAL,
            "count",
            "Cites a policy or procedure as the reason for something ('it's against policy', "
            "'standard procedure') without saying what it is.",
        ),
        SignalSpec(
            ELSEWHERE_SIGNAL,
            "flag",
            "Speaks of another body's policy, rule or decision (an insurer's, the province's, "
            "another police service's: `policy_other_sense`) and of nothing of the Service's: "
            "no Service body, and no Service policy, procedure or decision tied to it.",
        ),
        SignalSpec(
            VERDICT_SIGNAL,
            "count",
            "Gives, in the member's own unhedged words, a verdict of a Service policy, "
            "procedure or decision: a clear judgement predicated of it ('the drone program is "
            "a waste of money'), a stance taking it as its object ('not a fan of how we handle "
            "...'), a short verdict on the decision right after it ('Bad move.'), or, in a reply "
            "to a question about the Service, a verdict on what it answers ('that's a mistake'). "
            "Not in a question, a quotation or a sentence that hedges or reports others' view.",
        ),
        SignalSpec(
            ANNOUNCEMENT,
            "count",
            "Predicts or announces a Service policy, procedure or decision ahead of the "
            "Service, without a redirect to Corporate Communications.",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        hits: list[Hit] = []
        for field, raw in own_text_fields(ctx):
            g = ctx.grouped(field, raw)
            if _GATE.isdisjoint(g) or not _read_field(g):
                continue
            nt = ctx.normalised(field, raw)
            hits += _unironic(self._field(field, nt, g), nt, g)
        reply = ctx.post.in_reply_to
        if reply is not None and reply.text and all(h.signal == ELSEWHERE_SIGNAL for h in hits):
            own = ctx.post.text
            own_g = ctx.grouped("text", own)
            hits += _unironic(self._reply(ctx, reply.text), ctx.normalised("text", own), own_g)
        yield from hits

    def _field(self, field: str, nt: NormalisedText, g: Groups) -> Iterator[Hit]:
        refs = references(nt, g) if not REF_LEXICONS.isdisjoint(g) else []
        if refs:
            yield from self._judge(field, nt, g, refs)
        other = g.get(OTHER, [])
        if other and ANCHORS not in g and all(r.strength == BARE for r in refs):
            # Another body's policy ("the province's new bail rules", "my gym's cancellation
            # policy") and nothing of the Service's: what the member comments on is not the
            # Service's policy (the clause reader's reading is vetoed by the pack).
            m = other[0]
            yield Hit(ELSEWHERE_SIGNAL, (evidence(self.name, field, nt, m.start, m.end),))
        walk = _walkthrough(nt.text, g)
        if walk is not None:
            # Before the redirect test: a pointer inside the steps ("you get your call") does
            # not send the reader elsewhere for the procedure the post itself lays out.
            yield Hit(
                STATEMENT_SIGNAL, tuple(evidence(self.name, field, nt, a, b) for a, b in walk)
            )
        if redirect(nt, g) is not None:
            return
        # A policy cited as the reason ("it's against policy", "standard procedure"): the
        # phrase is both the reference and the statement.
        for m in g.get(CITED, [])[:1]:
            yield Hit(CITED_SIGNAL, (evidence(self.name, field, nt, m.start, m.end),))
        if _shared(nt.text):
            return  # the Service's own post passed on without comment: its voice is its own
        # Speaking as the Service's voice next to a Service body ("on behalf of TPS", "the
        # Service has decided", "TPS won't be releasing the video").
        anchors = g.get(ANCHORS, [])
        sign = _signature(nt.text, anchors)
        if sign is not None:
            yield Hit(VOICE_SIGNAL, (evidence(self.name, field, nt, sign.start, sign.end),))
        sents: Sentences | None = None
        for pool, signal in ((OFFICIAL, ANNOUNCEMENT), (RELAY, VOICE_SIGNAL)):
            if sign is not None and signal == VOICE_SIGNAL:
                continue  # already found: the post is signed as the Service
            for m in g.get(pool, []):
                a = nearest(anchors, m, OFFICIAL_WINDOW)
                if a is None and pool == RELAY:
                    if sents is None:
                        sents = Sentences.of(nt)
                    a = _we_about(nt.text, m, g.get(TOPICS, []), sents)
                if a is not None:
                    ev = tuple(evidence(self.name, field, nt, x.start, x.end) for x in (a, m))
                    yield Hit(signal, ev)
                    break

    def _reply(self, ctx: Context, parent: str) -> Iterator[Hit]:
        """A reply whose subject is in the post replied to.

        - The parent names a Service policy ("Thoughts on the new pursuit directive?") and the
          reply judges, hints at or explains it ("Honestly? A joke.").
        - The parent asks about the Service ("Will TPS release the video?") and the reply
          answers for it: what the Service will do, has decided or why ("Yep, it'll be out
          Friday", "Because the Service wants visible patrols"), unless it hedges ("no idea,
          above my pay grade"), which is the redirect advice's business, not a finding.
        """
        own = ctx.post.text
        g = ctx.grouped("text", own)
        if _REPLY_CUES.isdisjoint(g):
            return
        pg = ctx.grouped(REPLY_FIELD, parent)
        pnt = ctx.normalised(REPLY_FIELD, parent)
        subject: tuple[int, int] | None = None
        if not REF_LEXICONS.isdisjoint(pg):
            ref = next((r for r in references(pnt, pg) if r.strength != BARE), None)
            if ref is not None:
                subject = (ref.start, ref.end)
        asked = service_question(ctx, parent)
        if subject is None and asked is None:
            return
        nt = ctx.normalised("text", own)
        text = nt.text
        sents = Sentences.of(nt)
        quotes = _Quotes(text)

        hedges = g.get(HEDGE, [])

        def unquoted(pool: str) -> LexiconMatch | None:
            """The reply's own cue: not quoted, and not a hedge ("no clue" is one here)."""
            for m in g.get(pool, ()):
                if any(h.start < m.end and m.start < h.end for h in hedges):
                    continue
                if pool == SOFT and _COURTESY.match(text, m.end):
                    continue
                if pool == FUTURE and _FIRST_SINGULAR.search(text, max(0, m.start - 5), m.start):
                    continue
                start, _ = sents.bounds(sents.index(m.start))
                if not quotes.odd(start, m.start):
                    return m
            return None

        redirected = redirect(nt, g) is not None
        cues: list[tuple[str, str]] = []
        if subject is not None:
            # The parent names the policy, so any judgement in the reply is of it ("Love it,
            # should have happened years ago"), but not the courtesy of "good question" nor a
            # mild word beside a redirect ("better placed to answer").
            cues.append((OPINION, OPINION_SIGNAL))
            if HEDGE not in g:
                cues.append((HINT, HINT_SIGNAL))
            if not redirected:
                cues.append((SOFT, OPINION_SIGNAL))
        elif not redirected:
            # Asked about the Service ("Why are there no officers downtown anymore?"), the reply
            # clearly judges what it answers ("... Not my call, and not a good one."): a
            # probable opinion of the Service's decision, even beside a hedge; or hints at one
            # ("fewer cars on nights now, and that was somebody's choice").
            cues.append((OPINION, OPINION_SIGNAL))
            if HEDGE not in g:
                cues.append((HINT, HINT_SIGNAL))
        if HEDGE not in g and not redirected:
            cues += [
                (EXPLAIN, STATEMENT_SIGNAL),
                (STATEMENT, STATEMENT_SIGNAL),
                (CITED, CITED_SIGNAL),
            ]
            if asked is not None:
                cues += [(FUTURE, ANNOUNCEMENT), (OFFICIAL, ANNOUNCEMENT), (RELAY, VOICE_SIGNAL)]
        where = subject or asked
        assert where is not None
        seen: set[str] = set()
        for pool, signal in cues:
            m = unquoted(pool)
            if m is not None and pool == HINT and subject is None and " " not in m.term:
                # Asked about the Service, a shrug (🤷) or one word is no answer: a worded
                # hint only ("that was somebody's choice").
                m = None
            if m is not None and signal not in seen:
                seen.add(signal)
                hit_ev = (
                    evidence(self.name, REPLY_FIELD, pnt, *where),
                    evidence(self.name, "text", nt, m.start, m.end),
                )
                yield Hit(signal, hit_ev)
                if pool == OPINION and subject is not None and not redirected:
                    # The parent names the policy and the reply clearly judges it.
                    yield Hit(CLEAR_SIGNAL, hit_ev)
                if (
                    pool == OPINION
                    and HEDGE not in g
                    and not redirected
                    and _answers(text, sents, m)
                ):
                    # Asked about the Service, the reply gives its own verdict on the decision
                    # it answers about ("Nope, pulled them last year. Bad move.").
                    yield Hit(VERDICT_SIGNAL, hit_ev)

    def _judge(self, field: str, nt: NormalisedText, g: Groups, refs: list[Ref]) -> Iterator[Hit]:
        text = nt.text
        sents = Sentences.of(nt)
        quotes = _Quotes(text)

        def ev(*parts: LexiconMatch | Ref) -> tuple[Evidence, ...]:
            return tuple(evidence(self.name, field, nt, p.start, p.end) for p in parts)

        def quoted(m: LexiconMatch) -> bool:
            """Inside double quotes in its sentence: an odd number of quote marks before it."""
            start, _ = sents.bounds(sents.index(m.start))
            return quotes.odd(start, m.start)

        starts: dict[str, list[int]] = {}

        def within_sentences(pool: str, first: int, last: int) -> list[LexiconMatch]:
            """The matches of `pool` starting in sentences `first` to `last` (by bisect on
            their starts, found once: a reference looks only at its sentences)."""
            ms = g.get(pool, [])
            at = starts.get(pool)
            if at is None:
                at = starts[pool] = [m.start for m in ms]
            lo, _ = sents.bounds(first)
            _, hi = sents.bounds(last)
            return ms[bisect_left(at, lo) : bisect_left(at, hi)]

        def in_sentence(pool: str, ref: Ref, reach: int = 0) -> LexiconMatch | None:
            """A match of `pool` in the reference's sentence (or up to `reach` sentences away),
            not part of the reference itself (statements such as "our procedure is" contain
            their policy word by design)."""
            s = sents.index(ref.start)
            best: LexiconMatch | None = None
            for m in within_sentences(pool, s - reach, s + reach):
                if pool != STATEMENT and m.start < ref.end and ref.start < m.end:
                    continue  # the same words cannot be both the reference and the comment
                if pool in QUOTABLE and quoted(m):
                    continue  # 'apparently I'm "a disgrace"': someone else's words, reported
                d = abs(sents.index(m.start) - s)
                if d == 0:
                    return m
                if d <= reach and best is None:
                    best = m
            return best

        def asks(ref: Ref) -> bool:
            """The reference's sentence is a question: it states, announces or tells nothing."""
            start, end = sents.bounds(sents.index(ref.start))
            return _ends_with(text, start, end, "?")

        def reaction(ref: Ref) -> LexiconMatch | None:
            """A short sentence right after the reference's that judges it: it opens with the
            judgement ("Makes no sense.") or points back at it ("I think it's overdue.")."""
            nxt = sents.index(ref.start) + 1
            start, end = sents.bounds(nxt)
            if end - start > REACTION_CHARS:
                return None
            for m in g.get(OPINION, ()):
                if sents.index(m.start) == nxt and (
                    m.start - start <= REACTION_LEAD or _ANAPHOR.search(text, start, m.start)
                ):
                    return m
            return None

        # Sentences that hedge or report someone else's view ("not saying", "some people
        # think"). Not `policy_hedge`: "no idea" there is a member not knowing an answer, and
        # "the critics have no idea" judges as plainly as anything.
        hedged = {sents.index(m.start) for m in g.get(STANCE_HEDGE, ())}

        def plain(ref: Ref, m: LexiconMatch) -> bool:
            """The judgement is the member's plain verdict: neither its sentence nor the
            reference's hedges or reports someone else's view, and it does not ask ("is the
            new roster a mess or is it just me?"; a question that only sets up a verdict after
            it, "Cutting the unit? Bold choice.", does not count). Otherwise it is an opinion a
            person reads (review)."""
            s, t = sents.index(ref.start), sents.index(m.start)
            if s in hedged or t in hedged:
                return False
            _, end = sents.bounds(t)
            return not _ends_with(text, 0, end, "?")

        for ref in refs:
            if ref.explicit:
                o = in_sentence(OPINION, ref) or reaction(ref)
                if o is not None and plain(ref, o):
                    yield Hit(JUDGEMENT, ev(ref, o))
                    return

        bodies_at = {(a.start, a.end) for a in g.get(ANCHORS, ())}

        def hedged_tie(ref: Ref) -> bool:
            """A bare Service matter placed at the member's workplace or marked as changed in
            its sentence (`_HEDGED_TIE`), or a practice named with "they"; not a Service body
            alone ("the brass"), whose judgement is of people, not of a decision."""
            if (ref.start, ref.end) in bodies_at:
                return False
            if text.startswith(_PRACTICE_THEY, ref.start):
                return True
            lo, hi = sents.bounds(sents.index(ref.start))
            return _HEDGED_TIE.search(text, lo, hi) is not None

        def mild(ref: Ref) -> LexiconMatch | None:
            """A judgement by degree (`_MILD`) after the reference in its clause."""
            _, hi = sents.bounds(sents.index(ref.start))
            m = _MILD.search(text, ref.end, hi)
            if m is None or _CLAUSE_BREAK.search(text, ref.end, m.start()) is not None:
                return None
            return LexiconMatch(SOFT, m.group(), m.start(), m.end())

        found: set[str] = set()
        redirected = redirect(nt, g) is not None
        for ref in refs:
            bare = ref.strength == BARE
            if OPINION_SIGNAL not in found:
                # A Service matter nothing ties to a decision counts only when clearly judged
                # in its own sentence ("de-escalation training in four hours? a joke"); an
                # eye-roll or a mild word beside it could be about anything.
                if bare:
                    # ... or in a short reaction right after it ("They put the canine unit on
                    # a hiring freeze. Make it make sense.").
                    o = in_sentence(OPINION, ref) or reaction(ref)
                elif redirected:
                    # "Best to ask Corporate Communications about the new policy": a mild word
                    # beside a redirect is courtesy, not an opinion of the policy.
                    o = in_sentence(OPINION, ref, reach=1)
                else:
                    o = in_sentence(OPINION, ref, reach=1) or in_sentence(SOFT, ref) or mild(ref)
                if o is None and bare and not redirected and hedged_tie(ref):
                    # A Service matter at the member's workplace, judged by degree ("two weeks'
                    # notice for vacation feels a bit tight for my platoon"). Not the milder
                    # words: "my unit is hiring, great team" praises the job, not a decision.
                    o = mild(ref)
                if o is not None:
                    found.add(OPINION_SIGNAL)
                    yield Hit(OPINION_SIGNAL, ev(ref, o))
            if CLEAR_SIGNAL not in found and not bare and not redirected:
                # Tied to the Service (by "our", "the new", a decision or whoever made it) and
                # clearly judged in its own sentence: the comment shows itself.
                c = in_sentence(OPINION, ref) or reaction(ref)
                if c is None and ref.explicit:
                    # An explicit Service policy with even a mild word of judgement ("our use
                    # of force procedure is actually fine"): a comment either way.
                    c = in_sentence(SOFT, ref)
                if c is not None and plain(ref, c):
                    found.add(CLEAR_SIGNAL)
                    yield Hit(CLEAR_SIGNAL, ev(ref, c))
            if HINT_SIGNAL not in found and (not bare or (not redirected and hedged_tie(ref))):
                # ... or hinted at ("staffing here has been... interesting", "the way we
                # handle stolen-car reports has me scratching my head").
                h = in_sentence(HINT, ref, reach=1)
                if h is None or (bare and " " not in h.term):
                    # One word or an emoji ("interesting", 🤷) beside a bare matter may be
                    # about anything: a worded hint only ("I'll leave it at that"). A trailing
                    # ellipsis is a pause, not an end ("Staffing here has been... interesting.
                    # I'll leave it at that."): the hint may come a sentence later.
                    s = sents.index(ref.start)
                    lo, hi = sents.bounds(s)
                    last = s + 1 + _ends_with(text, lo, hi, ("...", "\u2026"))
                    h = next(
                        (
                            x
                            for x in within_sentences(HINT, s, last)
                            if (" " in x.term or not bare) and not ref.start <= x.start < ref.end
                        ),
                        None,
                    )
                if h is not None:
                    found.add(HINT_SIGNAL)
                    yield Hit(HINT_SIGNAL, ev(ref, h))
            if redirected or bare:
                continue  # pointing people to Corporate Communications is what is asked
            if asks(ref):
                continue  # "Is the HQ lobby closing early today?": a question states nothing
            if STATEMENT_SIGNAL not in found:
                st = in_sentence(STATEMENT, ref) or in_sentence(EXPLAIN, ref)
                if st is not None:
                    found.add(STATEMENT_SIGNAL)
                    yield Hit(STATEMENT_SIGNAL, ev(ref, st))
            if CHANGE_SIGNAL not in found:
                ch = (
                    in_sentence(CHANGE, ref)  # "the new directive came down today"
                    or in_sentence(CUT, ref)  # "the chief is scrapping carding"
                )
                if ch is not None:
                    found.add(CHANGE_SIGNAL)
                    yield Hit(CHANGE_SIGNAL, ev(ref, ch))
            if ANNOUNCEMENT not in found:
                f = in_sentence(FUTURE, ref)
                if f is not None:
                    found.add(ANNOUNCEMENT)
                    yield Hit(ANNOUNCEMENT, ev(ref, f))

        if redirected:
            return  # "ask Corporate Communications about the new policy": no verdict given
        bodies = {(a.start, a.end) for a in g.get(ANCHORS, ())}

        def verdict(ref: Ref) -> LexiconMatch | None:
            """A clear judgement the reference's sentence gives of it (see `_PREDICATE`)."""
            s = sents.index(ref.start)
            if ref.strength == BARE:
                if (ref.start, ref.end) in bodies:
                    # A Service body alone ("PRS is out of touch", "the brass are clueless"):
                    # a verdict of the people or the unit, not of a decision they made.
                    return None
                lo, hi = sents.bounds(s)
                if not bodies and _TIED.search(text, lo, hi) is None:
                    return None  # a matter nothing ties to the Service (see `_TIED`)
            # Clear judgements only: a mild word predicated of a Service matter ("the new
            # schedule is brutal", "body cams are good") may describe the work rather than
            # judge the decision, so it stays policy-comment's review.
            if s not in hedged and not asks(ref):
                # A milder word that names a decision as good or bad ("is a bad call", "was
                # the right move") judges the decision itself, so it counts here too.
                calls = [m for m in within_sentences(SOFT, s, s) if _VERDICT_NOUN.search(m.term)]
                for m in within_sentences(OPINION, s, s) + calls:
                    if (m.start < ref.end and ref.start < m.end) or quoted(m):
                        continue
                    if ref.end <= m.start <= ref.end + VERDICT_REACH:
                        verb = _PREDICATE.search(text, ref.end, m.end)
                        if verb is not None and (
                            _CLAUSE_BREAK.search(text, ref.end, verb.start()) is None
                        ):
                            return m
                    elif m.end <= ref.start <= m.end + STANCE_REACH and (
                        _STANCE_END.search(text, m.start, m.end)
                        or _STANCE_OBJECT.match(text, m.end)
                    ):
                        return m
            nxt = s + 1
            start, end = sents.bounds(nxt)
            if nxt in hedged or end - start > REACTION_CHARS or _ends_with(text, start, end, "?"):
                return None
            for m in g.get(OPINION, ()):
                if (
                    sents.index(m.start) == nxt
                    and m.start - start <= REACTION_LEAD
                    and _VERDICT_NOUN.search(text, m.start, end) is not None
                ):
                    return m
            return None

        for ref in refs:
            v = verdict(ref)
            if v is not None:
                yield Hit(VERDICT_SIGNAL, ev(ref, v))
                return
