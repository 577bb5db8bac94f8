"""Name-calling: identity slurs, insults and abusive commands aimed at a person or group.

A slur counts wherever the author uses it. An insult noun (`insults`) counts when it is
aimed (see `aim`), and decides by itself only when the form shows a person is meant:
addressed to "you" or an @mention, used as a form of address ("Learn to drive, idiot."), or
said of someone the clause names as a person ("the guy who cut me off is a moron", "anyone
defending that is a clown"). Said of a subject that may be a thing, an animal or a team
("this printer is an idiot", "those clowns at the fair", "what an idiot"), it is a possible
insult a person should confirm. An insult adjective (`insult_adjectives`) counts only when
said to "you", alone as a reply, or of a protected group, never of a thing ("a stupid rule").
A denial that turns the word on the person addressed ("I'm not the idiot here, you are.") is
the author's insult, aimed at "you".
In a reply, an insult noun that opens its clause after "another" ("Wow, another armchair
expert.") labels the person replied to as one more of a kind: a possible insult a person
should confirm.
An insult noun that only qualifies a word for conduct ("clown behaviour", "idiot move",
"moron energy") ridicules what someone did rather than calling them a name: mockery, which a
person should confirm, when the post speaks of or to someone; a possible insult when said
of a subject that may be a person ("what an idiot move"); nothing otherwise.
In a post addressed to an @mention (its text opens with the handle), an insult that is a
sentence of its own ("@columnist Read your piece. Pathetic.") is said to that person, as in a
reply.
An abusive command (`abusive_commands`: "f off", "screw you", "🖕") addresses a person by its
form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import Aim, FieldView
from socialpolicy.detectors.respect.grammar import NEG, TOKEN, conduct_word
from socialpolicy.detectors.respect.lexicons import (
    INSULT_ADJECTIVES,
    INSULTS,
    PERSON_NOUNS,
    PROTECTED_GROUPS,
    TARGET_PHRASES,
)

__all__ = ["abusive_commands", "insults", "slurs"]


def slurs(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Slurs: any use in the author's own words (negated or not: the slur is used)."""
    for m in found:
        if f.layout.not_own(m, denial=False):
            yield f.hit("respect.quoted", m)
            continue
        f.aimed(m)
        yield f.hit("respect.slur", m)
        yield f.target(m, f.aim(m) is not Aim.YOU)


