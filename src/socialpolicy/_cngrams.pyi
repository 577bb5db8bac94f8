"""Types of the optional C extension (src/socialpolicy/_cngrams.c)."""

from collections.abc import Callable, Iterable, Sequence

def sums(
    segments: Iterable[Sequence[str]],
    words: dict[str, bytes],
    miss: Callable[[str], bytes | None],
    pairs: dict[str, dict[str, bytes]] | None,
    nfields: int,
    /,
) -> tuple[int, ...] | None: ...
def char_sum(chars: dict[str, int], padded: str, lo: int, hi: int, /) -> int | None: ...
