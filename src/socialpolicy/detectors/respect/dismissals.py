"""Dismissal: shutting a person out of the conversation, or impatience with them.

- a dismissive remark (`dismissive`: "nobody asked", "go away", "unfollow if you don't
  like it", "don't @ me") said to someone: in a reply, with "you" or an @mention, or next
  to "this guy";
- impatience (`impatience`: "for the last time", "how many times", "did you even read")
  said to someone;
- a curt reply (`curt_replies`: "Blocked.", "Bye 👋", "Whatever.", "Next question."): the
  word makes up a sentence of a reply on its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import FieldView
from socialpolicy.detectors.respect.grammar import TOKEN

__all__ = ["curt", "dismissals"]


def _excused(f: FieldView, m: LexiconMatch) -> bool:
    return f.layout.not_own(m) or f.answers_criminal_view()


def _alone_but_mentions(f: FieldView, m: LexiconMatch) -> bool:
    s_start, s_end = f.layout.sentence(m.start)
    rest = f.text[s_start : m.start] + " " + f.text[m.end : s_end]
    return all(w.startswith("@") for w in TOKEN.findall(rest))


def dismissals(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Dismissive remarks and impatience said to someone."""
    for m in found:
        if not f.addressed(m):
            continue
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
