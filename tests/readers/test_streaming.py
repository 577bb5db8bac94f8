"""Exports are read in one pass with flat memory: five times the posts, about the same peak."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

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
    small = write_big_tweets_js(tmp_path / "small" / "data" / "tweets.js", 400)
    large = write_big_tweets_js(tmp_path / "large" / "data" / "tweets.js", 2_400)
    n_small, peak_small = _peak(small)
    n_large, peak_large = _peak(large)
    assert (n_small, n_large) == (400, 2_400)
    # Holding the posts would cost ~1 KB each (2 MB more for the large file); streaming
    # keeps the peak within a small constant of the small file's.
    assert peak_large < peak_small * 1.5 + 500_000, (peak_small, peak_large)


DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"  # make_bluesky_car's


def _car(path: Path, count: int, by_cid: bool) -> Path:
    import sys
    from datetime import UTC, datetime, timedelta

    from _exports import FIXTURES

    sys.path.insert(0, str(FIXTURES))
    from make_bluesky_car import write_repo

    start = datetime(2024, 1, 1, tzinfo=UTC)
    write_repo(
        path,
        (
            (
                f"3k{i:011d}",
                {
                    "$type": "app.bsky.feed.post",
                    "text": f"Post {i} on the trails",
                    "createdAt": (start + timedelta(minutes=i)).isoformat(),
                },
            )
            for i in range(count)
        ),  # fmt: skip
        by_cid=by_cid,
    )
    return path


def _car_peak(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        n = sum(1 for r in open_export(str(path)).records() if isinstance(r, ExportRecord))
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_car_in_tree_order_is_read_with_flat_memory(tmp_path: Path) -> None:
    n_small, peak_small = _car_peak(_car(tmp_path / "small.car", 300, by_cid=False))
    n_large, peak_large = _car_peak(_car(tmp_path / "large.car", 2_000, by_cid=False))
    assert (n_small, n_large) == (300, 2_000)
    # The old index kept ~0.6 KB a block (1 MB more here); one pass keeps a few entries.
    assert peak_large < peak_small * 1.5 + 300_000, (peak_small, peak_large)


def test_a_car_sorted_by_cid_spills_its_bookkeeping_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialpolicy.readers import bluesky

    monkeypatch.setattr(bluesky, "SPILL_AT", 100)
    small, large = tmp_path / "small.car", tmp_path / "large.car"
    n_small, peak_small = _car_peak(_car(small, 300, by_cid=True))
    n_large, peak_large = _car_peak(_car(large, 2_000, by_cid=True))
    assert (n_small, n_large) == (300, 2_000)
    assert peak_large < peak_small * 1.5 + 300_000, (peak_small, peak_large)
    # Every post of the repository, none twice.
    got = sorted(
        r.post.id for r in open_export(str(large)).records() if isinstance(r, ExportRecord)
    )
    assert got == [f"at://{DID}/app.bsky.feed.post/3k{i:011d}" for i in range(2_000)]
