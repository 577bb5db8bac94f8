"""Reading a pack's files without following links or leaving the pack directory.

A pack directory may come from anyone (a download, a shared drive). Its files are read, and
kept in the decision log, only as regular files inside the directory: a symbolic link (to a
file or a directory, inside or out), a FIFO or a device is refused with `PackUnsafeError`,
so neither loading nor the log's snapshot can be made to read `/etc/passwd` or block on a
pipe. The pack directory itself may be a link (the user chose it); nothing under it may.
Hidden files and `__pycache__` are not part of a pack.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from socialpolicy.errors import Location, PackSchemaError, PackUnsafeError


def _skipped(rel: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in rel.parts)


def _label(pack_dir: Path, path: Path) -> str:
    try:
        return str(path.relative_to(pack_dir.parent))
    except ValueError:
        return str(path)


def _refuse(pack_dir: Path, path: Path, why: str) -> PackUnsafeError:
    return PackUnsafeError(
        f"{why}: a pack's files must be regular files inside its directory",
        Location(file=_label(pack_dir, path)),
    )


def pack_files(pack_dir: Path) -> list[Path]:
    """Every file of the pack, sorted; `PackUnsafeError` at the first link or special file."""
    root = Path(pack_dir)
    out: list[Path] = []
    for current, dirs, files in os.walk(root, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not _skipped(Path(d)))
        for name in sorted(dirs):
            if (here / name).is_symlink():
                raise _refuse(root, here / name, "a symbolic link to a directory")
        for name in files:
            path = here / name
            if _skipped(path.relative_to(root)):
                continue
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise _refuse(root, path, "a symbolic link")
            if not stat.S_ISREG(mode):
                raise _refuse(root, path, "not a regular file")
            out.append(path)
    return sorted(out, key=lambda p: p.relative_to(root).as_posix())


def read_pack_file(pack_dir: Path, path: Path, limit: int) -> bytes:
    """The bytes of one file of the pack, at most `limit`; refused when it, or a directory on
    the way to it, is a link, when it is not a regular file, or when it lies outside."""
    root = Path(pack_dir)
    try:
        rel = path.relative_to(root)
    except ValueError:
        raise _refuse(root, path, "outside the pack directory") from None
    if ".." in rel.parts:
        raise _refuse(root, path, "outside the pack directory")
    step = root
    for part in rel.parts[:-1]:
        step = step / part
        if step.is_symlink():
            raise _refuse(root, step, "a symbolic link to a directory")
    # O_NOFOLLOW: the last component is not followed even if it became a link since the check.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if path.is_symlink():
            raise _refuse(root, path, "a symbolic link") from None
        raise PackSchemaError(
            f"cannot read file: {exc.strerror or exc}", Location(file=_label(root, path))
        ) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(root, path, "not a regular file")
        if info.st_size > limit:
            raise PackSchemaError(
                f"file is {info.st_size} bytes, over the {limit} byte limit",
                Location(file=_label(root, path)),
            )
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise PackSchemaError(
            f"file is over the {limit} byte limit", Location(file=_label(root, path))
        )
    return data
