"""Identity attacks: people spoken of as vermin, told they do not belong, wished gone, hated.

- a dehumanising word (`dehumanising`: "they are vermin") said of people;
- an exclusion phrase (`exclusion_phrases`: "go back where you came from") aimed at someone;
- a belonging phrase (`belonging_phrases`: "not welcome here") said of people;
- an eliminationist phrase (`eliminationist`: "round them up") about a named group, or next
  to another attack on a group;
- hatred of a protected group (`hostility` followed by a `protected_groups` term: "I hate
  immigrants").

An attack decides by itself when the words are said of people by form: "you", a protected
group, or a word for people ("those people", "the folks under the bridge"). Said only of
"they" or "them", or as a bare command ("Learn English or leave."), the same words may be
about things or be an offer ("they're pests" of squirrels, "learn the language of your new
phone"): a possible attack a person should confirm (`respect.possible_abuse`).

A dehumanising word may also stand as a fragment of its own right after the sentence that
names the people ("These people can't behave. Animals, honestly."): the fragment predicates
it of them, so it decides as "those people are animals" does.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import Aim, FieldView
from socialpolicy.detectors.respect.grammar import (
    ARTICLE,
    FRAGMENT_LEAD,
    FRAGMENT_TAIL,
    INTENSIFIER,
    MAX_FRAGMENT_TAIL,
    PRONOUNS,
    TOKEN,
    YOU_REACH,
)
from socialpolicy.detectors.respect.lexicons import (
    GROUP_REFERENTS,
    OFFENCE,
    PERSON_NOUNS,
    PROTECTED_GROUPS,
    TARGET_PHRASES,
)

__all__ = ["belonging", "dehumanising", "eliminationist", "exclusion", "hostility"]


def _attack(f: FieldView, m: LexiconMatch, decisive: bool, group: bool) -> Iterator[Hit]:
    f.aimed(m)
    if decisive:
        f.group_attack = True
        yield f.hit("respect.identity_attack", m)
    else:
        yield f.hit("respect.possible_abuse", m)
    yield f.target(m, group)


def dehumanising(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Dehumanising words said of people."""
    for m in found:
        aim = f.aim(m)
        if aim is Aim.NONE and _fragment_after_people(f, m):
            if f.layout.not_own(m) or _crime_before(f, m):
                yield f.hit("respect.quoted", m)
                continue
            yield from _attack(f, m, True, True)
            continue
        if aim in (Aim.SELF, Aim.NEGATED) or not f.about_people(m):
            continue
        named_group = f.sentence_has(PROTECTED_GROUPS, m)
        if not (named_group or aim in (Aim.YOU, Aim.PREDICATE)):
            continue
        if aim is Aim.NONE and _object_of_action(f, m):
            continue  # "volunteers helped homeless people get rid of rats"
        if f.layout.not_own(m) or (not named_group and f.crime_context(m)):
            yield f.hit("respect.quoted", m)
            continue
        decisive = named_group or aim is Aim.YOU or f.person_before(m)
        yield from _attack(f, m, decisive, aim is not Aim.YOU or named_group)


# Words between a group and a dehumanising word that make the word the object of what the
# group does or is told about: "get rid of rats", "learn about pests, including rats".
_OBJECT_LINKS = frozenset({"about", "including", "rid", "with", "from", "against", "for"})


def _object_of_action(f: FieldView, m: LexiconMatch) -> bool:
    """The group named before `m` acts on it, or hears of it: an -ing verb or an object link
    (`_OBJECT_LINKS`) stands between them. A simile ("like rats") or a copula keeps it said of
    them: those reach here only when nothing else links them."""
    s_start, _ = f.layout.sentence(m.start)
    g = f.layout.last_cue(PROTECTED_GROUPS, s_start, m.start)
    if g is None:
        return False  # the group comes after: "an infestation of migrants"
    # Only the word's own clause links it: "... are ruining it, filthy animals." is a clause
    # of its own; ", including rats" still makes the rats an object.
    start = max(g.end, f.clause_start(m))
    # The words from `start` on are read once for every match asking about them: reading
    # the stretch per match was quadratic in a run-on clause.
    found = f.reach(start, _LINKS).before(m.start)
    if found is None:  # `m` starts inside a word: read the stretch as before
        between = TOKEN.findall(f.text, start, m.start)
        found = [any(_simile(w) for w in between), any(_object_link(w) for w in between)]
    simile, link = found
    return not simile and link


def _simile(word: str) -> bool:
    """ "like" or "as": the word is compared to them, not acted on ("like rats")."""
    return word in ("like", "as")


def _object_link(word: str) -> bool:
    """An object link or an -ing verb: the group acts on the word ("get rid of rats")."""
    return word in _OBJECT_LINKS or (
        len(word) > 5 and word.endswith("ing") and not word.endswith("thing")
    )


_LINKS = (_simile, _object_link)


def _previous_sentence(f: FieldView, m: LexiconMatch) -> tuple[int, int] | None:
    s_start, _ = f.layout.sentence(m.start)
    if s_start == 0:
        return None
    return f.layout.sentence(s_start - 1)


