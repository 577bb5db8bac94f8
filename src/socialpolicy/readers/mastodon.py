"""Mastodon: an account export (`outbox.json` with `actor.json`), or statuses from the API.

The export ("Preferences > Import and export > Request your archive") holds
`outbox.json`, an ActivityStreams OrderedCollection of `Create` activities (one per post;
`Announce` boosts are other people's posts and are skipped), and `actor.json`, the profile.
A JSON list of statuses as the API returns them (`GET /api/v1/accounts/:id/statuses`) is
read too. The items are streamed.

Mapping: `content` (HTML) -> text through `html_to_text` (a content warning, `summary` or
`spoiler_text`, comes first, as readers see it), `id`/`url`, `published`/`created_at`,
addressing or `visibility` (public and unlisted -> public, followers-only/private ->
followers, direct -> direct), `inReplyTo` -> in_reply_to, attachments -> media with their
description as alt text, `Mention`/`Hashtag` tags -> mentions and hashtags. The source
HTML, language, counts and other fields go to extras. `alsoKnownAs` in actor.json (the
accounts this one moved from) gives previous handles.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any
from urllib.parse import urlsplit

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
from socialpolicy.readers.bundle import Bundle
from socialpolicy.readers.html_text import html_to_text
from socialpolicy.readers.options import ReaderOptions
from socialpolicy.readers.streams import array_items, load_small

FORMAT = "mastodon"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
_API_VISIBILITY = {
    "public": "public",
    "unlisted": "public",
    "private": "followers",
    "direct": "direct",
}
_KIND = {"image": "image", "gifv": "video", "video": "video", "audio": "audio"}
_NOTE_MAPPED = {
    "id", "content", "summary", "published", "url", "to", "cc", "inReplyTo", "attachment", "tag",
}  # fmt: skip
_API_MAPPED = {
    "id", "uri", "url", "content", "spoiler_text", "created_at", "visibility", "in_reply_to_id",
    "in_reply_to_account_id", "media_attachments", "mentions", "tags", "account", "reblog",
}  # fmt: skip


def sniff(head: str) -> bool:
    return '"orderedItems"' in head or ('"visibility"' in head and '"content"' in head)


def detect(bundle: Bundle) -> bool:
    return bundle.first("outbox.json") is not None


def open_export(path: str, options: ReaderOptions) -> Export:
    bundle = Bundle(path)
    problems: list[BadRecord] = []
    outbox = bundle.first("outbox.json")
    profile: AccountProfile | None = None
    actor_name = bundle.first("actor.json")
    if actor_name is not None:
        try:
            with bundle.open(actor_name) as fh:
                actor = load_small(fh, bundle.label(actor_name))
            profile = profile_safely(
                lambda: actor_profile(actor), bundle.label(actor_name), problems
            )
        except InputError as exc:
            problems.append(BadRecord(bundle.label(actor_name), 0, exc))
    if outbox is None:
        names = bundle.names()
        if len(names) != 1:
            problems.append(
                BadRecord(
                    path,
                    0,
                    InputSyntaxError("no outbox.json in this Mastodon export", Location(file=path)),
                )
            )
        outbox = names[0] if len(names) == 1 else None
    is_api = False
    if outbox is not None:
        with bundle.open(outbox) as fh:
            head = fh.read(4096).lstrip()
        is_api = head.startswith(b"[")
    seen_profile: list[AccountProfile] = []

    def records() -> Iterator[Item]:
        if outbox is None:
            bundle.close()
            return
        label = bundle.label(outbox)
        prefix = "item" if is_api else "orderedItems.item"
        try:
            with bundle.open(outbox) as fh:
                for got in array_items(fh, label, prefix):
                    if isinstance(got, BadRecord):
                        yield got
                        continue
                    index, item = got
                    rec = convert_safely(
                        _api_record if is_api else _activity, item, label, index, "invalid post"
                    )
                    if rec is not None:
                        yield rec
        finally:
            bundle.close()

    if is_api and profile is None and outbox is not None:
        # The API repeats the author's account in every status: the first one is the profile.
        with bundle.open(outbox) as fh:
            for got in array_items(fh, bundle.label(outbox)):
                if not isinstance(got, BadRecord) and isinstance(got[1], dict):
                    acc = got[1].get("account")
                    found = (
                        profile_safely(partial(api_profile, acc), bundle.label(outbox), problems)
                        if isinstance(acc, dict)
                        else None
                    )
                    if found is not None:
                        seen_profile.append(found)
                break
        profile = seen_profile[0] if seen_profile else None
    return Export(FORMAT, path, profile, records, problems)


def _visibility(to: Any, cc: Any, actor_followers: str | None = None) -> str:
    to_l = to if isinstance(to, list) else [to] if isinstance(to, str) else []
    cc_l = cc if isinstance(cc, list) else [cc] if isinstance(cc, str) else []
    if PUBLIC in to_l or PUBLIC in cc_l or "as:Public" in to_l + cc_l:
        return "public"
    if any(isinstance(a, str) and a.endswith("/followers") for a in to_l + cc_l):
        return "followers"
    return "direct"


def _text(content: Any, warning: Any) -> str | None:
    if not isinstance(content, str):
        return None
    body = html_to_text(content)
    if isinstance(warning, str) and warning.strip():
        return f"{warning.strip()}\n\n{body}" if body else warning.strip()
    return body


def _activity(item: Any, file: str, index: int) -> Item | None:
    problems = Problems()
    if not isinstance(item, dict):
        problems.add(None, f"an activity must be an object, not {type(item).__name__}")
        return BadRecord(file, index, problems.error("invalid activity", file, index, None))
    if item.get("type") != "Create":
        return None  # Announce (a boost) is someone else's post
    note = item.get("object")
    if not isinstance(note, dict):
        problems.add("object", "a Create activity must carry its object")
        return BadRecord(file, index, problems.error("invalid activity", file, index, None))
    data: dict[str, Any] = {"platform": "mastodon"}
    if note.get("id"):
        data["id"] = str(note["id"])
    else:
        problems.add("object.id", "missing required field")
    text = _text(note.get("content"), note.get("summary"))
    if text is None:
        problems.add("object.content", "missing required field")
    else:
        data["text"] = text
    try:
        data["created_at"] = parse_when(note.get("published") or item.get("published"))
    except ValueError as exc:
        problems.add("object.published", str(exc))
    url = note.get("url")
    if isinstance(url, str):
        data["url"] = url
    data["visibility"] = _visibility(note.get("to", item.get("to")), note.get("cc", item.get("cc")))
    if note.get("inReplyTo"):
        data["in_reply_to"] = {"author": _author_of(str(note["inReplyTo"])), "text": ""}
    media = []
    for i, att in enumerate(note.get("attachment") or ()):
        if not isinstance(att, dict):
            problems.add(f"object.attachment[{i}]", "not an object")
            continue
        kind = str(att.get("mediaType", "")).split("/", 1)[0]
        media.append({"kind": _KIND.get(kind, "other"), "alt_text": att.get("name") or None})
    if media:
        data["media"] = media
    mentions, tags = [], []
    for t in note.get("tag") or ():
        if isinstance(t, dict) and isinstance(t.get("name"), str):
            if t.get("type") == "Mention":
                mentions.append(t["name"])
            elif t.get("type") == "Hashtag":
                tags.append(t["name"] if t["name"].startswith("#") else "#" + t["name"])
    if mentions or tags:
        data["mentions"], data["hashtags"] = mentions, tags
    extras = {k: v for k, v in note.items() if k not in _NOTE_MAPPED}
    extras["content_html"] = note.get("content")
    post = build_post(data, problems, file, index, "invalid Mastodon post")
    if isinstance(post, BadRecord):
        return post
    return ExportRecord(file, index, post, None, extras)


def _author_of(uri: str) -> str | None:
    """`https://host/users/name/statuses/1` -> `@name@host` (None when the shape differs)."""
    parts = urlsplit(uri)
    segs = parts.path.strip("/").split("/")
    if len(segs) >= 2 and segs[0] == "users":
        return f"@{segs[1]}@{parts.hostname}"
    if segs and segs[0].startswith("@"):
        return f"{segs[0]}@{parts.hostname}"
    return None


def _api_record(item: Any, file: str, index: int) -> Item | None:
    problems = Problems()
    if not isinstance(item, dict):
        problems.add(None, f"a status must be an object, not {type(item).__name__}")
        return BadRecord(file, index, problems.error("invalid status", file, index, None))
    if item.get("reblog"):
        return None  # a boost: the reblogged status is someone else's
    data: dict[str, Any] = {"platform": "mastodon"}
    sid = item.get("uri") or item.get("url") or item.get("id")
    if sid:
        data["id"] = str(sid)
    else:
        problems.add("id", "missing required field")
    text = _text(item.get("content"), item.get("spoiler_text"))
    if text is None:
        problems.add("content", "missing required field")
    else:
        data["text"] = text
    try:
        data["created_at"] = parse_when(item.get("created_at"))
    except ValueError as exc:
        problems.add("created_at", str(exc))
    if isinstance(item.get("url"), str):
        data["url"] = item["url"]
    vis = item.get("visibility", "public")
    if vis not in _API_VISIBILITY:
        problems.add("visibility", f"not a Mastodon visibility (got {vis!r})")
    else:
        data["visibility"] = _API_VISIBILITY[vis]
    if item.get("in_reply_to_id"):
        data["in_reply_to"] = {"author": None, "text": ""}
    media = []
    for i, att in enumerate(item.get("media_attachments") or ()):
        if not isinstance(att, dict):
            problems.add(f"media_attachments[{i}]", "not an object")
            continue
        media.append(
            {"kind": _KIND.get(str(att.get("type")), "other"), "alt_text": att.get("description")}
        )
    if media:
        data["media"] = media
    mentions = [
        "@" + str(m["acct"])
        for m in item.get("mentions") or ()
        if isinstance(m, dict) and m.get("acct")
    ]
    tags = [
        "#" + str(t["name"])
        for t in item.get("tags") or ()
        if isinstance(t, dict) and t.get("name")
    ]
    if mentions or tags:
        data["mentions"], data["hashtags"] = mentions, tags
    extras = {k: v for k, v in item.items() if k not in _API_MAPPED}
    extras["content_html"] = item.get("content")
    post = build_post(data, problems, file, index, "invalid Mastodon status")
    if isinstance(post, BadRecord):
        return post
    return ExportRecord(file, index, post, None, extras)


def actor_profile(actor: Any) -> AccountProfile | None:
    """The profile in `actor.json` (an ActivityPub Person)."""
    if not isinstance(actor, dict):
        return None
    host = urlsplit(str(actor.get("id", ""))).hostname
    user = actor.get("preferredUsername")
    previous = tuple(
        h for h in (_handle_of_actor(a) for a in actor.get("alsoKnownAs") or ()) if h is not None
    )
    summary = actor.get("summary")
    fields = [
        {"name": a.get("name"), "value": html_to_text(str(a.get("value", "")))}
        for a in actor.get("attachment") or ()
        if isinstance(a, dict) and a.get("type") == "PropertyValue"
    ]
    return AccountProfile(
        platform="mastodon",
        platform_id=str(actor["id"]) if actor.get("id") else None,
        handle=f"@{user}@{host}" if user and host else (f"@{user}" if user else None),
        display_name=cut(actor.get("name")) if isinstance(actor.get("name"), str) else None,
        bio=cut(html_to_text(summary)) if isinstance(summary, str) else None,
        url=actor.get("url") if isinstance(actor.get("url"), str) else None,
        previous_handles=previous,
        extras={"fields": fields} if fields else {},
    )


def _handle_of_actor(uri: Any) -> str | None:
    if not isinstance(uri, str):
        return None
    parts = urlsplit(uri)
    segs = parts.path.strip("/").split("/")
    if len(segs) == 2 and segs[0] == "users":
        return f"@{segs[1]}@{parts.hostname}"
    if len(segs) == 1 and segs[0].startswith("@"):
        return f"{segs[0]}@{parts.hostname}"
    return None


def api_profile(acc: dict[str, Any]) -> AccountProfile:
    """The profile in a status's `account` (the API's Account entity)."""
    acct = acc.get("acct") or acc.get("username")
    note = acc.get("note")
    return AccountProfile(
        platform="mastodon",
        platform_id=str(acc["url"]) if acc.get("url") else None,
        handle=f"@{acct}" if acct else None,
        display_name=cut(acc.get("display_name"))
        if isinstance(acc.get("display_name"), str)
        else None,
        bio=cut(html_to_text(note)) if isinstance(note, str) else None,
        url=acc.get("url") if isinstance(acc.get("url"), str) else None,
    )
