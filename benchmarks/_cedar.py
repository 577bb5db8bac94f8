"""The pack's rules as Cedar policies, evaluated with cedarpy on the same facts and signals.

Each rule (its applicability and its `when`, as `socialpolicy.policy.full_condition` gives
them) becomes one policy:

```cedar
@id("tps.privacy.phone@1.0.0")
permit(principal, action, resource) when { context["personal_data.phone"] >= 1 && ... };
```

The request's context record holds every fact and signal the rules use, by name: bool and
enum facts as booleans and strings, integers as longs, a null (unknown) tribool fact left
out (so `equals: null` is `!(context has "F")`); flag signals as booleans, counts as longs,
tag signals as a set of strings plus their number under `"<signal>#n"`. A signal the
detectors did not raise is false / 0 / the empty set, as the reference interpreter reads it.
The permit policies that determine an Allow are the rules that fired.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import cedarpy

from socialpolicy.conditions import AllOf, AnyOf, Condition, FactTest, NotOf, SignalTest
from socialpolicy.detectors.base import SignalSpec
from socialpolicy.facts import FactSpec

PRINCIPAL = 'User::"author"'
ACTION = 'Action::"publish"'
RESOURCE = 'Post::"post"'


def _lit(value: object) -> str:
    """A Cedar literal for a condition scalar (bool before int on purpose)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    raise ValueError(f"no Cedar literal for {value!r}")


def _attr(name: str) -> str:
    return f"context[{json.dumps(name)}]"


def _scalar_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "str"


_FACT_TYPES = {"bool": {"bool"}, "tribool": {"bool", "null"}, "enum": {"str"}, "int": {"int"}}


def _fact_equals(spec: FactSpec, value: object) -> str:
    """`fact == value` with the reference's equality (same type and equal)."""
    if _scalar_type(value) not in _FACT_TYPES[spec.type]:
        return "false"
    if spec.type == "enum" and value not in spec.values:
        return "false"
    attr = _attr(spec.name)
    if spec.type == "tribool":
        has = f"context has {json.dumps(spec.name)}"
        return f"!({has})" if value is None else f"({has} && {attr} == {_lit(value)})"
    return f"{attr} == {_lit(value)}"


def _fact(leaf: FactTest, facts: Mapping[str, FactSpec]) -> str:
    spec = facts[leaf.fact]
    op = leaf.operator
    if op == "equals":
        return _fact_equals(spec, leaf.equals)
    if op == "in":
        parts = [_fact_equals(spec, v) for v in leaf.in_ or ()]
        parts = [p for p in parts if p != "false"]
        return "(" + " || ".join(parts) + ")" if parts else "false"
    if spec.type != "int":
        return "false"
    bound = leaf.at_least if op == "at_least" else leaf.at_most
    return f"{_attr(spec.name)} {'>=' if op == 'at_least' else '<='} {bound}"


def _signal(leaf: SignalTest, signals: Mapping[str, SignalSpec]) -> str:
    spec = signals[leaf.signal]
    attr = _attr(spec.name)
    if leaf.has is not None:
        return f"{attr}.contains({json.dumps(leaf.has)})" if spec.kind == "tags" else "false"
    n = 1 if leaf.at_least is None else leaf.at_least
    if n <= 0:
        return "true"
    if spec.kind == "flag":
        return attr if n == 1 else "false"
    if spec.kind == "count":
        return f"{attr} >= {n}"
    return f"{_attr(spec.name + '#n')} >= {n}"


def expression(
    cond: Condition, facts: Mapping[str, FactSpec], signals: Mapping[str, SignalSpec]
) -> str:
    """A condition as a Cedar boolean expression over `context`."""
    if isinstance(cond, AllOf):
        return "(" + " && ".join(expression(c, facts, signals) for c in cond.all) + ")"
    if isinstance(cond, AnyOf):
        return "(" + " || ".join(expression(c, facts, signals) for c in cond.any) + ")"
    if isinstance(cond, NotOf):
        return f"!({expression(cond.not_, facts, signals)})"
    if isinstance(cond, SignalTest):
        return _signal(cond, signals)
    return _fact(cond, facts)


