"""Small text helpers shared by the personal data scanners."""

from __future__ import annotations

import unicodedata


def word_before(s: str, a: int, also: str = "_-") -> bool:
    """Is `s[a]` glued to a word character (or one of `also`) before it?"""
    return a > 0 and (s[a - 1].isalnum() or s[a - 1] in also)


def fold(text: str) -> str:
    """Case-folded, accents removed: the form contacts are compared in."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))
