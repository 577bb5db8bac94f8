"""Identity detector: private persons identified in a post, with or without a name.

Beyond the contact details the personal_data detector reads (phone, email, street address,
date of birth, plate, SIN), it asks who is described (a private individual: not a public
official, not the author, not a person the Service named in a formal update), by which
details (a name; an age, a place, a workplace, a school or team, a family tie, an
appearance) and in which role (a complainant or caller, a witness, a victim, a young person,
an accused). One module per concept:

- `complainants`: who called the police, complained or witnessed, revealed (a breach);
- `young_persons`: a young accused, victim or witness identified, by name or by what points
  at them (information protected by the Youth Criminal Justice Act: a breach);
- `suspects`: a suspect named in informal words (to confirm);
- `private_persons`: a person made identifiable by quasi-identifiers, and their sensitive
  facts (to confirm);
- `victims`: a living person named as the victim of an offence (to confirm);
- `hints`: people met on duty named with where they live, and a person made guessable by
  hints about what police did with them (to confirm).

`field` reads names, descriptions and details from one field as written (capitals matter),
after cheap gates on the lexicon matches the context has already computed. Word lists are
pack lexicons (`identity_*`); a pack without them gets no hits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from socialpolicy.detectors._windows import Groups
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.identity.complainants import complainants
from socialpolicy.detectors.identity.field import Field
from socialpolicy.detectors.identity.hints import guessable, met_on_duty
from socialpolicy.detectors.identity.lexicons import (
    ACCUSED,
    APPEARANCE,
    COMPLAINANT,
    DECEASED,
    DUTY_ACT,
    FAMILY,
    GUESS,
    HARMED,
    MET_ON_DUTY,
    PERSON_NOUN,
    PUBLIC,
    RESIDENCE,
    SCHOOL,
    SCHOOL_NAME,
    SENSITIVE,
    STREET,
    SUSPECT,
    TEEN,
    VICTIM,
    VICTIM_AFTER,
    WHO_CALLED,
    WORKPLACE,
    YOUTH,
)
from socialpolicy.detectors.identity.private_persons import private_persons, sensitive_facts
from socialpolicy.detectors.identity.suspects import named_suspects
from socialpolicy.detectors.identity.victims import named_victims
from socialpolicy.detectors.identity.young_persons import young_persons
from socialpolicy.normalise import lookalikes, plain

__all__ = ["IdentityDetector"]

# Cheap signs, read before any name or detail is: two capitalised words in a row (a name
# may be there), something shaped like an age ("16yo", "82-year-old", ", 34,", "aged 9"), a
# unit number ("unit 4B", "apt 12", "#3"), an intersection ("Queen & Bathurst"). Each is
# scanned from a digit or a symbol (lookbehinds after it), which is much faster than from
# an alternation of words; a loose hint only costs the slower reading behind it.
_CAPITALISED_PAIR = re.compile(r"[A-Z][a-z'’\-]+\.? [A-Z]")
_AGE_HINT = re.compile(
    r"[0-9](?: ?-?[yY]|[0-9] (?:yrs?|years?)\b|(?<=[,(][0-9])[0-9] ?[,)]"
    r"|(?<=[,(] [0-9])[0-9] ?[,)]|(?<=(?i:ged) [0-9])|(?<=(?i:age) [0-9]))"
)
_UNIT_HINT = re.compile(
    r"[0-9](?:(?<=(?i:unit) [0-9])|(?<=(?i:unit)#[0-9])|(?<=(?i:apt) [0-9])|(?<=(?i:apt)\.[0-9])"
    r"|(?<=(?i:apt)\. [0-9])|(?<=(?i:apt)#[0-9])|(?<=(?i:suite) [0-9])|(?<=(?i:room) [0-9])"
    r"|(?<=(?i:ment) [0-9])|(?<= #[0-9]))"
)
_CROSSING_HINT = re.compile(r"[&/](?:(?<=[a-z][&/])|(?<=[a-z] [&/])) ?[A-Z]")


def _capitalised_pair(raw: str) -> bool:
    """Two capitalised words in a row, read through invisible characters ("L\u200bucia
    Ferraro"): the names themselves are read that way (`Field.view`)."""
    if _CAPITALISED_PAIR.search(raw) is not None:
        return True
    return not raw.isascii() and _CAPITALISED_PAIR.search(plain(raw).text) is not None


_DETAIL_LEXICONS = (STREET, RESIDENCE, WORKPLACE, FAMILY, APPEARANCE)

_SIGNALS: tuple[SignalSpec, ...] = (
    SignalSpec(
        "identity.complainant",
        "count",
        "Reveals who called the police, complained or witnessed (a name, a reference such as "
        "a neighbour's unit, or where they live, work or study), in the post or in answer to "
        "'who called?'.",
    ),
    SignalSpec(
        "identity.youth_accused",
        "count",
        "Identifies a young person (under 18) who is a suspect or accused, by name or by a "
        "detail that points at them (school, team, where they live or work): protected by "
        "the Youth Criminal Justice Act.",
    ),
    SignalSpec(
        "identity.protected_youth",
        "count",
        "Identifies a young victim or witness (under 18), by name or by a detail that points "
        "at them (school, team, where they live or work), outside a formal public update.",
    ),
    SignalSpec(
        "identity.named_suspect",
        "count",
        "Names a suspect in informal words ('suspect is ...', 'we picked up ...') "
        "outside a formal public update: to confirm.",
    ),
    SignalSpec(
        "identity.private_person",
        "count",
        "Makes a private person identifiable, named or described ('the cashier at ...'), by "
        "details of two kinds (age, place, workplace, school, family, appearance) or a unit "
        "number: to confirm.",
    ),
    SignalSpec(
        "identity.named_victim",
        "count",
        "Names a living person as the victim of an offence ('X was mugged', 'the assault on "
        "X') outside a formal public update or a post about a death: to confirm.",
    ),
    SignalSpec(
        "identity.guessable_person",
        "count",
        "A guessing game ('guess which', 'no names but', 'hint') about a person police dealt "
        "with on duty (pulled over, gave a lift home): the person is made guessable, to "
        "confirm.",
    ),
    SignalSpec(
        "identity.sensitive",
        "count",
        "Gives a health, immigration or complaint-record fact about a named or singled-out "
        "person other than the author: to confirm.",
    ),
)


class IdentityDetector:
    """Complainants, young persons, named suspects, identifiable private persons."""

    name: str = "identity"
    signals: Sequence[SignalSpec] = _SIGNALS

    def detect(self, ctx: Context) -> Iterator[Hit]:
        asked_who = accused_before = asked_harmed = False
        reply = ctx.post.in_reply_to
        if reply is not None and reply.text:
            rg = ctx.grouped("in_reply_to.text", reply.text)
            asked_who = WHO_CALLED in rg
            # "who got arrested at the plaza?": the answer's youth is the accused.
            accused_before = ACCUSED in rg or SUSPECT in rg
            # "is the lady who got attacked ok??": the person the answer names is the victim.
            asked_harmed = HARMED in rg and "?" in reply.text and PUBLIC not in rg
        authors: tuple[str, ...] | None = None
        for field, raw in own_text_fields(ctx):
            g = ctx.grouped(field, raw)
            asked = asked_who and field == "text"
            looks = lookalikes(raw)
            complainant, young, suspect, person, sensitive = _gates(
                g, looks, asked, accused_before and field == "text"
            )
            # people made known without a full name (`hints`): read only where their cues are
            hinted = (
                PUBLIC not in g
                and DECEASED not in g
                and (MET_ON_DUTY in g or (GUESS in g and DUTY_ACT in g))
            )
            # a victim named: a harm word and two capitalised words in a row (a name may be there)
            asked_victim = asked_harmed and field == "text"
            victim = (
                (HARMED in g or asked_victim)
                and PUBLIC not in g
                and DECEASED not in g
                and _capitalised_pair(looks)
            )
            if not (complainant or young or suspect or person or sensitive or hinted or victim):
                continue
            f = Field(field, ctx.normalised(field, raw), g)
            if hinted:
                if MET_ON_DUTY in g:
                    yield from met_on_duty(f)
                if GUESS in g and DUTY_ACT in g:
                    yield from guessable(f)
            if complainant:
                yield from complainants(f, asked)
            if young:
                yield from young_persons(f, accused_before and field == "text")
            if suspect:
                yield from named_suspects(f)
            if person or sensitive or victim:
                if authors is None:
                    acc = ctx.author
                    authors = tuple(n.casefold() for n in (acc.owner.name, acc.display_name) if n)
                if person:
                    yield from private_persons(f, authors)
                if sensitive:
                    yield from sensitive_facts(f, authors)
                if victim:
                    yield from named_victims(f, authors, asked_victim)


def _gates(
    g: Groups, raw: str, asked: bool, accused_before: bool
) -> tuple[bool, bool, bool, bool, bool]:
    """Which findings a field may hold, from its lexicon matches and cheap regexes (most
    posts stop here): complainant, young person, named suspect, private person, sensitive."""
    # Both hints start with an ASCII digit: a text without one fails them at the same cost
    # as a search for a digit would, so there is no separate digit test.
    age: bool | None = None  # something shaped like an age: read only when needed
    complainant = asked or COMPLAINANT in g
    accused = ACCUSED in g or SUSPECT in g or accused_before
    harmed = accused or VICTIM in g or VICTIM_AFTER in g or COMPLAINANT in g
    young = False
    if harmed:
        if YOUTH in g or TEEN in g:
            young = True
        else:
            age = _AGE_HINT.search(raw) is not None
            young = age
    suspect = SUSPECT in g and PUBLIC not in g
    person = sensitive = False
    if PUBLIC not in g and DECEASED not in g:  # formal updates, deaths: no reviews
        # A private person needs details of two kinds, or a unit number.
        # The lexicons of `_DETAIL_LEXICONS`, spelt out: a generator's sum costs more than
        # every other test of the gate on a post without them.
        kinds = (
            (STREET in g) + (RESIDENCE in g) + (WORKPLACE in g) + (FAMILY in g) + (APPEARANCE in g)
        )
        kinds += SCHOOL in g or SCHOOL_NAME in g
        if kinds < 2 and STREET not in g and ("&" in raw or "/" in raw):
            kinds += _CROSSING_HINT.search(raw) is not None
        if kinds == 1:  # an age is one kind: it matters only beside one other
            if age is None:
                age = _AGE_HINT.search(raw) is not None
            kinds += age
        if kinds < 2 and _UNIT_HINT.search(raw) is not None:
            kinds = 2
        if kinds >= 2 or SENSITIVE in g:
            who = PERSON_NOUN in g or _CAPITALISED_PAIR.search(raw) is not None
            person = who and kinds >= 2
            sensitive = who and SENSITIVE in g
    return complainant, young, suspect, person, sensitive
