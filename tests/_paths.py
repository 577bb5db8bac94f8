"""Paths shared by the tests."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
POLICIES = REPO / "policies"
SHARED = REPO.parent / "shared"
