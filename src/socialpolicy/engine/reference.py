"""The reference interpreter: pure Python, and the definition of what a condition means.

| test                     | holds when                                                  |
|--------------------------|-------------------------------------------------------------|
| `signal: S`              | S is raised: a flag true, a count above 0, tags not empty   |
| `signal: S, at_least: N` | S's amount is at least N (flag 1/0, tags their number)      |
| `signal: S, has: T`      | S is a tag list containing T                                |
| `fact: F, equals: V`     | F equals V: null equals only null, true/false never 1/0     |
| `fact: F, in: [V, ...]`  | F equals one of the values, with the same equality          |
| `fact: F, at_least: N`   | F is an integer (not a boolean, not null) and at least N    |
| `fact: F, at_most: N`    | F is an integer (not a boolean, not null) and at most N     |
| `all` / `any` / `not`    | every / some / not the sub-condition                        |

A signal missing from the signal mapping is not raised (flag false, count 0, no tags). A test
whose value cannot match the fact's type (`equals: 3` on a boolean fact) is simply false.

The durable-rules engine (`socialpolicy.engine.durable`) must agree with this module on every
input; `tests/engine/test_agreement.py` checks that with generated rules and inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from typing import Literal

from socialpolicy.conditions import AllOf, AnyOf, Condition, FactTest, NotOf, Scalar, SignalTest
from socialpolicy.detectors.base import SignalSpec
from socialpolicy.errors import EngineError, Location, closest
from socialpolicy.facts import FactSpec

EngineName = Literal["durable", "reference"]
SignalValue = bool | int | tuple[str, ...]
Rules = Sequence[tuple[str, Condition]]

MAX_DEPTH = 32  # nesting of all/any/not; deeper conditions are refused by both engines
MAX_RULES = 4096  # rules in one engine, for both engines


def socialpolicy_version() -> str:
    try:
        return metadata.version("socialpolicy")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


# -- the semantics ---------------------------------------------------------------------------


def _type_of(value: object) -> str:
    """The condition language's type of a value; bool is checked before int on purpose."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "str"
    return "other"


def same(a: object, b: object) -> bool:
    """Equality of the condition language: same type and equal (so `True != 1`, `None == None`)."""
    return _type_of(a) == _type_of(b) and a == b


