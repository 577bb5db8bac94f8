"""Mockery: laughing at a person or their words, openly or by sarcasm.

- taunts (`taunts`: "cry harder", "ok boomer", "imagine being this ...") and sarcasm cues
  (`sarcasm_cues`: "because you'd know all about it", "must be nice") said to someone: in a
  reply, with "you" or an @mention, or next to "this guy"; sarcastic retorts
  (`sarcastic_retorts`: "Sure he is.", "Yeah right.") likewise, where they open a sentence;
- a sneering label for people (`sneering_labels`: "the usual suspects", "professional
  complainers") in the author's own words;
- a mocking epithet (`sarcastic_epithets`) as a form of address (", genius.") or after a
  demonstrative ("this genius"), and a given name used as a label (`epithet_names`: "ok
  Karen", "a Karen", "Karen here");
- a contempt emoji (`contempt_emoji`: 🙄 🤡 💩) aimed at someone: in the sentence of a reply
  or of a "you", or making up a short reply by itself;
- mock case, the alternating capitals of a quoted-back view ("sPeEd CaMeRaS aRe A cAsH
  gRaB"): a shape, read from what the author typed;
- a reply that only laughs at a question or a complaint (`grievance` in the text replied to);
- praise turned to mockery (`sarcastic_praise`: "another masterpiece 👏👏", "gold star for
  you 🙃") said to or of someone, with an irony mark (`irony_marks`), a contempt or wry emoji,
  laughter, scare quotes around it ("a 'hard-hitting' piece"), or "another" before it (words
  of `sincerity`, "congratulations", "thank you", keep praise with a clap what it says);
- people named by what they think (`view_holders`: "folks who think ...") in a post that
  laughs or rolls its eyes: mocking a group for its views;
- a meme in an image's alt text or caption (`meme_cues`) that shows people as a crying
  toddler, a clown or a monkey (`ridicule_images`), its label naming people other than the
  author ("cyclists when you ask them to stop"): the image mocks them;
- the words of the text replied to quoted back with laughter (`laughter`: "'polise' 😂"), a
  spelling correction as a whole reply ("*their"), and a word for people in scare quotes
  ("the 'victim'", "'newcomer' neighbourhoods").

Toronto allows intolerance of views that constitute a criminal offence: a mocking answer to a
threat or a slur is not counted (it raises `respect.quoted`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import Aim, FieldView
from socialpolicy.detectors.respect.grammar import (
    INTERJECTIONS,
    LABEL_BEFORE,
    TOKEN,
    WORDISH,
    conduct_word,
)
from socialpolicy.detectors.respect.lexicons import (
    CLAIMED_STATUS,
    CONTEMPT_EMOJI,
    CUSTODY,
    IRONY_MARKS,
    LAUGHTER,
    MEME_CUES,
    PROTECTED_GROUPS,
    SINCERITY,
    TARGET_PHRASES,
    WRY_EMOJI,
)

__all__ = [
    "MOCK_CASE_HINT",
    "echoes",
    "emoji",
    "epithets",
    "labels",
    "laughs_at",
    "memes",
    "mock_case",
    "mock_cased",
    "praise",
    "remarks",
    "retorts",
    "scare_quote_hint",
    "scare_quotes",
    "sneers",
    "spelling",
    "views",
]

# Cheap gate on the raw text: four letters of alternating case inside a word ("sPeEd" and
# "SpEeD" both hold one).
# Led by the capital, the lower-case letter before it looked behind at: `re` then skips from
# capital to capital (led by `[a-z]` it stopped at every lower-case letter: 46 ns per
# character of a long post). The hint itself starts one character before the match.
MOCK_CASE_HINT = re.compile(r"[A-Z](?<=[a-z][A-Z])[a-z][A-Z]")
_WORD = re.compile(r"[^\W\d_]{3,}")
# Where a word can switch case often enough: two switches or more (3 letters at least, 3/4
# of the pairs) include a lower-to-upper one, in an ASCII word "[a-z][A-Z]"; a word with any
# other letter is kept for the exact count. Counting the switches of every word once the hint
# fired read the whole text in Python (`_may_mock`).
_SWITCH_CUE = re.compile(r"[a-z][A-Z]|[^\W\d_\x00-\x7f]")
_LETTERS = re.compile(r"[^\W\d_]*")
# A mocking voice is one stretch of words: its words are read within this many characters
# of a strong alternation ("cAsH"), not over a whole long field once one is seen anywhere
# (docs/performance.md, "Session 11: the full run after its merges"). A post of up to this
# many characters (a tweet is 280) is read whole as before, wherever its alternation is.
VOICE_REACH = 400
_MIN_MOCK_WORDS = 3  # "sPeEd CaMeRaS aRe": one odd word is a brand or a typo, three a voice
# Share of letter pairs that change case: "sPeEd" 4 of 4, "cAsH" 3 of 3; "McDonald" 3 of 7,
# and stylised capitals ("LiON ROARiNG", "PoLiTicians") about half.
_MIN_SWITCH_SHARE = 0.75
_SHORT_REPLY = 4  # words in a reply sentence that a contempt emoji answers by itself
_MAX_ECHO = 60  # characters of a quoted-back stretch
_RELATIVE = frozenset({"who", "that", "whose"})
_CORRECTION = re.compile(r"(?<![\w*])\*[^\W\d_][\w']*")
_AGAIN = frozenset({"another", "yet"})  # "another masterpiece", "yet another genius move"


def _excused(f: FieldView, m: LexiconMatch) -> bool:
    return f.layout.not_own(m) or f.answers_criminal_view()


def remarks(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Taunts and sarcasm cues said to someone, or in a post about a person ("Play stupid
    games, win stupid prizes." under an arrest: the suspect is mocked)."""
    for m in found:
        if not (f.addressed(m) or f.names_person()):
            continue
        if _excused(f, m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.mockery", m)
        yield f.target(m, False)


def sneers(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Sneering labels for people ("the usual suspects", "professional complainers"): they
    name people by themselves, so only negation or another's words excuse them."""
    for m in found:
        if f.aim(m) is Aim.NEGATED:
            continue
        if _excused(f, m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.mockery", m)
        yield f.target(m, True)


_OPENING_REACH = 120  # characters of interjections ("lol ok wow") that may open a retort


def retorts(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Sarcastic retorts ("Sure he is.", "Yeah right.") opening a sentence said to someone."""
    for m in found:
        s_start, _ = f.layout.sentence(m.start)
        # Inside a sentence ("make sure he is safe"): a word before it that is not an
        # interjection, or more than a few interjections' worth of text (read lazily and
        # bounded, so a run-on text of retorts is not re-read from its start for each).
        if m.start - s_start > _OPENING_REACH or any(
            w.group() not in INTERJECTIONS for w in TOKEN.finditer(f.text, s_start, m.start)
        ):
            continue
        if not f.addressed(m):
            continue
        if _excused(f, m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.mockery", m)
        yield f.target(m, False)


def epithets(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Mocking epithets as a form of address (", genius."), in scare quotes ("this 'genius'
    tried to outrun us"), before a relative clause naming what someone did ("to the genius
    who parked in the fire lane"), or naming someone ("this genius", "another Einstein") in a
    post that laughs or rolls its eyes; "a genius idea from the youth council" is praise."""
    laughing = _laughing(f)
    for m in found:
        s_start, _ = f.layout.sentence(m.start)
        named = TOKEN.findall(f.text, max(s_start, m.start - 12), m.start)[-1:]
        if not (
            f.vocative(m, opening=f.is_reply)
            or _scare_quoted(f, m.start, m.end)
            or _relative_after(f, m)  # "to the genius (at EPS) who parked in the fire lane"
            or (
                laughing and (f.aim(m) is Aim.DEMONSTRATIVE or (named and named[0] in LABEL_BEFORE))
            )
        ):
            continue
        if _excused(f, m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.mockery", m)
        yield f.target(m, False)


# A short place or unit between an epithet and its relative clause: "the genius at EPS who
# booked the room", "the wizard in accounting that ...".
_PLACE_PREPOSITIONS = frozenset({"at", "in", "on", "from", "over"})
_PLACE_REACH = 40  # characters after the epithet where the relative clause may start
_PLACE_WORDS = 3  # words of the place


def _relative_after(f: FieldView, m: LexiconMatch) -> bool:
    """A relative clause naming what someone did follows the epithet, right after it or, in a
    post that laughs or rolls its eyes, after a short place ("to the genius who parked in the
    fire lane", "the genius at EPS who scheduled the meeting 🙄"), with no punctuation
    between."""
    end = min(len(f.text), m.end + _PLACE_REACH)
    words: list[re.Match[str]] = []
    for t in TOKEN.finditer(f.text, m.end, end):
        if f.text[m.end if not words else words[-1].end() : t.start()].strip():
            return False  # punctuation between: a new clause
        words.append(t)
        w = t.group()
        if w in _RELATIVE:
            # After a place, only in a post that laughs or rolls its eyes: "a genius at the
            # science fair who built a robot" is praise.
            return len(words) == 1 or (
                words[0].group() in _PLACE_PREPOSITIONS
                and len(words) - 2 <= _PLACE_WORDS
                and _ironic(f)
            )
        if len(words) > _PLACE_WORDS + 1:
            return False
    return False


def labels(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """A given name used as a label for a kind of person: "a Karen", "ok Karen", "Karen
    here", "Karens". A name alone ("Karen Smith, 41, was found safe") is a name."""
    for m in found:
        before = TOKEN.findall(f.text, max(0, m.start - 24), m.start)
        after = TOKEN.findall(f.text, m.end, min(len(f.text), m.end + 16))
        plural = m.term.endswith("s")
        if not (
            plural or (before and before[-1] in LABEL_BEFORE) or (after and conduct_word(after[0]))
        ):
            continue
        if _excused(f, m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.mockery", m)
        yield f.target(m, plural)


def emoji(f: FieldView, found: list[LexiconMatch], wry: bool = False) -> Iterator[Hit]:
    """Contempt emoji aimed at someone. In a reply: in a sentence with "you" or one naming
    people ("some people ... 🤡", "whoever wrote this 🙄"), or short enough that the emoji is
    the answer ("ok 🙄", "🤡🤡🤡"). Elsewhere: next to an @mention. An eye
    roll in a post to everyone is mostly at a situation, even one with people in it ("the new
    policy is a joke 🙄 whoever wrote it ..."), and a generic "you" ("til yours dies 🙄") aims
    it at no one. Wry emoji (😏 🙃 😴) count only in replies: elsewhere they are about oneself
    or the day."""
    seen: set[int] = set()
    for m in found:
        s_start, s_end = f.layout.sentence(m.start)
        if s_start in seen:
            continue  # one finding per sentence ("🤡🤡🤡")
        if f.is_reply:
            short = len(_WORD.findall(f.text, s_start, s_end)) <= _SHORT_REPLY
            # "Some people will complain about anything 🤡" under a resident's post: the
            # people named are the one replied to.
            aimed = short or f.sentence_has_you(m) or _people_named(f, m)
        elif wry:
            aimed = False
        else:
            aimed = f.sentence_has_mention(m)
        if not aimed:
            continue
        seen.add(s_start)
        if _excused(f, m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.mockery", m)
        yield f.target(m, False)


def _people_named(f: FieldView, m: LexiconMatch) -> bool:
    """The sentence of `m` names people: a word for people ("some people", "folks"), a
    protected group, or a "this guy"-style reference (not a bare pronoun)."""
    return f.people_in_sentence(m) or f.sentence_has(TARGET_PHRASES, m)


def mock_cased(raw: str) -> list[re.Match[str]]:
    """The words of `raw` typed in alternating case, when there are enough of them to be a
    voice (hashtags and handles in CamelCase are names, not a voice)."""
    hints = [m.start() - 1 for m in MOCK_CASE_HINT.finditer(raw)]
    if not hints:
        return []
    mocked = [
        w
        for w in _may_mock(raw, _near_hints(hints, len(raw)))
        if _switch_share(w.group()) >= _MIN_SWITCH_SHARE
        and (w.start() == 0 or raw[w.start() - 1] not in "#@")
    ]
    return mocked if len(mocked) >= _MIN_MOCK_WORDS else []


def _near_hints(hints: list[int], n: int) -> list[tuple[int, int]]:
    """The stretches within `VOICE_REACH` of a hint, merged, in order."""
    spans: list[tuple[int, int]] = []
    for h in hints:
        lo, hi = max(0, h - VOICE_REACH), min(n, h + VOICE_REACH)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def _may_mock(raw: str, spans: list[tuple[int, int]]) -> list[re.Match[str]]:
    """The words of `_WORD.finditer(raw)` (runs of three letters or more) that hold a
    `_SWITCH_CUE` within `spans`, in order: found from the cues, so a text without any costs
    one search."""
    out: list[re.Match[str]] = []
    rev: str | None = None
    n = len(raw)
    taken = -1  # end of the last run taken
    for lo, hi in spans:
        for cue in _SWITCH_CUE.finditer(raw, lo, hi):
            p = cue.start()
            if p < taken:
                continue  # a cue of the run already taken
            if rev is None:
                rev = raw[::-1]
            # The run of letters holding `p`: back to its start (read in the reversed text),
            # on to its end.
            start = n - _LETTERS.match(rev, n - 1 - p).end()  # type: ignore[union-attr]
            taken = _LETTERS.match(raw, p).end()  # type: ignore[union-attr]
            word = _WORD.match(raw, start)
            if word is not None:
                out.append(word)
    return out


def mock_case(f: FieldView) -> Iterator[Hit]:
    """Words typed in alternating case, the written form of a mocking voice: a reply echoing
    the view it answers ("sPeEd CaMeRaS aRe A cAsH gRaB"). Read in replies, and in posts
    that are rude otherwise; a post to everyone in mock case alone is not read (the check
    costs more than ordinary posts can carry)."""
    mocked = mock_cased(f.raw)
    if not mocked or f.answers_criminal_view():
        return
    ev = f.evidence_at(mocked[0].start(), mocked[-1].end())
    yield Hit("respect.mockery", ev)
    yield Hit("respect.targets", ev, tag="person")


def _switch_share(word: str) -> float:
    switches = sum(a.isupper() != b.isupper() for a, b in zip(word, word[1:], strict=False))
    return switches / (len(word) - 1)


def _scare_quoted(f: FieldView, start: int, end: int) -> bool:
    """`text[start:end]` is all a short quotation holds: quoted for a sneer, not a report."""
    span = f.layout.enclosing_quote(start, end)
    if span is None:
        return False
    a, b = span
    # Only this quotation can hold the words strictly inside it (quotations do not overlap).
    return (
        a < start
        and end < b
        and not WORDISH.search(f.text, a, start)
        and not WORDISH.search(f.text, end, b)
    )


# Words for people whose scare quotes sneer at who they are. Roles a scammer fakes ("the
# 'landlord'", "the 'officer' on the phone") are left out: quotes there warn of a pretence.
_PEOPLE = (CLAIMED_STATUS, PROTECTED_GROUPS)


def scare_quote_hint(text: str, groups: Mapping[str, Sequence[LexiconMatch]]) -> bool:
    """Cheap gate: a word for people with a quotation mark right before and after it."""
    # An opening quotation mark follows a space or starts the text; apostrophes ("we're") do
    # not, so most posts stop here.
    if '"' not in text and " '" not in text and not text.startswith("'"):
        return False
    n = len(text)
    for lexicon in _PEOPLE:
        for m in groups.get(lexicon, ()):
            if m.start > 0 and m.end < n and text[m.start - 1] in "\"'" and text[m.end] in "\"'":
                return True
    return False


def scare_quotes(f: FieldView) -> Iterator[Hit]:
    """What people are, in scare quotes ("the 'victim'", "'newcomer' neighbourhoods",
    "so-called 'experts'"): doubting or sneering at who they are."""
    if not f.layout.quotes:
        return
    for lexicon in _PEOPLE:
        for m in f.groups.get(lexicon, ()):
            if not _scare_quoted(f, m.start, m.end):
                continue
            if f.layout.reported(m, quotes=False) or f.answers_criminal_view():
                continue
            yield f.hit("respect.mockery", m)
            yield f.target(m, lexicon == PROTECTED_GROUPS)
            return


def spelling(f: FieldView) -> Iterator[Hit]:
    """A spelling correction that is a whole sentence of a reply ("*their", "*you're"):
    correcting how the person wrote, not what they said."""
    if f.reply is None or "*" not in f.text:
        return
    for c in _CORRECTION.finditer(f.text):
        s_start, s_end = f.layout.sentence(c.start())
        if WORDISH.search(f.text, s_start, c.start()) or WORDISH.search(f.text, c.end(), s_end):
            continue
        span = f.nt.to_original(c.start(), c.end())
        ev = f.evidence_at(span.start, span.end)
        yield Hit("respect.mockery", ev)
        yield Hit("respect.targets", ev, tag="person")
        return


def laughs_at(f: FieldView, laughter: list[LexiconMatch]) -> Iterator[Hit]:
    """A reply that only laughs ("😂😂", "lmao") at a question or a complaint: laughing at the
    person. Under a joke the same laugh is friendly, so the text replied to decides."""
    reply = f.reply
    if reply is None or not laughter or not (reply.asks or reply.grieves):
        return
    if f.field != "text" or _WORD.search(_strip(f.text, laughter)) is not None:
        return
    if f.answers_criminal_view():
        return
    yield f.hit("respect.mockery", laughter[0])
    yield f.target(laughter[0], False)


def _strip(text: str, ms: list[LexiconMatch]) -> str:
    """`text` without the spans of `ms`."""
    out, last = [], 0
    for m in ms:
        out.append(text[last : m.start])
        last = max(last, m.end)
    out.append(text[last:])
    return " ".join(out)


def echoes(f: FieldView) -> Iterator[Hit]:
    """Words of the text replied to quoted back, with laughter or a contempt emoji in the
    post: laughing at how the person wrote ("'polise' 😂😂")."""
    reply = f.reply
    if reply is None or not f.layout.quotes:
        return
    if not _laughing(f):
        return
    for start, end in f.layout.quotes:
        inner = f.text[start + 1 : end - 1].strip()
        if not WORDISH.search(inner) or len(inner) > _MAX_ECHO or inner not in reply.text:
            continue
        if f.answers_criminal_view():
            return
        span = f.nt.to_original(start, end)
        ev = f.evidence_at(span.start, span.end)
        yield Hit("respect.mockery", ev)
        yield Hit("respect.targets", ev, tag="person")
        return


def _laughing(f: FieldView) -> bool:
    """The field laughs or rolls its eyes somewhere (laughter, a contempt or wry emoji)."""
    return f.has(LAUGHTER) or f.has(CONTEMPT_EMOJI) or f.has(WRY_EMOJI)


def _ironic(f: FieldView) -> bool:
    return f.has(IRONY_MARKS) or _laughing(f)


def praise(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Praise said to or of someone and marked as ironic; sincere praise has no such mark."""
    for m in found:
        if f.hashtag(m) or not (f.addressed(m) or f.names_person()):
            continue
        again = any(w in _AGAIN for w in f.words_before(m)[-2:])
        # Praise in scare quotes ("another 'hard-hitting' piece from @reporter") is the sneer
        # itself, not someone else's words: only a reporting cue makes it another's.
        sneer = _scare_quoted(f, m.start, m.end)
        if not (again or sneer or (_ironic(f) and not f.has(SINCERITY))):
            continue
        excused = (
            f.layout.reported(m, quotes=False) or f.answers_criminal_view()
            if sneer
            else _excused(f, m)
        )
        if excused:
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.mockery", m)
        yield f.target(m, False)
        return


def views(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """People named by their views, in a post that laughs or rolls its eyes at them."""
    if not found or not _laughing(f):
        return
    for m in found:
        if f.aim(m) is Aim.NEGATED:
            continue
        if _excused(f, m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.mockery", m)
        yield f.target(m, True)
        return


def in_custody(f: FieldView, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    """Laughing at a person in police hands: "mugshot of the week 😂😂", "the guy we picked up
    tonight lmao". Both in the author's own words; a member telling of it gravely laughs not."""
    people = [m for m in found.get(CUSTODY, []) if not f.layout.not_own(m)]
    laughs = [m for m in found.get(LAUGHTER, []) if not f.layout.not_own(m)]
    if people and laughs:
        yield f.hit("respect.mockery", people[0])
        yield f.target(people[0], False)


def memes(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """A meme in an image's alt text or caption likening the people its label names to a
    crying toddler or a clown. The label is the image's own words, quoted or not, so quotes
    do not make it someone else's; a meme about the author ("me when ...") names no one."""
    if not found or not f.field.startswith("media") or not f.has(MEME_CUES):
        return
    if f.names_person():
        yield f.hit("respect.mockery", found[0])
        yield f.target(found[0], True)
