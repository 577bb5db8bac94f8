"""A compiled pattern that counts the start positions its calls may try, for the counted
linearity tests (the same count on any machine)."""

from __future__ import annotations

import re
from collections.abc import Iterator


class CountedPattern:
    """`pattern`, counting the start positions its calls may try: a whole `finditer` or
    `search` from `pos` may try every one after it, a `match` one."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.tried = 0

    def finditer(self, s: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        self.tried += len(s) - pos
        return self.pattern.finditer(s, pos, len(s) if endpos is None else endpos)

    def search(self, s: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        self.tried += len(s) - pos
        return self.pattern.search(s, pos, len(s) if endpos is None else endpos)

    def match(self, s: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        self.tried += 1
        return self.pattern.match(s, pos, len(s) if endpos is None else endpos)
