"""Work that a long post's open gate starts reads only what it needs (issue 13).

Cut into short posts, most pieces of a long text open no gate; as one post, every gate is open,
so what a gate starts must read only its own cues, not the whole field, or the long post costs
more per character than the same words as short posts. Counted, not timed.
"""

from __future__ import annotations

from typing import Any

import pytest

import socialpolicy as sp
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.personal_data import PersonalDataDetector
from socialpolicy.inputs import Post

POLICY = sp.load_policy("toronto")


def _context(text: str) -> Context:
    post = Post.model_validate({"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"})
    return Context(
        post=post,
        author=POLICY.pack.assumed_account,
        account_given=False,
        resources=POLICY._resources,  # noqa: SLF001
    )


def test_an_org_contact_reads_only_the_cue_lexicons(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a number is the organisation's own asks the contact-cue lexicons' matches
    (the field's shared groups), not every match of the field."""
    text = (
        "Officers attended a collision on the ring road; drive safely in the rain. " * 100
        + "Call our non-emergency line at 416-555-0123 for more."
    )
    ctx = _context(text)
    ctx.grouped("text", text)  # the shared groups, as the detectors before it leave them
    read: list[Any] = []

    matches = Context.matches

    def every_match(self: Context, field: str, raw: str) -> Any:
        read.append(field)
        return matches(self, field, raw)

    monkeypatch.setattr(Context, "matches", every_match)
    signals = {h.signal for h in PersonalDataDetector().detect(ctx)}
    assert "personal_data.allowlisted_contact" in signals
    assert "personal_data.any" not in signals
    assert read == []
