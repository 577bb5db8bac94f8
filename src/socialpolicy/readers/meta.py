"""Facebook and Instagram "Download your information" exports (JSON format).

Meta writes every non-ASCII character of these files as the Latin-1 reading of its UTF-8
bytes (`"cafÃ©"` for `café`, `\\u00f0\\u009f\\u0098\\u0080` for an emoji); every string read
is repaired by `fix_meta_text`, an exact reversal (text that is not of that shape is left
as it is). Posts carry no id: each gets a stable one from its time and text, so the same
post has the same id in every later export.

Facebook: `your_facebook_activity/posts/your_posts_1.json` (older exports: `posts/...`),
each `{timestamp, data: [{post}], attachments: [{data: [{media: {uri, description}},
{external_context: {url}}]}], title}`; the profile from
`personal_information/profile_information/profile_information.json` (`profile_v2`: name,
username, intro bio, previous names).

Instagram: `your_instagram_activity/content/posts_1.json` (older: `content/posts_1.json`),
each `{media: [{uri, creation_timestamp, title}], title, creation_timestamp}` (the caption
is `title`); the profile from `personal_information/personal_information/
personal_information.json` (`string_map_data`: Username, Name, Bio) and
`.../profile_changes.json` (earlier usernames and names).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from socialpolicy.batch import BadRecord
from socialpolicy.errors import InputError
from socialpolicy.readers.base import (
    AccountProfile,
    Export,
    ExportRecord,
    Item,
    Problems,
    build_post,
    content_id,
    convert_safely,
    cut,
    fix_meta,
    parse_when,
    profile_safely,
)
from socialpolicy.readers.bundle import Bundle
from socialpolicy.readers.options import ReaderOptions
from socialpolicy.readers.streams import array_items, load_small

FB_POSTS = ("*posts/your_posts*.json", "your_facebook_activity/posts/your_posts*.json")
IG_POSTS = ("*content/posts_*.json", "your_instagram_activity/content/posts_*.json")
FB_PROFILE = ("*profile_information.json",)
IG_PROFILE = ("*personal_information.json",)
IG_CHANGES = ("*profile_changes.json",)
_KIND = {".jpg": "image", ".jpeg": "image", ".png": "image", ".webp": "image", ".heic": "image",
         ".gif": "image", ".mp4": "video", ".mov": "video"}  # fmt: skip


def sniff_facebook(head: str) -> bool:
    return '"timestamp"' in head and ('"data"' in head or '"attachments"' in head)


def sniff_instagram(head: str) -> bool:
    return '"creation_timestamp"' in head and '"media"' in head


def detect_facebook(bundle: Bundle) -> bool:
    return bool(bundle.find(*FB_POSTS))


def detect_instagram(bundle: Bundle) -> bool:
    return bool(bundle.find(*IG_POSTS))


def open_facebook(path: str, options: ReaderOptions) -> Export:
    return _open(path, "facebook", FB_POSTS, _facebook_post, _facebook_profile)


def open_instagram(path: str, options: ReaderOptions) -> Export:
    return _open(path, "instagram", IG_POSTS, _instagram_post, _instagram_profile)


def _open(
    path: str,
    platform: str,
    patterns: tuple[str, ...],
    convert: Any,
    profile_of: Any,
) -> Export:
    bundle = Bundle(path)
    problems: list[BadRecord] = []
    profile = profile_safely(lambda: profile_of(bundle, problems), path, problems)
    files = bundle.find(*patterns) or (bundle.names() if len(bundle.names()) == 1 else [])

    def records() -> Iterator[Item]:
        try:
            for name in files:
                label = bundle.label(name)
                with bundle.open(name) as fh:
                    prefix = "item"
                    head = fh.read(256).lstrip()
                if head.startswith(b"{"):
                    prefix = _list_key(bundle, name) + ".item"
                with bundle.open(name) as fh:
                    for got in array_items(fh, label, prefix):
                        if isinstance(got, BadRecord):
                            yield got
                            continue
                        index, item = got
                        rec = convert_safely(
                            convert, fix_meta(item), label, index, f"invalid {platform} post"
                        )
                        if rec is not None:
                            yield rec
        finally:
            bundle.close()

    return Export(platform, path, profile, records, problems)


def _list_key(bundle: Bundle, name: str) -> str:
    """Newer exports wrap the list in an object (`{"other_photos_v2": [...]}`): its key."""
    import ijson

    with bundle.open(name) as fh:
        try:
            for event, value in ijson.basic_parse(fh):
                if event == "map_key":
                    return str(value)
                if event != "start_map":
                    break
        except (ijson.JSONError, UnicodeDecodeError, ValueError):
            pass  # reported with its item when the records are read
    return "item"


def _kind(uri: Any) -> str:
    return _KIND.get(PurePosixPath(str(uri or "")).suffix.lower(), "other")


def _facebook_post(item: Any, file: str, index: int) -> Item:
    problems = Problems()
    if not isinstance(item, dict):
        problems.add(None, f"a post must be an object, not {type(item).__name__}")
        return BadRecord(file, index, problems.error("invalid Facebook post", file, index, None))
    texts = [
        d["post"]
        for d in item.get("data") or ()
        if isinstance(d, dict) and isinstance(d.get("post"), str)
    ]
    text = "\n\n".join(texts)
    data: dict[str, Any] = {"platform": "facebook", "text": text}
    ts = item.get("timestamp")
    try:
        data["created_at"] = parse_when(ts)
    except ValueError as exc:
        problems.add("timestamp", str(exc))
    data["id"] = content_id("facebook", ts, text)
    media: list[dict[str, Any]] = []
    links: list[str] = []
    for att in item.get("attachments") or ():
        for d in (att or {}).get("data") or () if isinstance(att, dict) else ():
            if not isinstance(d, dict):
                continue
            m = d.get("media")
            if isinstance(m, dict):
                media.append(
                    {
                        "kind": _kind(m.get("uri")),
                        "caption": m.get("description") or m.get("title") or None,
                    }
                )
            ext = d.get("external_context")
            if isinstance(ext, dict) and isinstance(ext.get("url"), str):
                links.append(ext["url"])
    if media:
        data["media"] = media
    if links:
        data["links"] = links
    extras = {k: v for k, v in item.items() if k not in {"data", "timestamp", "attachments"}}
    post = build_post(data, problems, file, index, "invalid Facebook post")
    if isinstance(post, BadRecord):
        return post
    return ExportRecord(file, index, post, None, extras)


def _instagram_post(item: Any, file: str, index: int) -> Item:
    problems = Problems()
    if not isinstance(item, dict):
        problems.add(None, f"a post must be an object, not {type(item).__name__}")
        return BadRecord(file, index, problems.error("invalid Instagram post", file, index, None))
    media_items = [m for m in item.get("media") or () if isinstance(m, dict)]
    first = media_items[0] if media_items else {}
    caption = item.get("title") if isinstance(item.get("title"), str) else first.get("title")
    ts = item.get("creation_timestamp", first.get("creation_timestamp"))
    data: dict[str, Any] = {
        "platform": "instagram",
        "text": caption if isinstance(caption, str) else "",
    }
    try:
        data["created_at"] = parse_when(ts)
    except ValueError as exc:
        problems.add("creation_timestamp", str(exc))
    data["id"] = content_id("instagram", ts, data["text"], *(m.get("uri") for m in media_items))
    media = []
    for m in media_items:
        entry: dict[str, Any] = {"kind": _kind(m.get("uri"))}
        own = m.get("title")
        if isinstance(own, str) and own and own != caption:
            entry["caption"] = own
        geo = ((m.get("media_metadata") or {}).get("photo_metadata") or {}).get("exif_data") or []
        for exif in geo if isinstance(geo, list) else ():
            if isinstance(exif, dict) and "latitude" in exif and "longitude" in exif:
                entry["location"] = {"lat": exif["latitude"], "lon": exif["longitude"]}
        media.append(entry)
    if media:
        data["media"] = media
    extras = {k: v for k, v in item.items() if k not in {"media", "title", "creation_timestamp"}}
    extras["media_uris"] = [m.get("uri") for m in media_items]
    post = build_post(data, problems, file, index, "invalid Instagram post")
    if isinstance(post, BadRecord):
        return post
    return ExportRecord(file, index, post, None, extras)


def _load(bundle: Bundle, patterns: tuple[str, ...], problems: list[BadRecord]) -> Any:
    name = bundle.first(*patterns)
    if name is None:
        return None
    try:
        with bundle.open(name) as fh:
            return fix_meta(load_small(fh, bundle.label(name)))
    except InputError as exc:
        problems.append(BadRecord(bundle.label(name), 0, exc))
        return None


def _facebook_profile(bundle: Bundle, problems: list[BadRecord]) -> AccountProfile | None:
    doc = _load(bundle, FB_PROFILE, problems)
    prof = doc.get("profile_v2") if isinstance(doc, dict) else None
    if not isinstance(prof, dict):
        return None
    name = (prof.get("name") or {}).get("full_name") if isinstance(prof.get("name"), dict) else None
    bio = prof.get("intro_bio")
    bio_text = bio.get("name") if isinstance(bio, dict) else bio if isinstance(bio, str) else None
    previous = [
        p.get("name")
        for p in prof.get("previous_names") or ()
        if isinstance(p, dict) and p.get("name")
    ]
    username = prof.get("username")
    return AccountProfile(
        platform="facebook",
        handle=f"@{username}" if username else (name or None),
        display_name=cut(name),
        bio=cut(bio_text),
        url=f"https://www.facebook.com/{username}" if username else None,
        previous_display_names=tuple(reversed(previous)),
    )


def _string_map(entry: Any) -> dict[str, str]:
    sm = entry.get("string_map_data") if isinstance(entry, dict) else None
    if not isinstance(sm, dict):
        return {}
    return {
        str(k): str(v.get("value") or v.get("timestamp") or "")
        for k, v in sm.items()
        if isinstance(v, dict)
    }


def _instagram_profile(bundle: Bundle, problems: list[BadRecord]) -> AccountProfile | None:
    doc = _load(bundle, IG_PROFILE, problems)
    users = doc.get("profile_user") if isinstance(doc, dict) else None
    fields = _string_map(users[0]) if isinstance(users, list) and users else {}
    changes_doc = _load(bundle, IG_CHANGES, problems)
    changes = changes_doc.get("profile_profile_change") if isinstance(changes_doc, dict) else None
    old_handles: list[str] = []
    old_names: list[str] = []
    for entry in sorted(
        (_string_map(c) for c in changes or ()),
        key=lambda c: c.get("Change Date", ""),
    ):
        what = entry.get("Changed", "").casefold()
        before = entry.get("Previous Value", "")
        if before and "username" in what:
            old_handles.append("@" + before.lstrip("@"))
        elif before and "name" in what:
            old_names.append(before)
    if not fields and not old_handles and not old_names:
        return None
    username = fields.get("Username")
    return AccountProfile(
        platform="instagram",
        handle=f"@{username}" if username else None,
        display_name=cut(fields.get("Name")) or None,
        bio=cut(fields.get("Bio")) or None,
        url=f"https://www.instagram.com/{username}" if username else None,
        previous_handles=tuple(old_handles),
        previous_display_names=tuple(old_names),
    )
