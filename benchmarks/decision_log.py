#!/usr/bin/env python3
"""Cost of the decision log's Merkle tree, commitments, checkpoints, proofs and erasure.

Run from a checkout:  python benchmarks/decision_log.py [--records N]

On a fresh SQLite log of N synthetic records (default 20,000; the shape `check --log`
writes: one post, no account, a finding quoting the text), appended in chunks of 200 as
`check` does, it prints CPU seconds (time.process_time, this process only) for: appending,
`verify` without and with a checkpoint, issuing a checkpoint, an inclusion proof of the
middle record and its check, a consistency proof, and erasing one person found in one record.
"""

from __future__ import annotations

import argparse
import base64
import tempfile
import time
from pathlib import Path
from typing import Any

from socialpolicy.audit import merkle
from socialpolicy.audit.anchor import verify_against
from socialpolicy.audit.checkpoint import Checkpoint, SigningKey, parse, sign
from socialpolicy.audit.erase import erase
from socialpolicy.audit.log import LogEntry, open_log
from socialpolicy.audit.proof import check_bundle, consistency_bundle, inclusion_bundle


def entry(i: int) -> LogEntry:
    text = f"Post {i}: call Jordan at 416-555-{i % 10000:04d} about the meeting on Main St."
    decision: dict[str, Any] = {
        "post_id": f"p{i}",
        "verdict": "violation",
        "input_digest": "sha256:" + f"{i:064x}",
        "as_of": "2025-01-01",
        "findings": [
            {
                "rule_id": "tps.privacy.personal-information",
                "rule_version": "1.0.0",
                "level": "violation",
                "evidence": [
                    {
                        "detector": "personal_data",
                        "field": "text",
                        "text": f"416-555-{i % 10000:04d}",
                        "span": {"start": 20, "end": 32},
                    }
                ],
            }
        ],
    }
    inp = {"post": {"id": f"p{i}", "text": text}, "account": None, "account_assumed": True}
    return LogEntry(decision, inp, "sha256:" + "ab" * 32)


def timed(label: str, fn: Any) -> Any:
    start = time.process_time()
    out = fn()
    print(f"{label:<52} {time.process_time() - start:8.3f} s CPU")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=20_000)
    n = ap.parse_args().records
    key = SigningKey.generate("bench.example/log")
    with tempfile.TemporaryDirectory() as tmp:
        log = open_log(str(Path(tmp) / "bench.sqlite"), origin="bench.example/log")

        def append() -> None:
            for lo in range(0, n, 200):
                log.append([entry(i) for i in range(lo, min(n, lo + 200))])

        timed(f"append {n} records (chunks of 200)", append)
        res = timed("verify (leaves, commitments, heads)", lambda: log.verify(check_packs=False))
        assert res.ok
        cp = Checkpoint(
            origin=log.origin, size=n, root=base64.b64encode(bytes.fromhex(res.root)).decode()
        )
        note = timed("sign a checkpoint", lambda: sign(cp, key))
        path = Path(tmp) / "cp"
        path.write_text(note)
        timed(
            "verify --checkpoint",
            lambda: verify_against(log, [path], [key.verifier], check_packs=False),
        )
        bundle = timed("inclusion proof of the middle record", lambda: inclusion_bundle(
            log, n // 2, parse(note)
        ))  # fmt: skip
        timed("check it (no log)", lambda: check_bundle(bundle, [key.verifier]))
        half = Checkpoint(
            origin=log.origin,
            size=n // 2,
            root=base64.b64encode(merkle.root(log.leaf_hashes(n // 2))).decode(),
        )
        timed(
            "consistency proof n/2 -> n",
            lambda: consistency_bundle(log, parse(sign(half, key)), parse(note)),
        )
        done = timed(
            "erase one person (scan every record)",
            lambda: erase(log, "bench", person=f"416-555-{(n // 3) % 10000:04d}"),
        )
        print(f"  erased {len(done.erased)} record(s)")
        timed("verify after erasure", lambda: log.verify(check_packs=False))
        log.close()
        size = (Path(tmp) / "bench.sqlite").stat().st_size
        print(f"{'database size':<52} {size / n:8.0f} bytes/record")


if __name__ == "__main__":
    main()