def _fragment_after_people(f: FieldView, m: LexiconMatch) -> bool:
    """`m` is a fragment of its own ("Animals, honestly.", "Absolute savages.") right after a
    sentence naming people: a word for people other than a pronoun, a protected group, a
    person noun or a "this guy"-style reference."""
    s_start, s_end = f.layout.sentence(m.start)
    if not _only_leads(f, s_start, m.start):
        return False
    # At most MAX_FRAGMENT_TAIL words, each a tail word: read no further than one past that
    # (reading the rest of a run-on sentence for each match was quadratic).
    tail = [t.group() for t in islice(TOKEN.finditer(f.text, m.end, s_end), MAX_FRAGMENT_TAIL + 1)]
    if len(tail) > MAX_FRAGMENT_TAIL or any(w not in FRAGMENT_TAIL for w in tail):
        return False
    prev = _previous_sentence(f, m)
    if prev is None:
        return False
    layout = f.layout
    return any(
        layout.cue(lex, *prev) is not None
        for lex in (PROTECTED_GROUPS, PERSON_NOUNS, TARGET_PHRASES)
    ) or any(c.term not in PRONOUNS for c in layout.cues_in(GROUP_REFERENTS, *prev))


_LEADS = ARTICLE | INTENSIFIER | FRAGMENT_LEAD


def _only_leads(f: FieldView, s_start: int, end: int) -> bool:
    """Every word of `text[s_start:end]` is an article, an intensifier or a fragment lead
    ("such", "bunch of"): `end` opens a fragment.

    The first other word of each sentence is found once (`FieldView.first_not_lead`); a match
    after it is answered by it, without reading the sentence's opening again per match."""
    if s_start in f.first_not_lead:
        first = f.first_not_lead[s_start]
    else:
        first = next(
            (
                (t.start(), t.end())
                for t in TOKEN.finditer(f.text, s_start)
                if t.group() not in _LEADS
            ),
            None,
        )
        f.first_not_lead[s_start] = first
    if first is not None and first[1] <= end:
        return False  # that word lies wholly before `end`, read as it is
    # Only leads end before `end` (a word running past `end` is read cut there): read them.
    return all(w in _LEADS for w in TOKEN.findall(f.text, s_start, end))


def _crime_before(f: FieldView, m: LexiconMatch) -> bool:
    """The sentence before names criminal conduct: harsh words after it condemn the crime."""
    prev = _previous_sentence(f, m)
    return prev is not None and f.layout.cue(OFFENCE, *prev) is not None


def exclusion(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Exclusion phrases (where people come from, their language) aimed at someone."""
    for m in found:
        s_start, _ = f.layout.sentence(m.start)
        # A protected group alone does not aim it: "newcomers can learn English at the
        # library" is a service, not an exclusion.
        # "you" before or inside the phrase: "if you refuse to learn English";
        # not "weapons are not welcome here, you'll be searched".
        addressed = (
            f.layout.has_you(max(s_start, m.start - YOU_REACH), m.end)
            or f.is_reply
            or f.sentence_has(GROUP_REFERENTS, m)
            or f.obliged_group(m)
        )
        command = f.opens_sentence(m)  # "Learn English or leave." may also be an offer
        if not (addressed or command):
            continue
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        yield from _attack(f, m, addressed, True)


def belonging(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Belonging phrases: an attack when said of people, possible when aimed at "you",
    "they" or a reply, nothing otherwise ("weapons are not welcome here")."""
    for m in found:
        s_start, _ = f.layout.sentence(m.start)
        of_people = f.people_in_sentence(m) or f.obliged_group(m)
        aimed = (
            of_people
            or f.is_reply
            or _referent_in_sentence(f, m)
            or f.layout.has_you(max(s_start, m.start - YOU_REACH), m.end)
            or f.opens_sentence(m)
        )
        if not aimed:
            continue
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        yield from _attack(f, m, of_people, True)


def _referent_in_sentence(f: FieldView, m: LexiconMatch) -> bool:
    """A group referent in `m`'s sentence other than a bare possessive: "they don't belong
    here" aims the phrase; "officers who falsify their notes don't belong in uniform" states
    a standard of conduct."""
    s_start, s_end = f.layout.sentence(m.start)
    return any(c.term != "their" for c in f.layout.cues_in(GROUP_REFERENTS, s_start, s_end))


# A barring phrase ("shouldn't be allowed in ...") is about people only when its sentence names
# people: "encampments" names a place, and barring one from a park is a view on its use.
_BARRING = ("allowed", "kept out", "keep them out")
_PLACES = frozenset({"encampment", "encampments"})


def _names_people(f: FieldView, m: LexiconMatch) -> bool:
    s_start, s_end = f.layout.sentence(m.start)
    return any(c.term not in _PLACES for c in f.layout.cues_in(PROTECTED_GROUPS, s_start, s_end))


def eliminationist(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Calls to get rid of people, or to bar them from a place or from public life ("old people
    shouldn't be allowed at meetings"): only about a named group, or next to another attack."""
    for m in found:
        if not (f.group_attack or f.sentence_has(PROTECTED_GROUPS, m)):
            continue
        if any(b in m.term for b in _BARRING) and not _names_people(f, m):
            continue
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        f.aimed(m)
        yield f.hit("respect.identity_attack", m)
        yield f.target(m, True)


def hostility(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Hatred of a protected group: "I hate immigrants", "sick of all these refugees"."""
    for m in found:
        if f.group_after(m) is None:
            continue
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        f.aimed(m)
        yield f.hit("respect.identity_attack", m)
        yield f.target(m, True)
