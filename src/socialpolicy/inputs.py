"""What gets judged: a Post and, optionally, the Account that posted it (DESIGN.md field names)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from pydantic import Field, field_validator

from socialpolicy._model import Frozen
from socialpolicy.clauses import Organisation, Role

MAX_TEXT_CHARS = 100_000
"""Longest post text accepted; longer input is refused with a clear error, not truncated."""

MAX_FIELD_CHARS = 10_000


class Visibility(str, Enum):
    """Who can see a post."""

    PUBLIC = "public"
    FOLLOWERS = "followers"
    PRIVATE = "private"
    DIRECT = "direct"


class MediaKind(str, Enum):
    """What a media item is."""

    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    OTHER = "other"


class Person(Frozen):
    """A person shown in a media item."""

    name: str | None = Field(
        default=None, max_length=MAX_FIELD_CHARS, description="Their name, if known."
    )
    consent: bool | None = Field(
        description="Did they agree to be posted? true, false, or null when unknown "
        "(unknown is a finding for a person to confirm)."
    )
    minor: bool | None = Field(default=None, description="Under 18? null: unknown.")


class GeoPoint(Frozen):
    """Where a photo or video was taken (its geotag)."""

    lat: float = Field(ge=-90, le=90, description="Latitude in degrees, -90 to 90.")
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees, -180 to 180.")


class Media(Frozen):
    """A photo, video, audio clip or other attachment of a post."""

    kind: MediaKind = Field(description="What the item is.")
    alt_text: str | None = Field(
        default=None, max_length=MAX_FIELD_CHARS, description="Its alternative text."
    )
    caption: str | None = Field(
        default=None, max_length=MAX_FIELD_CHARS, description="Its caption, read like post text."
    )
    people: tuple[Person, ...] = Field(default=(), description="The people it shows.")
    location: GeoPoint | None = Field(default=None, description="Its geotag, if it has one.")


class ReplyTarget(Frozen):
    """The post being replied to."""

    author: str | None = Field(
        default=None, max_length=MAX_FIELD_CHARS, description="Who wrote it (a handle or name)."
    )
    text: str = Field(max_length=MAX_TEXT_CHARS, description="Its text.")


class Post(Frozen):
    """A social-media post as the author wrote it."""

    id: str = Field(
        min_length=1,
        max_length=512,
        description="Your identifier for the post; decisions repeat it as post_id.",
    )
    text: str = Field(
        max_length=MAX_TEXT_CHARS,
        description="The text as the author wrote it; evidence spans index it as given.",
    )
    created_at: datetime = Field(
        description="When it was posted, with its UTC offset (2025-05-04T18:40:00-04:00). "
        "Its date in that offset picks the rule versions, unless as_of is given."
    )
    platform: str | None = Field(
        default=None, max_length=100, description="Where it was posted: x, mastodon, ..."
    )
    url: str | None = Field(default=None, max_length=4096, description="Its address.")
    visibility: Visibility = Field(
        default=Visibility.PUBLIC,
        description="Who can see it.",
    )
    in_reply_to: ReplyTarget | None = Field(
        default=None, description="The post it answers, when it is a reply."
    )
    media: tuple[Media, ...] = Field(default=(), description="Its photos, videos and so on.")
    links: tuple[str, ...] | None = Field(
        default=None, description="Extracted from the text when not given."
    )
    mentions: tuple[str, ...] | None = Field(
        default=None, description="Extracted from the text when not given."
    )
    hashtags: tuple[str, ...] | None = Field(
        default=None, description="Extracted from the text when not given."
    )


class Owner(Frozen):
    """Who runs an account, and their place in the organisations the packs bind."""

    name: str | None = Field(default=None, max_length=MAX_FIELD_CHARS, description="Their name.")
    organisation: Organisation = Field(
        description="tps: Toronto Police Service; epc: Edmonton Police Commission; "
        "other: anyone else."
    )
    role: Role = Field(
        description="officer: a sworn police officer; civilian: a civilian member of a "
        "police service; commissioner: a member of a police commission or board; "
        "commission_staff: staff of a commission; third_party: someone outside the "
        "organisation (a contractor, a volunteer); other: none of these."
    )


class Account(Frozen):
    """The account a post comes from."""

    handle: str = Field(min_length=1, max_length=512, description="The account's handle: @name.")
    platform: str | None = Field(default=None, max_length=100, description="x, mastodon, ...")
    display_name: str | None = Field(
        default=None, max_length=MAX_FIELD_CHARS, description="The name the account shows."
    )
    bio: str | None = Field(
        default=None, max_length=MAX_FIELD_CHARS, description="Its profile text."
    )
    url: str | None = Field(default=None, max_length=4096, description="Its address.")
    official: bool = Field(
        default=False,
        description="Does it speak for the organisation (a unit's or office's account)?",
    )
    approved: bool | None = Field(
        default=None,
        description="Was the official presence approved? null: unknown (a finding for a "
        "person to confirm on official accounts).",
    )
    owner: Owner = Field(description="Who runs it.")
    identifies_as_member: bool | None = Field(
        default=None,
        description="Does it present itself as a member of the organisation? null: infer "
        "from the display name, bio and handle.",
    )
    previous_handles: tuple[str, ...] = Field(
        default=(), description="Handles it had before (a renamed account stays bound)."
    )
    previous_display_names: tuple[str, ...] = Field(
        default=(), description="Display names it had before."
    )
    disclaimer: str | None = Field(
        default=None,
        max_length=MAX_TEXT_CHARS,
        description="Text of a pinned or linked contact disclaimer / acceptable use statement.",
    )

    @field_validator("previous_handles", "previous_display_names")
    @classmethod
    def _bounded(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) > 1000 or any(len(v) > MAX_FIELD_CHARS for v in value):
            raise ValueError("at most 1000 entries of at most 10000 characters each")
        return value


class Record(Frozen):
    """A batch record that carries its own account."""

    post: Post = Field(description="The post to judge.")
    account: Account | None = Field(
        default=None, description="Who posted it; overrides check --account for this record."
    )
