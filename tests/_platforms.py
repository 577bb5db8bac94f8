"""Platform records written in each platform's own export format, for the reader properties.

`Spec` is what a post is (id, text, time, reply, alt texts, a quoted post, an extra field the
platform adds); `ITEM[fmt](spec)` is that post as the platform's export holds it, and
`write(fmt, root, items)` writes a whole export around a list of items (each item a JSON
value, or raw bytes written as they are, for hostile input). `EXPECT` says what the reader
must give back for each format.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

X_DATE = "%a %b %d %H:%M:%S %z %Y"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
DID = "did:plc:abcdefghijklmnopqrstuvwx"
OTHER_DID = "did:plc:zyxwvutsrqponmlkjihgfedc"


@dataclass(frozen=True)
class Spec:
    """One post as its author made it."""

    id: str
    text: str
    when: datetime
    reply_to: str | None = None  # the replied-to author's user name (no @), or None
    alts: tuple[str, ...] = ()
    quoted: str | None = None  # the quoted post's text (X), or None
    extra: int = 0  # a count the platform adds (likes), kept aside by the reader
    paragraphs: tuple[str, ...] = field(default=())  # Mastodon: the text's paragraphs


def meta_mojibake(value: Any) -> Any:
    """Meta's encoding: each UTF-8 byte of a string written as its own code point."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [meta_mojibake(v) for v in value]
    if isinstance(value, dict):
        return {meta_mojibake(k): meta_mojibake(v) for k, v in value.items()}
    return value


def _x(s: Spec) -> dict[str, Any]:
    esc = s.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    tweet: dict[str, Any] = {
        "id_str": s.id,
        "id": s.id,
        "full_text": esc,
        "created_at": s.when.strftime(X_DATE),
        "favorite_count": str(s.extra),
        "retweet_count": "0",
        "lang": "en",
        "entities": {"hashtags": [], "user_mentions": [], "urls": [], "symbols": []},
    }
    if s.reply_to:
        tweet["in_reply_to_status_id_str"] = "1" + s.id
        tweet["in_reply_to_screen_name"] = s.reply_to
    if s.alts:
        tweet["extended_entities"] = {
            "media": [
                {"type": "photo", "media_url": f"https://pbs.twimg.com/media/{k}.jpg",
                 "ext_alt_text": alt}
                for k, alt in enumerate(s.alts)
            ]
        }  # fmt: skip
    if s.quoted is not None:
        tweet["quoted_status"] = {
            "id_str": "9" + s.id,
            "full_text": s.quoted.replace("&", "&amp;").replace("<", "&lt;"),
            "user": {"screen_name": "someone"},
        }
    return {"tweet": tweet}


def _html(s: Spec) -> str:
    paras = s.paragraphs or (s.text,)
    return "".join(f"<p>{escape(p)}</p>" for p in paras)


def _mastodon(s: Spec) -> dict[str, Any]:
    note: dict[str, Any] = {
        "id": f"https://social.example/users/jo/statuses/{s.id}",
        "type": "Note",
        "published": s.when.isoformat().replace("+00:00", "Z"),
        "url": f"https://social.example/@jo/{s.id}",
        "to": [PUBLIC],
        "cc": ["https://social.example/users/jo/followers"],
        "content": _html(s),
        "sensitive": False,
        "likes": {"totalItems": s.extra},
        "attachment": [
            {"type": "Document", "mediaType": "image/png", "url": "https://x/a.png", "name": a}
            for a in s.alts
        ],
    }
    if s.reply_to:
        note["inReplyTo"] = f"https://other.example/users/{s.reply_to}/statuses/1"
    return {
        "id": f"https://social.example/users/jo/statuses/{s.id}/activity",
        "type": "Create",
        "actor": "https://social.example/users/jo",
        "published": note["published"],
        "object": note,
    }


def _mastodon_api(s: Spec) -> dict[str, Any]:
    return {
        "id": s.id,
        "uri": f"https://social.example/users/jo/statuses/{s.id}",
        "url": f"https://social.example/@jo/{s.id}",
        "created_at": s.when.isoformat().replace("+00:00", "Z"),
        "in_reply_to_id": "77" if s.reply_to else None,
        "spoiler_text": "",
        "visibility": "public",
        "content": _html(s),
        "favourites_count": s.extra,
        "media_attachments": [
            {"id": str(k), "type": "image", "url": "https://x/a.png", "description": a}
            for k, a in enumerate(s.alts)
        ],
        "mentions": [],
        "tags": [],
        "reblog": None,
        "account": {"id": "1", "username": "jo", "acct": "jo", "display_name": "Jo",
                    "note": "<p>Hi</p>", "url": "https://social.example/@jo"},
    }  # fmt: skip