def _leaves(cond: Condition) -> Iterable[SignalTest | FactTest]:
    if isinstance(cond, AllOf):
        for c in cond.all:
            yield from _leaves(c)
    elif isinstance(cond, AnyOf):
        for c in cond.any:
            yield from _leaves(c)
    elif isinstance(cond, NotOf):
        yield from _leaves(cond.not_)
    else:
        yield cond


class CedarRules:
    """Named conditions as one Cedar policy set, judged with cedarpy."""

    def __init__(
        self,
        rules: Sequence[tuple[str, Condition]],
        facts: Mapping[str, FactSpec],
        signals: Mapping[str, SignalSpec],
    ) -> None:
        self.names = [name for name, _ in rules]
        self.text = "\n".join(
            f"@id({json.dumps(name)})\npermit(principal, action, resource) when "
            f"{{ {expression(cond, facts, signals)} }};"
            for name, cond in rules
        )
        used_facts: dict[str, FactSpec] = {}
        used_signals: dict[str, SignalSpec] = {}
        for _, cond in rules:
            for leaf in _leaves(cond):
                if isinstance(leaf, SignalTest):
                    used_signals[leaf.signal] = signals[leaf.signal]
                else:
                    used_facts[leaf.fact] = facts[leaf.fact]
        self._facts = tuple(used_facts)
        self._signals = tuple((s.name, s.kind) for s in used_signals.values())
        self.policies = cedarpy.PolicySet.from_str(self.text)
        self.entities = cedarpy.Entities.from_json_str("[]")
        # Policies are named policy0, policy1, ... in the order given.
        self._by_pid = {f"policy{i}": name for i, name in enumerate(self.names)}

    def __len__(self) -> int:
        return len(self.names)

    def context(self, facts: Mapping[str, Any], signals: Mapping[str, Any]) -> dict[str, Any]:
        """The request context for one post's facts and signal values."""
        ctx: dict[str, Any] = {}
        for name in self._facts:
            value = facts[name]
            if value is not None:
                ctx[name] = value
        for name, kind in self._signals:
            value = signals.get(name)
            if kind == "tags":
                tags = list(value or ())
                ctx[name] = tags
                ctx[name + "#n"] = len(tags)
            elif kind == "flag":
                ctx[name] = bool(value)
            else:
                ctx[name] = int(value or 0)
        return ctx

    def request(self, facts: Mapping[str, Any], signals: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "principal": PRINCIPAL,
            "action": ACTION,
            "resource": RESOURCE,
            "context": self.context(facts, signals),
        }

    def _fired(self, result: cedarpy.AuthzResult) -> frozenset[str]:
        errors = result.diagnostics.errors
        if errors:
            raise RuntimeError(f"Cedar evaluation errors: {errors[:3]}")
        return frozenset(self._by_pid[p] for p in result.diagnostics.reasons)

    def fired(self, facts: Mapping[str, Any], signals: Mapping[str, Any]) -> frozenset[str]:
        """Rules whose policy determined the decision, for one post (one is_authorized call)."""
        result = cedarpy.is_authorized(self.request(facts, signals), self.policies, self.entities)
        return self._fired(result)

    def fired_batch(
        self, inputs: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]]
    ) -> list[frozenset[str]]:
        """The same for many posts in one is_authorized_batch call."""
        results = cedarpy.is_authorized_batch(
            [self.request(f, s) for f, s in inputs], self.policies, self.entities
        )
        return [self._fired(r) for r in results]

    def annotated_ids(self, facts: Mapping[str, Any], signals: Mapping[str, Any]) -> frozenset[str]:
        """The fired rules read from the policies' @id annotations (slower; for checking)."""
        result = cedarpy.is_authorized(self.request(facts, signals), self.policies, self.entities)
        return frozenset(result.diagnostics.id_annotations_by_reason.values())
