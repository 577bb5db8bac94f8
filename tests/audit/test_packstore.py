"""Packs kept in the log: stored once per digest, restored byte for byte, digest checked."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from socialpolicy.audit.log import DecisionLog, open_log
from socialpolicy.audit.packstore import load_stored, restored, snapshot, store_pack
from socialpolicy.errors import LogError, PackUnsafeError
from socialpolicy.loader import load_pack, resolve_pack_dir


@pytest.mark.parametrize("name", ["toronto", "edmonton"])
def test_round_trip_gives_the_same_digest(sqlite_log: DecisionLog, name: str) -> None:
    pack = load_pack(name)
    digest = store_pack(sqlite_log, resolve_pack_dir(name), pack.digest)
    assert digest == pack.digest
    again = load_stored(sqlite_log, digest)
    assert again.digest == pack.digest
    assert again.model_dump(mode="json") == pack.model_dump(mode="json")
    stored = sqlite_log.get_pack(digest)
    assert stored is not None and stored.pack_id == name
    # Every file of the directory, byte for byte.
    root = resolve_pack_dir(name)
    for rel, data in stored.files.items():
        assert (root / rel).read_bytes() == base64.b64decode(data)
    assert "pack.yaml" in stored.files


def test_a_pack_is_stored_once(sqlite_log: DecisionLog) -> None:
    digest = load_pack("toronto").digest
    store_pack(sqlite_log, resolve_pack_dir("toronto"), digest)
    store_pack(sqlite_log, resolve_pack_dir("toronto"), digest)
    store_pack(sqlite_log, resolve_pack_dir("toronto"))
    assert sqlite_log.pack_digests() == [digest]


def test_survives_the_original_directory(tmp_path: Path, pack_copy: Callable[[str], Path]) -> None:
    src = pack_copy("toronto")
    digest = load_pack(src).digest
    path = tmp_path / "keep.sqlite"
    with open_log(str(path)) as log:
        store_pack(log, src, digest)
    import shutil

    shutil.rmtree(src)
    with open_log(str(path), create=False) as log:
        assert load_stored(log, digest).digest == digest
        assert log.verify().ok


def test_a_pack_edited_during_the_run_is_refused(sqlite_log: DecisionLog, revision: Any) -> None:
    judged_by = load_pack(revision.base).digest
    with pytest.raises(LogError, match="now has digest"):
        store_pack(sqlite_log, revision.revised, judged_by)


def test_a_tampered_stored_pack_fails_verification(
    tmp_path: Path, tamper: Callable[[Path], sqlite3.Connection]
) -> None:
    path = tmp_path / "p.sqlite"
    digest = load_pack("toronto").digest
    with open_log(str(path)) as log:
        store_pack(log, resolve_pack_dir("toronto"), digest)
    con = tamper(path)
    files = json.loads(con.execute("SELECT files FROM packs").fetchone()[0])
    text = base64.b64decode(files["clauses.yaml"]).decode()
    files["clauses.yaml"] = base64.b64encode(
        text.replace("heading:", "heading: X", 1).encode()
    ).decode()
    con.execute("UPDATE packs SET files = ?", (json.dumps(files),))
    con.close()
    with open_log(str(path), create=False) as log:
        res = log.verify()
        assert not res.ok and res.first_broken is None
        assert res.pack_problems and digest in res.pack_problems[0]
        with pytest.raises(LogError):
            load_stored(log, digest)


def test_unsafe_paths_are_not_restored() -> None:
    with pytest.raises(LogError, match="unsafe"), restored({"../evil": ""}):
        pass


def test_snapshot_leaves_out_hidden_files_and_caches(pack_copy: Callable[[str], Path]) -> None:
    src = pack_copy("toronto")
    (src / ".DS_Store").write_bytes(b"x")
    (src / "__pycache__").mkdir()
    (src / "__pycache__" / "x.pyc").write_bytes(b"x")
    files = snapshot(src)
    assert not any(k.startswith((".", "__pycache__")) for k in files)


def test_a_record_naming_a_missing_pack_fails_verification(
    sqlite_log: DecisionLog, entries: Callable[..., list[object]]
) -> None:
    sqlite_log.append(entries(2))  # synthetic records name a pack the log never stored
    res = sqlite_log.verify()
    assert res.first_broken is None and not res.ok
    assert "does not hold" in res.pack_problems[0]


ALIAS_BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}]\n"
        for i in range(8)
    )
).encode()


def test_a_stored_pack_replaced_by_an_alias_bomb_is_refused_without_parsing(
    tmp_path: Path, tamper: Callable[[Path], sqlite3.Connection]
) -> None:
    """Issue 12: it used to hang `log verify` for minutes. Now the files' digest is checked
    before anything is read as YAML, so verification is as quick as hashing the bytes."""
    import time

    path = tmp_path / "p.sqlite"
    digest = load_pack("toronto").digest
    with open_log(str(path)) as log:
        store_pack(log, resolve_pack_dir("toronto"), digest)
    con = tamper(path)
    files = json.loads(con.execute("SELECT files FROM packs").fetchone()[0])
    files["clauses.yaml"] = base64.b64encode(ALIAS_BOMB).decode()
    con.execute("UPDATE packs SET files = ?", (json.dumps(files),))
    con.close()
    started = time.process_time()
    with open_log(str(path), create=False) as log:
        res = log.verify(load_packs=True)
        assert not res.ok and "its files were changed" in res.pack_problems[0]
        with pytest.raises(LogError, match="not loaded"):
            load_stored(log, digest)
    assert time.process_time() - started < 5


def test_a_stored_pack_over_the_size_limit_is_not_read(
    tmp_path: Path, tamper: Callable[[Path], sqlite3.Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialpolicy.audit import packstore

    path = tmp_path / "p.sqlite"
    digest = load_pack("toronto").digest
    with open_log(str(path)) as log:
        store_pack(log, resolve_pack_dir("toronto"), digest)
    monkeypatch.setattr(packstore, "MAX_STORED_BYTES", 1000)
    with open_log(str(path), create=False) as log:
        res = log.verify()
        assert not res.ok and "over the limit" in res.pack_problems[0]
        with pytest.raises(LogError, match="not read"):
            load_stored(log, digest)


def test_a_symlink_in_the_pack_is_not_followed_into_the_log(
    pack_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    src = pack_copy("toronto")
    secret = tmp_path / "secret.txt"
    secret.write_text("not part of the pack")
    (src / "source" / "extra.txt").symlink_to(secret)
    with pytest.raises(PackUnsafeError, match="symbolic link"):
        snapshot(src)


def test_a_stored_pack_with_too_many_files_is_refused_before_it_is_written() -> None:
    from socialpolicy.audit.packstore import MAX_PACK_FILES

    files = {f"f{i}.txt": "" for i in range(MAX_PACK_FILES + 1)}
    with pytest.raises(LogError, match="over"), restored(files):
        pass
