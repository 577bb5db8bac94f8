#!/usr/bin/env python3
"""One sha256 over every decision the library makes on the project's sets: speed work must
leave it unchanged.

    python benchmarks/decisions_digest.py [--external DIR] [--sets]

Judges, with both packs:

* every labelled case of `../shared/corpus/dev.jsonl` and `dev2.jsonl` and of
  `tests/data/{blind,fresh}` (with the case's own account, and again with none);
* the ordinary Canadian police posts of `tests/data/ordinary` (as each pack's member account,
  and with none);
* every UK police tweet (duplicates dropped) in `../shared/external/` (the same two ways).

For each decision it hashes the whole Decision JSON (verdict, every finding's rule id, version,
level, clauses, citations, evidence text and spans, message, input digest) and the detector
signal values the engine judged (so the offensive model's readings are covered too). It prints
one digest per set and one over everything; nothing else. The held-out blind cases (even ids)
are judged like the rest but only their digest is printed, never a case.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
try:
    import socialpolicy as sp
except ImportError:  # a checkout without installation
    sys.path.insert(0, str(ROOT / "src"))
    import socialpolicy as sp

if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from accuracy import MEMBER_ACCOUNTS, _jsonl_files, id_parity  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
EXTERNAL = ROOT.parent / "shared" / "external"
PACKS = ("toronto", "edmonton")
CREATED_AT = "2025-06-02T12:00:00+00:00"
MAX_TEXT = 10_000

# The member accounts the external and ordinary rows are judged as (accuracy.py's).
MEMBER: dict[str, dict[str, Any]] = MEMBER_ACCOUNTS


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    for file in _jsonl_files(path):
        if not file.is_file():
            continue
        with file.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


Item = tuple[Mapping[str, Any], Mapping[str, Any] | None]


def sets(external: Path) -> dict[str, list[Item]]:
    """Set name -> (post, account or None) items, each judged by both packs."""
    out: dict[str, list[Item]] = {}
    for name in ("dev", "dev2"):
        out[name] = [(c["post"], c.get("account")) for c in _jsonl(CORPUS / f"{name}.jsonl")]
    out["fresh"] = [(c["post"], c.get("account")) for c in _jsonl(ROOT / "tests/data/fresh")]
    blind = list(_jsonl(ROOT / "tests/data/blind"))
    for parity in ("odd", "even"):
        out[f"blind-{parity}"] = [
            (c["post"], c.get("account"))
            for c in blind
            if id_parity(str(c.get("id", ""))) == parity
        ]
    out["ordinary"] = [(r["post"], None) for r in _jsonl(ROOT / "tests/data/ordinary")]
    police = external / "uk_police_tweets_labeled_training.csv"
    if police.is_file():
        with police.open(newline="", encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if (r.get("tweet_class") or "").strip() != "100"]
        out["police"] = [
            (
                {
                    "id": f"uk-{i}",
                    "text": (r.get("base_text") or "")[:MAX_TEXT],
                    "created_at": CREATED_AT,
                },
                None,
            )
            for i, r in enumerate(rows)
        ]
    return out


def _signals(policy: sp.Policy, post: Mapping[str, Any], account: Any) -> bytes:
    _, sig = policy.signals_for(post, account)
    return repr(sorted(sig.values.items())).encode()


def digest_set(policies: Mapping[str, sp.Policy], items: Iterable[Item]) -> str:
    h = hashlib.sha256()
    for post, account in items:
        for pack in PACKS:
            policy = policies[pack]
            accounts: tuple[Any, ...] = (
                (account, None) if account is not None else (MEMBER[pack], None)
            )
            for acc in accounts:
                decision = policy.evaluate(post, acc)
                h.update(decision.model_dump_json().encode())
                h.update(b"\0")
                h.update(_signals(policy, post, acc))
                h.update(b"\n")
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--external", type=Path, default=EXTERNAL)
    args = ap.parse_args(argv)
    policies = {p: sp.load_policy(p) for p in PACKS}
    total = hashlib.sha256()
    for name, items in sets(args.external).items():
        d = digest_set(policies, items)
        total.update(f"{name}:{d}\n".encode())
        print(f"{name:<12} {len(items):>6} posts  {d}")
    print(f"{'all':<12} {'':>6}        {total.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
