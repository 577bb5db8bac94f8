"""The decision log: records, their Merkle tree, and the interface every backend implements.

A record holds one decision, the input it judged, the digest of the pack that judged it and
the mask applied to the input. It is stored in two parts:

- the **leaf** (never changed): `seq`, `recorded_at`, `pack_digest`, `pack_files` (the digest
  of the pack's stored files), the decision with everything that quotes the input withheld
  (`input_digest` and each evidence `text` set to null), the `mask`, and a **commitment** to
  the rest: `hmac-sha256:<hex>` keyed with a random 32-byte salt;
- the **private part** (erasable): the salt, the input, and the withheld values.

The leaf's canonical JSON is a leaf of an RFC 9162 Merkle tree (`audit/merkle.py`), whose
signed checkpoints (`audit/checkpoint.py`) can be kept outside the log. Erasing a record
deletes its private part and leaves a tombstone: the leaf, and so every proof, is unchanged,
and without the salt the commitment says nothing about the erased input.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from socialpolicy.audit import merkle
from socialpolicy.errors import Location, LogError
from socialpolicy.packs import canonical_json

SCHEMA_VERSION = "2"
"""2: Merkle tree, commitments, erasure. 1 (hash chain) is read by `audit/legacy.py`."""

LEAF_VERSION = 2
COMMITMENT = "hmac-sha256:"
ERASED = "[ERASED]"
"""What an erased input's quotes read as in a record's decision."""

DEFAULT_CHUNK = 200
"""Records per transaction when a batch is logged (also committed at least every second)."""


def utc_now() -> str:
    """The recording timestamp: UTC, ISO 8601 with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class LogEntry:
    """What a caller appends: the tree fields are filled in by the log."""

    decision: Mapping[str, Any]
    input: Mapping[str, Any]
    pack_digest: str
    mask: Mapping[str, Any] | None = None
    pack_files: str | None = None  # digest of the stored pack files (None: none stored)


@dataclass(frozen=True, slots=True)
class Erasure:
    """The tombstone of an erased record: when, why, and what selected it."""

    seq: int
    erased_at: str
    reason: str
    selector: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "erased_at": self.erased_at,
            "reason": self.reason,
            "selector": self.selector,
        }


@dataclass(frozen=True, slots=True)
class LogRecord:
    """One record of the log, as read back (private part joined, or erased)."""

    seq: int
    recorded_at: str
    decision: dict[str, Any]
    input: dict[str, Any] | None  # None once erased
    pack_digest: str
    mask: dict[str, Any] | None
    commitment: str
    leaf_hash: str  # hex
    pack_files: str | None = None
    erasure: Erasure | None = None

    def content(self) -> dict[str, Any]:
        """The leaf: everything the Merkle tree covers."""
        public, _ = split_decision(self.decision)
        return leaf_content(
            self.seq,
            self.recorded_at,
            public,
            self.pack_digest,
            self.pack_files,
            self.mask,
            self.commitment,
        )

    @property
    def erased(self) -> bool:
        return self.input is None

    @property
    def masked_fields(self) -> tuple[str, ...]:
        """The input fields (or text spans) the mask actually replaced."""
        if not self.mask:
            return ()
        return tuple(str(m) for m in self.mask.get("masked", ()))

    @property
    def replayable(self) -> bool:
        """False when masking changed the input or it was erased: it cannot be judged again."""
        return not self.masked_fields and not self.erased

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "recorded_at": self.recorded_at,
            "decision": self.decision,
            "input": self.input,
            "pack_digest": self.pack_digest,
            "pack_files": self.pack_files,
            "mask": self.mask,
            "commitment": self.commitment,
            "leaf_hash": self.leaf_hash,
            "erased": self.erasure.to_dict() if self.erasure else None,
        }


def leaf_content(
    seq: int,
    recorded_at: str,
    public_decision: Mapping[str, Any],
    pack_digest: str,
    pack_files: str | None,
    mask: Mapping[str, Any] | None,
    commitment: str,
) -> dict[str, Any]:
    return {
        "v": LEAF_VERSION,
        "seq": seq,
        "recorded_at": recorded_at,
        "decision": dict(public_decision),
        "pack_digest": pack_digest,
        "pack_files": pack_files,
        "mask": dict(mask) if mask is not None else None,
        "commitment": commitment,
    }