def amount(value: object) -> int:
    """A signal's amount: a flag 1/0, a count itself, a tag list its length, absent 0."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int):
        return value
    if isinstance(value, (tuple, list)):
        return len(value)
    raise EngineError(f"a signal value must be a bool, an int or a tuple of tags, not {value!r}")


def leaf_holds(
    leaf: SignalTest | FactTest, facts: Mapping[str, Scalar], signals: Mapping[str, SignalValue]
) -> bool:
    """Whether one signal or fact test holds for these facts and signal values."""
    if isinstance(leaf, SignalTest):
        value = signals.get(leaf.signal)
        if leaf.has is not None:
            return isinstance(value, (tuple, list)) and leaf.has in value
        return amount(value) >= (1 if leaf.at_least is None else leaf.at_least)
    try:
        fact = facts[leaf.fact]
    except KeyError:
        raise EngineError(f"fact {leaf.fact!r} is missing from the facts") from None
    op = leaf.operator
    if op == "equals":
        return same(fact, leaf.equals)
    if op == "in":
        return any(same(fact, v) for v in leaf.in_ or ())
    if _type_of(fact) != "int":
        return False
    assert isinstance(fact, int)
    if op == "at_least":
        return leaf.at_least is not None and fact >= leaf.at_least
    return leaf.at_most is not None and fact <= leaf.at_most


def holds(cond: Condition, facts: Mapping[str, Scalar], signals: Mapping[str, SignalValue]) -> bool:
    """Whether a condition holds for these facts and signal values."""
    if isinstance(cond, AllOf):
        return all(holds(c, facts, signals) for c in cond.all)
    if isinstance(cond, AnyOf):
        return any(holds(c, facts, signals) for c in cond.any)
    if isinstance(cond, NotOf):
        return not holds(cond.not_, facts, signals)
    return leaf_holds(cond, facts, signals)


# -- checks shared by both engines ----------------------------------------------------------

_WANT = {"bool": "true or false", "tribool": "true, false or null", "int": "an integer"}


def leaves(cond: Condition, depth: int = 0) -> Iterable[SignalTest | FactTest]:
    """Every leaf test of a condition; refuses nesting deeper than MAX_DEPTH."""
    if depth > MAX_DEPTH:
        raise EngineError(f"condition nested deeper than {MAX_DEPTH} levels of all/any/not")
    if isinstance(cond, AllOf):
        for c in cond.all:
            yield from leaves(c, depth + 1)
    elif isinstance(cond, AnyOf):
        for c in cond.any:
            yield from leaves(c, depth + 1)
    elif isinstance(cond, NotOf):
        yield from leaves(cond.not_, depth + 1)
    else:
        yield cond


class Checked:
    """Rules checked against the fact and signal specs: names exist, depth and count bounded.

    `facts` and `signals` are the names the rules use, in first-use order; only those are
    validated in each evaluation's input.
    """

    def __init__(
        self,
        rules: Rules,
        fact_specs: Mapping[str, FactSpec],
        signal_specs: Mapping[str, SignalSpec],
    ) -> None:
        if len(rules) > MAX_RULES:
            raise EngineError(f"{len(rules)} rules: an engine takes at most {MAX_RULES}")
        self.rules: tuple[tuple[str, Condition], ...] = tuple(rules)
        self.fact_specs = fact_specs
        self.signal_specs = signal_specs
        facts: dict[str, FactSpec] = {}
        signals: dict[str, SignalSpec] = {}
        seen: set[str] = set()
        for name, cond in self.rules:
            where = Location(field=f"rule {name!r}")
            if not isinstance(name, str) or not name:
                raise EngineError(f"a rule name must be a non-empty string, not {name!r}")
            if name in seen:
                raise EngineError(f"duplicate rule name {name!r}", where)
            seen.add(name)
            try:
                for leaf in leaves(cond):
                    if isinstance(leaf, SignalTest):
                        if leaf.signal not in signal_specs:
                            raise EngineError(
                                f"unknown signal {leaf.signal!r}",
                                where,
                                suggestion=closest(leaf.signal, signal_specs),
                            )
                        signals.setdefault(leaf.signal, signal_specs[leaf.signal])
                    else:
                        if leaf.fact not in fact_specs:
                            raise EngineError(
                                f"unknown fact {leaf.fact!r}",
                                where,
                                suggestion=closest(leaf.fact, fact_specs),
                            )
                        facts.setdefault(leaf.fact, fact_specs[leaf.fact])
            except EngineError as exc:
                if exc.location.field is None:  # the depth error: add the rule's name
                    raise EngineError(exc.message, where) from None
                raise
        self.facts = facts
        self.signals = signals

    def check_input(self, facts: Mapping[str, Scalar], signals: Mapping[str, SignalValue]) -> None:
        """Refuse input the rules cannot be judged on: a used fact missing or mistyped, or a used
        signal of the wrong kind. Unused facts and signals are not looked at."""
        for name, spec in self.facts.items():
            if name not in facts:
                raise EngineError(f"fact {name!r} is missing from the facts")
            if not spec.accepts(facts[name]):
                want = f"one of {list(spec.values)}" if spec.type == "enum" else _WANT[spec.type]
                raise EngineError(f"fact {name!r} is {facts[name]!r}, expected {want}")
        for name, sspec in self.signals.items():
            value = signals.get(name)
            if value is None:
                continue
            if sspec.kind == "flag":
                ok = isinstance(value, bool)
            elif sspec.kind == "count":
                ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            else:
                ok = isinstance(value, (tuple, list)) and all(isinstance(t, str) for t in value)
            if not ok:
                raise EngineError(f"signal {name!r} is {value!r}, expected a {sspec.kind} value")


# -- the engine -------------------------------------------------------------------------------


class ReferenceEngine:
    """Evaluates each rule's condition directly. Stateless, so safe to share between threads."""

    name: EngineName = "reference"

    def __init__(
        self,
        rules: Rules,
        fact_specs: Mapping[str, FactSpec],
        signal_specs: Mapping[str, SignalSpec],
    ) -> None:
        self._checked = Checked(rules, fact_specs, signal_specs)
        self.version = f"socialpolicy {socialpolicy_version()}"

    def fired(
        self,
        facts: Mapping[str, Scalar],
        signals: Mapping[str, SignalValue],
        *,
        trusted: bool = False,
    ) -> frozenset[str]:
        """Names of every rule whose condition holds."""
        if not trusted:
            self._checked.check_input(facts, signals)
        return frozenset(name for name, cond in self._checked.rules if holds(cond, facts, signals))

    def __repr__(self) -> str:
        return f"<ReferenceEngine {len(self._checked.rules)} rules>"
