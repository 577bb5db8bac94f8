"""Proof bundles an outsider can check without the log: inclusion and consistency.

An **inclusion** bundle holds one record's leaf (its canonical content: verdict, rules,
citations, commitment), the tree size and root it is proved against, and the audit path.
Optionally it carries the record's salt and private part, so the recipient can also check
the input against the commitment. A **consistency** bundle proves that the tree of one
checkpoint is a prefix of the tree of a later one: nothing before was changed or removed.

Bundles may carry the signed checkpoint notes they were made against; `check_bundle` checks
their signatures with the verifier keys it is given and that their sizes and roots are the
ones proved.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any

from socialpolicy.audit import merkle
from socialpolicy.audit.checkpoint import SignedCheckpoint, VerifierKey
from socialpolicy.audit.checkpoint import parse as parse_note
from socialpolicy.audit.log import DecisionLog, commit, leaf_bytes
from socialpolicy.errors import Location, LogError, ProofError

INCLUSION = "socialpolicy/inclusion-proof/v1"
CONSISTENCY = "socialpolicy/consistency-proof/v1"
MAX_BUNDLE_BYTES = 20_000_000


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def _unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise ProofError(f"{what} is not a base64 string", Location(field=what))
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ProofError(f"{what} is not base64", Location(field=what)) from None


def _root_at(log: DecisionLog, size: int) -> tuple[list[bytes], bytes]:
    leaves = log.leaf_hashes(size)
    if len(leaves) < size:
        raise ProofError(
            f"the log holds {len(leaves)} record(s), fewer than the {size} asked for",
            Location(file=log.location),
        )
    return leaves, merkle.root(leaves)


def _matching(log: DecisionLog, cp: SignedCheckpoint | None) -> tuple[int | None, str | None]:
    if cp is None:
        return None, None
    if cp.checkpoint.origin != log.origin:
        raise ProofError(
            f"the checkpoint is of log {cp.checkpoint.origin!r}, not of this log ({log.origin!r})",
            Location(file=log.location),
        )
    return cp.checkpoint.size, cp.text


def inclusion_bundle(
    log: DecisionLog,
    seq: int,
    checkpoint: SignedCheckpoint | None = None,
    with_input: bool = False,
) -> dict[str, Any]:
    """Prove record `seq` is in the tree of `checkpoint` (or of the whole log now)."""
    with log.snapshot():
        size, note = _matching(log, checkpoint)
        if size is None:
            size = log.count()
        if not 1 <= seq <= size:
            raise ProofError(
                f"record {seq} is not in a tree of {size} record(s)", Location(record=str(seq))
            )
        leaves, root = _root_at(log, size)
        if checkpoint is not None and root != checkpoint.checkpoint.root_bytes:
            raise ProofError(
                f"the log's first {size} records do not match the checkpoint: the log was "
                "changed since (run `socialpolicy log verify --checkpoint`)",
                Location(file=log.location),
            )
        rows = list(log.raw_rows(seq))
        row = rows[0] if rows and rows[0].seq == seq else None
        if row is None:
            raise ProofError(f"record {seq} is not in the log", Location(record=str(seq)))
        content = row.content()
        leaf = merkle.leaf_hash(leaf_bytes(content))
        if leaf != leaves[seq - 1]:
            raise ProofError(
                f"record {seq} does not match its stored leaf hash: run `socialpolicy log verify`",
                Location(record=str(seq)),
            )
        bundle: dict[str, Any] = {
            "type": INCLUSION,
            "origin": log.origin,
            "tree_size": size,
            "root": _b64(root),
            "index": seq - 1,
            "leaf": content,
            "leaf_hash": _b64(leaf),
            "proof": [_b64(p) for p in merkle.inclusion_proof(seq - 1, leaves)],
            "checkpoints": [note] if note else [],
        }
        if with_input:
            private = row.private()
            bundle["private"] = None if private is None else {"salt": row.salt, "payload": private}
    return bundle


def consistency_bundle(
    log: DecisionLog, first: SignedCheckpoint, second: SignedCheckpoint | None = None
) -> dict[str, Any]:
    """Prove the tree of `first` is a prefix of the tree of `second` (or of the log now)."""
    with log.snapshot():
        m, note1 = _matching(log, first)
        n, note2 = _matching(log, second)
        assert m is not None
        if n is None:
            n = log.count()
        if m > n:
            raise ProofError(
                f"the first checkpoint ({m} records) is larger than the second ({n}): the "
                "log lost records",
                Location(file=log.location),
            )
        leaves, root2 = _root_at(log, n)
        if second is not None and root2 != second.checkpoint.root_bytes:
            raise ProofError(
                f"the log's first {n} records do not match the second checkpoint",
                Location(file=log.location),
            )
        root1 = merkle.root(leaves[:m])
        if root1 != first.checkpoint.root_bytes:
            raise ProofError(
                f"the log's first {m} records do not match the first checkpoint: records "
                "were changed since it was issued",
                Location(file=log.location),
            )
        proof = merkle.consistency_proof(m, leaves) if m else []
    return {
        "type": CONSISTENCY,
        "origin": log.origin,
        "first": {"size": m, "root": _b64(root1)},
        "second": {"size": n, "root": _b64(root2)},
        "proof": [_b64(p) for p in proof],
        "checkpoints": [t for t in (note1, note2) if t],
    }


def read_bundle(text: str, file: str | None = None) -> dict[str, Any]:
    if len(text) > MAX_BUNDLE_BYTES:
        raise ProofError("the proof file is too large", Location(file=file))
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ProofError(f"the proof is not JSON: {exc}", Location(file=file)) from None
    if not isinstance(data, dict) or data.get("type") not in (INCLUSION, CONSISTENCY):
        raise ProofError(
            f"not a socialpolicy proof (type {INCLUSION!r} or {CONSISTENCY!r})",
            Location(file=file, field="type"),
        )
    return data


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ProofError(f"{key} is not a non-negative integer", Location(field=key))
    return value


def check_bundle(
    data: dict[str, Any],
    keys: Sequence[VerifierKey] = (),
    checkpoints: Sequence[SignedCheckpoint] = (),
) -> list[str]:
    """Check a proof bundle; return what was established, one line each. ProofError if not.

    The checkpoints inside the bundle and those given are each checked: signed by one of
    `keys`, of the bundle's origin, and (where their size is one the bundle proves) with the
    root the proof leads to. Without keys, notes cannot be trusted and are refused.
    """
    origin = data.get("origin")
    notes = [parse_note(t, "bundle") for t in data.get("checkpoints") or () if isinstance(t, str)]
    notes.extend(checkpoints)
    said: list[str] = []
    proved: dict[int, bytes] = {}
    if data["type"] == INCLUSION:
        size, index = _int(data, "tree_size"), _int(data, "index")
        root = _unb64(data.get("root"), "root")
        leaf_content = data.get("leaf")
        if not isinstance(leaf_content, dict):
            raise ProofError("the bundle has no leaf", Location(field="leaf"))
        leaf = merkle.leaf_hash(leaf_bytes(leaf_content))
        if leaf != _unb64(data.get("leaf_hash"), "leaf_hash"):
            raise ProofError(
                "the leaf does not hash to the bundle's leaf_hash", Location(field="leaf")
            )
        if leaf_content.get("seq") != index + 1:
            raise ProofError(
                "the leaf's seq does not match the proved index", Location(field="leaf")
            )
        path = [_unb64(p, "proof") for p in _list(data, "proof")]
        merkle.verify_inclusion(index, size, leaf, path, root)
        proved[size] = root
        said.append(f"record {index + 1} is in the tree of {size} record(s) with root {_b64(root)}")
        private = data.get("private")
        if isinstance(private, dict):
            salt = private.get("salt")
            payload = private.get("payload")
            try:
                ok = (
                    isinstance(salt, str)
                    and isinstance(payload, dict)
                    and commit(bytes.fromhex(salt), payload) == leaf_content.get("commitment")
                )
            except ValueError:
                ok = False
            if not ok:
                raise ProofError(
                    "the input given does not match the record's commitment",
                    Location(field="private"),
                )
            said.append("the input given is the one the record committed to")
    else:
        first, second = data.get("first"), data.get("second")
        if not isinstance(first, dict) or not isinstance(second, dict):
            raise ProofError("the bundle needs first and second tree heads")
        m, n = _int(first, "size"), _int(second, "size")
        r1, r2 = _unb64(first.get("root"), "first.root"), _unb64(second.get("root"), "second.root")
        path = [_unb64(p, "proof") for p in _list(data, "proof")]
        if m == 0:
            if path or r1 != merkle.EMPTY_ROOT:
                raise ProofError("an empty first tree needs an empty proof and the empty root")
        else:
            merkle.verify_consistency(m, n, path, r1, r2)
        proved[m], proved[n] = r1, r2
        said.append(f"the tree of {m} record(s) is a prefix of the tree of {n} record(s)")
    for note in notes:
        cp = note.checkpoint
        if cp.origin != origin:
            raise ProofError(f"a checkpoint is of log {cp.origin!r}, not {origin!r}")
        if not keys:
            raise ProofError("checkpoints cannot be trusted without a verifier key (--key)")
        try:
            signers = note.require(list(keys))
        except LogError as exc:
            raise ProofError(exc.message) from None
        if cp.size in proved:
            if proved[cp.size] != cp.root_bytes:
                raise ProofError(
                    f"the checkpoint of size {cp.size} has another root than the one proved"
                )
            said.append(f"the root of size {cp.size} is the one signed by {', '.join(signers)}")
    if not any(note.checkpoint.size in proved for note in notes):
        said.append("no checkpoint anchors the proved root: give the one you kept (--checkpoint)")
    return said


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ProofError(f"{key} is not a list", Location(field=key))
    return value
