"""Fixtures shared by the scale tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def booms(monkeypatch: pytest.MonkeyPatch) -> None:
    """A post whose text starts with BOOM makes the detectors raise a plain exception, judged
    alone or in a batch. Workers are forked, so they inherit the patch."""
    from socialpolicy.detectors import run_detectors, run_detectors_many

    def boom(ctx: Any) -> None:
        if ctx.post.text.startswith("BOOM"):
            raise ZeroDivisionError("boom")

    def one(ctx: Any, *args: Any) -> Any:
        boom(ctx)
        return run_detectors(ctx, *args)

    def many(ctxs: Any, *args: Any) -> Any:
        for ctx in ctxs:
            boom(ctx)
        return run_detectors_many(ctxs, *args)

    monkeypatch.setattr("socialpolicy.policy.run_detectors", one)
    monkeypatch.setattr("socialpolicy.policy.run_detectors_many", many)
