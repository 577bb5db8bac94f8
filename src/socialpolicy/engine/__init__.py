"""Rule engines: which rules fire for a post's facts and detector signals.

Two engines give the same answers. The reference interpreter (`engine.reference`) defines the
meaning of conditions; the durable-rules engine (`engine.durable`) compiles them to durable-rules
rulesets at pack load. `build_engine(..., engine="auto")` picks durable-rules when its C
extension imports (Python < 3.13, built with a C compiler) and the reference interpreter
otherwise. See docs/engine.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, Protocol

from socialpolicy.conditions import Condition, Scalar
from socialpolicy.detectors.base import SignalSpec
from socialpolicy.engine.reference import EngineName, ReferenceEngine, SignalValue
from socialpolicy.errors import EngineError
from socialpolicy.facts import FactSpec

__all__ = [
    "Engine",
    "EngineChoice",
    "EngineName",
    "Scalar",
    "SignalValue",
    "build_engine",
    "durable_available",
]

EngineChoice = Literal["auto", "durable", "reference"]


class Engine(Protocol):
    """A compiled set of named rules."""

    name: EngineName
    version: str  # "durable-rules 2.0.28", or "socialpolicy <version>" for the reference

    def fired(
        self,
        facts: Mapping[str, Scalar],
        signals: Mapping[str, SignalValue],
        *,
        trusted: bool = False,
    ) -> frozenset[str]:
        """Names of every rule whose condition holds.

        `facts` must hold every fact the rules use, typed as declared; a signal missing from
        `signals` is not raised. Raises EngineError on input that does not fit the specs.
        `trusted`: the caller built the input from the specs (as `Policy` does, from
        `build_facts` and `run_detectors`), so the per-call type check is skipped.
        """
        ...


def durable_available() -> bool:
    """Whether the durable-rules C extension imports here."""
    from socialpolicy.engine.durable import load_module

    try:
        load_module()
    except EngineError:
        return False
    return True


def build_engine(
    rules: Sequence[tuple[str, Condition]],
    fact_specs: Mapping[str, FactSpec],
    signal_specs: Mapping[str, SignalSpec],
    engine: EngineChoice = "auto",
) -> Engine:
    """Compile named rules once; evaluate them with `fired` as often as needed.

    Raises EngineError for an unknown fact or signal name, a duplicate rule name, too many
    rules, a condition the durable-rules compiler cannot take, or `engine="durable"` where
    durable-rules does not import. `"auto"` never falls back after a compile error: the same
    pack must not load with different engines on the same machine.
    """
    if engine == "reference" or (engine == "auto" and not durable_available()):
        return ReferenceEngine(rules, fact_specs, signal_specs)
    if engine not in ("auto", "durable"):
        raise EngineError(f"unknown engine {engine!r}: choose auto, durable or reference")
    from socialpolicy.engine.durable import DurableEngine

    return DurableEngine(rules, fact_specs, signal_specs)