def insults(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Insults: nouns by the full targeting grammar, adjectives only when addressed."""
    for m in found:
        # A denial is not the author's own insult ("I'm not calling anyone an idiot"), unless
        # it turns the word on the person addressed ("I'm not the idiot here, you are").
        denial = not f.turned_on_you(m)
        if m.lexicon_id == INSULTS and f.layout.not_own(m, denial=denial):
            yield f.hit("respect.quoted", m)  # "someone called me a moron"
            continue
        aim = f.aim(m)
        if m.lexicon_id == INSULTS and aim is not Aim.NEGATED and _qualifies_conduct(f, m):
            # "clown behaviour fr": slang ridicule of an act, not name-calling.
            if f.layout.not_own(m, denial=denial) or aim is Aim.SELF:
                continue
            if f.is_reply or f.names_person():
                yield f.hit("respect.mockery", m)
            elif aim in (Aim.PREDICATE, Aim.DEMONSTRATIVE):
                yield f.hit("respect.possible_abuse", m)  # "what an idiot move"
            continue  # "Total moron move by me today" is the author's own
        if aim is Aim.SELF:
            # The author's word for themselves ("I'm such an idiot"): no one else is insulted,
            # and the offensive-language model, which reads the word alone, gives way. Not when
            # the sentence also speaks of people ("I was an idiot to trust the people here"):
            # the model's reading may be about them.
            if not f.about_people(m):
                yield f.hit("respect.self_directed", m)
            continue
        if m.lexicon_id == INSULT_ADJECTIVES:
            # Said to "you", alone as a reply, or of a protected group ("women are
            # disgusting"); never of a thing ("a stupid rule").
            addressed = aim is Aim.YOU or (f.to_someone() and f.vocative(m, opening=True))
            decisive = addressed or (aim is Aim.PREDICATE and f.group_before(m))
            # Of a person singled out just before ("Councillor Brandt is useless", "the guy
            # at the counter was clueless"): rude, though the word may describe a state ("the
            # man was delusional"), so a person confirms.
            possible = not decisive and aim is Aim.PREDICATE and _person_subject(f, m)
        else:
            said_of = aim in (Aim.PREDICATE, Aim.DEMONSTRATIVE)
            addressed = aim is Aim.YOU or f.vocative(m, opening=f.to_someone())
            decisive = addressed or (said_of and f.person_before(m))
            possible = (said_of or _another_of_a_kind(f, m)) and not decisive
        if not (decisive or possible):
            continue
        # Harsh words about an offender, in a sentence naming the crime, condemn it; said to
        # the person addressed ("..., loser."), they are still name-calling.
        if f.layout.not_own(m, denial=denial) or (not addressed and f.crime_context(m)):
            yield f.hit("respect.quoted", m)
            continue
        f.aimed(m)
        group = f.sentence_has(PROTECTED_GROUPS, m)
        if decisive:
            yield f.hit("respect.insult_at_person", m)
            if group:
                f.group_attack = True
                yield f.hit("respect.identity_attack", m)
        else:
            yield f.hit("respect.possible_abuse", m)
        yield f.target(m, group)


# How close before an insult adjective the person it is said of must be named: "Councillor
# Brandt is useless" (three words), not "the man said the lights were dim".
_SUBJECT_REACH = 4


def _person_subject(f: FieldView, m: LexiconMatch) -> bool:
    """A person noun or a "this guy"-style reference among the few words before `m` in its
    clause: the subject its copula says the adjective of."""
    words = TOKEN.findall(f.text, f.clause_start(m), m.start)[-_SUBJECT_REACH:]
    if not words:
        return False
    lo = m.start - len(" ".join(words)) - 1
    lo = max(lo, f.clause_start(m))
    layout = f.layout
    text = f.text
    # A possessive names the owner of the subject, not the subject: "the premier's crime plan
    # is a joke" says it of a plan.
    if any(
        not text.startswith("'s", c.end)
        for lex in (PERSON_NOUNS, TARGET_PHRASES)
        for c in layout.cues_in(lex, lo, m.start)
    ):
        return True
    # One person named by a group word: "the woman we spoke to was clueless".
    return any(f.individual(g) for g in layout.cues_in(PROTECTED_GROUPS, lo, m.start))


def _qualifies_conduct(f: FieldView, m: LexiconMatch) -> bool:
    """The insult noun qualifies the word for conduct right after it ("clown behaviour",
    "idiot move")."""
    nxt = TOKEN.search(f.text, m.end, min(len(f.text), m.end + 24))
    return nxt is not None and not f.text[m.end : nxt.start()].strip() and conduct_word(nxt.group())


# "another" / "yet another" before an insult noun, with at most these between them and the
# clause's start: "Wow, another armchair expert", "Oh great, yet another genius".
_ANOTHER = frozenset({"another"})
_ANOTHER_LEAD = frozenset({"yet", "just", "oh", "wow", "great", "look", "and", "here's", "heres"})


# Where the people who write to the author are: "another genius in my mentions" labels them.
_MY_THREAD_REACH = 60  # characters after the label where "in my mentions" may stand
_MY_THREAD = re.compile(
    r"\b(?:in|into|to|under) my (?:mentions|replies|comments|dms|inbox|messages)\b"
)


def _another_of_a_kind(f: FieldView, m: LexiconMatch) -> bool:
    """The clause is "(yet) another <insult>" in a reply (the person replied to is labelled),
    or in a post that places it among those writing to the author ("Another day, another
    armchair expert in my mentions.")."""
    words = f.words_before(m)
    if not words or words[-1] not in _ANOTHER:
        return False
    if not all(w in _ANOTHER_LEAD for w in words[:-1]):
        return False
    if f.is_reply:
        return True
    # Only a few words after the label are read: "in my mentions" follows it closely, and a
    # run-on sentence of insults must not be re-read for each.
    _, s_end = f.layout.sentence(m.start)
    return _MY_THREAD.search(f.text, m.end, min(s_end, m.end + _MY_THREAD_REACH)) is not None


def abusive_commands(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Abusive commands: said to the person replied to, to "you" or an @mention, or opening
    a sentence as a command; not negated ("never tell anyone to piss off")."""
    for m in found:
        if f.hashtag(m):
            continue  # "#GTFO" names a song or a topic
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        if any(w in NEG for w in f.words_before(m)):
            continue
        if not (f.addressed(m) or f.opens_sentence(m)):
            continue
        f.aimed(m)
        yield f.hit("respect.insult_at_person", m)
        yield f.target(m, False)
