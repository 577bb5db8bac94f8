"""What a political post refers to: the fields the author wrote, and what surrounds them.

The political detector judges the author's own words (the text, then each caption and alt
text) one field at a time. Each field is read with what the others and the post replied to
supply as context (`Outside`): a campaign named in the post being answered, an elected
official who wrote that post, a name that a title introduced elsewhere ("Councillor Mbeki"
in a caption, "Mbeki" in the text). Nothing here decides a breach; `political_asks` and
`political_officials` do, from these references.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

from socialpolicy.citations import Span
from socialpolicy.detectors._windows import Sentences, match_evidence, pick
from socialpolicy.detectors.account import split_handle
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.personal_data.emails import email_spans
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

NAME = "political"

# Lexicons (policies/edmonton/lexicons/<id>.yaml)
ASK = "political_ask"
ASK_STEM = "political_ask_stem"
ASK_CHANNEL = "political_ask_channel"
ASK_NEED = "ask_need"
HELPER = "campaign_helper"
CAMPAIGN_ASK = "campaign_ask"
MATERIAL = "campaign_material"
CONTEXT = "campaign_context"
CALENDAR = "calendar_word"
GENERIC = "campaign_generic"
NON_CAMPAIGN = "non_campaign_context"
OFFICIAL = "elected_official"
BODY = "elected_body"
STANCE = "political_stance"
STANCE_SOFT = "political_stance_soft"
VERDICT = "political_verdict"
REACTION = "political_reaction"
ADVOCACY = "political_advocacy"
THANKS = "political_thanks"
POSITION = "political_position"
NEUTRAL = "political_neutral"
ANAPHOR = "political_anaphor"
REPORT = "political_report"
BACKING = "partisan_backing"
PLACE = "political_place"
VOTE_CALL = "vote_call"
VOTE_SOFT = "vote_call_soft"
OPINION_CUE = "political_opinion_cue"  # read only in a post an elected official wrote

REPLY_FIELD = "in_reply_to.text"
REPLY_AUTHOR = "in_reply_to.author"

# The words after an official's title, in normalised text: "councillor mbeki", "mayor ana
# silva", "cllr. mbeki". Each is a name when the author wrote it with a capital.
_WORDS_AFTER_TITLE = re.compile(r"(\.?) ([^\W\d_][\w'-]+)(?: ([^\W\d_][\w'-]+))?")
# A candidate's own campaign, in normalised text: "dana li's campaign", "okafor's mla
# campaign", "amira yusuf's school trustee campaign": at most two words before "campaign".
# The name must have been written with capitals (checked on the original).
_POSSESSOR = re.compile(  # tried from word starts, words taken whole: linear
    r"(?<![\w-])(?:([^\W\d_][\w-]*+) )?([^\W\d_][\w-]*+)'s (?:[\w-]++ ){0,2}$"
)
# A person helped, as written: "door-knockers for Sam", "phone bank for Dana Li", "Team Okafor".
_FOR_PERSON = re.compile(r"\b(?:for|team) ([^\W\d_][\w'-]*)")
_PERSONAL_CAMPAIGN = frozenset({"campaign", "campaigns", "campaign's", "candidacy"})
# A named person kept on, or sent to, council: "help keep Lee on council", "send Ana Silva to
# council". Names are checked for capitals on the original; "on council's agenda" is a body's
# business, not a seat. Anchored on the verb, each part taken whole: linear.
_SEAT = re.compile(
    r"\b(?:keep|put|get|send|elect|re-elect|reelect)\s++([^\W\d_][\w'-]*+)"
    r"(?:\s++(?!back\b)([^\W\d_][\w'-]*+))?\s++(?:back\s++)?(?:on|onto|to)\s++(?:city\s++)?council\b"
    r"(?!'s|\s++(?:agenda|meeting|record|table))"
)
# A link as written; its words ("lopez4mayor", "/donate") are read apart from the text.
_URL = re.compile(  # a bare domain is tried from the start of its run only: linear
    r"(?:https?://|www\.)[^\s<>\"')\]]+"
    r"|(?<![\w.-])[\w-]++(?:\.[\w-]++)*\.[a-z]{2,6}/[^\s<>\"')\]]*",
    re.I,
)
_URL_WORD = re.compile(r"[A-Za-z]+|\d+")
_MENTION = re.compile(r"@\w+")


_T = TypeVar("_T")


class lazy(Generic[_T]):  # noqa: N801 - used like functools.cached_property
    """`functools.cached_property` without its lock: computed on first access, then read
    from the instance. Python 3.11's lock costs more than most of these values (a detector
    object lives in one thread)."""

    def __init__(self, fn: Callable[[Any], _T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    @overload
    def __get__(self, obj: None, owner: type) -> lazy[_T]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> _T: ...
    def __get__(self, obj: object | None, owner: type) -> lazy[_T] | _T:
        if obj is None:
            return self
        value = self.fn(obj)
        obj.__dict__[self.name] = value
        return value


@dataclass(slots=True)
class Outside:
    """Context from outside one field: the post replied to, and the author's other fields.

    Never the author's asking or stance words themselves: those are judged in their field.
    """

    campaign: Evidence | None = None  # a clearly political campaign (campaign_context)
    campaign_weak: Evidence | None = None  # a probably political one (campaign_generic, ...)
    official: Evidence | None = None  # an elected official named as a person
    body: Evidence | None = None  # an elected body or government
    position: bool = False  # an official's plan, motion, bill, vote ... is named
    by_official: Evidence | None = None  # the post replied to was written by an official

    def merge(self, other: Outside) -> Outside:
        return Outside(
            self.campaign or other.campaign,
            self.campaign_weak or other.campaign_weak,
            self.official or other.official,
            self.body or other.body,
            self.position or other.position,
            self.by_official or other.by_official,
        )


@dataclass
class Field:
    """One field of the author's own words, with its lexicon matches by lexicon id."""

    name: str
    nt: NormalisedText
    groups: dict[str, list[LexiconMatch]]
    names: frozenset[str] = frozenset()  # officials' names introduced by a title anywhere
    outside: Outside = field(default_factory=Outside)
    ctx: Context | None = None  # to read handles mentioned, when a judgement needs them

    def ev(self, m: LexiconMatch) -> Evidence:
        return match_evidence(NAME, self.name, self.nt, m)

    @lazy
    def sents(self) -> Sentences:
        return Sentences.of(self.nt)

    @lazy
    def non_campaign(self) -> bool:
        """A charity, drive, award, public-safety campaign ... is named in this field."""
        return NON_CAMPAIGN in self.groups

    @lazy
    def campaign_words(self) -> list[LexiconMatch]:
        """Campaign words: unambiguous ones, and ambiguous ones unless e.g. a charity is named."""
        if self.non_campaign:
            return pick(self.groups, CONTEXT)
        return pick(self.groups, CONTEXT, GENERIC)

    @lazy
    def personal_campaigns(self) -> list[LexiconMatch]:
        """A candidate's own campaign: a capitalised name, possessive, before "campaign";
        or a named person kept on or sent to council ("help keep Lee on council").

        Two capitalised words, or one that does not open its sentence ("Today's campaign"
        is no one's)."""
        out = []
        text = self.nt.text
        for m in self.groups.get(GENERIC, ()):
            if m.term not in _PERSONAL_CAMPAIGN:
                continue
            got = _POSSESSOR.search(text, max(0, m.start - 60), m.start)
            if got is None or not _capitalised(self.nt, got.start(2), got.end(2)):
                continue
            first = got.group(1) is not None and _capitalised(self.nt, got.start(1), got.end(1))
            before = text[: got.start(2)].rstrip()
            if not first and (not before or before[-1] in ".!?"):
                continue
            out.append(m)
        if "council" in text:
            for got in _SEAT.finditer(text):
                if all(
                    _capitalised(self.nt, got.start(i), got.end(i))
                    for i in (1, 2)
                    if got.group(i) is not None
                ):
                    out.append(LexiconMatch(CONTEXT, got.group(0), got.start(), got.end()))
            out.sort(key=lambda m: (m.start, m.end))
        return out

    @lazy
    def handles(self) -> list[LexiconMatch]:
        """Handles mentioned that name an official ("@CllrHaines") or a campaign
        ("@LiForCouncil"), as matches of elected_official or campaign_context at the handle."""
        if self.ctx is None:
            return []
        return handle_refs(self.ctx, self.name, self.nt)

    @lazy
    def helped_persons(self) -> list[LexiconMatch]:
        """People named as the ones helped ("for Sam", "Team Okafor"): a capitalised word that
        is not a day, a month or a holiday (`calendar_word`)."""
        text = self.nt.text
        if "for " not in text and "team " not in text:
            return []
        calendar = [(m.start, m.end) for m in self.groups.get(CALENDAR, ())]
        out = []
        for m in _FOR_PERSON.finditer(text):
            a, b = m.start(1), m.end(1)
            if _capitalised(self.nt, a, b) and not any(s <= a < e for s, e in calendar):
                out.append(LexiconMatch(GENERIC, m.group(1), a, b))
        return out

    @lazy
    def persons(self) -> list[LexiconMatch]:
        """Elected officials named as persons: titles, leaders, and names a title introduced."""
        found = list(self.groups.get(OFFICIAL, ()))
        found.extend(h for h in self.handles if h.lexicon_id == OFFICIAL)
        if self.names:
            found.extend(name_matches(self.nt, self.names))
        found.sort(key=lambda m: (m.start, m.end))
        return found

    @lazy
    def campaign_handles(self) -> list[LexiconMatch]:
        return [h for h in self.handles if h.lexicon_id == CONTEXT]

    @lazy
    def political(self) -> list[LexiconMatch]:
        """Any political reference: campaign words, officials, bodies, wards and ridings."""
        out = self.persons + pick(self.groups, BODY, PLACE, MATERIAL) + self.campaign_words
        out.sort(key=lambda m: (m.start, m.end))
        return out


