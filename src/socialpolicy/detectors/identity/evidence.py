"""Evidence of the identity detector: what the author wrote, where they wrote it."""

from __future__ import annotations

from socialpolicy.citations import Span
from socialpolicy.detectors.identity.field import Field
from socialpolicy.evidence import Evidence


def ev(f: Field, a: int, b: int) -> Evidence:
    return Evidence(
        detector="identity", field=f.field, text=f.nt.original[a:b], span=Span(start=a, end=b)
    )
