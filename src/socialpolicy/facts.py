"""The typed facts a rule condition may test (besides detector signals)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from socialpolicy.inputs import Account, Post

FactType = Literal["bool", "tribool", "enum", "int"]


@dataclass(frozen=True, slots=True)
class FactSpec:
    name: str
    type: FactType
    description: str
    values: tuple[str, ...] = ()  # for enums

    def accepts(self, value: object) -> bool:
        if self.type == "bool":
            return isinstance(value, bool)
        if self.type == "tribool":
            return value is None or isinstance(value, bool)
        if self.type == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(value, str) and value in self.values


_ORGS = ("tps", "epc", "other")
_ROLES = ("officer", "civilian", "commissioner", "commission_staff", "third_party", "other")

FACTS: dict[str, FactSpec] = {
    spec.name: spec
    for spec in (
        FactSpec(
            "post.visibility",
            "enum",
            "public, followers, private or direct.",
            ("public", "followers", "private", "direct"),
        ),
        FactSpec("post.is_reply", "bool", "The post replies to another post."),
        FactSpec("post.media_count", "int", "Number of media items."),
        FactSpec("post.length", "int", "Characters in the post text."),
        FactSpec(
            "account.present", "bool", "An account was given (false: the pack's assumed member)."
        ),
        FactSpec(
            "account.official", "bool", "The account is an official presence of the organisation."
        ),
        FactSpec("account.approved", "tribool", "Official presence approved; null when unknown."),
        FactSpec(
            "account.identifies_as_member",
            "bool",
            "Stated, or inferred from display name, bio or previous names.",
        ),
        FactSpec(
            "account.renamed",
            "bool",
            "Previous handles or display names named the organisation; the current ones do not.",
        ),
        FactSpec("account.has_disclaimer", "bool", "A disclaimer text is given and not blank."),
        FactSpec("author.organisation", "enum", "The account owner's organisation.", _ORGS),
        FactSpec("author.role", "enum", "The account owner's role.", _ROLES),
    )
}


def build_facts(
    post: Post, author: Account, account_given: bool, identifies: bool, renamed: bool
) -> dict[str, bool | int | str | None]:
    """The fact values for one evaluation (every declared fact present)."""
    return judged_facts(post, account_facts(author, account_given, identifies, renamed))


def post_facts(post: Post) -> dict[str, bool | int | str | None]:
    """The `post.*` facts."""
    return judged_facts(post, {})


def judged_facts(
    post: Post, account_facts: Mapping[str, bool | int | str | None]
) -> dict[str, bool | int | str | None]:
    """`post_facts` followed by the account's facts, in one dict display (what the Policy
    judges; one dict built at its final size, no `update`)."""
    return {
        "post.visibility": post.visibility._value_,
        "post.is_reply": post.in_reply_to is not None,
        "post.media_count": len(post.media),
        "post.length": len(post.text),
        **account_facts,
    }


def account_facts(
    author: Account, account_given: bool, identifies: bool, renamed: bool
) -> dict[str, bool | int | str | None]:
    """The `account.*` and `author.*` facts: the same for every post of one account."""
    return {
        "account.present": account_given,
        "account.official": author.official,
        "account.approved": author.approved,
        "account.identifies_as_member": identifies,
        "account.renamed": renamed,
        "account.has_disclaimer": bool((author.disclaimer or "").strip()),
        "author.organisation": author.owner.organisation.value,
        "author.role": author.owner.role.value,
    }