def _capitalised(nt: NormalisedText, start: int, end: int) -> bool:
    word = nt.original_text(start, end)
    return word[:1].isupper() and not word.isupper()


def title_names(nt: NormalisedText, groups: dict[str, list[LexiconMatch]]) -> set[str]:
    """Names written right after an official's title ("Councillor Mbeki" gives "mbeki").

    A full stop may sit between them only after an abbreviated title ("Cllr. Mbeki"), written
    in mixed case and short; "our MLA. Great chat" names nobody.
    """
    out: set[str] = set()
    text = nt.text
    for m in groups.get(OFFICIAL, ()):
        if m.term.split(" ", 1)[0] in ("her", "his", "their"):
            continue  # "her motion Tuesday": no name follows an official's motion
        got = _WORDS_AFTER_TITLE.match(text, m.end)
        if got is None:
            continue
        if got.group(1) and not (m.end - m.start <= 4 and _capitalised(nt, m.start, m.end)):
            continue
        for i in (2, 3):
            if got.group(i) is None or not _capitalised(nt, got.start(i), got.end(i)):
                break
            out.add(got.group(i))
    return out


def name_matches(nt: NormalisedText, names: frozenset[str]) -> list[LexiconMatch]:
    """Where the names of officials occur in a field, written with a capital (so the surname
    "Young" counts, the word "young" does not)."""
    text = nt.text
    out: list[LexiconMatch] = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or after.isalnum()):
                span = nt.to_original(start, end)
                if nt.original[span.start : span.start + 1].isupper():
                    out.append(LexiconMatch(OFFICIAL, name, start, end))
            start = text.find(name, end)
    return out


