"""Bluesky: a repository export (CAR, "Settings > Account > Export my data", or
`com.atproto.sync.getRepo`), or the JSON of `app.bsky.feed.post` records.

A CAR file's sections are indexed in one pass (offsets only) and each block is decoded by
libipld (the DAG-CBOR decoder the atproto SDK uses, Rust wheels) when it is needed; the
repository's Merkle search tree is walked from the signed commit, so every record keeps its
path (`app.bsky.feed.post/<rkey>`) and so its `at://` URI, the post id.
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

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from socialpolicy.batch import BadRecord
from socialpolicy.errors import InputError, InputSyntaxError, Location
from socialpolicy.readers.base import (
    AccountProfile,
    Export,
    ExportRecord,
    Item,
    Problems,
    build_post,
    cut,
    parse_when,
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
class _CarIndex:
    """Where each block of a CAR v1 file is: one pass over its sections, then reads on demand.

    A CAR is a varint-prefixed DAG-CBOR header and varint-prefixed sections (CID, block).
    Only (offset, length) per CID is kept, and each block is decoded by libipld when asked
    for, so a large repository is not held in memory whole.
    """

    def __init__(self, path: str) -> None:
        import libipld

        self.path = path
        self._fh = Path(path).open("rb")  # noqa: SIM115 - closed by close()
        self._blocks: dict[str, tuple[int, int]] = {}
        self._size = Path(path).stat().st_size
        try:
            header = libipld.decode_dag_cbor(self._fh.read(self._varint()))
            self.roots = (
                [_cid(r) for r in (header.get("roots") or [])] if isinstance(header, dict) else []
            )
            while True:
                start = self._fh.tell()
                try:
                    size = self._varint()
                except EOFError:
                    break
                at = self._fh.tell()
                head = self._fh.read(min(size, 80))
                cid_len = _cid_length(head)
                if cid_len <= 0 or cid_len > size:
                    raise ValueError(f"section at byte {start} does not start with a CID")
                self._blocks[libipld.encode_cid(head[:cid_len])] = (at + cid_len, size - cid_len)
                if at + size > self._size:
                    raise ValueError(f"the section at byte {start} runs past the end: cut short?")
                self._fh.seek(at + size)
        except (ValueError, EOFError, OSError) as exc:
            self.close()
            raise InputSyntaxError(f"not a readable CAR file: {exc}", Location(file=path)) from None

    def _varint(self) -> int:
        value = shift = 0
        while True:
            b = self._fh.read(1)
            if not b:
                raise EOFError("unexpected end of file")
            value |= (b[0] & 0x7F) << shift
            if b[0] < 0x80:
                return value
            shift += 7
            if shift > 63:
                raise ValueError("varint too long")

    def get(self, cid: str) -> Any:
        import libipld

        where = self._blocks.get(cid)
        if where is None:
            return None
        self._fh.seek(where[0])
        try:
            return libipld.decode_dag_cbor(self._fh.read(where[1]))
        except ValueError as exc:
            raise InputSyntaxError(
                f"block {cid} is not valid DAG-CBOR: {exc}", Location(file=self.path)
            ) from None

    def close(self) -> None:
        self._fh.close()


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
    car = _CarIndex(path)
    commit = car.get(car.roots[0]) if car.roots else None
    if not isinstance(commit, dict) or "data" not in commit:
        car.close()
        raise InputSyntaxError(
            "the CAR file's root is not a repository commit", Location(file=path, field="roots")
        )
    did = str(commit.get("did") or "")
    profile = None
    want = f"{PROFILE}/self"
    try:
        # Keys are sorted and the profile's sorts before every post: stop once past it.
        for key, cid in _walk_mst(car.get, commit["data"], path):
            if key == want:
                profile = _profile(car.get(cid), did, options)
            if key >= want:
                break
    except InputSyntaxError:
        car.close()
        raise
    if profile is None and (did or options.handle):
        profile = AccountProfile(
            platform="bluesky", platform_id=did or None, handle=options.handle or did
        )

    def records() -> Iterator[Item]:
        # The tree is walked as records are read: only the CAR's offsets stay in memory.
        index = 0
        try:
            for key, cid in _walk_mst(car.get, commit["data"], path):
                if not key.startswith(POST + "/"):
                    continue
                index += 1
                yield _record(car.get(cid), f"at://{did}/{key}", did, path, index)
        except InputSyntaxError as exc:
            yield BadRecord(path, index + 1, exc)
        finally:
            car.close()

    return Export(FORMAT, path, profile, records)


def _walk_mst(block: Callable[[str], Any], root: Any, path: str) -> Iterator[tuple[str, str]]:
    """(record path, record CID) in key order: the atproto Merkle search tree, depth first.

    A node is `{l: left subtree, e: [{p: shared prefix length, k: key suffix, v: record,
    t: right subtree}]}`; keys are prefix-compressed against the previous entry.
    """

    def visit(cid: Any) -> Iterator[tuple[str, str]]:
        node = block(_cid(cid)) if cid is not None else None
        if not isinstance(node, dict):
            raise InputSyntaxError(
                f"the repository's tree node {_cid(cid)} is missing from the CAR file",
                Location(file=path),
            )
        if node.get("l") is not None:
            yield from visit(node["l"])
        last = b""
        for e in node.get("e") or ():
            key = last[: int(e.get("p", 0))] + bytes(e.get("k", b""))
            last = key
            yield key.decode("utf-8", "replace"), _cid(e.get("v"))
            if e.get("t") is not None:
                yield from visit(e["t"])

    yield from visit(root)


def _cid(value: Any) -> str:
    """A CID link as libipld gives it (bytes inside a CAR, text elsewhere), as text."""
    import libipld

    if isinstance(value, bytes):
        try:
            return libipld.encode_cid(value)
        except ValueError:
            return ""
    return str(value)


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
            profile = _profile(value, str((doc or {}).get("did") or ""), options)
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
                yield _record(value, uri, did, path, index)

    return Export(FORMAT, path, profile, records, problems)


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
    for facet in value.get("facets") or ():
        for feature in (facet or {}).get("features") or () if isinstance(facet, dict) else ():
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


def _embed(embed: Any, extras: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    media: list[dict[str, Any]] = []
    links: list[str] = []
    if not isinstance(embed, dict):
        return media, links
    kind = str(embed.get("$type", ""))
    if kind == "app.bsky.embed.images":
        for img in embed.get("images") or ():
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