def leaf_bytes(content: Mapping[str, Any]) -> bytes:
    """The Merkle leaf of a record: its leaf content as canonical JSON."""
    return canonical_json(content)


def split_decision(decision: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(public decision, withheld values): the input digest and evidence quotes withheld.

    The public part keeps every key, with null where a value was withheld, so the leaf
    shows what there was without what it said.
    """
    public: dict[str, Any] = json.loads(canonical_json(decision))
    return public, withhold(public)


def withhold(public: dict[str, Any]) -> dict[str, Any]:
    """Null, in place, what quotes the input; return the values taken out by path."""
    withheld: dict[str, Any] = {}
    if "input_digest" in public:
        withheld["input_digest"] = public["input_digest"]
        public["input_digest"] = None
    for fi, finding in enumerate(public.get("findings") or ()):
        if not isinstance(finding, dict):
            continue
        for ei, ev in enumerate(finding.get("evidence") or ()):
            if isinstance(ev, dict) and "text" in ev:
                withheld[f"findings.{fi}.evidence.{ei}.text"] = ev["text"]
                ev["text"] = None
    return withheld


def join_decision(public: Mapping[str, Any], withheld: Mapping[str, Any] | None) -> dict[str, Any]:
    """The decision with its withheld values put back (ERASED quotes when they are gone)."""
    out: dict[str, Any] = json.loads(canonical_json(public))
    if withheld is None:
        for finding in out.get("findings") or ():
            for ev in (finding.get("evidence") or ()) if isinstance(finding, dict) else ():
                if isinstance(ev, dict) and "text" in ev:
                    ev["text"] = ERASED
        return out
    for path, value in withheld.items():
        node: Any = out
        parts = path.split(".")
        try:
            for part in parts[:-1]:
                node = node[int(part)] if isinstance(node, list) else node[part]
            if isinstance(node, dict):
                node[parts[-1]] = value
        except (KeyError, IndexError, ValueError, TypeError):
            continue  # a withheld path that no longer fits shows up as a commitment mismatch
    return out


def commit(salt: bytes, payload: Mapping[str, Any]) -> str:
    """`hmac-sha256:<hex>` of the private payload's canonical JSON, keyed with `salt`."""
    return COMMITMENT + hmac.new(salt, canonical_json(payload), hashlib.sha256).hexdigest()


def private_payload(inp: Mapping[str, Any], withheld: Mapping[str, Any]) -> dict[str, Any]:
    return {"input": dict(inp), "withheld": dict(withheld)}


@dataclass(frozen=True, slots=True)
class Frontier:
    """The tree's right edge: the roots of its complete subtrees, largest first (RFC 9162
    compact range). Enough to extend the tree and compute its root without the leaves."""

    size: int
    nodes: tuple[tuple[int, bytes], ...]  # (height, hash)

    @classmethod
    def empty(cls) -> Frontier:
        return cls(0, ())

    def extend(self, leaves: Iterable[bytes]) -> Frontier:
        stack = list(self.nodes)
        size = self.size
        for h in leaves:
            height, node = 0, h
            while stack and stack[-1][0] == height:
                _, left = stack.pop()
                node = merkle.node_hash(left, node)
                height += 1
            stack.append((height, node))
            size += 1
        return Frontier(size, tuple(stack))

    def root(self) -> bytes:
        if not self.nodes:
            return merkle.EMPTY_ROOT
        acc = self.nodes[-1][1]
        for _, left in reversed(self.nodes[:-1]):
            acc = merkle.node_hash(left, acc)
        return acc

    def to_json(self) -> str:
        return json.dumps([[h, n.hex()] for h, n in self.nodes], separators=(",", ":"))

    @classmethod
    def from_json(cls, size: int, text: str) -> Frontier:
        try:
            nodes = tuple((int(h), bytes.fromhex(n)) for h, n in json.loads(text))
        except (ValueError, TypeError) as exc:
            raise LogError(f"the log's stored tree head is unreadable: {exc}") from None
        if sum(1 << h for h, _ in nodes) != size:
            raise LogError("the log's stored tree head does not add up to its size")
        return cls(size, nodes)


@dataclass(frozen=True, slots=True)
class RawRow:
    """A stored row before its JSON columns are parsed: verification must survive bad JSON."""

    seq: int
    recorded_at: str
    pack_digest: str
    pack_files: str | None
    decision: str
    mask: str | None
    commitment: str
    leaf_hash: str
    salt: str | None = None
    payload: str | None = None
    erasure: Erasure | None = None

    def content(self) -> dict[str, Any]:
        """The leaf content, from the stored public columns."""
        decision = _json_object(self.decision, self.seq, "decision")
        mask = None if self.mask is None else _json_object(self.mask, self.seq, "mask")
        return leaf_content(
            self.seq,
            self.recorded_at,
            decision,
            self.pack_digest,
            self.pack_files,
            mask,
            self.commitment,
        )

    def private(self) -> dict[str, Any] | None:
        if self.payload is None:
            return None
        return _json_object(self.payload, self.seq, "input")

    def parse(self) -> LogRecord:
        content = self.content()
        private = self.private()
        inp: dict[str, Any] | None = None
        withheld: dict[str, Any] | None = None
        if private is not None:
            inp = private.get("input") if isinstance(private.get("input"), dict) else {}
            withheld = private.get("withheld") if isinstance(private.get("withheld"), dict) else {}
        return LogRecord(
            seq=self.seq,
            recorded_at=self.recorded_at,
            decision=join_decision(content["decision"], withheld),
            input=inp,
            pack_digest=self.pack_digest,
            mask=content["mask"],
            commitment=self.commitment,
            leaf_hash=self.leaf_hash,
            pack_files=self.pack_files,
            erasure=self.erasure,
        )


def _json_object(text: str, seq: int, column: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, TypeError, RecursionError) as exc:
        raise LogError(
            f"the record's {column} is not valid JSON: {exc}",
            Location(record=str(seq), field=column),
        ) from None
    if not isinstance(value, dict):
        raise LogError(
            f"the record's {column} is not a JSON object", Location(record=str(seq), field=column)
        )
    return value


@dataclass(frozen=True, slots=True)
class NewRow:
    """A record ready to insert: its public columns and its private part."""

    row: RawRow
    record: LogRecord


def build(
    frontier: Frontier,
    entries: Iterable[LogEntry],
    clock: Callable[[], str] = utc_now,
    salt: Callable[[], bytes] = lambda: os.urandom(32),
) -> tuple[list[NewRow], Frontier]:
    """Rows for `entries` continuing the tree at `frontier`, and the tree's new frontier."""
    out: list[NewRow] = []
    seq = frontier.size
    leaves: list[bytes] = []
    for entry in entries:
        seq += 1
        # Round-trip through JSON so the stored record is exactly what a reader gets back.
        raw = canonical_json(entry.decision)
        decision = json.loads(raw)
        public = json.loads(raw)
        withheld = withhold(public)
        inp = json.loads(canonical_json(entry.input))
        mask = json.loads(canonical_json(entry.mask)) if entry.mask is not None else None
        key = salt()
        payload = private_payload(inp, withheld)
        commitment = commit(key, payload)
        recorded_at = clock()
        content = leaf_content(
            seq, recorded_at, public, entry.pack_digest, entry.pack_files, mask, commitment
        )
        leaf = merkle.leaf_hash(leaf_bytes(content))
        leaves.append(leaf)
        row = RawRow(
            seq=seq,
            recorded_at=recorded_at,
            pack_digest=entry.pack_digest,
            pack_files=entry.pack_files,
            decision=canonical_json(public).decode(),
            mask=canonical_json(mask).decode() if mask is not None else None,
            commitment=commitment,
            leaf_hash=leaf.hex(),
            salt=key.hex(),
            payload=canonical_json(payload).decode(),
        )
        record = LogRecord(
            seq=seq,
            recorded_at=recorded_at,
            decision=decision,
            input=inp,
            pack_digest=entry.pack_digest,
            mask=mask,
            commitment=commitment,
            leaf_hash=row.leaf_hash,
            pack_files=entry.pack_files,
        )
        out.append(NewRow(row, record))
    return out, frontier.extend(leaves)


@dataclass(frozen=True, slots=True)
class Break:
    """The first place the log is broken."""

    seq: int
    problem: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "problem": self.problem}


