"""Generated specs, rules and inputs: the durable-rules engine must agree with the reference."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from socialpolicy.conditions import Condition
from socialpolicy.detectors.base import SignalKind, SignalSpec
from socialpolicy.engine import build_engine
from socialpolicy.engine.durable import _Compiler, _Fields, _literals
from socialpolicy.engine.reference import Checked, holds
from socialpolicy.errors import EngineError
from socialpolicy.facts import FactSpec, FactType

pytest.importorskip("durable_rules_engine")

COND: TypeAdapter[Condition] = TypeAdapter(Condition)

FACT_TYPES: tuple[FactType, ...] = ("bool", "tribool", "enum", "int")
SIGNAL_KINDS: tuple[SignalKind, ...] = ("flag", "count", "tags")
ENUM_POOL = ("a", "b", "c", "d")
TAG_POOL = ("p", "q", "r", "Odd tag")
BIG = (2**63 - 1, 2**63, 2**64, 10**30, -(2**63), -(10**30))
# Values a test may compare with, of every type: most comparisons across types are false.
VALUES: tuple[Any, ...] = (None, True, False, 0, 1, 2, -1, "a", "b", "zz", *BIG)


@st.composite
def specs(draw: st.DrawFn) -> tuple[dict[str, FactSpec], dict[str, SignalSpec]]:
    facts: dict[str, FactSpec] = {}
    # few names, so that leaves often share a field and interact
    for i in range(draw(st.integers(1, 4))):
        kind: FactType = draw(st.sampled_from(FACT_TYPES))
        values = (
            tuple(draw(st.lists(st.sampled_from(ENUM_POOL), min_size=1, max_size=4, unique=True)))
            if kind == "enum"
            else ()
        )
        facts[f"fact.f{i}"] = FactSpec(f"fact.f{i}", kind, "", values)
    signals: dict[str, SignalSpec] = {}
    for i in range(draw(st.integers(1, 4))):
        skind: SignalKind = draw(st.sampled_from(SIGNAL_KINDS))
        tags = TAG_POOL if skind == "tags" else ()
        signals[f"sig.s{i}"] = SignalSpec(f"sig.s{i}", skind, "", tags)
    return facts, signals


def conditions(
    facts: dict[str, FactSpec], signals: dict[str, SignalSpec]
) -> st.SearchStrategy[dict[str, Any]]:
    numbers = st.one_of(st.integers(-3, 6), st.sampled_from(BIG))

    def signal_leaf_for(name: str) -> st.SearchStrategy[dict[str, Any]]:
        kind = signals[name].kind
        raised = st.just({"signal": name})
        least = st.integers(1, 3 if kind == "flag" else 4).map(
            lambda n: {"signal": name, "at_least": n}
        )
        has = st.sampled_from(TAG_POOL).map(lambda t: {"signal": name, "has": t})
        main = [raised, least, has, has] if kind == "tags" else [raised, least, least]
        # constant tests (a tag never carried, at_least 0, a tag on a flag): keep them, but rare
        odd = st.sampled_from(
            [
                {"signal": name, "at_least": 0},
                {"signal": name, "has": "zz"},
                {"signal": name, "has": "p"},
            ]
        )
        return st.one_of(*main, *main, odd)

    signal_leaf = st.sampled_from(sorted(signals)).flatmap(signal_leaf_for)

    def typed(spec: FactSpec) -> st.SearchStrategy[Any]:
        """Mostly values of the fact's own type, so that tests interact; sometimes any value."""
        own: dict[str, st.SearchStrategy[Any]] = {
            "bool": st.booleans(),
            "tribool": st.one_of(st.none(), st.booleans()),
            "enum": st.sampled_from((*spec.values, "zz")),
            "int": numbers,
        }
        return st.one_of(
            own[spec.type], own[spec.type], own[spec.type], own[spec.type], st.sampled_from(VALUES)
        )

    def fact_leaf_for(name: str) -> st.SearchStrategy[dict[str, Any]]:
        spec = facts[name]
        ops = [
            typed(spec).map(lambda v: {"fact": name, "equals": v}),
            st.lists(typed(spec), min_size=1, max_size=4).map(lambda vs: {"fact": name, "in": vs}),
            st.just({"fact": name, "in": []}),
        ]
        bounds = [
            numbers.map(lambda n: {"fact": name, "at_least": n}),
            numbers.map(lambda n: {"fact": name, "at_most": n}),
        ]
        # bounds on a non-integer fact are always false: keep them, but rare
        return st.one_of(*ops, *(bounds * 2 if spec.type == "int" else bounds[:1]))

    fact_leaf = st.sampled_from(sorted(facts)).flatmap(fact_leaf_for)
    leaf = st.one_of(signal_leaf, fact_leaf)

    # Explicit depth rather than st.recursive, which mostly draws single leaves: the compiler's
    # simplifications only show on conditions where several tests share a field.
    def tree(depth: int) -> st.SearchStrategy[dict[str, Any]]:
        if depth == 0:
            return leaf
        sub = tree(depth - 1)
        return st.one_of(  # hypothesis favours early alternatives: compound ones first
            st.lists(sub, min_size=2, max_size=3).map(lambda cs: {"all": cs}),
            st.lists(sub, min_size=2, max_size=3).map(lambda cs: {"any": cs}),
            sub.map(lambda c: {"not": c}),
            leaf,
        )

    return st.one_of(tree(3), leaf)


