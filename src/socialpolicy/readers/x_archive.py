"""X (Twitter) archive: the zip from "Download an archive of your data", or its folder.

Read: `data/tweets.js` (and `tweets-part1.js`..., or the older `tweet.js`), `data/account.js`,
`data/profile.js` and `data/screen-name-change.js`. Each file is JavaScript
(`window.YTD.tweets.part0 = [...]`); the array is streamed.

Mapping (see docs/monitoring.md for the full table): `full_text` (HTML entities decoded, as X
shows it) -> text; `id_str` -> id; `created_at` -> created_at; replies -> in_reply_to
(author: `@in_reply_to_screen_name`; the replied-to text is not in the archive, so it is
empty); `extended_entities.media` -> media with alt text where the archive has it
(`ext_alt_text`/`alt_text`); entity URLs (expanded), mentions and hashtags -> links,
mentions, hashtags. Counts, `source`, `lang`, edit history and a quoted post (kept as
`quoted`, not judged as the author's words) go to extras.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
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
    convert_safely,
    cut,
    parse_when,
    profile_safely,
)
from socialpolicy.readers.bundle import Bundle
from socialpolicy.readers.options import ReaderOptions
from socialpolicy.readers.streams import array_items, load_small, skip_js_prefix

FORMAT = "x-archive"
TWEET_FILES = ("data/tweets.js", "data/tweet.js", "data/tweets-part*.js", "data/tweet-part*.js")
_MAPPED = {
    "id",
    "id_str",
    "full_text",
    "text",
    "created_at",
    "in_reply_to_status_id",
    "in_reply_to_status_id_str",
    "in_reply_to_screen_name",
    "entities",
    "extended_entities",
    "quoted_status",
}
_MEDIA_KIND = {"photo": "image", "video": "video", "animated_gif": "video"}


def detect(bundle: Bundle) -> bool:
    if bundle.find(*TWEET_FILES, "data/manifest.js"):
        return True
    names = bundle.names()
    if len(names) == 1 and names[0].endswith(".js"):
        with bundle.open(names[0]) as fh:
            return fh.read(64).lstrip().startswith(b"window.YTD.")
    return False


def open_export(path: str, options: ReaderOptions) -> Export:
    bundle = Bundle(path)
    problems: list[BadRecord] = []
    profile = profile_safely(lambda: _profile(bundle, problems), path, problems)
    tweets = bundle.find(*TWEET_FILES)
    if not tweets and len(bundle.names()) == 1:
        tweets = bundle.names()  # a tweets.js given on its own
    if not tweets:
        problems.append(
            BadRecord(
                path,
                0,
                InputSyntaxError(
                    "no data/tweets.js in this X archive",
                    Location(file=path, field="data/tweets.js"),
                ),
            )
        )

    def records() -> Iterator[Item]:
        try:
            for name in tweets:
                label = bundle.label(name)
                with bundle.open(name) as raw:
                    for got in array_items(skip_js_prefix(raw), label):
                        if isinstance(got, BadRecord):
                            yield got
                            continue
                        index, item = got
                        rec = convert_safely(_record, item, label, index, "invalid tweet")
                        if rec is not None:
                            yield rec
        finally:
            bundle.close()

    return Export(FORMAT, path, profile, records, problems)


def _unwrap(item: Any, key: str) -> Any:
    return item.get(key, item) if isinstance(item, dict) else item


def _record(item: Any, file: str, index: int) -> Item:
    tweet = _unwrap(item, "tweet")
    problems = Problems()
    if not isinstance(tweet, dict):
        problems.add(None, f"a tweet must be an object, not {type(tweet).__name__}")
        return BadRecord(file, index, problems.error("invalid tweet", file, index, None))
    data: dict[str, Any] = {}
    tid = tweet.get("id_str") or tweet.get("id")
    if tid in (None, ""):
        problems.add("tweet.id_str", "missing required field")
    else:
        data["id"] = str(tid)
    raw_text = tweet.get("full_text", tweet.get("text"))
    if not isinstance(raw_text, str):
        problems.add("tweet.full_text", "missing required field")
    else:
        data["text"] = html.unescape(raw_text)  # the archive keeps X's &amp; &lt; &gt;
    try:
        data["created_at"] = parse_when(tweet.get("created_at"))
    except ValueError as exc:
        problems.add("tweet.created_at", str(exc))
    data["platform"] = "x"
    reply_to = tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id")
    if reply_to:
        who = tweet.get("in_reply_to_screen_name")
        data["in_reply_to"] = {"author": f"@{who}" if who else None, "text": ""}
    entities: dict[str, Any] = tweet["entities"] if isinstance(tweet.get("entities"), dict) else {}
    links = [
        str(u.get("expanded_url") or u.get("url"))
        for u in entities.get("urls", ()) or ()
        if isinstance(u, dict) and (u.get("expanded_url") or u.get("url"))
    ]
    mentions = [
        "@" + str(m["screen_name"])
        for m in entities.get("user_mentions", ()) or ()
        if isinstance(m, dict) and m.get("screen_name")
    ]
    tags = [
        "#" + str(h["text"])
        for h in entities.get("hashtags", ()) or ()
        if isinstance(h, dict) and h.get("text")
    ]
    if entities:
        data["links"], data["mentions"], data["hashtags"] = links, mentions, tags
    ext: dict[str, Any] = (
        tweet["extended_entities"] if isinstance(tweet.get("extended_entities"), dict) else {}
    )
    media_items = ext.get("media") or entities.get("media") or ()
    media = []
    for i, m in enumerate(media_items if isinstance(media_items, list) else ()):
        if not isinstance(m, dict):
            problems.add(f"tweet.extended_entities.media[{i}]", "not an object")
            continue
        alt = m.get("ext_alt_text") or m.get("alt_text")
        media.append(
            {
                "kind": _MEDIA_KIND.get(str(m.get("type")), "other"),
                "alt_text": alt if isinstance(alt, str) else None,
            }
        )
    if media:
        data["media"] = media
    tweet_id = data.get("id")
    extras = {k: v for k, v in tweet.items() if k not in _MAPPED}
    quoted = tweet.get("quoted_status")
    if isinstance(quoted, dict):
        extras["quoted"] = {
            "id": quoted.get("id_str"),
            "author": ((quoted.get("user") or {}).get("screen_name")),
            "text": html.unescape(str(quoted.get("full_text") or quoted.get("text") or "")),
        }
    post = build_post(data, problems, file, index, f"invalid tweet {tweet_id or ''}".rstrip())
    if isinstance(post, BadRecord):
        return post
    return ExportRecord(file, index, post, None, extras)


def _profile(bundle: Bundle, problems: list[BadRecord]) -> AccountProfile | None:
    account: dict[str, Any] = {}
    prof: dict[str, Any] = {}
    changes: list[dict[str, Any]] = []
    for pattern, key, sink in (
        ("data/account.js", "account", account),
        ("data/profile.js", "profile", prof),
    ):
        name = bundle.first(pattern)
        if name is None:
            continue
        try:
            with bundle.open(name) as fh:
                doc = load_small(fh, bundle.label(name))
        except InputError as exc:
            problems.append(BadRecord(bundle.label(name), 0, exc))
            continue
        if isinstance(doc, list) and doc and isinstance(doc[0], dict):
            inner = doc[0].get(key, doc[0])
            if isinstance(inner, dict):
                sink.update(inner)
    name = bundle.first("data/screen-name-change.js")
    if name is not None:
        try:
            with bundle.open(name) as fh:
                doc = load_small(fh, bundle.label(name))
        except InputError as exc:
            problems.append(BadRecord(bundle.label(name), 0, exc))
            doc = []
        for entry in doc if isinstance(doc, list) else ():
            inner = _unwrap(_unwrap(entry, "screenNameChange"), "screenNameChange")
            if isinstance(inner, dict) and inner.get("changedFrom"):
                changes.append(inner)
    if not account and not prof:
        return None
    changes.sort(key=lambda c: str(c.get("changedAt", "")))
    desc: dict[str, Any] = prof["description"] if isinstance(prof.get("description"), dict) else {}
    username = account.get("username")
    return AccountProfile(
        platform="x",
        platform_id=str(account["accountId"]) if account.get("accountId") else None,
        handle=f"@{username}" if username else None,
        display_name=cut(account.get("accountDisplayName")),
        bio=cut(desc.get("bio")) if isinstance(desc.get("bio"), str) else None,
        url=f"https://x.com/{username}" if username else None,
        previous_handles=tuple(f"@{c['changedFrom']}" for c in changes),
        # e-mail and phone are left out: personal data no rule reads.
        extras={
            k: v
            for k, v in {
                "website": desc.get("website"),
                "location": desc.get("location"),
                "created_at": account.get("createdAt"),
            }.items()
            if v
        },
    )