@dataclass(frozen=True, slots=True)
class Head:
    """A tree head the log recorded (at an append) or a checkpoint it was given."""

    size: int
    root: bytes
    source: str  # "head at append", "checkpoint FILE", "stored checkpoint"


@dataclass(slots=True)
class VerifyResult:
    """What `DecisionLog.verify` found."""

    records: int = 0
    root: str = merkle.EMPTY_ROOT.hex()  # hex root of the whole tree
    first_broken: Break | None = None
    pack_problems: list[str] = field(default_factory=list)
    packs: int = 0
    pack_files: set[str] = field(default_factory=set)  # stored-file digests the records name
    pack_digests: set[str] = field(default_factory=set)
    erased: list[Erasure] = field(default_factory=list)
    checkpoints: list[dict[str, Any]] = field(default_factory=list)  # outside ones, checked
    anchored: int = 0  # records covered by the largest outside checkpoint that verified

    @property
    def ok(self) -> bool:
        return self.first_broken is None and not self.pack_problems

    @property
    def head_seq(self) -> int:
        return self.records

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "tree": {"size": self.records, "root": self.root},
            "first_broken": self.first_broken.to_dict() if self.first_broken else None,
            "packs": self.packs,
            "pack_problems": list(self.pack_problems),
            "erased": [e.to_dict() for e in self.erased],
            "checkpoints": list(self.checkpoints),
            "anchored": self.anchored,
        }


