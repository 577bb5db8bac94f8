"""Bluesky: a repository export (CAR, "Settings > Account > Export my data", or
`com.atproto.sync.getRepo`), or the JSON of `app.bsky.feed.post` records.

A CAR file is read front to back, each block decoded by libipld (the DAG-CBOR decoder the
atproto SDK uses, Rust wheels) as it arrives; the repository's Merkle search tree, from the
signed commit down, gives every record its path (`app.bsky.feed.post/<rkey>`) and so its
`at://` URI, the post id. Memory does not grow with the repository: see `_CarStream`.
The JSON form is what `com.atproto.repo.listRecords` returns (`{"records": [{"uri",
"value"}, ...]}`), a list of such entries, or a list of bare record values; it is streamed.
The profile is the repository's `app.bsky.actor.profile/self` record (or, beside a JSON
file, `profile.json`: that record, or `app.bsky.actor.getProfile`'s answer).

Mapping: `text`, `createdAt`, the at:// URI -> id (and a bsky.app url), `reply` ->
in_reply_to, `embed` images and video -> media with their alt text, link facets and an
external embed -> links (full URLs; the text shows them shortened), tag facets -> hashtags.
A quoted record, `langs`, labels and other fields go to extras. A repository holds its DID,
not its handle: give the handle in the watch list (or `--handle`), else the DID is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any

from socialpolicy.batch import BadRecord
from socialpolicy.errors import InputError, InputSyntaxError, Location
from socialpolicy.readers.base import (
    AccountProfile,
    Export,
    ExportRecord,
    Item,
    Problems,
    build_post,
    convert_safely,
    cut,
    parse_when,
    profile_safely,
)
from socialpolicy.readers.options import ReaderOptions
from socialpolicy.readers.streams import array_items, load_small

FORMAT = "bluesky"
POST = "app.bsky.feed.post"
PROFILE = "app.bsky.actor.profile"
_MAPPED = {"$type", "text", "createdAt", "reply", "embed", "facets"}


def sniff(head: str) -> bool:
    return POST in head


def is_car(head: bytes) -> bool:
    """A CAR v1 starts with a varint length and a DAG-CBOR map holding `roots` and `version`."""
    return b"roots" in head[:64] and b"version" in head[:64]


def open_export(path: str, options: ReaderOptions) -> Export:
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        raise InputSyntaxError(f"cannot open: {exc.strerror or exc}", Location(file=path)) from None
    if is_car(head):
        return _open_car(path, options)
    return _open_json(path, options)


# -- CAR --------------------------------------------------------------------------------------
SPILL_AT = 5_000
"""Entries each of the CAR reader's two bookkeeping tables keeps in memory (about 250 bytes
each: 2.5 MB for both at most); past that, the rest goes to a private temporary SQLite file
on disk, with a page cache of 1 MB. A repository written in tree order (commit, then each
node before what it points to) needs a few dozen entries whatever its size; one written in
another order (by CID, as some servers do) spills."""

MAX_TREE_DEPTH = 128
"""Levels of the repository's tree the reader follows (a real one has about 10 per billion
records); deeper is refused as hostile."""

_COMMIT, _NODE, _RECORD, _SKIP = 0, 1, 2, 3
_KEYS = "\x00"  # joins the keys one block is awaited under (a record key holds no NUL)


class _Table:
    """CID bytes -> (kind, depth or offset, length, key): a dict of at most `limit` entries,
    then a temporary on-disk SQLite table, so memory stays bounded whatever the repository."""

    def __init__(self, limit: int) -> None:
        self._mem: dict[bytes, tuple[int, int, int, str]] = {}
        self._limit = limit
        self._db: Any = None

    def put(self, cid: bytes, value: tuple[int, int, int, str]) -> None:
        if cid in self._mem or (self._db is None and len(self._mem) < self._limit):
            self._mem[cid] = value
            return
        if self._db is None:
            import sqlite3

            # "": a private temporary database on disk, deleted when closed.
            self._db = sqlite3.connect("")
            self._db.execute("PRAGMA cache_size = -1024")  # KiB: the page cache's bound
            self._db.execute(
                "CREATE TABLE t (cid BLOB PRIMARY KEY, kind INT, a INT, b INT, key TEXT)"
            )
        self._db.execute("INSERT OR REPLACE INTO t VALUES (?, ?, ?, ?, ?)", (cid, *value))

    def get(self, cid: bytes) -> tuple[int, int, int, str] | None:
        got = self._mem.get(cid)
        if got is not None or self._db is None:
            return got
        row = self._db.execute("SELECT kind, a, b, key FROM t WHERE cid = ?", (cid,)).fetchone()
        return None if row is None else (int(row[0]), int(row[1]), int(row[2]), str(row[3]))

    def pop(self, cid: bytes) -> tuple[int, int, int, str] | None:
        got = self._mem.pop(cid, None)
        if got is not None or self._db is None:
            return got
        row = self._db.execute("SELECT kind, a, b, key FROM t WHERE cid = ?", (cid,)).fetchone()
        if row is None:
            return None
        self._db.execute("DELETE FROM t WHERE cid = ?", (cid,))
        return (int(row[0]), int(row[1]), int(row[2]), str(row[3]))

    def items(self) -> Iterator[tuple[bytes, tuple[int, int, int, str]]]:
        yield from list(self._mem.items())
        if self._db is not None:
            for cid, kind, a, b, key in self._db.execute("SELECT * FROM t ORDER BY key"):
                yield bytes(cid), (int(kind), int(a), int(b), str(key))

    def __len__(self) -> int:
        extra = self._db.execute("SELECT count(*) FROM t").fetchone()[0] if self._db else 0
        return len(self._mem) + int(extra)

    def close(self) -> None:
        self._mem.clear()
        if self._db is not None:
            self._db.close()
            self._db = None


def _varint(fh: IO[bytes]) -> int | None:
    """An unsigned LEB128 varint; None at a clean end of file."""
    value = shift = 0
    first = True
    while True:
        b = fh.read(1)
        if not b:
            if first:
                return None
            raise ValueError("the file ends inside a section length: cut short?")
        first = False
        value |= (b[0] & 0x7F) << shift
        if b[0] < 0x80:
            return value
        shift += 7
        if shift > 63:
            raise ValueError("a section length longer than 9 bytes")


def _link(value: Any) -> bytes | None:
    """A CID link as libipld decodes it (bytes, maybe with the 0x00 multibase prefix of
    DAG-CBOR's tag 42), as the CID's own bytes; None when it is no link."""
    if isinstance(value, bytes | bytearray) and len(value) > 2:
        raw = bytes(value)
        return raw[1:] if raw[0] == 0 else raw
    return None


def _cid_text(cid: bytes) -> str:
    import libipld

    try:
        return str(libipld.encode_cid(cid))
    except ValueError:
        return cid.hex()


class _CarStream:
    """A CAR v1 repository read front to back: each section once, in file order.

    A CAR is a varint-prefixed DAG-CBOR header naming the root (the signed commit) and
    varint-prefixed sections (CID, block). The repository's Merkle search tree gives each
    record its key (`app.bsky.feed.post/<rkey>`), but a CAR may hold blocks in any order:
    a block is used when it arrives if a tree node already wanted it (`wanted`: CID ->
    what it is and its key), and otherwise its offset is kept (`early`, only for tree nodes
    and the record types read) until a node wants it. Both tables are bounded in memory
    (`SPILL_AT`); blocks are decoded by libipld one at a time.
    """

    def __init__(self, path: str, spill_at: int | None = None) -> None:
        import libipld

        self.path = path
        self.spill_at = SPILL_AT if spill_at is None else spill_at
        self.did = ""
        try:
            with Path(path).open("rb") as fh:
                size = _varint(fh)
                if size is None or size > 1 << 20:
                    raise ValueError("no CAR header")
                header = libipld.decode_dag_cbor(fh.read(size))
                roots = header.get("roots") if isinstance(header, dict) else None
                root = _link(roots[0]) if isinstance(roots, list) and roots else None
                if root is None:
                    raise ValueError("the header names no root")
                self.root = root
                self.data_start = fh.tell()
                # Framing only (lengths and seeks, nothing kept): a file cut short is
                # refused before any record is judged.
                total = Path(path).stat().st_size
                while True:
                    start = fh.tell()
                    length = _varint(fh)
                    if length is None:
                        break
                    if fh.tell() + length > total:
                        raise ValueError(
                            f"the section at byte {start} runs past the end: cut short?"
                        )
                    fh.seek(length, 1)
        except (ValueError, OSError, TypeError) as exc:
            raise InputSyntaxError(f"not a readable CAR file: {exc}", Location(file=path)) from None

    def read(self, want_types: frozenset[str]) -> Iterator[tuple[str, Any] | InputSyntaxError]:
        """(key, record) for each record of the tree whose collection is in `want_types`;
        an InputSyntaxError for a block that cannot be used (the rest are still read)."""
        import libipld

        wanted, early = _Table(self.spill_at), _Table(self.spill_at)
        wanted.put(self.root, (_COMMIT, 0, 0, ""))
        main = Path(self.path).open("rb")  # noqa: SIM115 - closed in finally
        side = Path(self.path).open("rb")  # noqa: SIM115 - blocks read out of order
        try:

            def decode(data: bytes, cid: bytes, key: str) -> Any:
                try:
                    return libipld.decode_dag_cbor(data)
                except (ValueError, TypeError, OverflowError) as exc:
                    return InputSyntaxError(
                        f"block {_cid_text(cid)} is not valid DAG-CBOR: {exc}",
                        Location(file=self.path, record=key or None),
                    )

            def want(cid: bytes, kind: int, depth: int, key: str) -> Iterator[Any]:
                # Records are content-addressed: two identical records are one block that
                # two keys point to. A record block read early stays known for the other.
                at = early.get(cid) if kind != _NODE else early.pop(cid)
                if at is None:
                    before = wanted.get(cid)
                    if before is not None:  # awaited already, under another key
                        kind = _RECORD if _RECORD in (kind, before[0]) else kind
                        key = f"{before[3]}{_KEYS}{key}"
                    wanted.put(cid, (kind, depth, 0, key))
                    return
                if kind == _SKIP:
                    return
                side.seek(at[1])
                yield from use(cid, side.read(at[2]), kind, depth, key)

            def use(cid: bytes, data: bytes, kind: int, depth: int, key: str) -> Iterator[Any]:
                value = decode(data, cid, key)
                if isinstance(value, InputSyntaxError):
                    yield value
                elif kind == _RECORD:
                    for one in key.split(_KEYS):
                        if one.split("/", 1)[0] in want_types:
                            yield one, value
                elif kind == _COMMIT:
                    root = _link(value.get("data")) if isinstance(value, dict) else None
                    if root is None:
                        yield InputSyntaxError(
                            "the CAR file's root is not a repository commit",
                            Location(file=self.path, field="roots"),
                        )
                        return
                    self.did = str(value.get("did") or "")
                    yield from want(root, _NODE, 0, "")
                else:
                    yield from node(value, depth)

            def node(value: Any, depth: int) -> Iterator[Any]:
                if depth > MAX_TREE_DEPTH:
                    yield InputSyntaxError(
                        f"the repository's tree is deeper than {MAX_TREE_DEPTH} levels",
                        Location(file=self.path),
                    )
                    return
                entries = value.get("e") if isinstance(value, dict) else None
                if not isinstance(entries, list):
                    yield InputSyntaxError(
                        "a tree node of the repository is not {l, e}", Location(file=self.path)
                    )
                    return
                left = _link(value.get("l"))
                if left is not None:
                    yield from want(left, _NODE, depth + 1, "")
                last = b""
                for e in entries:
                    p, k = (e.get("p"), e.get("k")) if isinstance(e, dict) else (None, None)
                    if (
                        not isinstance(p, int)
                        or not isinstance(k, bytes)
                        or not 0 <= p <= len(last)
                    ):
                        yield InputSyntaxError(
                            "a tree entry of the repository has no usable key",
                            Location(file=self.path, record=last.decode("utf-8", "replace")),
                        )
                        return
                    last = last[:p] + k
                    key = last.decode("utf-8", "replace")
                    target = _link(e.get("v"))
                    if target is not None:
                        # A record not read is still awaited, so that its arrival is not
                        # taken for a block that came before its node.
                        kind = _RECORD if key.split("/", 1)[0] in want_types else _SKIP
                        yield from want(target, kind, depth, key)
                    right = _link(e.get("t"))
                    if right is not None:
                        yield from want(right, _NODE, depth + 1, "")

            main.seek(self.data_start)
            while True:
                length = _varint(main)
                if length is None:
                    break
                at = main.tell()
                head = main.read(min(length, 80))
                cid_len = _cid_length(head)
                if cid_len <= 0 or cid_len > length:
                    yield InputSyntaxError(
                        f"the section at byte {at} does not start with a CID",
                        Location(file=self.path),
                    )
                    main.seek(at + length)
                    continue
                cid = head[:cid_len]
                main.seek(at + cid_len)
                data = main.read(length - cid_len)
                got = wanted.pop(cid)
                if got is not None:
                    if got[0] != _SKIP:
                        yield from use(cid, data, got[0], got[1], got[3])
                    continue
                # Not wanted yet: keep where it is if a node may want it later.
                value = decode(data, cid, "")
                if isinstance(value, dict):
                    kind = (
                        _NODE
                        if "e" in value and set(value) <= {"l", "e"}
                        else _RECORD
                        if str(value.get("$type")) in want_types
                        else None
                    )
                    if kind is not None:
                        early.put(cid, (kind, at + cid_len, length - cid_len, ""))
            for cid, (kind, _, _, key) in wanted.items():
                if kind == _SKIP:
                    continue
                key = ", ".join(k for k in key.split(_KEYS) if k.split("/", 1)[0] in want_types)
                if kind == _RECORD and not key:
                    continue
                what = "record " + key if kind == _RECORD else "tree node"
                if kind == _COMMIT:
                    what = "signed commit (the root)"
                yield InputSyntaxError(
                    f"the {what} ({_cid_text(cid)}) is missing from the CAR file: the export "
                    "is incomplete",
                    Location(file=self.path, record=key or None),
                )
        finally:
            main.close()
            side.close()
            wanted.close()
            early.close()


def _cid_length(head: bytes) -> int:
    """Bytes of the CID at the start of `head` (CIDv0: a bare sha256 multihash; CIDv1:
    version, codec, then the multihash), or 0 when it is none."""
    if head[:2] == b"\x12\x20":
        return 34
    pos = 0
    values = []
    for _ in range(4):  # version, codec, hash code, digest length
        value = shift = 0
        while pos < len(head):
            b = head[pos]
            pos += 1
            value |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        else:
            return 0
        values.append(value)
    return pos + values[3] if values[0] == 1 else 0


def _open_car(path: str, options: ReaderOptions) -> Export:
    car = _CarStream(path)
    profile = None
    want = f"{PROFILE}/self"
    # The profile is found first (in a repository written in tree order it comes before any
    # post, so this stops early); problems are reported by the records' pass.
    for got in car.read(frozenset({PROFILE})):
        if isinstance(got, InputSyntaxError):
            if got.location.field == "roots":
                raise got
            continue
        if got[0] == want:
            value = got[1]
            profile = profile_safely(partial(_profile, value, car.did, options), path, [])
            break
    if profile is None and (car.did or options.handle):
        profile = AccountProfile(
            platform="bluesky", platform_id=car.did or None, handle=options.handle or car.did
        )

    def records() -> Iterator[Item]:
        index = 0
        for got in car.read(frozenset({POST})):
            if isinstance(got, InputSyntaxError):
                yield BadRecord(path, index + 1, got)
                continue
            index += 1
            key, value = got
            uri = f"at://{car.did}/{key}"
            yield _converted(value, uri, car.did, path, index)

    return Export(FORMAT, path, profile, records)


def _profile(value: Any, did: str, options: ReaderOptions) -> AccountProfile | None:
    if not isinstance(value, dict):
        return None
    handle = value.get("handle") if isinstance(value.get("handle"), str) else None
    handle = options.handle or (f"@{handle}" if handle else None) or did or None
    pid = value.get("did") if isinstance(value.get("did"), str) else did
    return AccountProfile(
        platform="bluesky",
        platform_id=pid or None,
        handle=handle,
        display_name=cut(value.get("displayName"))
        if isinstance(value.get("displayName"), str)
        else None,
        bio=cut(value.get("description")) if isinstance(value.get("description"), str) else None,
        url=f"https://bsky.app/profile/{pid}" if pid else None,
    )


# -- JSON -------------------------------------------------------------------------------------
def _open_json(path: str, options: ReaderOptions) -> Export:
    problems: list[BadRecord] = []
    profile = None
    side = Path(path).with_name("profile.json")
    if side.is_file() and side != Path(path):
        try:
            with side.open("rb") as fh:
                doc = load_small(fh, str(side))
            value = doc.get("value", doc) if isinstance(doc, dict) else None
            did = str(doc.get("did") or "") if isinstance(doc, dict) else ""
            profile = profile_safely(lambda: _profile(value, did, options), str(side), problems)
        except InputError as exc:
            problems.append(BadRecord(str(side), 0, exc))
    with Path(path).open("rb") as fh:
        head = fh.read(4096).lstrip()
    prefix = "records.item" if head.startswith(b"{") else "item"

    def records() -> Iterator[Item]:
        with Path(path).open("rb") as fh:
            for got in array_items(fh, path, prefix):
                if isinstance(got, BadRecord):
                    yield got
                    continue
                index, item = got
                if isinstance(item, dict) and "value" in item:
                    uri = str(item.get("uri") or "")
                    value = item["value"]
                else:
                    uri, value = "", item
                if isinstance(value, dict) and value.get("$type") not in (None, POST):
                    continue  # a like, a follow, a profile: not a post
                did = uri.split("/")[2] if uri.startswith("at://") else ""
                yield _converted(value, uri, did, path, index)

    return Export(FORMAT, path, profile, records, problems)


def _converted(value: Any, uri: str, did: str, file: str, index: int) -> Item:
    def convert(item: Any, file: str, index: int) -> Item:
        return _record(item, uri, did, file, index)

    rec = convert_safely(convert, value, file, index, "invalid Bluesky post")
    assert rec is not None
    return rec


def _record(value: Any, uri: str, did: str, file: str, index: int) -> Item:
    problems = Problems()
    if not isinstance(value, dict):
        problems.add(None, f"a post record must be an object, not {type(value).__name__}")
        return BadRecord(
            file, index, problems.error("invalid Bluesky post", file, index, uri or None)
        )
    data: dict[str, Any] = {"platform": "bluesky"}
    if uri:
        data["id"] = uri
        rkey = uri.rsplit("/", 1)[-1]
        data["url"] = f"https://bsky.app/profile/{did}/post/{rkey}"
    else:
        problems.add("uri", "missing: a post needs its at:// URI as its id")
    if isinstance(value.get("text"), str):
        data["text"] = value["text"]
    else:
        problems.add("value.text", "missing required field")
    try:
        data["created_at"] = parse_when(value.get("createdAt"))
    except ValueError as exc:
        problems.add("value.createdAt", str(exc))
    if isinstance(value.get("reply"), dict):
        parent = (value["reply"].get("parent") or {}).get("uri", "")
        author = (
            parent.split("/")[2] if isinstance(parent, str) and parent.startswith("at://") else None
        )
        data["in_reply_to"] = {"author": author, "text": ""}
    extras = {k: v for k, v in value.items() if k not in _MAPPED}
    media, links = _embed(value.get("embed"), extras)
    tags: list[str] = []
    for facet in _items(value.get("facets")):
        for feature in _items(facet.get("features")) if isinstance(facet, dict) else ():
            if not isinstance(feature, dict):
                continue
            kind = str(feature.get("$type", ""))
            if kind.endswith("#link") and isinstance(feature.get("uri"), str):
                links.append(feature["uri"])
            elif kind.endswith("#tag") and isinstance(feature.get("tag"), str):
                tags.append("#" + feature["tag"])
    if media:
        data["media"] = media
    if links:
        data["links"] = list(dict.fromkeys(links))
    if tags:
        data["hashtags"] = tags
    post = build_post(data, problems, file, index, "invalid Bluesky post")
    if isinstance(post, BadRecord):
        return post
    return ExportRecord(file, index, post, None, extras)


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _embed(embed: Any, extras: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    media: list[dict[str, Any]] = []
    links: list[str] = []
    if not isinstance(embed, dict):
        return media, links
    kind = str(embed.get("$type", ""))
    if kind == "app.bsky.embed.images":
        for img in _items(embed.get("images")):
            if isinstance(img, dict):
                media.append({"kind": "image", "alt_text": img.get("alt") or None})
    elif kind == "app.bsky.embed.video":
        media.append({"kind": "video", "alt_text": embed.get("alt") or None})
    elif kind == "app.bsky.embed.external":
        ext = embed.get("external") or {}
        if isinstance(ext, dict) and isinstance(ext.get("uri"), str):
            links.append(ext["uri"])
    elif kind == "app.bsky.embed.record":
        extras["quoted"] = (embed.get("record") or {}).get("uri")
    elif kind == "app.bsky.embed.recordWithMedia":
        extras["quoted"] = ((embed.get("record") or {}).get("record") or {}).get("uri")
        inner_media, inner_links = _embed(embed.get("media"), extras)
        media.extend(inner_media)
        links.extend(inner_links)
    return media, links
