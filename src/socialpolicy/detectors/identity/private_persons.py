"""Private persons made identifiable, with or without a name; their sensitive facts.

`identity.private_person` (to confirm): one person, named or described ("the cashier at the
Shoppers on Queen & Bathurst", "the 82-year-old widower on Glenholme Ave", "the guy in unit
4B"), with details of two kinds (an age, a place, a workplace, a school or team, a family
tie, an appearance), or a unit or house number (as good as a home address). Together such
quasi-identifiers single a person out to their neighbours and colleagues. A person thanked
this way may well have agreed, so a person confirms.

`identity.sensitive` (to confirm): a health, immigration or complaint-record fact about a
named person (officers and officials included: their health and record are private too) or
one singled out by a possessive ("our ED's assistant", "my neighbour"). Not the author's own
("I'm on stress leave").

Formal public updates (charges, court, missing and wanted appeals, tributes, awards) and
posts about a death keep both quiet: naming people there is the Service's practice. Victims
named in such updates, the author, people named by rank and officers pointed out ("one of
ours", "undercover": an officer-safety matter) are not private persons to flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.identity.evidence import ev
from socialpolicy.detectors.identity.field import Field, Person
from socialpolicy.detectors.identity.lexicons import DECEASED, PUBLIC, SENSITIVE

MIN_KINDS = 2  # kinds of detail that make a person identifiable without a unit number
# A possessive before a person noun: a particular person the readers know ("our ED's
# assistant", "my neighbour", "the chief's secretary").
_POSSESSIVE = re.compile(r"^(?:our|my|your|his|her|their)\b|\w['’]s\s", re.IGNORECASE)
# The author speaking of themselves just before a sensitive fact.
_SELF = re.compile(r"\b(?:I|I'm|I’m|I am|I was|I've|my|me)\b[^.!?]{0,25}$")


def is_author(f: Field, person: Person, authors: tuple[str, ...]) -> bool:
    """Is this person the author (by the account owner's or display name)?"""
    text = f.raw[person.start : person.end].casefold()
    return any(text in a or a in text for a in authors if a)


def private_persons(f: Field, authors: tuple[str, ...]) -> Iterator[Hit]:
    if PUBLIC in f.g or DECEASED in f.g:
        return
    for person in f.persons():
        if person.named and (f.victim((person.start, person.end)) or is_author(f, person, authors)):
            continue
        if f.officer(person):
            continue  # an officer pointed out: an officer-safety matter, not a private person
        exact = f.exact_place(person)
        details = f.details(person)
        if exact is not None or len(details) >= MIN_KINDS:
            spans = sorted({*details.values(), *([exact] if exact else [])})
            yield Hit(
                "identity.private_person",
                (ev(f, person.start, person.end), *(ev(f, *s) for s in spans)),
            )
            return


def sensitive_facts(f: Field, authors: tuple[str, ...]) -> Iterator[Hit]:
    if PUBLIC in f.g or DECEASED in f.g or SENSITIVE not in f.g:
        return
    candidates = [
        p
        for p in f.persons()
        if (p.named and not is_author(f, p, authors))
        or (not p.named and _POSSESSIVE.search(f.raw[p.start : p.end]))
    ]
    candidates += [Person(a, b, True) for a, b in f.ranked_names()]
    for person in sorted(candidates, key=lambda p: p.start):
        fact = f.sensitive(person)
        if fact is None or _SELF.search(f.raw, max(0, fact[0] - 40), fact[0]):
            continue
        yield Hit("identity.sensitive", (ev(f, person.start, person.end), ev(f, *fact)))
        return
