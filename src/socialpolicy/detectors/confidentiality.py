"""Confidentiality detector: in-camera matters released, police information divulged.

- **in-camera disclosure**: a closed-session cue (`closed_session`: in camera, behind closed
  doors; `confidential_cue`: off the record, not public yet) followed, in its sentence or the
  next two, by content: a word of substance (`disclosed_content`: settlement, termination,
  voted, the Chief's contract) or a money figure. A cue in a sentence of
  agenda-notice language (`in_camera_notice`: "will be considered in camera pursuant to")
  announces a closed session and releases nothing, unless the author hedges and tells
  (`disclosure_hedge`: "can't get into details, but"); such a hedge followed by content is a
  disclosure even without a closed-session word. A sentence that declines
  (`disclosure_refusal`: "I can't discuss it") releases nothing unless it goes on with "but".
  A reply to a post asking what was said behind closed doors, answered with content, is a
  disclosure too.
- **briefing disclosure / police information**: what a police briefing or an inside source said
  (`briefing_source`: "from what EPS briefed us") followed by details of a person or a case
  (`investigation_detail`, an age such as "23yo", a person's name: two capitalised words
  inside a sentence).
- **police information, operational**: covert teams, unmarked cars, stings, staffing gaps
  (`police_operational`) told as a tip-off (`tipoff_cue`) or with where and when they are or
  will be (`deployment_time`, or "has/have/will be" before them); reports of what already
  happened (`police_outcome`: arrested, charged, last night) are not tip-offs.
- **system access**: a police system or check (`police_system`: CPIC, records check), or a
  credential (`system_credential`: login, password, dashboard) of the police or the
  Commission (`police_org`), given to or run for someone (`access_shared`), in a sentence
  that is not negated ("never share your password" is advice).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from socialpolicy.citations import Span
from socialpolicy.detectors._windows import Sentences, evidence, match_evidence, pick
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

CLOSED = "closed_session"
CONFIDENTIAL = "confidential_cue"
HEDGE = "disclosure_hedge"
NOTICE = "in_camera_notice"
REFUSAL = "disclosure_refusal"
CONTENT = "disclosed_content"
OPERATIONAL = "police_operational"
TIPOFF = "tipoff_cue"
DEPLOYMENT = "deployment_time"
OUTCOME = "police_outcome"
SYSTEM = "police_system"
CREDENTIAL = "system_credential"
POLICE_ORG = "police_org"
SHARED = "access_shared"
BRIEFING = "briefing_source"
DETAIL = "investigation_detail"

LEXICONS = frozenset(
    {
        CLOSED,
        CONFIDENTIAL,
        HEDGE,
        NOTICE,
        REFUSAL,
        CONTENT,
        OPERATIONAL,
        TIPOFF,
        DEPLOYMENT,
        OUTCOME,
        SYSTEM,
        CREDENTIAL,
        POLICE_ORG,
        SHARED,
        BRIEFING,
        DETAIL,
    }
)
# Without one of these in the author's words (or a cue in the post replied to) nothing fires.
_TRIGGERS = frozenset({CLOSED, CONFIDENTIAL, HEDGE, OPERATIONAL, SYSTEM, CREDENTIAL, BRIEFING})

DISCLOSURE_REACH = 300  # chars after a cue in which content counts as released
DISCLOSURE_SENTENCES = 2  # ... and no more than this many sentences after the cue's own
REPLY_FIELD = "in_reply_to.text"
NAME = "confidentiality"

# Money figures: "$800K", "$1.2 million", "800 thousand dollars", "2M".
_MONEY = re.compile(
    r"\$ ?\d[\d,.]*(?: ?(?:k|m|mm|b|bn|million|billion|thousand|grand)\b)?"
    r"|\b\d[\d,.]* ?(?:million|billion|thousand|grand)\b"
)
# Ages: "23yo", "23 y/o", "23-year-old", "23 years old".
_AGE = re.compile(r"\b\d{1,2} ?(?:yo|y/o|y\.o\.|yrs? old|years? old|-year-old|year-old)\b")
# A person's or place's name in the author's original text: two or three capitalised words
# that do not start a sentence ("named Tyler Burke", "the Crestwood Lawsuit").
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z'\u2019]+(?: [A-Z][a-z'\u2019]+){1,2}\b")
# Negation that turns "share your password" into advice.
_NEGATION = re.compile(
    r"\b(?:never|don't|dont|do not|won't|will not|shouldn't|should not|"
    r"not|no one|nobody|avoid)\b"
)
# A negation right before an operational term: "no undercover officers", "not any raids".
_NEGATED_TERM = re.compile(r"\b(?:no|not|never|without|zero|aren't|isn't)(?: any)? $")
# A present or future statement of where police are ("EPS has ...", "they'll have ..."),
# close before the operational term.
_DEPLOYED = re.compile(
    r"\b(?:has|have|got|will be|will have|'ll be|'ll have|are|is|putting|"
    r"sending|deploying|running|rolling out)\b"
)
DEPLOYED_REACH = 40  # chars before the operational term in which the verb must sit
# Past tense between that verb and the term: "have executed raids", "has been repairing".
_PAST = re.compile(r"\b(?:been|were|was|had|\w+ed)\b")
# Past tense anywhere in the sentence, for the time-word route: "were out this morning".
_PAST_SENTENCE = re.compile(r"\b(?:were|was|had|have been|has been|did)\b")
_BUT = re.compile(r"\bbut\b")


@dataclass(slots=True)
class _Field:
    name: str
    nt: NormalisedText
    groups: dict[str, list[LexiconMatch]]
    sents: Sentences

    def ev(self, m: LexiconMatch) -> Evidence:
        return match_evidence(NAME, self.name, self.nt, m)

    def in_sentence(self, lexicon: str, s: int) -> list[LexiconMatch]:
        return [m for m in self.groups.get(lexicon, ()) if self.sents.index(m.start) == s]

    def refused(self, s: int) -> bool:
        """Does sentence `s` decline to disclose (without a "but" after the refusal)?"""
        _, end = self.sents.bounds(s)
        return any(not _BUT.search(self.nt.text, r.end, end) for r in self.in_sentence(REFUSAL, s))

    def content(self, start: int, end: int, skip: tuple[int, int]) -> Evidence | None:
        """The first content released in `text[start:end]`, outside the cue at `skip`."""
        text = self.nt.text
        for m in self.groups.get(CONTENT, ()):
            inside = start <= m.start and m.end <= end
            if (
                inside
                and not (m.start < skip[1] and skip[0] < m.end)
                and not self.refused(self.sents.index(m.start))
            ):
                return self.ev(m)
        found = _MONEY.search(text, start, end)
        if found is not None and not self.refused(self.sents.index(found.start())):
            return evidence(NAME, self.name, self.nt, found.start(), found.end())
        return None

    def person_name(self, start: int, end: int) -> Evidence | None:
        """A person's name in the author's original text for `text[start:end]`."""
        a, b = self.nt.original_offsets(start, end)
        found = _NAME.search(self.nt.original, a, b)
        if found is None:
            return None
        return Evidence(
            detector=NAME,
            field=self.name,
            text=found.group(),
            span=Span(start=found.start(), end=found.end()),
        )


def _reply_cue(ctx: Context) -> Evidence | None:
    """A closed-session cue in the post replied to ("what was discussed behind closed doors?")."""
    target = ctx.post.in_reply_to
    if target is None or not target.text:
        return None
    for m in ctx.matches(REPLY_FIELD, target.text):
        if m.lexicon_id in (CLOSED, CONFIDENTIAL):
            return match_evidence(NAME, REPLY_FIELD, ctx.normalised(REPLY_FIELD, target.text), m)
    return None


class ConfidentialityDetector:
    """In-camera disclosures, briefing contents, operational police details, system access."""

    name: str = NAME
    signals: Sequence[SignalSpec] = (
        SignalSpec(
            "confidentiality.closed_session_cue",
            "count",
            "Mentions of a closed session or of confidential information "
            "(in camera, behind closed doors, off the record).",
        ),
        SignalSpec(
            "confidentiality.in_camera_notice",
            "count",
            "Closed-session cues that only announce a closed session (agenda notices).",
        ),
        SignalSpec(
            "confidentiality.in_camera_disclosure",
            "count",
            "Content (figures, names, outcomes) released from a closed session or "
            "confidential matter.",
        ),
        SignalSpec(
            "confidentiality.briefing_disclosure",
            "count",
            "Details of a person or a case passed on from a police briefing or an inside source.",
        ),
        SignalSpec(
            "confidentiality.police_information",
            "count",
            "Police information not for release: briefing contents, covert or "
            "operational deployments, staffing gaps.",
        ),
        SignalSpec(
            "confidentiality.system_access",
            "count",
            "Access to a police or Commission information system given away, or a "
            "police check run for someone.",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        reply_cue: Evidence | None = None
        reply_checked = False
        for field_name, raw in own_text_fields(ctx):
            groups = ctx.grouped(field_name, raw)
            triggered = not _TRIGGERS.isdisjoint(groups)
            if not triggered and (ctx.post.in_reply_to is None or CONTENT not in groups):
                continue
            if not reply_checked:
                reply_checked = True
                reply_cue = _reply_cue(ctx)
            nt = ctx.normalised(field_name, raw)
            f = _Field(field_name, nt, groups, Sentences(nt.text))
            yield from self._in_camera(f, reply_cue if field_name == "text" else None)
            if BRIEFING in groups:
                yield from self._briefing(f)
            if OPERATIONAL in groups:
                yield from self._operational(f)
            if SYSTEM in groups or CREDENTIAL in groups:
                yield from self._system_access(f)

    def _in_camera(self, f: _Field, reply_cue: Evidence | None) -> Iterator[Hit]:
        cues = pick(f.groups, CLOSED, CONFIDENTIAL)
        disclosed = False
        for cue in cues:
            yield Hit("confidentiality.closed_session_cue", (f.ev(cue),))
            if disclosed:
                continue
            s = f.sents.index(cue.start)
            hedged = bool(f.in_sentence(HEDGE, s) or f.in_sentence(HEDGE, s + 1))
            if f.in_sentence(NOTICE, s) and not hedged:
                yield Hit("confidentiality.in_camera_notice", (f.ev(cue),))
                continue
            start, _ = f.sents.bounds(s)
            _, end = f.sents.bounds(s + DISCLOSURE_SENTENCES)
            end = min(end, cue.end + DISCLOSURE_REACH)
            found = f.content(start, end, (cue.start, cue.end))
            if found is not None:
                disclosed = True
                yield Hit("confidentiality.in_camera_disclosure", (f.ev(cue), found))
        if not disclosed:
            # "Can't say much, but ..." is a cue by itself: what follows it is being let out.
            for h in f.groups.get(HEDGE, ()):
                s = f.sents.index(h.start)
                _, end = f.sents.bounds(s + 1)
                found = f.content(h.end, min(end, h.end + DISCLOSURE_REACH), (h.start, h.end))
                if found is not None:
                    disclosed = True
                    yield Hit("confidentiality.in_camera_disclosure", (f.ev(h), found))
                    break
        if not disclosed and not cues and reply_cue is not None:
            # Asked what was said behind closed doors, the author answers with content.
            found = f.content(0, len(f.nt.text), (0, 0))
            if found is not None:
                yield Hit("confidentiality.in_camera_disclosure", (reply_cue, found))

    def _briefing(self, f: _Field) -> Iterator[Hit]:
        text = f.nt.text
        for b in f.groups[BRIEFING]:
            s = f.sents.index(b.start)
            if f.refused(s):
                continue
            start, _ = f.sents.bounds(s)
            _, end = f.sents.bounds(s + 1)
            end = min(end, b.end + DISCLOSURE_REACH)
            detail: Evidence | None = None
            for m in f.groups.get(DETAIL, ()):
                if start <= m.start < end and not (m.start < b.end and b.start < m.end):
                    detail = f.ev(m)
                    break
            if detail is None:
                age = _AGE.search(text, start, end)
                if age is not None:
                    detail = evidence(NAME, f.name, f.nt, age.start(), age.end())
            if detail is None:
                detail = f.person_name(start, end)
            if detail is None:
                continue
            ev = (f.ev(b), detail)
            yield Hit("confidentiality.briefing_disclosure", ev)
            yield Hit("confidentiality.police_information", ev)
            return

    def _operational(self, f: _Field) -> Iterator[Hit]:
        text = f.nt.text
        tipoffs = pick(f.groups, TIPOFF)
        done: set[int] = set()
        for op in f.groups[OPERATIONAL]:
            s = f.sents.index(op.start)
            if s in done:
                continue
            # A tip-off cue in this sentence or the ones either side ("Heads up ... Behave").
            tip = next((t for t in tipoffs if abs(f.sents.index(t.start) - s) <= 1), None)
            if tip is None:
                if f.in_sentence(OUTCOME, s):
                    continue  # reporting an arrest, not telling where officers are
                start, end = f.sents.bounds(s)
                if _NEGATED_TERM.search(text, max(start, op.start - 16), op.start):
                    continue  # "there are no undercover officers at ..." tells nothing
                if not self._deployed(text, max(start, op.start - DEPLOYED_REACH), op.start):
                    when = f.in_sentence(DEPLOYMENT, s)
                    if not when or _PAST_SENTENCE.search(text, start, end):
                        continue  # no time or place of a deployment, or told after the fact
                    other: LexiconMatch | None = when[0]
                else:
                    other = None
            else:
                other = tip
            done.add(s)
            ev = (f.ev(op),) + ((f.ev(other),) if other is not None else ())
            yield Hit("confidentiality.police_information", ev)

    @staticmethod
    def _deployed(text: str, start: int, end: int) -> bool:
        """A present or future verb of deployment in `text[start:end]`, not in the past tense."""
        verbs = list(_DEPLOYED.finditer(text, start, end))
        # The verb closest to the operational term decides.
        return bool(verbs) and not _PAST.search(text, verbs[-1].end(), end)

    def _system_access(self, f: _Field) -> Iterator[Hit]:
        text = f.nt.text
        done: set[int] = set()
        systems = pick(f.groups, SYSTEM)
        creds = pick(f.groups, CREDENTIAL)
        for m in systems + creds:
            s = f.sents.index(m.start)
            if s in done:
                continue
            if (
                m.lexicon_id == CREDENTIAL
                and not f.in_sentence(POLICE_ORG, s)
                and not any(f.sents.index(x.start) == s for x in systems)
            ):
                continue  # a gym login is not police information
            shared = f.in_sentence(SHARED, s)
            if not shared:
                continue
            start, end = f.sents.bounds(s)
            if _NEGATION.search(text, start, end):
                continue  # advice ("never share your login"), not a disclosure
            done.add(s)
            yield Hit("confidentiality.system_access", (f.ev(shared[0]), f.ev(m)))