class TreeCheck:
    """Recompute leaves and roots over stored rows in seq order; compare with known heads.

    `heads` are (size, root) pairs the tree must have had: the heads the log recorded at
    each append, the checkpoints it stored, and checkpoints kept outside. A head whose
    root differs means a record at or before its size was rewritten, inserted, removed or
    reordered; a head larger than the tree means records were deleted from the end.
    """

    def __init__(self, heads: Sequence[Head]) -> None:
        self.heads = sorted(heads, key=lambda h: h.size)
        self.res = VerifyResult()
        self.leaves: list[bytes] = []

    def run(self, rows: Iterable[RawRow]) -> VerifyResult:
        res = self.res
        frontier = Frontier.empty()
        pending = list(self.heads)
        self._check_heads(frontier, pending)
        expected = 1
        for row in rows:
            res.records += 1
            if row.seq != expected:
                what = (
                    "is missing (deleted, or records renumbered)"
                    if row.seq > expected
                    else f"is out of order (found record {row.seq} after {expected - 1})"
                )
                res.first_broken = Break(expected, f"record {expected} {what}")
                return res
            try:
                content = row.content()
                private = row.private()
            except LogError as exc:
                res.first_broken = Break(row.seq, f"{exc.message}: the record was edited")
                return res
            leaf = merkle.leaf_hash(leaf_bytes(content))
            if leaf.hex() != row.leaf_hash:
                res.first_broken = Break(
                    row.seq,
                    "its content does not match its leaf hash: the record was edited or moved",
                )
                return res
            if private is not None:
                if row.salt is None or not _hex_ok(row.salt):
                    res.first_broken = Break(row.seq, "its salt is missing or unreadable")
                    return res
                if commit(bytes.fromhex(row.salt), private) != row.commitment:
                    res.first_broken = Break(
                        row.seq,
                        "its input does not match its commitment: the input or a quote of it "
                        "was edited",
                    )
                    return res
            elif row.erasure is not None:
                res.erased.append(row.erasure)
            else:
                res.first_broken = Break(
                    row.seq, "its input was removed without an erasure tombstone"
                )
                return res
            res.pack_digests.add(row.pack_digest)
            if row.pack_files:
                res.pack_files.add(row.pack_files)
            frontier = frontier.extend([leaf])
            self.leaves.append(leaf)
            expected += 1
            if not self._check_heads(frontier, pending):
                return res
        res.root = frontier.root().hex()
        if pending:
            head = pending[0]
            res.first_broken = Break(
                frontier.size + 1,
                f"record {frontier.size + 1} is missing: the {head.source} covers "
                f"{head.size} record(s) but only {frontier.size} remain (the newest were "
                "deleted)",
            )
        return res

    def _check_heads(self, frontier: Frontier, pending: list[Head]) -> bool:
        while pending and pending[0].size == frontier.size:
            head = pending.pop(0)
            if frontier.root() != head.root:
                self.res.first_broken = Break(
                    max(1, head.size),
                    f"records 1..{head.size} do not match the {head.source}: a record at or "
                    "before it was rewritten and re-hashed, inserted, removed or reordered",
                )
                return False
        return True


