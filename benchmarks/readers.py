#!/usr/bin/env python3
"""Export readers at scale: posts per second read, and read plus judged, per format.

Run from a checkout:  python benchmarks/readers.py [--posts 100000] [--quick] [--json FILE]

For each format (X archive, Mastodon outbox, Bluesky CAR and JSON, Facebook, Instagram, CSV,
JSONL) it writes an export of N generated posts (texts from `_corpus.py`, never copies of
labelled or external data) to a temporary folder, then, in a fresh interpreter per format,
reads it (posts/s, CPU time) and reads and judges it with the Toronto pack (posts/s, CPU
time), and reports the peak resident memory of that interpreter and, in a run of its own
under tracemalloc, the peak of Python's heap while reading; the same at N/10 shows whether
memory grows with the export (flat: streaming) or not. Bluesky CARs are written twice: in
tree order (`bluesky-car`) and sorted by CID (`bluesky-car-by-cid`, where the reader's
bookkeeping spills to a temporary file). Offline throughout.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "fixtures" / "exports"))

FORMATS = (
    "x-archive",
    "mastodon",
    "bluesky-car",
    "bluesky-car-by-cid",
    "bluesky-json",
    "facebook",
    "instagram",
    "csv",
    "json",
)
START = datetime(2024, 1, 1, tzinfo=UTC)


def _texts(n: int) -> Iterator[tuple[int, str, datetime]]:
    from _corpus import post_text

    rng = random.Random(11)
    for i in range(n):
        yield i, post_text(rng)[1], START + timedelta(minutes=7 * i)


def _json_array(path: Path, items: Iterator[Any], head: str = "[", tail: str = "]") -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head + "\n")
        for k, item in enumerate(items):
            fh.write(("," if k else "") + json.dumps(item) + "\n")
        fh.write(tail + "\n")


def write_car(path: Path, texts: Iterator[tuple[int, str, datetime]], by_cid: bool) -> None:
    """A repository CAR of the posts (`make_bluesky_car.write_repo`: a real Merkle search
    tree), in tree order or sorted by CID."""
    from make_bluesky_car import write_repo

    write_repo(
        path,
        (
            (f"{i:013d}", {"$type": "app.bsky.feed.post", "text": t, "createdAt": w.isoformat()})
            for i, t, w in texts
        ),
        by_cid=by_cid,
        did="did:plc:bench",
    )


def write_export(fmt: str, n: int, root: Path) -> Path:
    """An export of `n` posts in `fmt`, written item by item."""
    root.mkdir(parents=True, exist_ok=True)
    texts = _texts(n)
    if fmt == "x-archive":
        data = root / "data"
        data.mkdir(exist_ok=True)
        esc = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
        _json_array(
            data / "tweets.js",
            (
                {
                    "tweet": {
                        "id_str": str(10**17 + i),
                        "full_text": "".join(esc.get(c, c) for c in t),
                        "created_at": w.strftime("%a %b %d %H:%M:%S %z %Y"),
                        "retweet_count": "0",
                        "favorite_count": "1",
                        "lang": "en",
                        "entities": {"hashtags": [], "user_mentions": [], "urls": []},
                    }
                }
                for i, t, w in texts
            ),  # fmt: skip
            head="window.YTD.tweets.part0 = [",
        )
        acc = {"account": {"username": "bench", "accountId": "1", "accountDisplayName": "Bench"}}
        (data / "account.js").write_text("window.YTD.account.part0 = " + json.dumps([acc]))
        return root
    if fmt == "mastodon":
        pub = "https://www.w3.org/ns/activitystreams#Public"
        _json_array(
            root / "outbox.json",
            (
                {
                    "type": "Create",
                    "object": {
                        "id": f"https://s.example/users/b/statuses/{i}",
                        "type": "Note",
                        "published": w.isoformat(),
                        "to": [pub],
                        "cc": [],
                        "content": "<p>" + t.replace("&", "&amp;").replace("<", "&lt;") + "</p>",
                    },
                }
                for i, t, w in texts
            ),  # fmt: skip
            head='{"type": "OrderedCollection", "orderedItems": [',
            tail="]}",
        )
        return root
    if fmt == "bluesky-json":
        path = root / "posts.json"
        _json_array(
            path,
            (
                {
                    "uri": f"at://did:plc:bench/app.bsky.feed.post/{i:013d}",
                    "value": {"$type": "app.bsky.feed.post", "text": t, "createdAt": w.isoformat()},
                }
                for i, t, w in texts
            ),  # fmt: skip
            head='{"records": [',
            tail="]}",
        )
        return path
    if fmt in ("bluesky-car", "bluesky-car-by-cid"):
        path = root / "repo.car"
        write_car(path, texts, by_cid=fmt.endswith("by-cid"))
        return path
    if fmt == "facebook":
        folder = root / "your_facebook_activity" / "posts"
        folder.mkdir(parents=True, exist_ok=True)
        _json_array(
            folder / "your_posts_1.json",
            (
                {"timestamp": int(w.timestamp()), "data": [{"post": t}], "title": "Bench posted."}
                for _, t, w in texts
            ),  # fmt: skip
        )
        return root
    if fmt == "instagram":
        folder = root / "your_instagram_activity" / "content"
        folder.mkdir(parents=True, exist_ok=True)
        _json_array(
            folder / "posts_1.json",
            (
                {
                    "media": [
                        {
                            "uri": f"media/posts/{i}.jpg",
                            "creation_timestamp": int(w.timestamp()),
                            "title": t,
                        }
                    ]
                }
                for i, t, w in texts
            ),  # fmt: skip
        )
        return root
    if fmt == "csv":
        import csv

        path = root / "posts.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["id", "text", "created_at", "likes"])
            for i, t, w in texts:
                out.writerow([f"c{i}", t, w.isoformat(), i % 7])
        return path
    if fmt == "json":
        path = root / "posts.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i, t, w in texts:
                fh.write(json.dumps({"id": f"j{i}", "text": t, "created_at": w.isoformat()}) + "\n")
        return path
    raise SystemExit(f"unknown format {fmt}")


def measure(path: str, judge: bool, trace: bool = False) -> dict[str, Any]:
    """In this interpreter: read (and judge) every post of one export; CPU time, peak RSS,
    and with `trace` the peak of Python's heap while reading (tracemalloc: slower, exact)."""
    import tracemalloc

    from socialpolicy import Account, load_policy
    from socialpolicy.readers import ExportRecord, open_export

    policy = load_policy("toronto") if judge else None
    account = Account(handle="@bench", owner={"organisation": "tps", "role": "officer"})
    n = bad = 0
    if trace:
        tracemalloc.start()
    t0 = time.process_time()
    for item in open_export(path).records():
        if not isinstance(item, ExportRecord):
            bad += 1
            continue
        n += 1
        if policy is not None:
            policy.evaluate(item.post, account)
    cpu = time.process_time() - t0
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    rss_mb = _peak_rss_mb()
    return {
        "posts": n,
        "bad": bad,
        "cpu_s": round(cpu, 3),
        "posts_per_s": round(n / cpu) if cpu else None,
        "max_rss_mb": round(rss_mb, 1),
        "heap_peak_mb": round(traced / 1e6, 2) if traced is not None else None,
    }


