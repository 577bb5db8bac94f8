"""Dismissal: shutting a person out of the conversation, or impatience with them.

- a dismissive remark (`dismissive`: "nobody asked", "go away", "unfollow if you don't
  like it", "don't @ me") said to someone: in a reply, with "you" or an @mention, or next
  to "this guy";
- impatience (`impatience`: "for the last time", "how many times", "did you even read")
  said to someone;
- a curt reply (`curt_replies`: "Blocked.", "Bye 👋", "Whatever.", "Next question."): the
  word makes up a sentence of a reply on its own;
- a brush-off (`brush_offs`: "join the club", "get over it", "should have listened") in a
  reply to a complaint or a hurt: the person's grievance is waved away as common, deserved or
  theirs to live with.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import FieldView
from socialpolicy.detectors.respect.grammar import NEG, TOKEN

__all__ = ["brush_offs", "curt", "dismissals"]


def _excused(f: FieldView, m: LexiconMatch) -> bool:
    return f.layout.not_own(m) or f.answers_criminal_view()


def _negated(f: FieldView, m: LexiconMatch) -> bool:
    return any(w in NEG for w in f.words_before(m)[-4:])


def _alone_but_mentions(f: FieldView, m: LexiconMatch) -> bool:
    s_start, s_end = f.layout.sentence(m.start)
    # The words before `m` and after it, read up to the first that is not a mention.
    return not any(
        not w.group().startswith("@")
        for lo, hi in ((s_start, m.start), (m.end, s_end))
        for w in TOKEN.finditer(f.text, lo, hi)
    )


def dismissals(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Dismissive remarks and impatience said to someone."""
    for m in found:
        if not f.addressed(m):
            continue
        if _negated(f, m):
            continue  # "you should not have to deal with it"
        if _excused(f, m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.dismissive", m)
        yield f.target(m, False)


def curt(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """A dismissive word that is a whole sentence of a reply, or said to an @mention
    ("@dave blocked.")."""
    for m in found:
        if not (f.is_reply and f.alone(m)) and not (
            f.sentence_has_mention(m) and _alone_but_mentions(f, m)
        ):
            continue
        if _excused(f, m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.dismissive", m)
        yield f.target(m, False)


def brush_offs(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Brush-offs in a reply to a complaint or a hurt; one finding per post is enough."""
    reply = f.reply
    if reply is None or not reply.grieves:
        return
    for m in found:
        if _negated(f, m):
            continue  # "you don't have to just deal with it"
        if _excused(f, m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.dismissive", m)
        yield f.target(m, False)
        return
