"""Base model settings shared by every frozen, auditor-facing model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """Immutable, strict about unknown fields, hashable where its fields are."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
