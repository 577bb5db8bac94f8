"""The respect detector's abuse signals: what the respect tests count as a finding of abuse."""

from __future__ import annotations

from functools import cache
from typing import Any

from _policies import shared_policy
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.base import Detector
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.respect import RespectDetector
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

ABUSE = frozenset(
    {
        "respect.insult_at_person",
        "respect.slur",
        "respect.identity_attack",
        "respect.threat",
        "respect.possible_abuse",
        "respect.dismissive",
        "respect.mockery",
        "respect.condescension",
        "respect.harassment",
        "respect.othering",
        "respect.profanity",
    }
)

DETECTOR = RespectDetector()


@cache
def policy(pack: str) -> Policy:
    return shared_policy(pack)


def detector_values(
    text: str, detector: Detector, reply: str | None = None, pack: str = "toronto"
) -> dict[str, Any]:
    """What one detector makes of `text` (a reply when `reply` is given), posted by the
    pack's assumed member account: signal name -> value."""
    pol = policy(pack)
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"text": reply}
    ctx = Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )
    return dict(run_detectors(ctx, pol._catalogue, (detector,)).values)


def raised(text: str, reply: str | None = None, pack: str = "toronto") -> set[str]:
    """The abuse signals the respect detector raises on `text` (a reply when `reply` is given)."""
    return {k for k, v in detector_values(text, DETECTOR, reply, pack).items() if v and k in ABUSE}