def inputs(
    facts: dict[str, FactSpec], signals: dict[str, SignalSpec]
) -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    def fact_value(spec: FactSpec) -> st.SearchStrategy[Any]:
        if spec.type == "bool":
            return st.booleans()
        if spec.type == "tribool":
            return st.one_of(st.none(), st.booleans())
        if spec.type == "enum":
            return st.sampled_from(spec.values)
        return st.one_of(st.integers(-4, 7), st.sampled_from(BIG))

    def signal_value(spec: SignalSpec) -> st.SearchStrategy[Any]:
        if spec.kind == "flag":
            return st.booleans()
        if spec.kind == "count":
            return st.integers(0, 6)
        return st.lists(st.sampled_from(TAG_POOL), unique=True).map(tuple)

    fact_values = st.fixed_dictionaries({n: fact_value(s) for n, s in facts.items()})
    # optional keys: a signal may be absent (not raised)
    signal_values = st.fixed_dictionaries(
        {}, optional={n: signal_value(s) for n, s in signals.items()}
    )
    return st.tuples(fact_values, signal_values)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_durable_agrees_with_reference(data: st.DataObject) -> None:
    facts, signals = data.draw(specs(), label="specs")
    conds = data.draw(
        st.lists(conditions(facts, signals), min_size=1, max_size=8), label="conditions"
    )
    rules = [(f"rule-{i}", COND.validate_python(c)) for i, c in enumerate(conds)]
    durable = build_engine(rules, facts, signals, engine="durable")  # once per ruleset
    reference = build_engine(rules, facts, signals, engine="reference")
    drawn = data.draw(st.lists(inputs(facts, signals), min_size=10, max_size=30), label="inputs")
    # Twice, the second time backwards: the second answers come from the engine's memo.
    for fact_values, signal_values in [*drawn, *reversed(drawn)]:
        assert durable.fired(fact_values, signal_values) == reference.fired(
            fact_values, signal_values
        )


def _matches(literal: dict[str, Any], values: dict[str, int]) -> bool:
    ((op, arg),) = literal.items()
    if not op.startswith("$"):
        return bool(values[op] == arg)
    ((key, bound),) = arg.items()
    value = values[key]
    return bool({"$gte": value >= bound, "$lte": value <= bound, "$neq": value != bound}[op])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_compiled_form_agrees_with_reference(data: st.DataObject) -> None:
    """The compiler alone, in Python: many more inputs than durable-rules could take."""
    facts, signals = data.draw(specs(), label="specs")
    conds = data.draw(
        st.lists(conditions(facts, signals), min_size=1, max_size=8), label="conditions"
    )
    rules = [(f"rule-{i}", COND.validate_python(c)) for i, c in enumerate(conds)]
    checked = Checked(rules, facts, signals)
    fields = _Fields(checked)
    every = {
        f.key: f for f in (*fields.facts.values(), *fields.amounts.values(), *fields.tags.values())
    }
    compiler = _Compiler(fields)
    compiled = [compiler.dnf(cond) for _, cond in rules]
    for terms in compiled:  # the literals emitted for a term hold exactly on its sets
        for term in terms:
            for key, allowed in term.items():
                fld = every[key]
                lits = _literals(key, allowed, fld.lo, fld.hi)
                for v in range(fld.lo, fld.hi + 1):
                    assert all(_matches(lit, {key: v}) for lit in lits) == (v in allowed)
    for fact_values, signal_values in data.draw(
        st.lists(inputs(facts, signals), min_size=20, max_size=50), label="inputs"
    ):
        values = {k: f.encode(fact_values, signal_values) for k, f in every.items()}
        for (_, cond), terms in zip(rules, compiled, strict=True):
            got = any(all(values[k] in allowed for k, allowed in t.items()) for t in terms)
            assert got == holds(cond, fact_values, signal_values)


@pytest.mark.parametrize("engine", ["durable", "reference"])
@pytest.mark.parametrize(
    "cond",
    [
        {"signal": "sig.nope"},
        {"fact": "fact.nope", "equals": None},
        {"all": [{"signal": "sig.s0"}, {"not": {"any": [{"fact": "fact.nope", "in": [1]}]}}]},
    ],
)
def test_unknown_names_raise_at_build(engine: str, cond: dict[str, Any]) -> None:
    facts = {"fact.f0": FactSpec("fact.f0", "bool", "")}
    signals = {"sig.s0": SignalSpec("sig.s0", "flag", "")}
    with pytest.raises(EngineError, match="unknown (fact|signal) '(fact|sig).nope'"):
        build_engine([("r", COND.validate_python(cond))], facts, signals, engine=engine)  # type: ignore[arg-type]