def summary(f: Field) -> Outside:
    """What one field contributes as context to the others."""
    g = f.groups
    strong = pick(g, CONTEXT) + f.campaign_handles
    strong += [] if f.non_campaign else f.personal_campaigns
    weak = [] if f.non_campaign else pick(g, GENERIC, MATERIAL)
    persons = f.persons
    bodies = pick(g, BODY)
    return Outside(
        campaign=f.ev(strong[0]) if strong else None,
        campaign_weak=f.ev(weak[0]) if weak else None,
        official=f.ev(persons[0]) if persons else None,
        body=f.ev(bodies[0]) if bodies else None,
        position=POSITION in g,
    )


def reply_context(ctx: Context, lexicons: frozenset[str]) -> tuple[Outside, set[str]]:
    """The post replied to: its campaign or official, and whether an official wrote it."""
    target = ctx.post.in_reply_to
    if target is None:
        return Outside(), set()
    out = Outside()
    names: set[str] = set()
    if target.text:
        groups = ctx.grouped(REPLY_FIELD, target.text)
        if not lexicons.isdisjoint(groups):
            nt = ctx.normalised(REPLY_FIELD, target.text)
            names = title_names(nt, groups)
            out = summary(Field(REPLY_FIELD, nt, groups, frozenset(names)))
    if target.author:
        # "@MayorAnaSilva" reads as "Mayor Ana Silva"; "Cllr. Rina Mbeki" as is.
        shown = target.author
        split = split_handle(shown) if shown.startswith("@") else shown
        groups = ctx.grouped(REPLY_AUTHOR, split)
        if OFFICIAL in groups:
            out.by_official = Evidence(detector=NAME, field=REPLY_AUTHOR, text=shown)
            names |= title_names(ctx.normalised(REPLY_AUTHOR, split), groups)
            # What an elected official writes that should, must or needs to happen is their
            # opinion or position, whether or not it names a plan or a motion ("Police
            # funding should be tied to outcomes"): a bare reaction to it weighs in.
            if target.text and OPINION_CUE in ctx.grouped(REPLY_FIELD, target.text):
                out.position = True
        if out.campaign is None and CONTEXT in groups:
            # A candidate's campaign account ("@SamForCouncil", "Re-elect Dana Li").
            out.campaign = Evidence(detector=NAME, field=REPLY_AUTHOR, text=shown)
    return out, names


