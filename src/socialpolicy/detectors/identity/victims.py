"""Victims named: a living person named as the one an offence was done to.

`identity.named_victim` (to confirm): a person named in the same sentence as a word that says
they were harmed ("assaulted", "robbed", "carjacked"), the word bound to them as its victim:

- after the name, through a passive ("Dan Lee was jumped", "... who got mugged") or an
  apposition ("Rosa Diaz, attacked outside her door", "Tom Hale, the man stabbed on Queen");
- in a reply to a question about someone harmed, the person the reply names;
- before the name, as an offence of or against them ("the mugging of Rosa Diaz"), or a person
  described by it and then named ("the woman who was robbed ... was Tina Morales").

Who was harmed, and how, is the victim's to tell: a member naming them outside a formal
public update shares information of others without their permission. Formal updates and
posts about a death are left alone (the Service names victims there with the family's
agreement), as are the author, officers (an officer-safety matter) and the accused: a name
that does the harming ("Dan Lee stabbed ...", "Dan Lee, who attacked ...") is not a victim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.identity.evidence import ev
from socialpolicy.detectors.identity.field import Field, Person
from socialpolicy.detectors.identity.lexicons import DECEASED, HARMED, PUBLIC
from socialpolicy.detectors.identity.private_persons import is_author
from socialpolicy.normalise import plain

# How far a harm word may be from the name it is bound to (characters, same sentence).
AFTER_NAME = 60
BEFORE_NAME = 90
# Between a name and a harm word after it: a passive right after the name, perhaps with an
# age or "who" ("Dan Lee was jumped", "Dan Lee, 34, was stabbed", "... who got mugged"; one
# adverb: "was brutally"), or an apposition (at most two words, a comma, then at most a short
# description: "Rosa Diaz tonight, attacked", "Tom Hale, the man stabbed"). Neither reads
# "Dan Lee stabbed ...", "Dan Lee, who attacked ..." or "arrested Dan Lee after a man was
# stabbed" (the passive's subject is another person).
_PASSIVE = re.compile(
    # possessive spaces: one way to split a run of spaces, so a long run is read once
    r"^\s*+(?:,\s*+(?:aged\s++)?\d{1,3}\s*+,\s*+|\(\d{1,3}\)\s*+)?(?:,?\s*+who\s++)?"
    r"(?:was|were|is|got|gets|getting|had been|has been|been|being)\s++(?:\w+ly\s++)?$",
    re.IGNORECASE,
)
_APPOSITION = re.compile(
    r"^(?:\s+[\w'’-]+){0,2}\s*,\s*(?:(?:the|a|an|our|my|your|this|that)\s+(?:[\w'’-]+\s+){0,3})?$",
    re.IGNORECASE,
)
# An insertion between the name and its passive: a parenthesis or a comma-delimited relative
# clause ("Jamal Okafor (the one with the barbershop) got robbed", "Jen Tran, who volunteers
# at the league, was robbed"), read past.
_INSERTION = re.compile(r"^\s*(?:\([^()]{0,80}\)|,\s*(?:who|whose|from|of)\b[^,.!?]{0,70},)")
# A harm word before the name: an offence "of" or "against" them, ending right at the name
# (a capitalised run after "on" is a place, never a name: `Field.names`).
_OF = re.compile(r"^\s*(?:of|against)\s+$", re.IGNORECASE)
# "... who was robbed at knifepoint yesterday was Tina Morales": the one harmed, then named.
_WHO_HARMED = re.compile(r"\bwho\s+(?:was|got|had been)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_NAMED_AS = re.compile(r"\b(?:was|is|named|identified as)\s+$", re.IGNORECASE)
# "stabbed to death", "shot dead": a post about a death, which the Service names with the
# family's agreement (as `identity_deceased`'s words).
_FATAL = re.compile(r"\b(?:to death|(?:shot|found|left|pronounced) dead)\b", re.IGNORECASE)


def _read(f: Field, a: int, b: int) -> str:
    """The text between two positions as read: invisible characters dropped ("w\u200bas")."""
    text = f.raw[max(0, a) : b]
    return text if text.isascii() else plain(text).text


def _harm_for(f: Field, person: Person) -> tuple[int, int] | None:
    """The harm word that makes this named person its victim, if any."""
    here = f.sentence(person.start)
    for a, b in f.spans(HARMED):
        if f.sentence(a) != here:
            continue
        if person.end <= a <= person.end + AFTER_NAME:
            between = _read(f, person.end, a)
            if _PASSIVE.match(between) or _APPOSITION.match(between):
                return a, b
            inserted = _INSERTION.match(between)
            if inserted and _PASSIVE.match(between[inserted.end() :]):
                return a, b
        elif person.start - BEFORE_NAME <= b <= person.start:
            between = _read(f, b, person.start)
            if _read(f, a, b).casefold().endswith(" of") and between.strip() == "":
                return a, b  # "the mugging of" + name: the cue holds its own preposition
            if _OF.match(between):
                return a, b
            if _WHO_HARMED.search(_read(f, a - 20, a)) and _NAMED_AS.search(between):
                return a, b
    return None


def named_victims(f: Field, authors: tuple[str, ...], asked: bool = False) -> Iterator[Hit]:
    """`asked`: the post replies to a question about someone harmed ("was it Linda from the
    bakery who got scammed??"), so a person the reply names is the one asked about."""
    if PUBLIC in f.g or DECEASED in f.g:
        return
    if _FATAL.search(f.view().text):
        return  # "stabbing a young man to death": a post about a death, as DECEASED
    for person in f.persons():
        if not person.named or is_author(f, person, authors) or f.officer(person):
            continue
        if asked:
            yield Hit("identity.named_victim", (ev(f, person.start, person.end),))
            return
        harm = _harm_for(f, person)
        if harm is not None:
            yield Hit("identity.named_victim", (ev(f, person.start, person.end), ev(f, *harm)))
            return
