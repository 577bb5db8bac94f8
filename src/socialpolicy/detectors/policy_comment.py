"""Policy-comment detector: a member commenting on the Service's policies or procedures.

Toronto's guidelines: members "are not official spokespersons of the Service and therefore,
you can not comment on policy or procedures". The detector finds a *Service* policy
reference, then what the post does with it:

1. reference: a policy word (`policy_terms`: policy, procedure, directive, with common
   misspellings) tied to the Service by an anchor (`policy_anchors`: the Service, TPS, HQ,
   management; or "our"/"we" just before it) or by a Service topic (`policy_topics`: body
   cams, the promotional process, overtime, off-duty employment); a vaguer word
   (`policy_process_terms`: process, memo) counts only right next to a topic. A word used in
   another sense (`policy_other_sense`: insurance policy, the Criminal Code, the city's
   bylaw) is not a reference;
2. judgement: an opinion (`policy_opinion`) in the same, previous or next sentence; or a
   first-person duty statement (`policy_we_told`: "we've been told to") with an opinion;
3. hint: an insinuation (`policy_hint`: "let's just say nobody is thrilled", an eye-roll);
4. statement: a statement of what the policy is (`policy_statement`: "our procedure is",
   "as of this year"), unless the post redirects to Corporate Communications.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from socialpolicy.detectors._windows import Groups
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.operational import Sentences, first_near, match_evidence
from socialpolicy.normalise import NormalisedText

TERMS = "policy_terms"
INTERNAL = "policy_internal_terms"
PROCESS = "policy_process_terms"
ANCHORS = "policy_anchors"
TOPICS = "policy_topics"
OTHER = "policy_other_sense"
OPINION = "policy_opinion"
HINT = "policy_hint"
STATEMENT = "policy_statement"
WE_TOLD = "policy_we_told"
REDIRECT = "comms_redirect"

LEXICONS = frozenset(
    {TERMS, INTERNAL, PROCESS, ANCHORS, TOPICS, OTHER, OPINION, HINT, STATEMENT, WE_TOLD, REDIRECT}
)

# First-person plural just before a policy word makes it the Service's ("our new policy",
# "we have a procedure"): grammar, not vocabulary, so it is not a lexicon.
_OURS = re.compile(r"\b(?:our|we|we're|we've|were|us|my unit's|my division's)\b")

ANCHOR_WINDOW = 40  # characters between a policy word and what makes it the Service's
_CLAUSE_END = re.compile(r"[.!?;:]")


def _ours_after(text: str, end: int) -> bool:
    """ "our"/"we" shortly after a policy word, in the same clause ("the policy means we ...")."""
    tail = text[end : end + ANCHOR_WINDOW]
    stop = _CLAUSE_END.search(tail)
    return _OURS.search(tail[: stop.start()] if stop else tail) is not None


SENSE_WINDOW = 30  # characters between a policy word and another sense of it


class PolicyCommentDetector:
    """Judgements, hints and statements about the Service's policies and procedures."""

    name: str = "policy_comment"
    signals: Sequence[SignalSpec] = (
        SignalSpec(
            "policy_comment.judgement",
            "count",
            "Judges a Service policy or procedure (an opinion next to a reference to it).",
        ),
        SignalSpec(
            "policy_comment.hint",
            "count",
            "Hints at an opinion of a Service policy or procedure ('let's just say...').",
        ),
        SignalSpec(
            "policy_comment.statement",
            "count",
            "States what a Service policy or procedure is or has become, without an "
            "opinion or a redirect to Corporate Communications.",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        for field, raw in own_text_fields(ctx):
            g = ctx.grouped(field, raw)
            if TERMS not in g and INTERNAL not in g and PROCESS not in g and WE_TOLD not in g:
                continue
            nt = ctx.normalised(field, raw)
            refs = self._references(nt, g)
            if not refs and WE_TOLD not in g:
                continue
            yield from self._judge(field, nt, g, refs)

    def _references(self, nt: NormalisedText, g: Groups) -> list[LexiconMatch]:
        """Policy words that refer to the Service's own policies or procedures."""
        anchors = g.get(ANCHORS, []) + g.get(TOPICS, [])
        topics = g.get(TOPICS, [])
        other = g.get(OTHER, [])
        text = nt.text
        out: list[LexiconMatch] = []
        for m in g.get(TERMS, []):
            if first_near(other, m, SENSE_WINDOW) is not None:
                continue
            if (
                first_near(anchors, m, ANCHOR_WINDOW) is not None
                or _OURS.search(text, max(0, m.start - ANCHOR_WINDOW), m.start)
                or _ours_after(text, m.end)
            ):
                out.append(m)
        for m in g.get(INTERNAL, []):
            if first_near(other, m, SENSE_WINDOW) is None:
                out.append(m)
        for m in g.get(PROCESS, []):
            if first_near(topics, m, 2) is not None and first_near(other, m, SENSE_WINDOW) is None:
                out.append(m)
        out.sort(key=lambda m: m.start)
        return out

    def _judge(
        self, field: str, nt: NormalisedText, g: Groups, refs: list[LexiconMatch]
    ) -> Iterator[Hit]:
        sents = Sentences(nt)

        def around(items: list[LexiconMatch], ref: LexiconMatch) -> LexiconMatch | None:
            """An item in the reference's sentence, else in the sentence before or after."""
            s = sents.of(ref.start)
            best: LexiconMatch | None = None
            for m in items:
                if m.start < ref.end and ref.start < m.end:
                    continue  # the same words cannot be both the reference and the comment
                d = abs(sents.of(m.start) - s)
                if d == 0:
                    return m
                if d == 1 and best is None:
                    best = m
            return best

        opinions = g.get(OPINION, [])
        for ref in refs + g.get(WE_TOLD, []):
            o = around(opinions, ref)
            if o is not None:
                yield Hit(
                    "policy_comment.judgement", match_evidence(self.name, field, nt, (ref, o))
                )
                return
        for ref in refs:
            h = around(g.get(HINT, []), ref)
            if h is not None:
                yield Hit("policy_comment.hint", match_evidence(self.name, field, nt, (ref, h)))
                return
        if REDIRECT in g:
            return
        for ref in refs:
            st = first_near(g.get(STATEMENT, []), ref, 60)
            if st is not None and sents.of(st.start) == sents.of(ref.start):
                yield Hit(
                    "policy_comment.statement", match_evidence(self.name, field, nt, (st, ref))
                )
                return
