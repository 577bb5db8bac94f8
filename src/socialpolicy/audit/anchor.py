"""Anchoring the log outside itself: issuing signed checkpoints and verifying against them.

`issue_checkpoint` verifies the log, then signs its current tree head with the log's key and
keeps a copy in the log (the copy is a convenience; the copy that counts is the one kept
elsewhere: in a ticket, a report, a witness, an email). `verify_against` checks a log against
checkpoint files: each must be of this log (origin), signed by a trusted key, and the log's
first `size` records must still hash to its root. That fails on truncation, on a rewritten
and re-hashed record, on an inserted or reordered record, and on an emptied log.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from socialpolicy.audit.checkpoint import (
    Checkpoint,
    SignedCheckpoint,
    SigningKey,
    VerifierKey,
    read_checkpoint,
    sign,
)
from socialpolicy.audit.log import DecisionLog, Head, VerifyResult
from socialpolicy.errors import CheckpointError, Location, LogError

VERIFIER_KEY = "verifier_key"


def log_keys(log: DecisionLog) -> list[VerifierKey]:
    """The verifier key registered in the log (`log init --key`), if any."""
    text = log.get_meta(VERIFIER_KEY)
    return [VerifierKey.from_text(text, log.location)] if text else []


def register_key(log: DecisionLog, key: VerifierKey) -> None:
    log.set_meta(VERIFIER_KEY, key.to_text())


def issue_checkpoint(log: DecisionLog, key: SigningKey) -> SignedCheckpoint:
    """Verify the log, sign its tree head, keep a copy in the log; the signed note."""
    registered = log_keys(log)
    if registered and registered[0].to_text() != key.verifier.to_text():
        raise CheckpointError(
            f"this log's checkpoints are signed by {registered[0].name} "
            f"({registered[0].id.hex()}); the key given is another",
            Location(file=log.location),
        )
    res = log.verify(check_packs=True)
    if not res.ok:
        what = res.first_broken.problem if res.first_broken else "; ".join(res.pack_problems)
        raise LogError(
            f"the log does not verify ({what}): no checkpoint is issued for it",
            Location(file=log.location),
        )
    cp = Checkpoint(origin=log.origin, size=res.records, root=_b64(bytes.fromhex(res.root)))
    note = sign(cp, key)
    log.add_checkpoint(cp.size, cp.root_bytes, note)
    from socialpolicy.audit.checkpoint import parse

    return parse(note, log.location)


def _b64(b: bytes) -> str:
    import base64

    return base64.b64encode(b).decode()


def outside_heads(
    log: DecisionLog, files: Sequence[Path], keys: Sequence[VerifierKey]
) -> tuple[list[Head], list[dict[str, Any]]]:
    """Heads from checkpoint files, each checked for origin and signature; and a report."""
    trusted = [*keys, *log_keys(log)]
    heads: list[Head] = []
    report: list[dict[str, Any]] = []
    for path in files:
        note = read_checkpoint(path)
        cp = note.checkpoint
        if cp.origin != log.origin:
            raise CheckpointError(
                f"the checkpoint is of log {cp.origin!r}, not of this log ({log.origin!r})",
                Location(file=str(path), line=1),
            )
        if not trusted:
            raise CheckpointError(
                "no verifier key to check the checkpoint's signature: give --key (the log "
                "has none registered)",
                Location(file=str(path)),
            )
        signers = note.require(trusted, str(path))
        heads.append(Head(cp.size, cp.root_bytes, f"checkpoint {path}"))
        report.append({"file": str(path), "size": cp.size, "root": cp.root, "signed_by": signers})
    return heads, report


def verify_against(
    log: DecisionLog,
    files: Sequence[Path] = (),
    keys: Sequence[VerifierKey] = (),
    check_packs: bool = True,
    load_packs: bool = False,
) -> VerifyResult:
    """`log.verify`, with the heads of the checkpoint files given (see module docstring)."""
    heads, report = outside_heads(log, files, keys)
    res = log.verify(check_packs=check_packs, heads=heads, load_packs=load_packs)
    res.checkpoints = report
    if res.first_broken is None and heads:
        res.anchored = max(h.size for h in heads)
    return res
