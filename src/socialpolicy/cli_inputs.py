"""The POSTS arguments of `check`: files, directories, glob patterns and `-` (stdin).

Each argument is expanded on its own, in sorted order, so the same command judges the same
records in the same order on every machine and shell. Arguments keep the order they were
given in; a file named twice is read once.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from socialpolicy.errors import InputValidationError, Location

# What a directory argument contributes: the files `check` can read.
INPUT_SUFFIXES = (".json", ".jsonl", ".ndjson")
_GLOB_CHARS = frozenset("*?[")


def is_glob(arg: str) -> bool:
    return any(c in _GLOB_CHARS for c in arg)


def _hidden(path: Path, root: Path) -> bool:
    """True for a dot-file or anything under a dot-directory below `root` (.git, .venv)."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _files_under(directory: Path) -> list[Path]:
    found = [
        p
        for p in directory.rglob("*")
        if p.suffix.lower() in INPUT_SUFFIXES and p.is_file() and not _hidden(p, directory)
    ]
    return sorted(found, key=lambda p: p.as_posix())


def expand_one(arg: str) -> list[str]:
    """The input files one argument stands for; raises InputValidationError if there are none.

    A file (or a path that does not exist and is no pattern) stands for itself, so that an
    unreadable file is reported where it is read. A directory stands for every .json, .jsonl
    and .ndjson file under it (hidden ones left out). A pattern (`*`, `?`, `[`, and `**`
    for any depth) stands for the files it matches, and for the input files under the
    directories it matches.
    """
    if arg == "-":
        return [arg]
    path = Path(arg)
    if path.is_dir():
        files = _files_under(path)
        if not files:
            raise InputValidationError(
                f"directory {arg!r} holds no {', '.join(INPUT_SUFFIXES)} file",
                Location(file=arg, field="POSTS"),
            )
        return [str(p) for p in files]
    if not is_glob(arg) or path.exists():
        return [arg]
    out: list[str] = []
    for match in sorted(glob.glob(os.path.expanduser(arg), recursive=True)):
        m = Path(match)
        if m.is_dir():
            out.extend(str(p) for p in _files_under(m))
        elif m.is_file():
            out.append(match)
    if not out:
        raise InputValidationError(f"no file matches {arg!r}", Location(file=arg, field="POSTS"))
    return out


def expand_inputs(args: Sequence[str]) -> list[str]:
    """Every input file, in order, each once."""
    return list(_unique(f for arg in args for f in expand_one(arg)))


def _unique(paths: Iterable[str]) -> Iterable[str]:
    seen: set[str] = set()
    for p in paths:
        key = p if p == "-" else os.path.normpath(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            yield p
