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
    PUBLIC = "public"
    FOLLOWERS = "followers"
    PRIVATE = "private"
    DIRECT = "direct"


class MediaKind(str, Enum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    OTHER = "other"


class Person(Frozen):
    """A person shown in a media item."""

    name: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    consent: bool | None = Field(description="Did they consent to being posted? null: unknown.")
    minor: bool | None = None


class GeoPoint(Frozen):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Media(Frozen):
    kind: MediaKind
    alt_text: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    caption: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    people: tuple[Person, ...] = ()
    location: GeoPoint | None = None


class ReplyTarget(Frozen):
    """The post being replied to."""

    author: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    text: str = Field(max_length=MAX_TEXT_CHARS)


class Post(Frozen):
    """A social-media post as the author wrote it."""

    id: str = Field(min_length=1, max_length=512)
    text: str = Field(max_length=MAX_TEXT_CHARS)
    created_at: datetime = Field(
        description="ISO 8601; its own UTC offset gives the default as_of date."
    )
    platform: str | None = Field(default=None, max_length=100)
    url: str | None = Field(default=None, max_length=4096)
    visibility: Visibility = Visibility.PUBLIC
    in_reply_to: ReplyTarget | None = None
    media: tuple[Media, ...] = ()
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
    name: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    organisation: Organisation
    role: Role


class Account(Frozen):
    """The account a post comes from."""

    handle: str = Field(min_length=1, max_length=512)
    platform: str | None = Field(default=None, max_length=100)
    display_name: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    bio: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    url: str | None = Field(default=None, max_length=4096)
    official: bool = False
    approved: bool | None = Field(
        default=None, description="Official presence approved? null: unknown."
    )
    owner: Owner
    identifies_as_member: bool | None = Field(
        default=None, description="null: infer from display name and bio."
    )
    previous_handles: tuple[str, ...] = ()
    previous_display_names: tuple[str, ...] = ()
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

    post: Post
    account: Account | None = None
