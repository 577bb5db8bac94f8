"""Confidentiality detector: in-camera matters released, briefings and police systems shared.

- **in-camera disclosure** (Edmonton 3c): a closed-session cue (`closed_session`: in camera,
  behind closed doors; `confidential_cue`: off the record, not public yet) followed, in its
  sentence or the next two, by content: a word of substance (`disclosed_content`:
  settlement, termination, voted, the Chief's contract), a money figure, or, after a
  confidential cue, an officer named by rank. A cue in a sentence of agenda-notice language
  (`in_camera_notice`: "will be considered in camera pursuant to") announces a closed session
  and releases nothing, unless the author hedges and tells (`disclosure_hedge`: "can't get
  into details, but"); such a hedge followed by content is a disclosure even without a
  closed-session word. A sentence that declines (`disclosure_refusal`: "I can't discuss it")
  releases nothing unless it goes on with "but", and content in a sentence that says it is
  public (`public_record`: "at the public hearing", "the minutes", "the public complaints
  process") is not released from a closed session. A reply to a post asking what was said
  behind closed doors, answered with content and without pointing to the public record, is a
  disclosure too.
- **briefing disclosure / police information** (3c, 3d): what a police briefing or an inside
  source said (`briefing_source`: "from what EPS briefed us") followed by details of a case
  (`investigation_detail`); when the details identify a person (a name, an age such as
  "23yo", where they live or stay), it is police information divulged.
- **system access** (3d): a police system or check (`police_system`: CPIC, records check), or a
  credential (`system_credential`: login, password, dashboard) of the police or the
  Commission (`police_org`), given to or run for someone (`access_shared`), in a sentence
  that is not negated ("never share your password" is advice).

- **complaint disclosure** (3c): a conduct complaint told as received (`complaint_received`:
  "a complaint came in", "we received a complaint") about an officer (`complaint_subject`: "an
  officer at Southwest", "one of our constables", or an officer named by rank) in the same
  sentence. Complaints about officers are personnel and FOIP matters until the Service or the
  Commission makes them public, so telling one is a probable breach a person confirms. A
  sentence that points to the public process ("you can file a complaint with PSB", the
  public record) or declines to discuss it releases nothing.

Operations, staffing, covert officers and case details (3d) are read by the operational
detector, which both packs share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from socialpolicy.citations import Span
from socialpolicy.detectors._windows import Sentences, evidence, match_evidence, near, pick
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
PUBLIC_RECORD = "public_record"
SYSTEM = "police_system"
CREDENTIAL = "system_credential"
POLICE_ORG = "police_org"
SHARED = "access_shared"
BRIEFING = "briefing_source"
DETAIL = "investigation_detail"
PERSON = "person_detail"
COMPLAINT = "complaint_received"
SUBJECT = "complaint_subject"
PERSONNEL = "personnel_status"
SOURCE = "ops_source"  # the operational detector's not-for-the-public cues, shared by the pack

LEXICONS = frozenset(
    {
        CLOSED,
        CONFIDENTIAL,
        HEDGE,
        NOTICE,
        REFUSAL,
        CONTENT,
        PUBLIC_RECORD,
        SYSTEM,
        CREDENTIAL,
        POLICE_ORG,
        SHARED,
        BRIEFING,
        DETAIL,
        PERSON,
        COMPLAINT,
        SUBJECT,
        PERSONNEL,
        SOURCE,
    }
)
# Without one of these in the author's words (or a cue in the post replied to) nothing fires.
_TRIGGERS = frozenset(
    {CLOSED, CONFIDENTIAL, HEDGE, SYSTEM, CREDENTIAL, BRIEFING, COMPLAINT, PERSONNEL}
)

DISCLOSURE_REACH = 300  # chars after a cue in which content counts as released
# How far before a cue its sentence is read: longer than any sentence people write, short
# enough that a run-on text of repeated cues is read in linear time, not once per cue.
BACK_REACH = 500
DISCLOSURE_SENTENCES = 2  # ... and no more than this many sentences after the cue's own
REPLY_FIELD = "in_reply_to.text"
NAME = "confidentiality"

# Money figures: "$800K", "$1.2 million", "800 thousand dollars", "2M".
_MONEY = re.compile(
    r"\$ ?\d[\d,.]*+(?: ?(?:k|m|mm|b|bn|million|billion|thousand|grand)\b)?"
    # a number is tried from its first digit only (linear: "1.1.1.1..." is one try)
    r"|\b(?<!\d)(?<![\d,.][,.])\d[\d,.]*+ ?(?:million|billion|thousand|grand)\b"
)
# Ages: "23yo", "23 y/o", "23-year-old", "23 years old", "the suspect is 19".
_AGE = re.compile(
    r"\b\d{1,2} ?(?:yo|y/o|y\.o\.|yrs? old|years? old|-year-old|year-old)\b"
    r"|\b(?:suspect|accused|driver|shooter|he|she|kid|man|woman|guy)(?:'s| is| was)"
    r" (?:only )?\d{1,2}\b(?! ?(?:%|percent|am|pm|cars|officers|minutes|hours|days))"
)
# A person's or place's name in the author's original text: two or three capitalised words
# that do not start a sentence ("named Tyler Burke", "the Crestwood Lawsuit").
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z'\u2019]+(?: [A-Z][a-z'\u2019]+){1,2}\b")
# Percentages: "cut 8%", "up 12 per cent" (a figure, like money, after a closed-session cue).
_PERCENT = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,2})? ?(?:%|percent\b|per cent\b)")
# A sentence that points back to what the one before told: "That was the in-camera part",
# "All of this came from the closed session". Linear: anchored at the sentence start.
_POINTS_BACK = re.compile(r"\s*(?:all of |and )?(?:that|this|it|which|those|these)\b")
# Case words among the content terms: after a confidential cue they tell police information
# about a case ("between us, investigators have ..."), not a closed session's business.
_CASE_CONTENT = ("investigat", "charge", "alleg")
# Negation that turns "share your password" into advice.
_NEGATION = re.compile(
    r"\b(?:never|don't|dont|do not|won't|will not|shouldn't|should not|"
    r"not|no one|nobody|avoid)\b"
)
# An officer named by rank, in the author's capitals: "Cst. R. Dufresne", "Sgt Patel".
_OFFICER = re.compile(
    r"\b(?:Cst|Const|Constable|PC|Sgt|Sergeant|S/Sgt|Det|Detective|Insp|Inspector|Supt|"
    r"Superintendent|(?:Deputy )?Chief)\.?\s+(?:[A-Z]\.\s*)*[A-Z][a-z'\u2019-]+"
)
# Between an officer and a status about them: no quotation, colon or sentence end (a speaker
# quoted, or another sentence).
_BREAK = re.compile(r"[:.!?\"\u201c\u201d]")
SUBJECT_GAP = 60  # characters from the officer to the status ("Supt. X has been put on leave")
CUE_REACH = 160  # characters before the status in which a not-public cue counts
# What makes a complaint's subject identifiable beyond "an officer": a youth or an age, or a
# place or unit by its capitalised name ("at Northwest Division", "at West Ed").
_YOUTH = re.compile(
    r"\b(?:teen|teenager|teenaged|youth|minor|child|kid|boy|girl|student|\d{1,2}-year-old)s?\b"
)
_PLACE = re.compile(r"\b(?:at|in|from|near|on) (?:the )?[A-Z][A-Za-z'\u2019]+")
# A negation just before a public-record word: "not publicly announced", "hasn't been made public".
_NOT_BEFORE = re.compile(r"(?:\bnot|n't|\bnever|\byet to be|\bbefore)\b[\w ]{0,12}$")
# A comparison with what is public says the content is not: "worse than what EPS says publicly".
_CONTRAST = re.compile(r"\bthan\b[\w' ]{0,24}$")
_BUT = re.compile(r"\bbut\b")


@dataclass(slots=True)
class _Field:
    name: str
    nt: NormalisedText
    groups: dict[str, list[LexiconMatch]]
    sents: Sentences
    listed: dict[tuple[str, int], list[LexiconMatch]] = field(default_factory=dict)
    case_pool: list[LexiconMatch] | None = None  # content and case details, merged once

    def ev(self, m: LexiconMatch) -> Evidence:
        return match_evidence(NAME, self.name, self.nt, m)

    def in_sentence(self, lexicon: str, s: int) -> list[LexiconMatch]:
        """The matches of `lexicon` starting in sentence `s` (a list kept: not to be changed).
        Listed once per sentence, from the matches near it (a slice found by bisection):
        asking every match of the field, once per cue asked about, was quadratic."""
        got = self.listed.get((lexicon, s))
        if got is None:
            start, end = self.sents.bounds(s)
            pool = self.groups.get(lexicon, [])
            got = [m for m in near(pool, start, end) if self.sents.index(m.start) == s]
            self.listed[lexicon, s] = got
        return got

    def refused(self, s: int) -> bool:
        """Does sentence `s` decline to disclose (without a "but" after the refusal)?"""
        _, end = self.sents.bounds(s)
        return any(not _BUT.search(self.nt.text, r.end, end) for r in self.in_sentence(REFUSAL, s))

    def public(self, s: int) -> bool:
        """Does sentence `s` say that what it tells is public ("at the public hearing", "the
        minutes")? Not when negated: "not publicly announced" says the opposite."""
        text = self.nt.text
        for m in self.in_sentence(PUBLIC_RECORD, s):
            if _NOT_BEFORE.search(text, max(0, m.start - 24), m.start):
                continue
            if _CONTRAST.search(text, max(0, m.start - 32), m.start):
                continue
            if any(c.start <= m.start < c.end for c in self.groups.get(CONFIDENTIAL, ())):
                continue
            return True
        return False

    def _released(self, pos: int) -> bool:
        s = self.sents.index(pos)
        return not self.refused(s) and not self.public(s)

    def content(
        self,
        start: int,
        end: int,
        skip: tuple[int, int],
        officers: bool = False,
        cases: bool = False,
    ) -> Evidence | None:
        """The first content released in `text[start:end]`, outside the cue at `skip`; with
        `officers`, an officer named by rank counts as content too; with `cases`, a detail of a
        case ("the suspect", "the warrant")."""
        text = self.nt.text
        # Only the matches near the stretch are asked (a slice of the pool, merged once per
        # field, found by bisection): merging and asking the whole pool per cue was quadratic.
        if not cases:
            pool = self.groups.get(CONTENT, [])
        else:
            if self.case_pool is None:
                self.case_pool = pick(self.groups, CONTENT, DETAIL)
            pool = self.case_pool
        for m in near(pool, start, end):
            inside = start <= m.start and m.end <= end
            if inside and not (m.start < skip[1] and skip[0] < m.end) and self._released(m.start):
                return self.ev(m)
        for figure in (_MONEY, _PERCENT):
            found = figure.search(text, start, end)
            if found is not None and self._released(found.start()):
                return evidence(NAME, self.name, self.nt, found.start(), found.end())
        return self.officer(start, end) if officers else None

    def back(self, s: int, cue: LexiconMatch) -> int:
        """Where a cue's window starts: its sentence, or the one before when the cue's sentence
        points back to it ("That was the part the public didn't see") or the cue closes the
        post ("... You heard it here first.")."""
        start, _ = self.sents.bounds(s)
        if s > 0 and (
            _POINTS_BACK.match(self.nt.text, start, cue.start) is not None
            or self.sents.bounds(s)[1] >= len(self.nt.text.rstrip())
        ):
            return self.sents.bounds(s - 1)[0]
        return start

    def identifies(self, start: int, end: int, officers: bool) -> bool:
        """Does `text[start:end]` identify a person in a case (where they live, a name or an
        age next to a case detail), or, with `officers`, name an officer by rank?"""
        if officers and self.officer(start, end) is not None:
            return True
        if not any(start <= m.start < end for m in self.groups.get(DETAIL, ())):
            return False
        return any(start <= m.start < end for m in self.groups.get(PERSON, ())) or (
            _AGE.search(self.nt.text, start, end) is not None
        )

    def officer(self, start: int, end: int) -> Evidence | None:
        """An officer named by rank in the author's original text for `text[start:end]`."""
        a, b = self.nt.original_offsets(start, end)
        return self._officer_evidence(_OFFICER.search(self.nt.original, a, b))

    def last_officer(self, start: int, end: int) -> Evidence | None:
        """The officer named by rank nearest before `end` in `text[start:end]`."""
        a, b = self.nt.original_offsets(start, end)
        found: re.Match[str] | None = None
        for match in _OFFICER.finditer(self.nt.original, a, b):
            found = match
        return self._officer_evidence(found)

    def _officer_evidence(self, found: re.Match[str] | None) -> Evidence | None:
        if found is None:
            return None
        return Evidence(
            detector=NAME,
            field=self.name,
            text=found.group(),
            span=Span(start=found.start(), end=found.end()),
        )

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
    """In-camera disclosures, briefing contents, police system access."""

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
            "Police information not for release: a person identified from a police "
            "briefing or inside source, an officer named off the record. (Operations, "
            "staffing and case details are the operational detector's signals.)",
        ),
        SignalSpec(
            "confidentiality.complaint_disclosure",
            "count",
            "A conduct complaint about an officer told as received (a complaint came in about "
            "an officer at a division), outside the public record and the public complaints "
            "process (heuristic: a person confirms).",
        ),
        SignalSpec(
            "confidentiality.complaint_identified",
            "count",
            "A conduct complaint about an officer told as received, with what identifies "
            "those involved: the officer named by rank, a youth or an age, a named place or "
            "unit.",
        ),
        SignalSpec(
            "confidentiality.personnel_disclosure",
            "count",
            "An officer's personnel status (leave, suspension, discipline, an internal "
            "investigation, a dismissal to come), about an officer named by rank or by senior "
            "title, told as not yet public (off the record, nobody's supposed to know).",
        ),
        SignalSpec(
            "confidentiality.personnel_hint",
            "count",
            "An officer's personnel status about an officer named by rank, without a "
            "not-public cue and outside the public record (heuristic: a person confirms).",
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
            f = _Field(field_name, nt, groups, Sentences.of(nt))
            yield from self._in_camera(f, reply_cue if field_name == "text" else None)
            if BRIEFING in groups:
                yield from self._briefing(f)
            if SYSTEM in groups or CREDENTIAL in groups:
                yield from self._system_access(f)
            if COMPLAINT in groups:
                yield from self._complaint(f)
            if PERSONNEL in groups:
                yield from self._personnel(f)

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
            start = max(f.back(s, cue), cue.start - BACK_REACH)
            _, end = f.sents.bounds(s + DISCLOSURE_SENTENCES)
            end = min(end, cue.end + DISCLOSURE_REACH)
            # "between us, the arresting constable was Sgt. ..." releases who; who attended a closed
            # session is public, so a name only counts after a confidential cue
            officers = cue.lexicon_id == CONFIDENTIAL
            # what a closed session heard about a case is content; "confidential" also
            # describes services ("a confidential support line for victims"), so not after it
            found = f.content(start, end, (cue.start, cue.end), officers, cases=not officers)
            if found is not None:
                disclosed = True
                ev = (f.ev(cue), found)
                if officers and found.text.lower().startswith(_CASE_CONTENT):
                    # "between you and me, investigators have ...": a case told off the record
                    yield Hit("confidentiality.police_information", ev)
                    continue
                yield Hit("confidentiality.in_camera_disclosure", ev)
                if f.identifies(start, end, officers):
                    # an officer named off the record, or a person in a case identified
                    yield Hit("confidentiality.police_information", ev)
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
        if (
            not disclosed
            and not cues
            and reply_cue is not None
            and not any(f.public(f.sents.index(m.start)) for m in f.groups.get(PUBLIC_RECORD, ()))
        ):
            # Asked what was said behind closed doors, the author answers with content (and
            # does not point to the public record: "that was decided at the public meeting").
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
            start = max(start, b.start - BACK_REACH)
            _, end = f.sents.bounds(s + 1)
            end = min(end, b.end + DISCLOSURE_REACH)
            # who: a person identified (where they live, a name, an age)
            who: Evidence | None = None
            for m in f.groups.get(PERSON, ()):
                if start <= m.start < end and not (m.start < b.end and b.start < m.end):
                    who = f.ev(m)
                    break
            if who is None:
                age = _AGE.search(text, start, end)
                if age is not None:
                    who = evidence(NAME, f.name, f.nt, age.start(), age.end())
            if who is None:
                who = f.person_name(start, end)
            detail: Evidence | None = who
            if detail is None:
                for m in f.groups.get(DETAIL, ()):
                    if start <= m.start < end and not (m.start < b.end and b.start < m.end):
                        detail = f.ev(m)
                        break
            if detail is None:
                continue
            ev = (f.ev(b), detail)
            yield Hit("confidentiality.briefing_disclosure", ev)
            if who is not None:
                # a person identified from a police briefing is police information divulged
                yield Hit("confidentiality.police_information", ev)
            return

    def _complaint(self, f: _Field) -> Iterator[Hit]:
        seen: set[int] = set()  # what follows depends on the sentence only: read each once
        for m in f.groups[COMPLAINT]:
            s = f.sents.index(m.start)
            if s in seen:
                continue
            seen.add(s)
            if f.refused(s) or f.public(s):
                continue
            start, end = f.sents.bounds(s)
            about: Evidence | None = None
            for x in f.groups.get(SUBJECT, ()):
                if start <= x.start < end:
                    about = f.ev(x)
                    break
            if about is None:
                # a rank's full stop ("Cst. Dufresne") may end the sentence for the splitter
                about = f.officer(start, f.sents.bounds(s + 1)[1])
            if about is None:
                continue
            yield Hit("confidentiality.complaint_disclosure", (f.ev(m), about))
            text = f.nt.original
            a, b = f.nt.original_offsets(start, end)
            detail = f.officer(start, f.sents.bounds(s + 1)[1])
            if detail is None:
                for pattern in (_YOUTH, _AGE):
                    hit = pattern.search(f.nt.text, start, end)
                    if hit is not None:
                        detail = evidence(NAME, f.name, f.nt, hit.start(), hit.end())
                        break
            if detail is None:
                place = _PLACE.search(text, a, b)
                if place is not None:
                    detail = Evidence(
                        detector=NAME,
                        field=f.name,
                        text=place.group(),
                        span=Span(start=place.start(), end=place.end()),
                    )
            if detail is not None:
                yield Hit("confidentiality.complaint_identified", (f.ev(m), about, detail))
            return

    def _personnel(self, f: _Field) -> Iterator[Hit]:
        """An officer's leave, suspension or discipline, told before it is public."""
        cues = pick(f.groups, CONFIDENTIAL, HEDGE, SOURCE)
        hint: tuple[Evidence, ...] | None = None
        for m in f.groups[PERSONNEL]:
            s = f.sents.index(m.start)
            if f.refused(s) or f.public(s):
                continue
            # a rank's or an initial's full stop may end a sentence for the splitter ("Sgt. R.
            # Haines"), so the windows are measured in characters
            start = max(0, m.start - CUE_REACH)
            _, end = f.sents.bounds(s + 1)
            # the officer is the one the status is about: named just before it, with no
            # quotation, colon or sentence end between ("Insp Abid: 'the footage is being
            # investigated'" quotes a speaker)
            lo = max(0, m.start - SUBJECT_GAP)
            named = f.last_officer(lo, m.start)
            about: Evidence | None = named
            if about is None:
                for x in f.groups.get(SUBJECT, ()):
                    if lo <= x.start and x.end <= m.start:
                        about = f.ev(x)
                        break
            if about is None or about.span is None:
                continue
            a0, _ = f.nt.original_offsets(m.start, m.end)
            if _BREAK.search(f.nt.original, about.span.end, a0) is not None:
                continue
            cue = next((c for c in cues if start <= c.start < end), None)
            if cue is not None:
                yield Hit("confidentiality.personnel_disclosure", (f.ev(cue), about, f.ev(m)))
                return
            if named is not None and hint is None:
                hint = (named, f.ev(m))
        if hint is not None:
            yield Hit("confidentiality.personnel_hint", hint)

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
