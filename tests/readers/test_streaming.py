"""Exports are read in one pass with flat memory: five times the posts, about the same peak."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from _exports import write_big_tweets_js
from socialpolicy.readers import ExportRecord, open_export


def _peak(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        n = sum(
            1 for r in open_export(str(path.parent.parent)).records() if isinstance(r, ExportRecord)
        )
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_an_x_archive_holds_one_post_at_a_time(tmp_path: Path) -> None:
    small = write_big_tweets_js(tmp_path / "small" / "data" / "tweets.js", 1_000)
    large = write_big_tweets_js(tmp_path / "large" / "data" / "tweets.js", 6_000)
    n_small, peak_small = _peak(small)
    n_large, peak_large = _peak(large)
    assert (n_small, n_large) == (1_000, 6_000)
    # Holding the posts would cost ~1 KB each (5 MB more for the large file); streaming
    # keeps the peak within a small constant of the small file's.
    assert peak_large < peak_small * 1.5 + 500_000, (peak_small, peak_large)
