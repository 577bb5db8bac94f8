"""The detector interface: Python that turns a post and account into typed signals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from socialpolicy.evidence import Evidence

if TYPE_CHECKING:
    from socialpolicy.detectors.context import Context

SignalKind = Literal["flag", "count", "tags"]


@dataclass(frozen=True, slots=True)
class SignalSpec:
    """A signal a detector can raise. Rule conditions may only name declared signals."""

    name: str  # "<detector>.<signal>", e.g. "personal_data.phone"
    kind: SignalKind  # flag: raised or not; count: how many hits; tags: a set of tag strings
    description: str
    tags: tuple[str, ...] = ()  # the tags a `tags` signal may carry


@dataclass(frozen=True, slots=True)
class Hit:
    """One detector observation raising a signal.

    `tag` is required for `tags` signals; `evidence` may be empty when the signal is about
    an absence (e.g. no disclaimer).
    """

    signal: str
    evidence: tuple[Evidence, ...] = ()
    tag: str | None = None


class Detector(Protocol):
    """A detector declares its signals and yields hits for one post."""

    @property
    def name(self) -> str: ...

    @property
    def signals(self) -> Sequence[SignalSpec]: ...

    def detect(self, ctx: Context) -> Iterable[Hit]: ...


@dataclass(slots=True)
class SignalValues:
    """Hits folded into signal values, with the evidence of each signal."""

    values: dict[str, bool | int | tuple[str, ...]] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
