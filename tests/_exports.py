"""Sample platform exports written on the fly (no network, nothing large committed)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _paths import REPO
from socialpolicy.batch import BadRecord
from socialpolicy.readers import ExportRecord, ReaderOptions, open_export

FIXTURES = REPO / "tests" / "fixtures" / "exports"
X_DATE = "%a %b %d %H:%M:%S %z %Y"


def tweet(tid: str, text: str, when: datetime, **extra: object) -> dict[str, object]:
    """One item of tweets.js, as an X archive writes it (text HTML-escaped, counts as strings)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body: dict[str, object] = {
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
        "display_text_range": ["0", str(len(text))],
        "favorite_count": "0",
        "id_str": tid,
        "truncated": False,
        "retweet_count": "0",
        "id": tid,
        "created_at": when.strftime(X_DATE),
        "favorited": False,
        "full_text": escaped,
        "lang": "en",
    }
    body.update(extra)
    return {"tweet": body}


def write_x_archive(
    root: Path,
    username: str,
    display_name: str,
    tweets: Sequence[dict[str, object]],
    renames: Iterable[tuple[str, str]] = (),
    bio: str = "Views my own.",
) -> Path:
    """An unpacked X archive at `root` (data/tweets.js, account.js, profile.js, renames)."""
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)

    def js(name: str, obj: object) -> str:
        return f"window.YTD.{name}.part0 = " + json.dumps(obj, indent=2)

    (data / "tweets.js").write_text(js("tweets", list(tweets)), encoding="utf-8")
    account = {
        "account": {
            "email": "someone@example.org",
            "username": username,
            "accountId": "42",
            "createdAt": "2015-01-01T00:00:00.000Z",
            "accountDisplayName": display_name,
        }
    }
    (data / "account.js").write_text(js("account", [account]), encoding="utf-8")
    profile = {"profile": {"description": {"bio": bio, "website": "", "location": "Edmonton"}}}
    (data / "profile.js").write_text(js("profile", [profile]), encoding="utf-8")
    changes = [
        {
            "screenNameChange": {
                "accountId": "42",
                "screenNameChange": {
                    "changedAt": "2024-01-01T00:00:00.000Z",
                    "changedFrom": old,
                    "changedTo": new,
                },
            }
        }
        for old, new in renames
    ]
    if changes:
        (data / "screen-name-change.js").write_text(
            js("screen_name_change", changes), encoding="utf-8"
        )
    return root


def write_big_tweets_js(path: Path, count: int) -> Path:
    """A tweets.js of `count` generated tweets, written item by item (flat memory)."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("window.YTD.tweets.part0 = [\n")
        for i in range(count):
            item = tweet(
                str(10**17 + i),
                f"Post number {i}: out at the community league with neighbours #yeg",
                start + timedelta(minutes=i),
            )
            fh.write(("," if i else "") + json.dumps(item) + "\n")
        fh.write("]\n")
    return path


def collect(
    path: Path | str, fmt: str | None = None, options: ReaderOptions | None = None
) -> tuple[list[ExportRecord], list[BadRecord]]:
    good: list[ExportRecord] = []
    bad: list[BadRecord] = []
    for item in open_export(str(path), fmt, options).records():
        if isinstance(item, ExportRecord):
            good.append(item)
        else:
            bad.append(item)
    return good, bad