def _bluesky_value(s: Spec) -> dict[str, Any]:
    value: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "text": s.text,
        "createdAt": s.when.isoformat().replace("+00:00", "Z"),
        "langs": ["en"],
    }
    if s.reply_to:
        parent = {"uri": f"at://{OTHER_DID}/app.bsky.feed.post/3kparent", "cid": "bafyp"}
        value["reply"] = {"root": parent, "parent": parent}
    if s.alts:
        value["embed"] = {
            "$type": "app.bsky.embed.images",
            "images": [{"alt": a, "image": {"mimeType": "image/png", "size": 1}} for a in s.alts],
        }
    return value


def _bluesky(s: Spec) -> dict[str, Any]:
    return {
        "uri": f"at://{DID}/app.bsky.feed.post/{s.id}",
        "cid": "bafyreib",
        "value": _bluesky_value(s),
    }


def _facebook(s: Spec) -> dict[str, Any]:
    item: dict[str, Any] = {
        "timestamp": int(s.when.timestamp()),
        "data": [{"post": s.text}],
        "title": "Jo updated their status.",
        "tags": [{"name": "Friend"}] * s.extra,
    }
    if s.alts:
        item["attachments"] = [
            {"data": [{"media": {"uri": f"media/{k}.jpg", "description": a}}]}
            for k, a in enumerate(s.alts)
        ]
    return item


def _instagram(s: Spec) -> dict[str, Any]:
    return {
        "media": [
            {"uri": f"media/posts/{s.id}-{k}.jpg", "creation_timestamp": int(s.when.timestamp()),
             "title": s.text}
            for k in range(max(1, len(s.alts)))
        ],
        "title": s.text,
        "creation_timestamp": int(s.when.timestamp()),
        "likes": s.extra,
    }  # fmt: skip


def _json(s: Spec) -> dict[str, Any]:
    post: dict[str, Any] = {"id": s.id, "text": s.text, "created_at": s.when.isoformat()}
    if s.reply_to:
        post["in_reply_to"] = {"author": "@" + s.reply_to, "text": ""}
    if s.alts:
        post["media"] = [{"kind": "image", "alt_text": a} for a in s.alts]
    return post


# The CSV/TSV mapping a spreadsheet would need: its own column names.
COLUMNS = {
    "id": "Post ID",
    "text": "Body",
    "created_at": "Posted",
    "in_reply_to.author": "Replying to",
    "media.alt_text": "Image description",
}
CSV_HEADER = ["Post ID", "Body", "Posted", "Replying to", "Image description", "Likes"]


def _row(s: Spec) -> list[str]:
    return [
        s.id,
        s.text,
        s.when.isoformat(),
        "@" + s.reply_to if s.reply_to else "",
        s.alts[0] if s.alts else "",
        str(s.extra),
    ]


ITEM: dict[str, Callable[[Spec], Any]] = {
    "x-archive": _x,
    "mastodon": _mastodon,
    "mastodon-api": _mastodon_api,
    "bluesky": _bluesky,
    "bluesky-car": _bluesky,
    "facebook": _facebook,
    "instagram": _instagram,
    "json": _json,
    "csv": _row,
    "tsv": _row,
}
FORMATS = tuple(ITEM)


def _array(items: Sequence[Any], dump: Callable[[Any], str] = json.dumps) -> bytes:
    parts = [i if isinstance(i, bytes) else dump(i).encode("utf-8") for i in items]
    return b"[\n" + b",\n".join(parts) + b"\n]"


def _meta_dump(value: Any) -> str:
    return json.dumps(meta_mojibake(value))  # ASCII, with \u00c3\u00a9 for é: as Meta writes


