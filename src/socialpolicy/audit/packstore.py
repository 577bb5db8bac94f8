"""Packs kept inside the log: every file of a pack directory, stored once per digest.

A record names the digest of the pack that judged it. The log keeps that pack's files (as a
JSON map of relative path to base64), so a record can be replayed years later without the
original installation: the files are restored to a temporary directory and loaded with
`load_pack`, and the loaded digest must equal the stored one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from socialpolicy.audit.log import DecisionLog, StoredPack, files_digest
from socialpolicy.errors import Location, LogError, PackError
from socialpolicy.loader import load_pack
from socialpolicy.packfiles import pack_files, read_pack_file
from socialpolicy.packs import PolicyPack

MAX_PACK_BYTES = 50_000_000
MAX_PACK_FILES = 10_000
MAX_STORED_BYTES = MAX_PACK_BYTES * 4 // 3 + 1_000_000
"""A stored pack's JSON (base64 files) larger than this is not read back at all."""


def snapshot(pack_dir: Path) -> dict[str, str]:
    """Every regular file under `pack_dir` (hidden files and caches left out), base64-encoded.

    Links are not followed: a pack holding one is refused (`PackUnsafeError`), so no file
    from outside the pack can end up in the log.
    """
    files: dict[str, str] = {}
    total = 0
    for path in pack_files(pack_dir):
        rel = path.relative_to(pack_dir)
        if total + path.lstat().st_size > MAX_PACK_BYTES:
            raise LogError(
                f"pack directory is over {MAX_PACK_BYTES} bytes", Location(file=str(pack_dir))
            )
        raw = read_pack_file(pack_dir, path, MAX_PACK_BYTES - total)
        total += len(raw)
        files[rel.as_posix()] = base64.b64encode(raw).decode("ascii")
    return files


@contextmanager
def restored(files: dict[str, str], name: str = "pack") -> Iterator[Path]:
    """The files written to a fresh temporary directory, removed afterwards."""
    # A stored pack comes from the log file, which may have been tampered with: bound it
    # before writing anything (base64 is 4/3 of the bytes it holds).
    if len(files) > MAX_PACK_FILES or sum(
        len(v) for v in files.values()
    ) > MAX_PACK_BYTES * 4 // 3 + 4 * len(files):
        raise LogError(f"stored pack is over {MAX_PACK_FILES} files or {MAX_PACK_BYTES} bytes")
    with tempfile.TemporaryDirectory(prefix="socialpolicy-pack-") as tmp:
        root = Path(tmp) / (name if name.isidentifier() else "pack")
        root.mkdir()
        for rel, data in files.items():
            parts = PurePosixPath(rel).parts
            # A stored path comes from the log file, which may have been tampered with.
            if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
                raise LogError(f"stored pack has an unsafe file path {rel!r}")
            target = root.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(data, validate=True))
        yield root


_LOADED: OrderedDict[str, PolicyPack] = OrderedDict()
_LOADED_MAX = 8
_LOCK = threading.Lock()


def load_files(files: dict[str, str], name: str = "pack") -> PolicyPack:
    """The pack these files make up. Loaded once per process for the same bytes: a pack is
    immutable, and replaying or reporting a log asks for the same few packs again and again."""
    key = hashlib.sha256(json.dumps([name, files], sort_keys=True).encode()).hexdigest()
    with _LOCK:
        cached = _LOADED.get(key)
        if cached is not None:
            _LOADED.move_to_end(key)
            return cached
    with restored(files, name) as root:
        pack = load_pack(root)
    with _LOCK:
        _LOADED[key] = pack
        while len(_LOADED) > _LOADED_MAX:
            _LOADED.popitem(last=False)
    return pack


def store_pack(log: DecisionLog, pack_dir: Path, expected_digest: str | None = None) -> str:
    """Keep the pack in `pack_dir` in the log, once; return its digest.

    The snapshot is loaded back before it is stored, so what the log keeps provably
    reproduces `expected_digest` (the pack the caller judged by), even if the directory
    changed on disk in between.
    """
    if expected_digest is not None and log.get_pack(expected_digest) is not None:
        return expected_digest
    files = snapshot(pack_dir)
    try:
        pack = load_files(files, pack_dir.name)
    except PackError as exc:
        raise LogError(
            f"the pack directory cannot be stored: {exc}", Location(file=str(pack_dir))
        ) from None
    if expected_digest is not None and pack.digest != expected_digest:
        raise LogError(
            f"the pack directory now has digest {pack.digest}, not {expected_digest} that "
            "judged the posts (was it edited during the run?)",
            Location(file=str(pack_dir)),
        )
    log.put_pack(
        StoredPack(
            digest=pack.digest,
            pack_id=pack.id,
            version=pack.version,
            files=files,
            files_digest=files_digest(files),
        )
    )
    return pack.digest


def load_stored(log: DecisionLog, digest: str, expected_files: str | None = None) -> PolicyPack:
    """The pack the log keeps under `digest`, loaded and checked against the digest.

    Its files must first hash to the files digest recorded when it was stored (and to
    `expected_files`, the one a record names, when given): nothing changed is ever parsed.
    """
    sizes = log.pack_sizes()
    if digest not in sizes:
        raise LogError(f"the log does not hold pack {digest}", Location(file=log.location))
    if sizes[digest][0] > MAX_STORED_BYTES:
        raise LogError(
            f"stored pack {digest} is over {MAX_STORED_BYTES} bytes: not read",
            Location(file=log.location),
        )
    stored = log.get_pack(digest)
    if stored is None:
        raise LogError(f"the log does not hold pack {digest}", Location(file=log.location))
    # Checked before anything is parsed: a changed pack (an alias bomb, say) is never loaded.
    actual = files_digest(stored.files)
    if actual != stored.files_digest:
        raise LogError(
            f"stored pack {digest}: its files hash to {actual}, not the {stored.files_digest} "
            "recorded when it was stored (its files were changed); not loaded",
            Location(file=log.location),
        )
    if expected_files is not None and expected_files != stored.files_digest:
        raise LogError(
            f"stored pack {digest} holds files {stored.files_digest}, not the "
            f"{expected_files} the record names; not loaded",
            Location(file=log.location),
        )
    try:
        pack = load_files(stored.files, stored.pack_id)
    except (PackError, ValueError) as exc:
        raise LogError(
            f"stored pack {digest} does not load: {exc}", Location(file=log.location)
        ) from None
    if pack.digest != digest:
        raise LogError(
            f"stored pack {digest} now loads with digest {pack.digest}: its files were changed",
            Location(file=log.location),
        )
    return pack


def check_stored(log: DecisionLog, digest: str) -> str | None:
    """None when the stored pack restores to its digest; otherwise what is wrong."""
    try:
        load_stored(log, digest)
    except LogError as exc:
        return exc.message
    return None
