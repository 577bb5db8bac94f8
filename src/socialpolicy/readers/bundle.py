"""An export as its platform hands it over: a zip, its unpacked folder, or one file.

Members are opened as byte streams (a zip member is decompressed as it is read), so a large
export is never held in memory whole. Errors name the member as `archive.zip!data/tweets.js`.
"""

from __future__ import annotations

import fnmatch
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from socialpolicy.errors import InputSyntaxError, Location


class Bundle:
    """The files of an export, by their path inside it (`data/tweets.js`)."""

    def __init__(self, path: str) -> None:
        self.path = path
        p = Path(path)
        self._zip: zipfile.ZipFile | None = None
        self._root: Path | None = None
        self._names: list[str]
        if p.is_dir():
            self._root = p
            self._names = sorted(f.relative_to(p).as_posix() for f in p.rglob("*") if f.is_file())
        elif zipfile.is_zipfile(p):
            try:
                self._zip = zipfile.ZipFile(p)
            except (OSError, zipfile.BadZipFile) as exc:
                raise InputSyntaxError(
                    f"not a readable zip file: {exc}", Location(file=path)
                ) from None
            self._names = sorted(n for n in self._zip.namelist() if not n.endswith("/"))
        else:
            self._root = p.parent
            self._names = [p.name]

    def names(self) -> list[str]:
        return list(self._names)

    def find(self, *patterns: str) -> list[str]:
        """Members matching any pattern (`data/tweets*.js`), at the top or one folder down
        (zips often wrap everything in one folder)."""
        out: list[str] = []
        for name in self._names:
            tail = name.split("/", 1)[1] if "/" in name else ""
            if any(fnmatch.fnmatch(name, pat) or fnmatch.fnmatch(tail, pat) for pat in patterns):
                out.append(name)
        return sorted(out, key=_natural)

    def first(self, *patterns: str) -> str | None:
        found = self.find(*patterns)
        return found[0] if found else None

    def open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(name)
        assert self._root is not None
        return (self._root / name).open("rb")

    def label(self, name: str) -> str:
        """How errors name a member."""
        if self._zip is not None:
            return f"{self.path}!{name}"
        assert self._root is not None
        if Path(self.path).is_file():
            return self.path
        return str(self._root / name)

    def read_bytes(self, name: str, limit: int = 100_000_000) -> bytes:
        with self.open(name) as fh:
            return fh.read(limit)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def _natural(name: str) -> tuple[int, str]:
    """tweets.js before tweets-part1.js before tweets-part10.js."""
    digits = "".join(c for c in name.rsplit("/", 1)[-1] if c.isdigit())
    return (int(digits) if digits else -1, name)


def iter_members(bundle: Bundle, names: list[str]) -> Iterator[tuple[str, IO[bytes]]]:
    """Each member opened in turn and closed before the next."""
    for name in names:
        with bundle.open(name) as fh:
            yield name, fh