def write(fmt: str, root: Path, items: Sequence[Any]) -> tuple[Path, str]:
    """An export of `items` in `fmt` under `root`; (the path to read, the `--from` name)."""
    root.mkdir(parents=True, exist_ok=True)
    if fmt == "x-archive":
        data = root / "data"
        data.mkdir(exist_ok=True)
        (data / "tweets.js").write_bytes(b"window.YTD.tweets.part0 = " + _array(items))
        acc = [{"account": {"username": "jo", "accountId": "42", "accountDisplayName": "Jo"}}]
        (data / "account.js").write_text("window.YTD.account.part0 = " + json.dumps(acc))
        return root, fmt
    if fmt == "mastodon":
        body = b'{"@context": "https://www.w3.org/ns/activitystreams", "type": ' \
            b'"OrderedCollection", "totalItems": 1, "orderedItems": ' + _array(items) + b"}"  # fmt: skip
        (root / "outbox.json").write_bytes(body)
        actor = {"id": "https://social.example/users/jo", "type": "Person",
                 "preferredUsername": "jo", "name": "Jo"}  # fmt: skip
        (root / "actor.json").write_text(json.dumps(actor))
        return root, fmt
    if fmt == "mastodon-api":
        path = root / "statuses.json"
        path.write_bytes(_array(items))
        return path, "mastodon"
    if fmt == "bluesky":
        path = root / "posts.json"
        path.write_bytes(b'{"records": ' + _array(items) + b', "cursor": "x"}')
        return path, fmt
    if fmt == "bluesky-car":
        path = root / "repo.car"
        path.write_bytes(car_bytes(items))
        return path, "bluesky"
    if fmt in ("facebook", "instagram"):
        sub = (
            root / "your_facebook_activity" / "posts" / "your_posts_1.json"
            if fmt == "facebook"
            else root / "your_instagram_activity" / "content" / "posts_1.json"
        )
        sub.parent.mkdir(parents=True, exist_ok=True)
        sub.write_bytes(_array(items, _meta_dump))
        return root, fmt
    if fmt == "json":
        path = root / "posts.jsonl"
        path.write_bytes(
            b"".join(
                (i if isinstance(i, bytes) else json.dumps(i).encode("utf-8")) + b"\n"
                for i in items
            )
        )
        return path, fmt
    if fmt in ("csv", "tsv"):
        path = root / f"posts.{fmt}"
        buf = io.StringIO()
        out = csv.writer(buf, delimiter="\t" if fmt == "tsv" else ",")
        out.writerow(CSV_HEADER)
        raw = buf.getvalue().encode("utf-8")
        for row in items:
            if isinstance(row, bytes):
                raw += row + b"\n"
            else:
                buf = io.StringIO()
                csv.writer(buf, delimiter="\t" if fmt == "tsv" else ",").writerow(row)
                raw += buf.getvalue().encode("utf-8")
        path.write_bytes(raw)
        return path, fmt
    raise AssertionError(fmt)


def car_bytes(
    items: Sequence[Any], order: Sequence[int] | None = None, node_last: bool = False
) -> bytes:
    """A repository CAR holding `items` (`{"uri", "value"}` entries, or raw block bytes) as
    records under one tree node, with the profile; record blocks in `order` (indexes, the
    profile first; default: as given), the node before them (tree order) or after them."""
    import libipld

    sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "exports"))
    from make_bluesky_car import cid, encode, link, varint

    blocks: list[tuple[bytes, bytes]] = []
    entries: list[tuple[bytes, bytes]] = []
    profile = libipld.encode_dag_cbor({"$type": "app.bsky.actor.profile", "displayName": "Jo"})
    entries.append((b"app.bsky.actor.profile/self", cid(profile)))
    blocks.append((cid(profile), profile))
    for k, item in enumerate(items):
        if isinstance(item, bytes):
            data, rkey = item, f"3zzzz{k:08d}"
        else:
            data, rkey = libipld.encode_dag_cbor(item["value"]), str(item["uri"]).rsplit("/", 1)[1]
        c = cid(data + k.to_bytes(4, "big")) if isinstance(item, bytes) else cid(data)
        blocks.append((c, data))
        entries.append((f"app.bsky.feed.post/{rkey}".encode(), c))
    entries.sort()
    node = encode({"l": None, "e": [{"p": 0, "k": k, "v": link(c), "t": None} for k, c in entries]})
    node_cid = cid(node)
    commit = encode({"did": DID, "version": 3, "data": link(node_cid), "rev": "1", "prev": None})
    commit_cid = cid(commit)
    header = libipld.encode_dag_cbor({"version": 1, "roots": []}).replace(
        b"\x80", b"\x81\xd8\x2a\x58\x25\x00" + commit_cid
    )
    seq = [blocks[i] for i in order] if order is not None else blocks
    out = varint(len(header)) + header
    ordered = [*seq, (node_cid, node)] if node_last else [(node_cid, node), *seq]
    for c, d in [(commit_cid, commit), *ordered]:
        out += varint(len(c) + len(d)) + c + d
    return out


def when_of(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
