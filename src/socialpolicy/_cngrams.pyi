"""Types of the optional C extension (src/socialpolicy/_cngrams.c)."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

Entry = tuple[bytes, dict[str, bytes] | None]

API: int

def sums(
    segments: Iterable[Sequence[str]],
    words: dict[str, Entry],
    miss: Callable[[str], Entry | None],
    nfields: int,
    pairs_on: bool,
    /,
) -> tuple[int, ...] | None: ...
def char_sum(chars: dict[str, int], padded: str, lo: int, hi: int, /) -> int | None: ...
def scan(text: str, ends: bool, /) -> list[str]: ...
def lexicon_hits(
    hits: Iterable[tuple[int, Any]], text: str, match_type: type[tuple[Any, ...]], out: list[Any], /
) -> int: ...
def plain_tokens(text: str, negations: frozenset[str], mention: str, /) -> list[str] | None: ...
def read_scopes(
    text: str,
    deny: bool,
    keep: frozenset[str],
    offensive: Callable[[str], bool] | None,
    tables: tuple[Any, ...],
    /,
) -> tuple[list[str], list[str]]: ...
def fold_fast(raw: str, table: dict[int, int], /) -> tuple[str, int] | None: ...
def cut_runs(s: str, /) -> tuple[str, tuple[int, ...], tuple[int, ...], tuple[int, ...]]: ...
def lexicon_matches(
    hits: Iterable[tuple[int, Any]], text: str, match_type: type[tuple[Any, ...]], out: list[Any], /
) -> int: ...
def group_by_lexicon(matches: list[Any], /) -> dict[str, list[Any]]: ...
