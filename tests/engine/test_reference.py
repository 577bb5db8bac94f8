"""The reference interpreter: the meaning of every operator, and the checks both engines share."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from socialpolicy.conditions import Condition
from socialpolicy.detectors.base import SignalSpec
from socialpolicy.engine import build_engine
from socialpolicy.engine import durable as durable_module
from socialpolicy.engine.reference import MAX_DEPTH, MAX_RULES, holds
from socialpolicy.errors import EngineError
from socialpolicy.facts import FactSpec

COND: TypeAdapter[Condition] = TypeAdapter(Condition)

FACTS = {
    spec.name: spec
    for spec in (
        FactSpec("post.is_reply", "bool", ""),
        FactSpec("account.approved", "tribool", ""),
        FactSpec("post.visibility", "enum", "", ("public", "followers", "private", "direct")),
        FactSpec("post.length", "int", ""),
    )
}
SIGNALS = {
    spec.name: spec
    for spec in (
        SignalSpec("media.flag", "flag", ""),
        SignalSpec("personal_data.phone", "count", ""),
        SignalSpec("offensive.targets", "tags", "", ("person", "group")),
    )
}
BASE: dict[str, Any] = {
    "post.is_reply": False,
    "account.approved": None,
    "post.visibility": "public",
    "post.length": 10,
}


def check(
    cond: dict[str, Any], facts: dict[str, Any] | None = None, signals: dict[str, Any] | None = None
) -> bool:
    """Evaluate one condition both directly and through a one-rule reference engine."""
    parsed = COND.validate_python(cond)
    all_facts = {**BASE, **(facts or {})}
    direct = holds(parsed, all_facts, signals or {})
    engine = build_engine([("r", parsed)], FACTS, SIGNALS, engine="reference")
    assert (engine.fired(all_facts, signals or {}) == {"r"}) == direct
    return direct


# -- signals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signal", "value", "raised"),
    [
        ("media.flag", True, True),
        ("media.flag", False, False),
        ("media.flag", None, False),  # absent
        ("personal_data.phone", 0, False),
        ("personal_data.phone", 1, True),
        ("personal_data.phone", 7, True),
        ("personal_data.phone", None, False),
        ("offensive.targets", (), False),
        ("offensive.targets", ("group",), True),
        ("offensive.targets", None, False),
    ],
)
def test_signal_raised(signal: str, value: Any, raised: bool) -> None:
    signals = {} if value is None else {signal: value}
    assert check({"signal": signal}, signals=signals) is raised


@pytest.mark.parametrize(
    ("signal", "value", "n", "expected"),
    [
        ("media.flag", True, 1, True),  # a flag counts as 1
        ("media.flag", True, 2, False),
        ("media.flag", False, 1, False),
        ("media.flag", False, 0, True),
        ("personal_data.phone", 2, 2, True),
        ("personal_data.phone", 1, 2, False),
        ("personal_data.phone", None, 0, True),  # absent is 0, and 0 >= 0
        ("personal_data.phone", None, 1, False),
        ("offensive.targets", ("person", "group"), 2, True),  # a tag list counts its length
        ("offensive.targets", ("person",), 2, False),
    ],
)
def test_signal_at_least(signal: str, value: Any, n: int, expected: bool) -> None:
    signals = {} if value is None else {signal: value}
    assert check({"signal": signal, "at_least": n}, signals=signals) is expected


@pytest.mark.parametrize(
    ("signal", "value", "expected"),
    [
        ("offensive.targets", ("person",), True),
        ("offensive.targets", ("group",), False),
        ("offensive.targets", (), False),
        ("offensive.targets", None, False),
        ("media.flag", True, False),  # not a tag list: never has a tag
        ("personal_data.phone", 3, False),
    ],
)
def test_signal_has(signal: str, value: Any, expected: bool) -> None:
    signals = {} if value is None else {signal: value}
    assert check({"signal": signal, "has": "person"}, signals=signals) is expected


# -- facts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fact", "value", "target", "expected"),
    [
        ("account.approved", None, None, True),  # null equals only null
        ("account.approved", False, None, False),
        ("account.approved", None, False, False),
        ("account.approved", True, True, True),
        ("post.is_reply", False, False, True),
        ("post.is_reply", False, 0, False),  # booleans never equal integers
        ("post.is_reply", True, 1, False),
        ("post.length", 1, True, False),
        ("post.length", 0, False, False),
        ("post.length", 10, 10, True),
        ("post.length", 10, "10", False),
        ("post.visibility", "public", "public", True),
        ("post.visibility", "public", "private", False),
        ("post.visibility", "public", None, False),
        ("post.length", 10**30, 10**30, True),
    ],
)
def test_fact_equals(fact: str, value: Any, target: Any, expected: bool) -> None:
    assert check({"fact": fact, "equals": target}, facts={fact: value}) is expected


@pytest.mark.parametrize(
    ("fact", "value", "options", "expected"),
    [
        ("post.visibility", "private", ["followers", "private"], True),
        ("post.visibility", "public", ["followers", "private"], False),
        ("account.approved", None, [True, None], True),
        ("account.approved", False, [True, None], False),
        ("account.approved", True, [1], False),
        ("post.length", 1, [True, "1"], False),
        ("post.length", 1, [True, 1], True),
        ("post.length", 1, [], False),
    ],
)
def test_fact_in(fact: str, value: Any, options: list[Any], expected: bool) -> None:
    assert check({"fact": fact, "in": options}, facts={fact: value}) is expected


@pytest.mark.parametrize(
    ("fact", "value", "op", "n", "expected"),
    [
        ("post.length", 10, "at_least", 10, True),
        ("post.length", 9, "at_least", 10, False),
        ("post.length", -5, "at_least", -6, True),
        ("post.length", 10, "at_most", 10, True),
        ("post.length", 11, "at_most", 10, False),
        ("post.length", 10**40, "at_least", 10**39, True),
        ("post.length", 10**40, "at_most", 10**39, False),
        ("post.is_reply", True, "at_least", 0, False),  # a bool is not an integer
        ("post.is_reply", False, "at_most", 5, False),
        ("account.approved", None, "at_most", 5, False),  # nor is null
        ("account.approved", True, "at_least", 1, False),
        ("post.visibility", "public", "at_least", 0, False),
    ],
)
def test_fact_bounds(fact: str, value: Any, op: str, n: int, expected: bool) -> None:
    assert check({"fact": fact, op: n}, facts={fact: value}) is expected


# -- all / any / not --------------------------------------------------------------------------


def test_all_any_not() -> None:
    t = {"fact": "post.length", "equals": 10}
    f = {"fact": "post.length", "equals": 11}
    assert check({"all": [t]}) and not check({"all": [t, f]}) and check({"all": [t, t]})
    assert check({"any": [f, t]}) and not check({"any": [f]})
    assert check({"not": f}) and not check({"not": t})
    assert check({"not": {"not": t}})
    assert check({"not": {"all": [t, f]}}) and not check({"not": {"any": [t, f]}})
    # not of a test on null is true: the fact is unknown, so it is not equal to true
    assert check({"not": {"fact": "account.approved", "equals": True}})
    assert check({"not": {"signal": "offensive.targets", "has": "person"}})


def test_nesting_limit() -> None:
    leaf: dict[str, Any] = {"fact": "post.is_reply", "equals": False}
    cond = leaf
    for _ in range(MAX_DEPTH):
        cond = {"all": [cond]}
    assert check(cond)
    too_deep = COND.validate_python({"not": cond})
    with pytest.raises(EngineError, match="nested deeper") as err:
        build_engine([("deep", too_deep)], FACTS, SIGNALS, engine="reference")
    assert "deep" in str(err.value)


# -- build-time checks ------------------------------------------------------------------------


def test_unknown_names_and_duplicates() -> None:
    with pytest.raises(EngineError, match="unknown fact 'post.lenght'") as err:
        build_engine(
            [("r", COND.validate_python({"fact": "post.lenght", "at_least": 1}))],
            FACTS,
            SIGNALS,
            engine="reference",
        )
    assert "post.length" in str(err.value)  # a suggestion
    with pytest.raises(EngineError, match="unknown signal 'media.flagg'"):
        build_engine(
            [("r", COND.validate_python({"not": {"signal": "media.flagg"}}))],
            FACTS,
            SIGNALS,
            engine="reference",
        )
    cond = COND.validate_python({"signal": "media.flag"})
    with pytest.raises(EngineError, match="duplicate rule name 'r'"):
        build_engine([("r", cond), ("r", cond)], FACTS, SIGNALS, engine="reference")
    with pytest.raises(EngineError, match="at most"):
        build_engine(
            [(f"r{i}", cond) for i in range(MAX_RULES + 1)], FACTS, SIGNALS, engine="reference"
        )


def test_input_checks() -> None:
    engine = build_engine(
        [("r", COND.validate_python({"fact": "post.length", "at_least": 1}))],
        FACTS,
        SIGNALS,
        engine="reference",
    )
    with pytest.raises(EngineError, match="missing"):
        engine.fired({}, {})
    with pytest.raises(EngineError, match="expected an integer"):
        engine.fired({**BASE, "post.length": True}, {})
    # facts and signals no rule uses are not looked at
    junk_facts: dict[str, Any] = {"post.length": 3, "other": object()}
    junk_signals: dict[str, Any] = {"x.y": "junk"}
    assert engine.fired(junk_facts, junk_signals) == {"r"}
    sig = build_engine(
        [("r", COND.validate_python({"signal": "personal_data.phone"}))],
        FACTS,
        SIGNALS,
        engine="reference",
    )
    with pytest.raises(EngineError, match="expected a count"):
        sig.fired({}, {"personal_data.phone": -1})
    with pytest.raises(EngineError, match="expected a count"):
        sig.fired({}, {"personal_data.phone": True})


def test_fired_names_every_rule() -> None:
    rules = [
        (f"r{i}", COND.validate_python({"fact": "post.length", "at_least": i})) for i in range(20)
    ]
    engine = build_engine(rules, FACTS, SIGNALS, engine="reference")
    assert engine.fired({**BASE, "post.length": 4}, {}) == {"r0", "r1", "r2", "r3", "r4"}
    assert engine.name == "reference" and engine.version.startswith("socialpolicy ")


def test_durable_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> Any:
        raise EngineError(
            "durable-rules is not importable (test); it needs Python < 3.13 "
            "and a C compiler when it is installed"
        )

    monkeypatch.setattr(durable_module, "load_module", broken)
    cond = COND.validate_python({"signal": "media.flag"})
    with pytest.raises(EngineError, match="Python < 3.13"):
        build_engine([("r", cond)], FACTS, SIGNALS, engine="durable")
    assert build_engine([("r", cond)], FACTS, SIGNALS, engine="auto").name == "reference"
