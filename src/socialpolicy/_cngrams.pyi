"""Types of the optional C extension (src/socialpolicy/_cngrams.c)."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

API: int

def table_build(
    unigrams: tuple[dict[str, int], ...],
    bigrams: tuple[dict[str, int], ...],
    chars: tuple[dict[str, int], ...],
    lo: int,
    hi: int,
    cap: int,
    base_count: int,
    special: str,
    /,
) -> object | None: ...
def table_sums(
    table: object,
    segments: Iterable[Sequence[str]],
    fields: dict[str, bytes],
    miss: Callable[[str], bytes | None],
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
def ac_build(keys: list[str], payloads: tuple[Any, ...], ranks: dict[str, int], /) -> object: ...
def ac_matches(
    automaton: object, text: str, match_type: type[tuple[Any, ...]], out: list[Any], /
) -> int: ...
def ac_hits(automaton: object, text: str, /) -> list[tuple[int, int]]: ...
