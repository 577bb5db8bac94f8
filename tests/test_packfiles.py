"""No file of a pack is read through a link, from outside it, or from a FIFO."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from socialpolicy.audit.log import open_log
from socialpolicy.audit.packstore import snapshot, store_pack
from socialpolicy.errors import PackError, PackProblems, PackUnsafeError
from socialpolicy.loader import load_pack
from socialpolicy.packfiles import pack_files, read_pack_file

PackCopy = Callable[[str], Path]


def _codes(exc: PackProblems) -> list[tuple[str, str | None]]:
    return [(p.code, p.location.file) for p in exc.problems]


@pytest.mark.parametrize("target", ["lexicons/insults.yaml", "rules/respect.yaml", "clauses.yaml"])
def test_a_pack_file_that_is_a_link_out_is_refused(
    pack_copy: PackCopy, tmp_path: Path, target: str
) -> None:
    pack = pack_copy("toronto")
    secret = tmp_path / "secret.yaml"
    secret.write_bytes((pack / target).read_bytes())
    (pack / target).unlink()
    (pack / target).symlink_to(secret)
    with pytest.raises(PackProblems) as caught:
        load_pack(pack)
    assert _codes(caught.value) == [("pack_unsafe", f"toronto/{target}")]
    assert "symbolic link" in str(caught.value)


def test_a_link_inside_the_pack_is_refused_too(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    (pack / "notes.txt").symlink_to(pack / "pack.yaml")
    with pytest.raises(PackProblems, match="symbolic link"):
        load_pack(pack)


def test_a_linked_directory_is_refused(pack_copy: PackCopy, tmp_path: Path) -> None:
    pack = pack_copy("toronto")
    elsewhere = tmp_path / "elsewhere"
    (pack / "lexicons").rename(elsewhere)
    (pack / "lexicons").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(PackProblems) as caught:
        load_pack(pack)
    assert _codes(caught.value) == [("pack_unsafe", "toronto/lexicons")]


def test_a_fifo_is_refused_not_waited_on(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    os.mkfifo(pack / "rules" / "zz.yaml")
    with pytest.raises(PackProblems, match="not a regular file"):
        load_pack(pack)


def test_a_document_outside_the_pack_is_refused(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    manifest = pack / "pack.yaml"
    text = manifest.read_text("utf-8")
    import re

    first = re.search(r"file: (\S+)", text)
    assert first is not None
    manifest.write_text(text.replace(first.group(0), "file: ../../../../etc/hostname", 1), "utf-8")
    with pytest.raises(PackProblems) as caught:
        load_pack(pack)
    assert ("pack_unsafe", "toronto/pack.yaml") in _codes(caught.value)
    assert "outside the pack" in str(caught.value)


def test_a_pack_directory_reached_through_a_link_is_fine(
    pack_copy: PackCopy, tmp_path: Path
) -> None:
    """The user chose the directory; only what is under it must not be a link."""
    pack = pack_copy("toronto")
    link = tmp_path / "linked"
    link.symlink_to(pack, target_is_directory=True)
    assert load_pack(link).digest == load_pack(pack).digest


def test_hidden_files_are_left_out_by_the_loader_and_the_snapshot(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    (pack / "rules" / ".draft.yaml").write_text("not: [valid", "utf-8")
    assert load_pack(pack).digest == load_pack("toronto").digest
    assert "rules/.draft.yaml" not in snapshot(pack)


def test_the_snapshot_never_takes_a_file_from_outside(pack_copy: PackCopy, tmp_path: Path) -> None:
    pack = pack_copy("toronto")
    secret = tmp_path / "secret.txt"
    secret.write_text("password", "utf-8")
    (pack / "README.txt").symlink_to(secret)
    with pytest.raises(PackUnsafeError):
        snapshot(pack)
    with open_log(str(tmp_path / "log.sqlite"), create=True) as log:
        with pytest.raises(PackError):
            store_pack(log, pack)
        assert log.pack_digests() == []


def test_read_pack_file_refuses_paths_that_leave_the_pack(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "a.yaml").write_text("a: 1", "utf-8")
    (tmp_path / "x.yaml").write_text("x: 1", "utf-8")
    assert read_pack_file(tmp_path / "p", tmp_path / "p" / "a.yaml", 100) == b"a: 1"
    with pytest.raises(PackUnsafeError, match="outside"):
        read_pack_file(tmp_path / "p", tmp_path / "x.yaml", 100)
    with pytest.raises(PackUnsafeError, match="outside"):
        read_pack_file(tmp_path / "p", tmp_path / "p" / ".." / "x.yaml", 100)
    with pytest.raises(PackError, match="byte limit"):
        read_pack_file(tmp_path / "p", tmp_path / "p" / "a.yaml", 2)
    assert pack_files(tmp_path / "p") == [tmp_path / "p" / "a.yaml"]
