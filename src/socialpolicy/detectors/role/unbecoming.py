"""Conduct unbecoming by a member whose role is known: role evidence x conduct evidence.

Toronto: "You are always first and foremost a police officer or employee of the police
service. All interactions must be conducted as such." Off duty or on, what a member is seen
doing reflects on the Service once a reader knows the author is police. The signal
`role.unbecoming` needs both halves:

- the role is known: the account identifies as a member (display name, bio, handle, or
  stated), or the post itself names it (a credential or "I'm a cop" in the author's words,
  a media text showing officers, a reply addressed to the author as police);
- conduct of the member's own that no member could show, read by structure:
  - `role_conduct` (drunk, thrown out, a brawl, leaving without paying, running a red) in a
    sentence about the author (first person, a sentence opening on the author's own past
    verb, or a media text that shows officers), not negated and not in a policing frame
    (`role_policing_frame`: "arrested a drunk driver", "please don't drink and drive");
  - impunity: enforcement or discipline turned on the member (`role_impunity`: "arrest me",
    "pulling over one of their own") after a denial ("nobody", "who's gonna", "not like");
  - the role invoked over a person or as a licence: the member's own credential or "I'm a
    police officer" and, in the same sentence, pressure or licence (`role_pressure`: "had
    better", "remember his face", "however I like", "speed limits");
  - the role enjoyed as power over people (`role_power_trip`: "power trip", "scaring the
    kids", "watching them scatter", "who's the boss now"), in the author's own words, not
    negated, savoured (`role_savour`, laughter) or said in the first person (issue 10, levels9).

Words come from the pack's lexicons; the structure is here. It is a heuristic (`review`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import dedupe
from socialpolicy.detectors.respect.grammar import NEG, SELF, TOKEN
from socialpolicy.detectors.role.conduct import negated
from socialpolicy.detectors.role.lexicons import (
    CONDUCT,
    CREDENTIALS,
    EXEMPT,
    IMPUNITY,
    LAUGHTER,
    NOUNS,
    OTHERS,
    POLICING_FRAME,
    POWER_TRIP,
    PRESSURE,
    SAVOUR,
    SELF_CLAIM,
)
from socialpolicy.detectors.role.view import RoleField

__all__ = ["ABOVE_THE_LAW", "SPEED", "UNBECOMING", "role_named", "speed_named", "unbecoming"]

UNBECOMING = "role.unbecoming"
# The two readings of `role.unbecoming` that show the breach by themselves (issue 10,
# always3): the role named to press a person or as a licence ("told her I'm a police officer
# and she had better ..."), and the member boasting that enforcement cannot reach them
# ("who's gonna pull over a cop?"). Drink, a brawl or a power trip stay a person's judgement.
ABOVE_THE_LAW = "role.above_the_law"

# The author's own words that make a sentence about the author, beyond `SELF`.
_MINE = frozenset({"my", "our", "mine", "ours"})
# "Who's gonna arrest me", "not like they'd ticket one of us": a denial that makes the
# enforcement rhetorical. `NEG` covers "nobody", "no", "never", "not", "can't".
# Not "never" or "no" alone: "never expect them to ticket their own? They do" denies nothing.
_DENIAL = frozenset(
    {
        "who", "who's", "whos", "who'd", "who'll", "nobody", "nobody's", "nobodys", "noone",
        "won't", "wont", "can't", "cant", "wouldn't", "ain't",
    }
)  # fmt: skip
# First person before a role noun: "I'm a cop", "I am a police officer", "as a cop".
# Saying it is not so names the role too: "tonight I'm NOT the police", "not your cop".
_SELF_ROLE = re.compile(
    r"\b(?:i'?m|i am|as|told \w+ i was|said i was|i was|i'?m not|i am not|not your|not a)\s+$"
)
_DENIALS = (
    "not like", "no one", "good luck", "what are they gonna", "what're they gonna",
    "what are they going to", "what they gonna",
)  # fmt: skip
# Impunity from the Service's own discipline ("nobody is firing me") is a person's judgement;
# from the law (an arrest, a ticket, a stop) it is `ABOVE_THE_LAW`.
_DISCIPLINE = re.compile(r"\b(?:fir\w*|disciplin\w*|(?:write|writing|wrote) me up)\b")
# Speeds a member boasts of: three digits before a road or a unit ("170 on the 427").
SPEED = re.compile(r"\b(?:1[4-9]\d|2\d\d)\s?(?:km/?h|kmh|kph|on the|down the|through)\b")
# What every `SPEED` match holds, without the leading word boundary that makes the engine try
# every position of the text: three times cheaper, and found in one police tweet in a thousand.
_SPEED_CUE = re.compile(r"[12]\d\d\s?(?:km|kph|on the|down the|through)")
_MEDIA = "media["
SELF_BEFORE = 8  # words before the conduct that may hold its first-person subject
SELF_AFTER = 3  # words after it that may hold its first-person object ("showed me")
SELF_REACH = 60  # characters either side read for those words
DENIAL_REACH = 60  # characters before an impunity phrase read for its denial


def speed_named(text: str) -> bool:
    """`SPEED.search(text) is not None`, asked cheaply: a `1` or `2` and one of the words
    that follow the digits in every `_SPEED_CUE` match (substring tests, each far cheaper
    than running the pattern over a police tweet, most of which hold digits), then
    `_SPEED_CUE`, before the bounded pattern itself."""
    return (
        ("1" in text or "2" in text)
        and (
            "km" in text
            or "kph" in text
            or "on the" in text
            or "down the" in text
            or "through" in text
        )
        and _SPEED_CUE.search(text) is not None
        and SPEED.search(text) is not None
    )


def role_named(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> LexiconMatch | None:
    """Whether the author's own words in this field name the role: a credential ("my
    badge", "the uniform"), a role noun after "I'm"/"as" ("I'm a police officer"), or, in a
    media text, any role noun (an image showing officers)."""
    credentials = f.own(found.get(CREDENTIALS, [])) or f.own(found.get(SELF_CLAIM, []))
    if credentials:
        return credentials[0]
    if f.field.startswith(_MEDIA):
        nouns = f.own(found.get(NOUNS, []))
        return nouns[0] if nouns else None
    # The cheap test first: most role nouns follow no "I'm"/"as", and then whose words they
    # are is never asked.
    return next(
        (
            m
            for m in found.get(NOUNS, [])
            if _SELF_ROLE.search(f.text, max(0, m.start - 24), m.start) and f.own((m,))
        ),
        None,
    )


def _mine(words: Sequence[str]) -> bool:
    return any(w in SELF or w in _MINE for w in words)


def _about_author(
    f: RoleField,
    found: Mapping[str, Sequence[LexiconMatch]],
    start: int,
    end: int,
    opens: dict[int, bool],
) -> bool:
    """Whether the conduct at `start:end` is the author's: a first-person word close before
    it ("I got hammered"), in it or just after ("showed me the door"), or its sentence opens
    on the author's own verb. A media text describes what the post shows, so it always
    counts. `opens`: the last test per sentence start, asked once."""
    if f.field.startswith(_MEDIA):
        return True
    s_start, s_end = f.sentence(start)
    before = list(TOKEN.finditer(f.text, max(s_start, start - SELF_REACH), start))
    before = before[-SELF_BEFORE:]
    inside = TOKEN.findall(f.text, start, end)
    after = TOKEN.findall(f.text, end, min(s_end, end + SELF_REACH))[:SELF_AFTER]
    if _mine(inside) or _mine(after) or any(w.group() in SELF for w in before):
        return True
    # "still in my uniform, fourth shot down" is the author; "my brother got hammered" is
    # not: a "my"/"our" before the conduct counts unless a person of the member's life
    # (`role_others`) follows it.
    others = {m.start for m in found.get(OTHERS, [])}
    if any(w.group() in _MINE and w.end() + 1 not in others for w in before):
        return True
    got = opens.get(s_start)
    if got is None:
        got = opens[s_start] = f.opens_on_own_verb(s_start, s_end)
    return got


def _conduct(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    acts = [(m.start, m.end) for m in dedupe(f.own(found.get(CONDUCT, [])))]
    acts += [(m.start(), m.end()) for m in SPEED.finditer(f.text)]
    if not acts:
        return
    # The sentences in a policing frame, found once (not once per act).
    framed = {f.sentence(m.start)[0] for m in found.get(POLICING_FRAME, [])}
    opens: dict[int, bool] = {}
    for start, end in sorted(acts):
        s_start, _ = f.sentence(start)
        if s_start in framed or not _about_author(f, found, start, end, opens):
            continue
        before = TOKEN.findall(f.text, max(s_start, start - 40), start)
        if any(w in NEG for w in before):
            continue  # "never got thrown out of anywhere"
        yield Hit(UNBECOMING, (f.ev(start, end),))
        return


def _impunity(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    # The law said to bind other people, not members ("speed limits are for civilians"):
    # impunity claimed outright, no denial needed; not negated (issue 10, always3).
    # A question puts the claim up to be answered ("Seatbelts don't apply to cops? Wrong."), so
    # it is no claim.
    for m in dedupe(f.own(found.get(EXEMPT, []))):
        _, s_end = f.sentence(m.start)
        if not negated(f, m) and "?" not in f.text[m.end : s_end]:
            yield Hit(UNBECOMING, (f.ev(m.start, m.end),))
            return
    for m in dedupe(f.own(found.get(IMPUNITY, []))):
        s_start, _ = f.sentence(m.start)
        lead = f.text[max(s_start, m.start - DENIAL_REACH) : m.start]
        if any(w in _DENIAL for w in TOKEN.findall(lead)) or any(p in lead for p in _DENIALS):
            yield Hit(UNBECOMING, (f.ev(m.start, m.end),))
            return


def _power(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    """The role enjoyed as power over people ("scaring teenagers off the skatepark 😇 power
    trip Tuesdays"): savoured in the post or said in the first person, and not in a policing
    frame ("if someone is on a power trip, report it")."""
    trips = [m for m in dedupe(f.own(found.get(POWER_TRIP, []))) if not negated(f, m)]
    if not trips:
        return
    savoured = bool(found.get(LAUGHTER)) or bool(f.own(found.get(SAVOUR, [])))
    frames = found.get(POLICING_FRAME, [])
    for m in trips:
        s_start, s_end = f.sentence(m.start)
        # A frame word before the phrase in its sentence ("if an officer is on a power trip,
        # report it"); after it, "never" is the savouring "never gets old".
        if any(s_start <= p.start < m.start for p in frames):
            continue
        if savoured or f.first_person(s_start, s_end):
            yield Hit(UNBECOMING, (f.ev(m.start, m.end),))
            return


def _invoked(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    # Not only the author's own words: what the member says they told someone ("told her
    # I'm a police officer and she had better ...") is reported speech, and it is the
    # member's own conduct all the same.
    pressure = sorted(found.get(PRESSURE, []), key=lambda m: m.start)
    if not pressure:
        return
    roles = [m for m in found.get(CREDENTIALS, []) if not negated(f, m)]
    roles += [m for m in found.get(SELF_CLAIM, []) if not negated(f, m)]
    roles += [
        m for m in found.get(NOUNS, []) if _SELF_ROLE.search(f.text, max(0, m.start - 24), m.start)
    ]
    starts = [p.start for p in pressure]
    seen: set[int] = set()  # sentences already asked
    for r in roles:
        s_start, s_end = f.sentence(r.start)
        if s_start in seen:
            continue
        seen.add(s_start)
        if not f.first_person(s_start, s_end) and not any(
            w in _MINE for w in TOKEN.findall(f.text, s_start, s_end)
        ):
            continue
        for k in range(bisect_left(starts, s_start), bisect_left(starts, s_end)):
            p = pressure[k]
            if not negated(f, p):
                yield Hit(UNBECOMING, (f.ev(r.start, r.end), f.ev(p.start, p.end)))
                return


def unbecoming(
    f: RoleField, found: Mapping[str, Sequence[LexiconMatch]], role_known: bool
) -> Iterator[Hit]:
    """`role.unbecoming` for one field: at most one hit. `role_known`: the account or
    another field of the post names the member's role."""
    invoked = list(_invoked(f, found))  # names the role itself
    if invoked:
        yield invoked[0]
        yield Hit(ABOVE_THE_LAW, invoked[0].evidence)
        return
    if not role_known and role_named(f, found) is None:
        return
    for read in (_impunity, _conduct, _power):
        hits = list(read(f, found))
        if hits:
            yield hits[0]
            if read is _impunity and not _DISCIPLINE.search(hits[0].evidence[0].text.lower()):
                yield Hit(ABOVE_THE_LAW, hits[0].evidence)
            return