def _peak_rss_mb() -> float:
    """This interpreter's peak resident memory. Linux's VmHWM starts afresh at exec; the
    rusage figure would carry over the parent's peak (which wrote the export) on Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(path: Path, judge: bool, trace: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--measure", str(path)]
    cmd += (["--judge"] if judge else []) + (["--trace"] if trace else [])
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def run(n: int, formats: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    tenth = max(1, n // 10)
    print(
        f"{'format':<19} {'posts':>7} {'MB':>6} {'read/s':>8} {'read+judge/s':>13} "
        f"{'peak RSS MB':>12} {'at N/10':>8} {'read heap MB':>13} {'at N/10':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:
            small = write_export(fmt, tenth, Path(tmp) / f"{fmt}-small")
            big = write_export(fmt, n, Path(tmp) / fmt)
            size = sum(
                f.stat().st_size
                for f in ([big] if big.is_file() else big.rglob("*"))
                if f.is_file()
            )
            read = _child(big, judge=False)
            judged = _child(big, judge=True)
            judged_small = _child(small, judge=True)
            heap = _child(big, judge=False, trace=True)
            heap_small = _child(small, judge=False, trace=True)
            row = {
                "format": fmt,
                "posts": read["posts"],
                "posts_at_tenth": judged_small["posts"],
                "bad": read["bad"],
                "mb": round(size / 1e6, 1),
                "read_posts_per_s": read["posts_per_s"],
                "read_judge_posts_per_s": judged["posts_per_s"],
                "max_rss_mb": judged["max_rss_mb"],
                "max_rss_mb_at_tenth": judged_small["max_rss_mb"],
                "read_heap_peak_mb": heap["heap_peak_mb"],
                "read_heap_peak_mb_at_tenth": heap_small["heap_peak_mb"],
            }
            rows.append(row)
            print(
                f"{fmt:<19} {row['posts']:>7} {row['mb']:>6} {row['read_posts_per_s']:>8} "
                f"{row['read_judge_posts_per_s']:>13} {row['max_rss_mb']:>12} "
                f"{row['max_rss_mb_at_tenth']:>8} {row['read_heap_peak_mb']:>13} "
                f"{row['read_heap_peak_mb_at_tenth']:>8}",
                flush=True,
            )
    print(
        "\nread/s: reading only; read+judge/s: reading and judging with the toronto pack (CPU "
        "time). Peak RSS: the whole interpreter while reading and judging (the pack, models and "
        "libraries are most of it). Read heap: tracemalloc's peak of Python allocations while "
        "reading; flat memory means the N and N/10 columns about equal."
    )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="2,000 posts per format")
    ap.add_argument("--format", action="append", choices=FORMATS, help="only these formats")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--judge", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.judge, args.trace)))
        return
    n = 2_000 if args.quick else args.posts
    print(f"socialpolicy export readers: {n} posts per format, CPU time, toronto pack\n")
    rows = run(n, tuple(args.format or FORMATS))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