def handle_refs(ctx: Context, name: str, nt: NormalisedText) -> list[LexiconMatch]:
    """Handles in a field that name an official or a campaign ("@CllrHaines" reads as "Cllr
    Haines"; "@LiForCouncil" as "Li For Council")."""
    if "@" not in nt.text:
        return []
    out = []
    for i, m in enumerate(_MENTION.finditer(nt.original)):
        shown = m.group()
        groups = ctx.grouped(f"{name}#handle{i}", split_handle(shown))
        for lexicon in (OFFICIAL, CONTEXT):
            # Short capitals are read from camel case alone ("@MPSontheStreet" splits to
            # "MP Sonthe Street"): a handle names an official by a longer title ("Cllr").
            if any(len(x.term) > 3 for x in groups.get(lexicon, ())):
                # Handles are left as written by normalisation, only case-folded.
                at = nt.text.find(shown.lower())
                if at >= 0:
                    out.append(LexiconMatch(lexicon, shown, at, at + len(shown)))
    return out


@dataclass(frozen=True, slots=True)
class LinkWords:
    """The words of a link in a field ("lopez4mayor.ca/donate": "lopez for mayor ca donate")."""

    evidence: Evidence
    groups: dict[str, list[LexiconMatch]]


def link_words(ctx: Context, f: Field) -> list[LinkWords]:
    """Links and email domains read as words, so a campaign in a domain name counts
    ("lopez4mayor.ca/donate", "give@okafor4council.ca")."""
    raw = f.nt.original
    spans: list[tuple[int, int, int]] = []  # (start, end, start of the words read)
    if "/" in raw:  # every link the pattern reads has a slash
        spans.extend((m.start(), m.end(), m.start()) for m in _URL.finditer(raw))
    if "@" in raw:
        # An email address's domain names the organisation its mailbox belongs to, as a
        # link's does ("give@okafor4council.ca"); the mailbox's own name is not read.
        spans.extend((a, b, raw.index("@", a, b) + 1) for a, b in email_spans(raw))
    out = []
    for i, (a, b, words_from) in enumerate(spans):
        words = [("for" if w == "4" else w) for w in _URL_WORD.findall(raw, words_from, b)]
        groups = ctx.grouped(f"{f.name}#link{i}", " ".join(words))
        if groups:
            ev = Evidence(detector=NAME, field=f.name, text=raw[a:b], span=Span(start=a, end=b))
            out.append(LinkWords(ev, groups))
    return out
