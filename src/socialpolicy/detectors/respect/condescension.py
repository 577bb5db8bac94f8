"""Condescension: talking down to a person as if they were a child or could not think.

- a belittling term of address (`condescending_address`: "sweetie", "hun", "kiddo") used to
  address someone: set off by a comma, or making up a sentence with the words around it
  only;
- a patronising instruction (`patronising`: "let the grown-ups handle it", "do some
  research", "educate yourself", "do your homework", "use small words") said to someone: in a
  reply, to an @mention or next to "this guy". A plain "you" in a post to everyone is the
  audience being advised ("Buying a used car? Do your homework."), not a person belittled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import Aim, FieldView
from socialpolicy.detectors.respect.lexicons import TARGET_PHRASES

__all__ = ["address", "belittling", "instructions"]


def _excused(f: FieldView, m: LexiconMatch) -> bool:
    return f.layout.not_own(m) or f.answers_criminal_view()


# A person addressed by a title and name ("..., Mr. Dubois.", "Councillor Park, ..."): set off
# by a comma or the start of a sentence and followed by punctuation, as a form of address.
# The post speaks to that one person, as an @mention would; "Mayor Sohi opened ..." does not.
# Led by its capital, so that `re` skips from capital to capital; what comes before the
# title is read back from it (`titled_address`). Led by `(?:^|[,.!?]) *`, as it was, the
# pattern was tried at every position: 90 ns per character of a long post, whose gate a
# single cue opens.
_TITLED = re.compile(
    r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Commissioner|Councillor|Councilor|Alderman|Mayor)"
    r"\.? +[A-Z][a-z'-]+ *(?:[,.!?]|$)"
)


def titled_address(raw: str) -> bool:
    """A title and name set off as a form of address somewhere in `raw`: a title with its
    name (`_TITLED`) with only spaces between it and the start or a punctuation mark."""
    pos = 0
    while (m := _TITLED.search(raw, pos)) is not None:
        k = m.start()
        while k > 0 and raw[k - 1] == " ":
            k -= 1
        if k == 0 or raw[k - 1] in ",.!?":
            return True
        pos = m.start() + 1  # a title inside this match may still be set off
    return False


def _told_to_someone(f: FieldView, m: LexiconMatch, titled: Callable[[], bool]) -> bool:
    """In a reply, or to an @mention, a "this guy"-style reference or a person the field
    addresses by title ("Mr. Dubois, maybe next time bring a point."). A plain "you"
    in a post to everyone is the audience being advised ("Buying a used car? Do your
    homework."), not a person talked down to."""
    return f.is_reply or f.sentence_has_mention(m) or f.sentence_has(TARGET_PHRASES, m) or titled()


def _hits(f: FieldView, m: LexiconMatch, excused: bool) -> Iterator[Hit]:
    """One condescending match: quoted when excused, else condescension and its target."""
    if excused:
        yield f.hit("respect.quoted", m)
        return
    yield f.hit("respect.condescension", m)
    yield f.target(m, False)


def address(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    for m in found:
        if not f.vocative(m, opening=True):
            continue
        yield from _hits(f, m, _excused(f, m))


def instructions(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    # Whether the field addresses someone by title: read once for all its matches.
    titled = cache(lambda: titled_address(f.raw))
    for m in found:
        if not _told_to_someone(f, m, titled):
            continue
        yield from _hits(f, m, _excused(f, m))


def belittling(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Remarks that belittle someone's competence or diligence, said of a person: one named in
    the remark's clause ("our IT staff can't get anything right"), or, when the clause has only
    a pronoun or nothing before it ("Can't trust them with anything."), in a post that speaks
    of people. Not said of the author ("I clearly didn't read the fine print") or of a thing
    ("the printer can't get anything right"), nor denied."""
    names_person = cache(f.names_person)  # the whole field's people: read once
    for m in found:
        if f.aim(m) in (Aim.SELF, Aim.NEGATED) or not _said_of_person(f, m, names_person):
            continue
        excused = _excused(f, m)
        yield from _hits(f, m, excused)
        if not excused:
            return  # one remark is enough


_PERSON_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "some", "most", "half"})


def _said_of_person(f: FieldView, m: LexiconMatch, names_person: Callable[[], bool]) -> bool:
    if f.person_before(m):
        return True
    before = f.words_before(m)
    if before and not any(w in _PERSON_PRONOUNS for w in before):
        return False  # a subject that may be a thing: "the printer can't get anything right"
    return names_person()