def _hex_ok(text: str) -> bool:
    try:
        bytes.fromhex(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class StoredPack:
    """A pack as the log keeps it: every file of its directory, keyed by its digest."""

    digest: str
    pack_id: str
    version: str
    files: dict[str, str]  # relative path -> base64 of the file's bytes
    files_digest: str = ""


def files_digest(files: Mapping[str, str]) -> str:
    """sha256 of the stored files map's canonical JSON: checked without loading the pack."""
    return "sha256:" + hashlib.sha256(canonical_json(dict(files))).hexdigest()


class DecisionLog(ABC):
    """An append-only decision log in a Merkle tree. Backends: SQLite and PostgreSQL."""

    location: str

    # -- backend primitives -----------------------------------------------------------------
    @abstractmethod
    def _append_rows(
        self, entries: Sequence[LogEntry], clock: Callable[[], str]
    ) -> list[LogRecord]:
        """In one transaction that excludes other writers: read the head, build, insert."""

    @abstractmethod
    def raw_rows(self, start: int = 1) -> Iterator[RawRow]:
        """Stored rows from seq `start`, in seq order, unparsed, private parts joined."""

    @abstractmethod
    def frontier(self) -> Frontier:
        """The tree head recorded by the last append."""

    @abstractmethod
    def recorded_heads(self) -> list[Head]:
        """Every tree head recorded at an append (for verification)."""

    @abstractmethod
    def leaf_hashes(self, size: int | None = None) -> list[bytes]:
        """The stored leaf hashes of the first `size` records (all by default)."""

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def put_pack(self, pack: StoredPack) -> bool:
        """Store a pack unless its digest is already stored; True when it was added."""

    @abstractmethod
    def get_pack(self, digest: str) -> StoredPack | None: ...

    @abstractmethod
    def pack_digests(self) -> list[str]: ...

    @abstractmethod
    def pack_sizes(self) -> dict[str, tuple[int, str]]:
        """digest -> (bytes of the stored files JSON, stored files digest), without parsing."""

    @abstractmethod
    def get_meta(self, key: str) -> str | None: ...

    @abstractmethod
    def set_meta(self, key: str, value: str) -> None: ...

    @abstractmethod
    def erase_records(self, seqs: Sequence[int], reason: str, selector: str) -> list[Erasure]:
        """Delete the private parts of `seqs` and leave tombstones, in one transaction."""

    @abstractmethod
    def add_checkpoint(self, size: int, root: bytes, note: str) -> None: ...

    @abstractmethod
    def stored_checkpoints(self) -> list[tuple[int, bytes, str, str]]:
        """(size, root, note, issued_at) of every checkpoint the log issued."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def snapshot(self) -> AbstractContextManager[None]:
        """A read transaction: everything read inside sees one consistent state of the log."""

    # -- shared behaviour -------------------------------------------------------------------
    def append(
        self, entries: Iterable[LogEntry], clock: Callable[[], str] = utc_now
    ) -> list[LogRecord]:
        """Append entries in one transaction: all of them are committed, or none."""
        batch = list(entries)
        if not batch:
            return []
        return self._append_rows(batch, clock)

    def head(self) -> tuple[int, str]:
        """(tree size, hex root) of the last append."""
        f = self.frontier()
        return f.size, f.root().hex()

    @property
    def origin(self) -> str:
        """The log's identity: the first line of its checkpoints."""
        return self.get_meta("origin") or "socialpolicy.log/unnamed"

    def records(self, start: int = 1) -> Iterator[LogRecord]:
        for row in self.raw_rows(start):
            yield row.parse()

    def record(self, seq: int) -> LogRecord | None:
        for rec in self.records(seq):
            return rec if rec.seq == seq else None
        return None

    def verify(
        self, check_packs: bool = True, heads: Sequence[Head] = (), load_packs: bool = False
    ) -> VerifyResult:
        """Recompute every leaf, commitment and root; check them against the heads the log
        recorded, the checkpoints it stored and `heads` (checkpoints kept elsewhere).

        With `check_packs`, every stored pack's files must hash to the digest the records
        name (nothing is parsed); `load_packs` also restores and loads each one.
        """
        with self.snapshot():
            known = list(self.recorded_heads()) + [
                Head(size, root, "checkpoint stored in the log")
                for size, root, _, _ in self.stored_checkpoints()
            ]
            check = TreeCheck([*known, *heads])
            res = check.run(self.raw_rows())
            sizes = self.pack_sizes() if check_packs else {}
        if check_packs:
            self._check_packs(res, sizes, load_packs)
        return res

    def _check_packs(
        self, res: VerifyResult, sizes: dict[str, tuple[int, str]], load: bool
    ) -> None:
        from socialpolicy.audit.packstore import MAX_STORED_BYTES, check_stored

        res.packs = len(sizes)
        by_files = {fd: d for d, (_, fd) in sizes.items()}
        for digest, (size, stored_fd) in sorted(sizes.items()):
            if size > MAX_STORED_BYTES:
                res.pack_problems.append(
                    f"stored pack {digest} is {size} bytes, over the limit of "
                    f"{MAX_STORED_BYTES}: it was not read"
                )
                continue
            stored = self.get_pack(digest)
            if stored is None:
                continue
            actual = files_digest(stored.files)
            if actual != stored_fd:
                res.pack_problems.append(
                    f"stored pack {digest}: its files hash to {actual}, not the {stored_fd} "
                    "recorded when it was stored (its files were changed)"
                )
            elif load:
                problem = check_stored(self, digest)
                if problem:
                    res.pack_problems.append(problem)
        for fd in sorted(res.pack_files - set(by_files)):
            res.pack_problems.append(
                f"records name stored pack files {fd}, which the log does not hold: they "
                "cannot be replayed"
            )
        for digest in sorted(res.pack_digests - set(sizes)):
            res.pack_problems.append(
                f"records name pack {digest}, which the log does not hold: they cannot be replayed"
            )

    def resolve_digest(self, prefix: str) -> str:
        """A stored pack digest from its full form or a unique prefix (`sha256:` optional)."""
        want = prefix if prefix.startswith("sha256:") else "sha256:" + prefix
        found = [d for d in self.pack_digests() if d.startswith(want)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise LogError(
                f"the log holds no pack with digest {prefix!r}", Location(file=self.location)
            )
        raise LogError(
            f"digest prefix {prefix!r} is ambiguous: {', '.join(found)}",
            Location(file=self.location),
        )

    def __enter__(self) -> DecisionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_postgres_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def open_log(location: str, create: bool = True, origin: str | None = None) -> DecisionLog:
    """Open a log: a SQLite file path (created if absent) or a `postgresql://` URL.

    `origin` names a log being created (the first line of its checkpoints). A log written
    by an earlier version raises `LogFormatError`: `socialpolicy log migrate` copies it.
    """
    if is_postgres_url(location):
        from socialpolicy.audit.postgres import PostgresLog

        return PostgresLog(location, origin=origin)
    from socialpolicy.audit.sqlite import SqliteLog

    return SqliteLog(location, create=create, origin=origin)
