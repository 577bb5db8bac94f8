"""Conduct unbecoming in an interaction: what no member could say on duty.

- force (`role_force`: "crack some heads", "rough him up", "hope he resists", "a proper
  takedown"; or a verb of striking, `role_force_verbs`, or of roughing with its particle,
  `role_force_particle_verbs` + up/down/out/around, acting on a person: a pronoun, a
  `person_nouns` word or a `role_force_targets` word a few words on, "rough up a few drunks",
  "smack them around", "tase that guy") relished: in a sentence that looks forward to it
  (`role_relish`: "can't wait to", "gonna") or boasts of it in the first person, or in a
  post that laughs (`laughter`) or savours it (`role_savour`: "love this job", "never saw it
  coming", a fist); not negated ("we don't crack heads"), quoted or reported ("protesters
  say police cracked heads");
- force condoned (`role_condone`: "should have complied", "next time he listens", "play
  stupid games") about force used on someone (`role_force_done`: "pinned to the ground",
  "tased") that the text replied to tells of, or that the member's own post tells of;
- leverage (`role_leverage`: "I know your plate now", "hope I pull you over", "have you
  arrested") said to someone (in a reply, or with "you" or an @mention), or the member's own
  threat at a person the sentence names ("told my neighbour I'd have him arrested");
- the job left undone, as a boast (`role_neglect`: "slept through half my shift", "pretended
  I didn't hear the radio", "walked right past"), with a laugh or a mark of savouring in the
  post, or in the first person; not negated ("I never ignore the radio");
- the badge used for personal benefit (`role_perks`: "flashed my badge to skip the line"), or
  read by its structure: a credential (`role_credentials`: the badge, the warrant card, the
  uniform) and a benefit (`role_benefits`: "let me go", "got us a table", free, comped) within
  two sentences, the member the one who gains (a benefit worded "me"/"us", or a smug mark in
  the post: `role_savour`, `laughter`), not negated;
- police attention sent to a private person's door (`role_colleagues_sent`: "my friends", a
  cruiser; `role_at_door`: "at his door") in one sentence, in a post framed as a threat
  (`role_threat_frame`: one more time, or else): a threat of police attention in a private
  dispute, said outright (`role.police_threat`);
- a favour (`role_favour`: "I'll see what I can do", "make it go away", "professional
  courtesy") about an enforcement matter (`role_enforcement`: a ticket, fine, charges, a
  plate) named in the post or in the text replied to; or a yes (`role_accept`: "say no
  more", "consider it done", a wink) in reply to a text asking such a favour (`role_ask` or
  `role_favour` beside an enforcement matter: "any way you can make my ticket disappear?").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from itertools import accumulate

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import dedupe
from socialpolicy.detectors.respect.grammar import NEG, TOKEN
from socialpolicy.detectors.respect.lexicons import PERSON_NOUNS, SECOND_PERSON, TARGET_PHRASES
from socialpolicy.detectors.role.lexicons import (
    ACCEPT,
    ASK,
    AT_DOOR,
    BENEFITS,
    COLLEAGUES_SENT,
    CONDONE,
    CREDENTIALS,
    ENFORCEMENT,
    FAVOUR,
    FORCE,
    FORCE_DONE,
    FORCE_PARTICLE_VERBS,
    FORCE_TARGETS,
    FORCE_VERBS,
    FORCE_VERBS_POLICED,
    LAUGHTER,
    LEVERAGE,
    NEGLECT,
    PERKS,
    RELISH,
    SAVOUR,
    SERVICE,
    THREAT_FRAME,
    WITHHOLD,
)
from socialpolicy.detectors.role.view import RoleField
from socialpolicy.evidence import Evidence

__all__ = [
    "CONDONED",
    "POLICE_THREAT",
    "condoned",
    "favour",
    "favour_granted",
    "force",
    "leverage",
    "negated",
    "neglect",
    "perks",
    "perks_taken",
    "endorsed_force",
    "sent_to_the_door",
    "withheld",
]


# Force said to be earned is a judgement of someone else's act (the member did not do it and
# does not look forward to it): its own signal, so the pack can weigh it apart from relish.
CONDONED = "role.condones_force"
# Police attention sent to a private person's door, said outright as a threat: what the
# member will do with the role, not a hint at it (`role.leverage`).
POLICE_THREAT = "role.police_threat"


def negated(f: RoleField, m: LexiconMatch, relish: Container[int] = frozenset()) -> bool:
    """A negation shortly before `m` in its sentence ("we don't crack heads"); not the
    "can't" of "can't wait to" (`relish`: the positions the relish phrases cover)."""
    s_start, _ = f.sentence(m.start)
    lo = max(s_start, m.start - 40)
    words = TOKEN.finditer(f.text, lo, m.start)
    return any(w.group() in NEG and w.start() not in relish for w in words)


# Grammar, not vocabulary: the words that stand for a person after a verb ("rough them up",
# "tase that guy"), and the words that may come between the verb and the person.
_OBJECT_PRONOUNS = frozenset(
    {"him", "her", "them", "'em", "em", "someone", "somebody", "anyone", "anybody", "people"}
)
_DETERMINERS = frozenset(
    {
        "a", "an", "the", "some", "few", "couple", "of", "these", "those", "that", "this",
        "one", "two", "three", "every", "all", "whole", "little", "lil", "more", "other",
        "his", "her", "their", "bunch", "lot", "lotta", "random",
    }
)  # fmt: skip
_PARTICLES = frozenset({"up", "down", "out", "around", "round", "about"})
# A person named by a describing word and "one" ("a mouthy one", "the loud ones").
_HEADS = frozenset({"one", "ones"})
OBJECT_REACH = 5  # words from a force verb to the person it acts on


def force_phrases(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> list[LexiconMatch]:
    """A verb of force with a person as its object ("rough up a few drunks", "smack them
    around", "tase that guy"), as a `role_force` match from the verb to the person."""
    verbs = [(m, False, False) for m in found.get(FORCE_VERBS, [])]
    verbs += [(m, True, False) for m in found.get(FORCE_PARTICLE_VERBS, [])]
    verbs += [(m, False, True) for m in found.get(FORCE_VERBS_POLICED, [])]
    if not verbs:
        return []
    targets = {m.start: m.end for m in found.get(FORCE_TARGETS, [])}
    people = {m.start: m.end for m in found.get(PERSON_NOUNS, [])}
    people.update(targets)
    out: list[LexiconMatch] = []
    for verb, needs_particle, policed in verbs:
        # A verb with an ordinary sense on anyone ("tackled my brother at football") is
        # force only on the people a member polices ("tackled a shoplifter").
        objects = targets if policed else people
        _, s_end = f.sentence(verb.start)
        particle = False
        person_end = -1
        skipped = 0
        for i, w in enumerate(TOKEN.finditer(f.text, verb.end, s_end)):
            word = w.group()
            if i > OBJECT_REACH:
                break
            if word in _PARTICLES and (i == 0 or person_end >= 0):
                particle = True
                if person_end >= 0:
                    break
                continue
            if person_end >= 0:
                break
            if (not policed and word in _OBJECT_PRONOUNS) or w.start() in objects:
                person_end = objects.get(w.start(), w.end())
                if not needs_particle:
                    break
                continue
            if word in _HEADS and skipped:
                person_end = w.end()  # "a mouthy one": a word describing the person, then "one"
                if not needs_particle:
                    break
                continue
            if word not in _DETERMINERS and not policed:
                # One word describing the person may stand before it ("rough up a mouthy
                # one", "tase some drunk guy"; issue 10, always3); a second ends the search.
                skipped += 1
                if skipped > 1:
                    break  # a policed verb's target is a listed word: what comes before it is free
        if person_end >= 0 and (particle or not needs_particle):
            out.append(LexiconMatch(FORCE, f.text[verb.start : person_end], verb.start, person_end))
    return out


def force(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    laughs = bool(found.get(LAUGHTER)) or bool(f.own(found.get(SAVOUR, [])))
    relish = found.get(RELISH, [])
    # Read once, looked up per match: the positions relish phrases cover, and their starts.
    covered = frozenset(i for r in relish for i in range(r.start, r.end))
    relish_starts = [r.start for r in relish]
    phrases = [*found.get(FORCE, []), *force_phrases(f, found)]
    for m in dedupe(f.own(sorted(phrases, key=lambda x: (x.start, x.end)))):
        if negated(f, m, covered):
            continue
        s_start, s_end = f.sentence(m.start)
        if (
            laughs
            or f.first_person(s_start, s_end)
            or _before(relish, relish_starts, s_start, m)
            or _opens_on(f, s_start, m)
        ):
            yield Hit("role.force", (f.ev(m.start, m.end),))


def _opens_on(f: RoleField, s_start: int, m: LexiconMatch) -> bool:
    """The sentence opens on the force phrase itself, its subject left out ("Roughed up a
    drunk outside the arena"): the author's own doing, told as a boast (issue 10, always3)."""
    first = TOKEN.search(f.text, s_start, m.end)
    if first is None or first.start() != m.start:
        return False
    word = first.group()
    # Told as done: a past form ("Roughed", "Took"), not a gerund or a command ("Cracking
    # heads is never the answer", "Tase him!").
    return word in _PAST_FORMS or (word.endswith("ed") and len(word) > 4)


_PAST_FORMS = frozenset(
    {"took", "put", "gave", "threw", "laid", "lit", "beat", "hit", "knocked", "got", "made", "sent"}
)


def _before(
    relish: Sequence[LexiconMatch], starts: Sequence[int], s_start: int, m: LexiconMatch
) -> bool:
    """A relish phrase from `s_start` that ends before `m` starts ("can't wait to" ...)."""
    for i in range(bisect_left(starts, s_start), len(relish)):
        r = relish[i]
        if r.start >= m.start:
            return False
        if r.end <= m.start:
            return True
    return False


def condoned(
    f: RoleField,
    found: Mapping[str, Sequence[LexiconMatch]],
    reply_groups: Mapping[str, Sequence[LexiconMatch]] | None,
    reply_ev: Callable[[LexiconMatch], Evidence],
) -> Iterator[Hit]:
    """Force on a person said to be earned: "next time he listens the first time" replying to
    "they pinned my brother to the ground", or "tased him, should have complied" in one post.
    In the member's own post a shrug alone is not enough: it needs the words."""
    condones = [m for m in dedupe(f.own(found.get(CONDONE, []))) if not negated(f, m)]
    if not condones:
        return
    told = reply_groups.get(FORCE_DONE, []) if reply_groups else []
    if told:
        yield Hit(CONDONED, (reply_ev(told[0]), f.ev(condones[0].start, condones[0].end)))
        return
    done = f.own(found.get(FORCE_DONE, []))
    worded = [m for m in condones if any(c.isalpha() for c in f.text[m.start : m.end])]
    if done and worded:
        yield Hit(
            CONDONED,
            (f.ev(done[0].start, done[0].end), f.ev(worded[0].start, worded[0].end)),
        )


def neglect(
    f: RoleField, found: Mapping[str, Sequence[LexiconMatch]], is_reply: bool = False
) -> Iterator[Hit]:
    """The job left undone, told as a boast: laughed at, savoured, or in the first person;
    or told to the person it is owed to, in a reply or to "you" in the post ("your phone's
    gone, nobody is going to look for it"; issue 10, levels9)."""
    laughs = bool(found.get(LAUGHTER)) or bool(f.own(found.get(SAVOUR, [])))
    addressed = is_reply or bool(f.own(found.get(SECOND_PERSON, [])))
    opens: dict[int, bool] = {}  # per sentence start: whether it opens on the author's verb
    for m in dedupe(f.own(found.get(NEGLECT, []))):
        if negated(f, m):
            continue
        s_start, s_end = f.sentence(m.start)
        if s_start not in opens and not (laughs or addressed):
            opens[s_start] = f.opens_on_own_verb(s_start, s_end)
        # Or told with the subject left out ("Parked behind the plaza for the last hour of
        # shift"): the author's own doing all the same (issue 10, always3).
        if laughs or addressed or f.first_person(s_start, s_end) or opens.get(s_start, False):
            yield Hit("role.neglect", (f.ev(m.start, m.end),))
            return


def leverage(
    f: RoleField, found: Mapping[str, Sequence[LexiconMatch]], is_reply: bool
) -> Iterator[Hit]:
    named: bool | None = None  # a person named anywhere in the post: asked once, if needed
    for m in dedupe(f.own(found.get(LEVERAGE, []))):
        if negated(f, m):
            continue
        s_start, s_end = f.sentence(m.start)
        # Or told to a person in the member's own words ("told the kids egging houses that
        # next time it's a ride downtown"): the hearer is the person held over (always3).
        said_to = is_reply or f.layout.has_you(s_start, s_end) or f.told_by_author(m)
        # "told my neighbour I'd have him arrested": the member's own threat at a third person,
        # named by a noun or a pronoun ("she'll find out I know people at the lot").
        # The person may be named in another sentence of the post ("That reporter should be
        # careful. We remember faces."): posts are short (issue 10, always3).
        mine = False
        if not said_to and f.first_person(s_start, s_end):
            if named is None:
                end = len(f.text)
                named = (
                    f.layout.cue(TARGET_PHRASES, 0, end) is not None
                    or f.layout.cue(PERSON_NOUNS, 0, end) is not None
                    or _third_person(f, 0, end)
                )
            mine = named
        if said_to or mine:
            yield Hit("role.leverage", (f.ev(m.start, m.end),))


_THIRD_PERSON = frozenset(
    {"he", "she", "him", "her", "he's", "she's", "he'll", "she'll", "he'd", "she'd", "whoever"}
)


def _third_person(f: RoleField, s_start: int, s_end: int) -> bool:
    """A person named by a pronoun in the sentence ("he", "her", "whoever")."""
    return any(w.group() in _THIRD_PERSON for w in TOKEN.finditer(f.text, s_start, s_end))


def withheld(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    """Police service withheld or delayed to punish people: a delay or refusal
    (`role_withhold`: "they can wait", "deserve to wait", "don't expect me to hurry") in a
    sentence about the service (`role_service`: 911, a call, help, a break-in, my beat), said
    of people picked out by a condition ("if you're one of the people who ...", "people who
    call 911 about ...", "maybe if people in X were nicer") or to them ("you"), in the
    author's own words. The member holds police discretion over them: `role.leverage`."""
    delays = [m for m in dedupe(f.own(found.get(WITHHOLD, []))) if not _denied_delay(f, m)]
    if not delays:
        return
    services = f.own(found.get(SERVICE, []))
    for m in delays:
        s_start, s_end = f.sentence(m.start)
        service = next((v for v in services if s_start <= v.start < s_end), None)
        if service is None:
            continue
        words = {w.group() for w in TOKEN.finditer(f.text, s_start, s_end)}
        if words & _CONDITION or f.layout.has_you(s_start, s_end):
            yield Hit("role.leverage", (f.ev(service.start, service.end), f.ev(m.start, m.end)))
            return


# Words that pick out the people service is withheld from ("if", "people who", "anyone from").
_CONDITION = frozenset({"if", "who", "whoever", "anyone", "anybody", "unless", "when"})


def _denied_delay(f: RoleField, m: LexiconMatch) -> bool:
    """A delay the member denies ("nobody should have to wait", "we never make anyone
    wait"); "don't expect me to hurry" is the delay itself, so a negation the phrase holds
    does not count."""
    s_start, _ = f.sentence(m.start)
    words = TOKEN.finditer(f.text, max(s_start, m.start - 30), m.start)
    return any(w.group() in NEG for w in words)


def favour(
    f: RoleField,
    found: Mapping[str, Sequence[LexiconMatch]],
    reply_groups: Mapping[str, Sequence[LexiconMatch]] | None,
) -> Iterator[Hit]:
    matter = bool(found.get(ENFORCEMENT)) or bool(reply_groups and reply_groups.get(ENFORCEMENT))
    if not matter:
        return
    addressed = reply_groups is not None or bool(found.get(SECOND_PERSON)) or "@" in f.text
    if not addressed:
        return
    for m in dedupe(f.own(found.get(FAVOUR, []))):
        if not negated(f, m):
            yield Hit("role.favour", (f.ev(m.start, m.end),))


def favour_granted(
    f: RoleField,
    found: Mapping[str, Sequence[LexiconMatch]],
    reply_groups: Mapping[str, Sequence[LexiconMatch]] | None,
    reply_ev: Callable[[LexiconMatch], Evidence],
) -> Iterator[Hit]:
    """A yes ("say no more 😉") to a text asking to bend enforcement ("can you make my
    ticket go away?"). A yes that the member negates or hedges ("can't, sorry") is not one."""
    if not reply_groups or not reply_groups.get(ENFORCEMENT) or found.get(FAVOUR):
        return
    asks = reply_groups.get(FAVOUR) or reply_groups.get(ASK, [])
    if not asks:
        return
    for m in dedupe(f.own(found.get(ACCEPT, []))):
        if not negated(f, m):
            yield Hit("role.favour", (reply_ev(asks[0]), f.ev(m.start, m.end)))
            return


def perks(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    """Using the badge for personal benefit: a favour taken rather than given."""
    for m in dedupe(f.own(found.get(PERKS, []))):
        if not _denied(f, m):
            yield Hit("role.favour", (f.ev(m.start, m.end),))


_SELF_SINGULAR = frozenset({"me", "us", "my", "our"})
BENEFIT_REACH = 1  # sentence ends between a credential and the benefit it obtains


# "not if ...", "not once ...", "not like ...": a negation that asserts what follows.
_RHETORICAL = frozenset({"if", "after", "when", "once", "like"})


def _denied(f: RoleField, m: LexiconMatch) -> bool:
    """A negation before `m` in its sentence, except the rhetorical "not if"/"not once"/"not
    like" ("no table? not once the host spots the badge", "not like they ticket their own"),
    which asserts what follows."""
    s_start, _ = f.sentence(m.start)
    words = list(TOKEN.finditer(f.text, max(s_start, m.start - 40), m.start))
    for i, w in enumerate(words):
        if w.group() in NEG and not (i + 1 < len(words) and words[i + 1].group() in _RHETORICAL):
            return True
    return False


def perks_taken(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    """The badge (or warrant card, uniform, cruiser) as the means of a personal benefit:
    "showed my badge and got waved through", "patio's booked solid? not after the hostess
    spots the uniform 😏". The member must be the one who gains: the benefit is worded with "me"/"us", or
    the post is smug about it."""
    if found.get(PERKS):
        return  # the listed phrases already say it
    credentials = [m for m in f.own(found.get(CREDENTIALS, [])) if not _denied(f, m)]
    benefits = f.own(found.get(BENEFITS, []))
    if not credentials or not benefits:
        return
    smug = bool(found.get(LAUGHTER)) or bool(f.own(found.get(SAVOUR, [])))
    # Each benefit's own wording read once, and the sentence marks before each position
    # counted once, so that each pair costs a lookup (not a scan of the text between them).
    mine = [
        smug or any(w in _SELF_SINGULAR for w in TOKEN.findall(f.text, b.start, b.end))
        for b in benefits
    ]
    marks = [0, *accumulate(ch in ".?!" for ch in f.text)]

    def stops(lo: int, hi: int) -> int:
        return marks[hi] - marks[lo] if hi > lo else 0

    def near(c: LexiconMatch, b: LexiconMatch) -> bool:
        lo, hi = (c.end, b.start) if c.end <= b.start else (b.end, c.start)
        return stops(lo, hi) <= BENEFIT_REACH

    # Only the benefits worded as the member's own count. For a credential, the nearest of
    # them after it and the one reaching furthest among those before it are the only ones to
    # ask (sentence marks only add up with distance): asking every pair was quadratic in a
    # long text of both. The first such pair, in the order of the text, is the evidence.
    owned = [b for b, own in zip(benefits, mine, strict=True) if own]
    if not owned:
        return
    owned_starts = [b.start for b in owned]
    reach = list(accumulate((b.end for b in owned), max))
    for c in credentials:
        k = bisect_left(owned_starts, c.end)
        after = k < len(owned) and near(c, owned[k])
        before = k > 0 and stops(reach[k - 1], c.start) <= BENEFIT_REACH
        if after or before:
            b = next(b for b in owned if near(c, b))
            yield Hit("role.favour", (f.ev(c.start, c.end), f.ev(b.start, b.end)))
            return


def sent_to_the_door(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    """Police attention sent to a private person's door as a threat: "neighbour parks across my
    driveway one more time and there'll be a cruiser outside his house every night"."""
    doors = found.get(AT_DOOR, [])
    frames = found.get(THREAT_FRAME, [])
    if not doors or not frames:
        return
    # Not `f.own`: "told the guy next door ... a cruiser outside his house" is the member
    # reporting their own threat, which the speech layout reads as reported speech.
    for m in found.get(COLLEAGUES_SENT, []):
        s_start, s_end = f.sentence(m.start)
        door = next((d for d in doors if s_start <= d.start < s_end), None)
        # The frame may close the post ("... knocking on your door. Try me."): posts are short.
        if door is not None and not negated(f, m):
            yield Hit(POLICE_THREAT, (f.ev(m.start, m.end), f.ev(door.start, door.end)))
            return


# Words before a force phrase in the text replied to that make it a wish or a call for force
# ("hope the cops bust some skulls", "police should just rough them up"), not an account of it.
_WISH = frozenset(
    {"should", "need", "needs", "must", "hope", "hoping", "gotta", "somebody", "someone", "let's"}
)


def endorsed_force(
    f: RoleField,
    found: Mapping[str, Sequence[LexiconMatch]],
    parent: RoleField | None,
    parent_found: Mapping[str, Sequence[LexiconMatch]] | None,
) -> Iterator[Hit]:
    """A yes to force wished on people: "with pleasure 😈" replying to "somebody should crack
    a few heads at that march", "already on it 💪" to "hope they rough up the vandals".
    The reply's meaning is the text it answers: the member relishes the force it wishes. The
    wish is a force phrase in that text, not negated, after a word of wishing or calling
    for it (`_WISH`, or `role_relish`: hope, gonna, can't wait); the yes is a `role_accept`
    phrase or a savouring emoji of the member's, not negated."""
    if parent is None or parent_found is None:
        return
    yes = [m for m in dedupe(f.own(found.get(ACCEPT, []))) if not negated(f, m)]
    if not yes:
        return
    relish = parent_found.get(RELISH, [])
    covered = frozenset(i for r in relish for i in range(r.start, r.end))
    phrases = [*parent_found.get(FORCE, []), *force_phrases(parent, parent_found)]
    for m in sorted(phrases, key=lambda x: (x.start, x.end)):
        if negated(parent, m, covered):
            continue
        s_start, _ = parent.sentence(m.start)
        before = {
            w.group() for w in TOKEN.finditer(parent.text, max(s_start, m.start - 60), m.start)
        }
        wished = bool(before & _WISH) or any(s_start <= r.start < m.start for r in relish)
        if wished:
            y = yes[0]
            yield Hit("role.force", (parent.ev(m.start, m.end), f.ev(y.start, y.end)))
            return
