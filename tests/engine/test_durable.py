"""The durable-rules driver: every matching rule fires, state never leaks, threads are safe."""

from __future__ import annotations

import itertools
import random
import threading
from typing import Any

import pytest
from pydantic import TypeAdapter

from socialpolicy.conditions import Condition
from socialpolicy.detectors.base import SignalSpec
from socialpolicy.engine import build_engine, durable_available
from socialpolicy.engine.durable import (
    MAX_FIELDS_PER_RULESET,
    MAX_RULES_PER_RULESET,
    DurableEngine,
)
from socialpolicy.errors import EngineError
from socialpolicy.facts import FACTS

pytest.importorskip("durable_rules_engine")

COND: TypeAdapter[Condition] = TypeAdapter(Condition)

SIGNALS = {
    spec.name: spec
    for spec in (
        SignalSpec("media.flag", "flag", ""),
        SignalSpec("personal_data.phone", "count", ""),
        SignalSpec("offensive.targets", "tags", "", ("person", "group", "Odd Tag!")),
        *(SignalSpec(f"many.s{i}", "flag", "") for i in range(300)),
    )
}
BASE: dict[str, Any] = {
    "post.visibility": "public",
    "post.is_reply": False,
    "post.media_count": 0,
    "post.length": 10,
    "account.present": True,
    "account.official": False,
    "account.approved": None,
    "account.identifies_as_member": True,
    "account.renamed": False,
    "account.has_disclaimer": False,
    "author.organisation": "tps",
    "author.role": "officer",
}
RULES: list[tuple[str, dict[str, Any]]] = [
    ("phone", {"signal": "personal_data.phone"}),
    ("phones", {"signal": "personal_data.phone", "at_least": 3}),
    ("flag", {"signal": "media.flag"}),
    ("person", {"signal": "offensive.targets", "has": "person"}),
    ("not-person", {"not": {"signal": "offensive.targets", "has": "person"}}),
    ("odd", {"signal": "offensive.targets", "has": "Odd Tag!"}),
    ("unknown", {"fact": "account.approved", "equals": None}),
    ("not-unknown", {"not": {"fact": "account.approved", "equals": None}}),
    ("closed", {"fact": "post.visibility", "in": ["private", "direct"]}),
    ("long", {"fact": "post.length", "at_least": 280}),
    ("short", {"fact": "post.length", "at_most": 20}),
    (
        "reply-or-phone",
        {"any": [{"fact": "post.is_reply", "equals": True}, {"signal": "personal_data.phone"}]},
    ),
    (
        "neither",
        {
            "not": {
                "any": [
                    {"fact": "post.is_reply", "equals": True},
                    {"signal": "personal_data.phone"},
                ]
            }
        },
    ),
    ("always", {"not": {"fact": "post.is_reply", "equals": "yes"}}),
    ("never", {"fact": "post.is_reply", "equals": 1}),
]


def engines(rules: list[tuple[str, dict[str, Any]]] = RULES) -> tuple[Any, Any]:
    parsed = [(name, COND.validate_python(c)) for name, c in rules]
    return (
        build_engine(parsed, FACTS, SIGNALS, engine="durable"),
        build_engine(parsed, FACTS, SIGNALS, engine="reference"),
    )


def random_input(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    facts = dict(BASE)
    facts["account.approved"] = rng.choice([None, True, False])
    facts["post.visibility"] = rng.choice(["public", "followers", "private", "direct"])
    facts["post.length"] = rng.choice([0, 20, 21, 279, 280, 10**30])
    facts["post.is_reply"] = rng.random() < 0.5
    signals: dict[str, Any] = {}
    if rng.random() < 0.7:
        signals["personal_data.phone"] = rng.randint(0, 4)
    if rng.random() < 0.7:
        signals["media.flag"] = rng.random() < 0.5
    if rng.random() < 0.7:
        signals["offensive.targets"] = tuple(
            t for t in ("person", "group", "Odd Tag!") if rng.random() < 0.5
        )
    return facts, signals


def test_available_and_version() -> None:
    assert durable_available()
    durable, _ = engines()
    assert durable.name == "durable"
    assert durable.version == "durable-rules 2.0.28"


def test_several_rules_fire_at_once() -> None:
    durable, reference = engines()
    facts = {**BASE, "post.length": 5, "post.visibility": "direct"}
    signals = {
        "personal_data.phone": 4,
        "media.flag": True,
        "offensive.targets": ("person", "Odd Tag!"),
    }
    want = {
        "phone",
        "phones",
        "flag",
        "person",
        "odd",
        "unknown",
        "closed",
        "short",
        "reply-or-phone",
        "always",
    }
    assert durable.fired(facts, signals) == reference.fired(facts, signals) == want


def test_state_does_not_leak_between_calls() -> None:
    durable, _ = engines()
    hot = ({**BASE, "post.length": 500}, {"personal_data.phone": 3, "media.flag": True})
    cold: tuple[dict[str, Any], dict[str, Any]] = ({**BASE, "account.approved": False}, {})
    for _ in range(50):
        assert durable.fired(*hot) == {
            "phone",
            "phones",
            "flag",
            "not-person",
            "unknown",
            "long",
            "reply-or-phone",
            "always",
        }
        assert durable.fired(*cold) == {"not-person", "not-unknown", "short", "neither", "always"}


def test_same_fact_twice_fires_twice() -> None:
    durable, _ = engines()
    facts, signals = {**BASE}, {"media.flag": True}
    first = durable.fired(facts, signals)
    assert "flag" in first
    assert durable.fired(facts, signals) == first
    assert durable.fired(dict(facts), dict(signals)) == first


def test_random_inputs_agree_with_reference() -> None:
    durable, reference = engines()
    rng = random.Random(7)
    for _ in range(500):
        facts, signals = random_input(rng)
        assert durable.fired(facts, signals) == reference.fired(facts, signals)


def test_two_engines_do_not_interfere() -> None:
    a, _ = engines()
    b, _ = engines(
        [
            ("only-flag", {"signal": "media.flag"}),
            ("phone", {"not": {"signal": "personal_data.phone"}}),
        ]
    )
    signals = {"media.flag": True, "personal_data.phone": 1}
    for _ in range(20):
        assert b.fired(BASE, signals) == {"only-flag"}
        assert a.fired(BASE, signals) == {
            "phone",
            "flag",
            "not-person",
            "unknown",
            "short",
            "reply-or-phone",
            "always",
        }
        assert b.fired(BASE, {}) == {"phone"}


def test_threads_match_sequential() -> None:
    durable, _ = engines()
    rng = random.Random(11)
    inputs = [random_input(rng) for _ in range(200)]
    expected = [durable.fired(f, s) for f, s in inputs]
    results: dict[int, list[frozenset[str]]] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            results[n] = [durable.fired(f, s) for f, s in inputs]
        except BaseException as exc:  # reported below, not swallowed
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(results[n] == expected for n in range(4))


def test_many_rules_split_across_rulesets() -> None:
    rules: list[tuple[str, dict[str, Any]]] = [
        (f"len{i}", {"fact": "post.length", "at_least": i}) for i in range(600)
    ]
    durable, reference = engines(rules)
    assert isinstance(durable, DurableEngine)
    assert len(durable.definitions) == -(-600 // MAX_RULES_PER_RULESET)
    assert all(len(d) <= MAX_RULES_PER_RULESET for d in durable.definitions)
    for length in (0, 1, 47, 48, 299, 599, 600, 10**6):
        facts = {**BASE, "post.length": length}
        got = durable.fired(facts, {})
        assert got == reference.fired(facts, {})
        assert len(got) == min(length + 1, 600)


def _fields_of(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*map(_fields_of, node)) if node else set()
    if isinstance(node, dict):
        return {
            k
            for k in node
            if not k.startswith("$") and k != "all" and not isinstance(node[k], (dict, list))
        } | _fields_of(list(node.values()))
    return set()


def test_many_fields_split_across_rulesets() -> None:
    rules: list[tuple[str, dict[str, Any]]] = [
        (f"five{i}", {"all": [{"signal": f"many.s{5 * i + k}"} for k in range(5)]})
        for i in range(60)
    ]
    rules.append(("pair", {"all": [{"signal": "many.s0"}, {"signal": "many.s299"}]}))
    durable, reference = engines(rules)
    assert isinstance(durable, DurableEngine)
    sizes = [len(_fields_of(d) - {"_sp"}) for d in durable.definitions]
    assert max(sizes) <= MAX_FIELDS_PER_RULESET
    assert min(len(d) for d in durable.definitions[:-1]) < MAX_RULES_PER_RULESET  # fields bound
    rng = random.Random(3)
    for _ in range(50):
        signals = {f"many.s{i}": rng.random() < 0.9 for i in range(300)}
        assert durable.fired(BASE, signals) == reference.fired(BASE, signals)
    on = {f"many.s{i}": True for i in range(5)} | {"many.s299": True}
    assert durable.fired(BASE, on) == {"five0", "pair"}


def test_compiled_json_is_plain_integer_comparisons() -> None:
    durable, _ = engines()
    assert isinstance(durable, DurableEngine)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                assert key not in ("$or", "$mt", "$imt", "$iany", "$iall", "$nex", "$ex")
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        else:
            assert isinstance(node, int) and not isinstance(node, bool)

    for definition in durable.definitions:
        for rule in definition.values():
            expr = rule["all"][0]["m"]
            first = expr["$and"][0] if "$and" in expr else expr
            assert first == {"_sp": 1}  # every rule is guarded by the marker
            walk(expr)


VIS = "post.visibility"
REPLY = {"fact": "post.is_reply", "equals": True}
TRICKY: list[dict[str, Any]] = [
    # a term implied by another is dropped (absorption), not the other way round
    {
        "any": [
            {"fact": VIS, "equals": "public"},
            {"all": [{"fact": VIS, "in": ["public", "followers"]}, REPLY]},
        ]
    },
    {"any": [{"all": [{"fact": VIS, "equals": "public"}, REPLY]}, REPLY]},
    # terms differing in one field merge
    {
        "any": [
            {"all": [{"fact": VIS, "equals": "public"}, REPLY]},
            {"all": [{"fact": VIS, "equals": "direct"}, REPLY]},
        ]
    },
    {
        "any": [
            {"fact": VIS, "in": ["public", "followers"]},
            {"fact": VIS, "in": ["private", "direct"]},
        ]
    },  # the whole domain: always true
    {"all": [{"fact": VIS, "equals": "public"}, {"fact": VIS, "equals": "direct"}]},  # never
    # negation: complements within the domain, De Morgan
    {"not": {"fact": "account.approved", "equals": True}},  # false or null
    {"not": {"fact": "account.approved", "in": [True, False]}},  # null
    {
        "not": {
            "all": [
                {"fact": VIS, "equals": "public"},
                {"not": {"signal": "personal_data.phone", "at_least": 2}},
            ]
        }
    },
    {
        "not": {
            "any": [
                {"signal": "offensive.targets", "has": "person"},
                {"signal": "offensive.targets", "at_least": 2},
            ]
        }
    },
    # ranges over integers, with holes
    {
        "all": [
            {"fact": "post.length", "at_least": 0},
            {"fact": "post.length", "at_most": 10},
            {"not": {"fact": "post.length", "in": [5]}},
        ]
    },
    {"any": [{"fact": "post.length", "at_most": -1}, {"fact": "post.length", "at_least": 11}]},
    {"not": {"fact": "post.length", "equals": 10**20}},
    # counts and flags
    {
        "all": [
            {"signal": "personal_data.phone"},
            {"not": {"signal": "personal_data.phone", "at_least": 2}},
        ]
    },
    {"any": [{"signal": "media.flag", "at_least": 2}, {"not": {"signal": "media.flag"}}]},
]


def test_tricky_conditions_on_every_input() -> None:
    durable, reference = engines([(f"t{i}", c) for i, c in enumerate(TRICKY)])
    for vis, reply, approved, length, phone, flag, targets in itertools.product(
        ("public", "followers", "private", "direct"),
        (False, True),
        (None, False, True),
        (-1, 0, 5, 10, 11, 10**20),
        (None, 0, 1, 2, 5),
        (None, False, True),
        ((), ("person",), ("group",), ("person", "group")),
    ):
        facts = {
            **BASE,
            VIS: vis,
            "post.is_reply": reply,
            "account.approved": approved,
            "post.length": length,
        }
        signals: dict[str, Any] = {"offensive.targets": targets}
        if phone is not None:
            signals["personal_data.phone"] = phone
        if flag is not None:
            signals["media.flag"] = flag
        assert durable.fired(facts, signals) == reference.fired(facts, signals), (facts, signals)


def test_huge_integers_compare_exactly() -> None:
    durable, reference = engines(
        [
            ("big", {"fact": "post.length", "at_least": 2**64}),
            ("exact", {"fact": "post.length", "equals": 2**63}),
            ("neg", {"fact": "post.length", "at_most": -(2**70)}),
        ]
    )
    for value in (2**63 - 1, 2**63, 2**63 + 1, 2**64, 10**40, -(2**70), -(2**71), 0):
        facts = {**BASE, "post.length": value}
        assert durable.fired(facts, {}) == reference.fired(facts, {})


def test_too_complex_condition() -> None:
    big = {
        "all": [{"any": [{"signal": f"many.s{3 * i + k}"} for k in range(3)]} for i in range(8)]
    }  # 3**8 conjunctions
    with pytest.raises(EngineError, match="too complex") as err:
        engines([("huge", big)])
    assert "huge" in str(err.value)
    # the reference interpreter takes it
    build_engine([("huge", COND.validate_python(big))], FACTS, SIGNALS, engine="reference")


def test_unknown_names_raise_at_build() -> None:
    with pytest.raises(EngineError, match="unknown signal"):
        engines([("r", {"signal": "media.flagg"})])
    with pytest.raises(EngineError, match="unknown fact"):
        engines([("r", {"not": {"fact": "post.lenght", "at_least": 1}})])


def test_bad_input_does_not_break_the_engine() -> None:
    durable, _ = engines()
    with pytest.raises(EngineError, match="post.visibility"):
        durable.fired({**BASE, "post.visibility": "everyone"}, {})
    assert "always" in durable.fired(BASE, {})


class _Failing:
    """The C extension, with assert_fact failing once."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.fail = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def assert_fact(self, handle: int, fact: str) -> Any:
        if self.fail:
            self.fail = False
            raise self._real.error("Could not assert fact, error code: 302")
        return self._real.assert_fact(handle, fact)


def test_durable_failure_is_reported_and_sticks() -> None:
    durable, _ = engines()
    assert isinstance(durable, DurableEngine)
    durable._dre = _Failing(durable._dre)  # type: ignore[assignment]
    with pytest.raises(EngineError, match="assert_fact on ruleset .*error code: 302"):
        durable.fired(BASE, {})
    # durable-rules' state is unknown now: refuse rather than answer wrongly
    with pytest.raises(EngineError, match="unusable"):
        durable.fired(BASE, {})


def test_locked_state_is_an_error_not_an_empty_answer() -> None:
    durable, _ = engines([("flag", {"signal": "media.flag"})])
    assert isinstance(durable, DurableEngine)
    ((key,),) = [_fields_of(d) - {"_sp"} for d in durable.definitions]
    handle = durable._rulesets[0].handle
    fact = f'{{"id":999999,"_sp":1,"{key}":1}}'
    # an action started and never completed, as a crashed caller of the C API would leave it
    _, state = durable._dre.assert_fact(handle, fact)
    assert durable._dre.start_action_for_state(handle, state) is not None
    durable._dre.retract_fact(handle, fact)
    with pytest.raises(EngineError, match="no action was returned"):
        durable.fired(BASE, {"media.flag": True})


def test_memo_answers_a_repeated_fact_set_without_durable_rules() -> None:
    durable, reference = engines()
    rng = random.Random(5)
    inputs = [random_input(rng) for _ in range(60)]
    first = [durable.fired(f, s) for f, s in inputs]
    hits = durable.memo_hits
    again = [durable.fired(f, s) for f, s in reversed(inputs)]
    assert again == first[::-1]
    assert durable.memo_hits == hits + len(inputs)  # every second answer came from the memo
    assert first == [reference.fired(f, s) for f, s in inputs]


def test_memo_keys_on_the_encoding_not_on_the_objects() -> None:
    durable, _ = engines()
    facts = dict(BASE)
    a = durable.fired(facts, {"personal_data.phone": 4})
    b = durable.fired(dict(facts), {"personal_data.phone": 9})  # same rank: same encoding
    assert a == b and durable.memo_hits == 1
    c = durable.fired(dict(facts), {"personal_data.phone": 1})
    assert "phones" in a and "phones" not in c and durable.memo_hits == 1


def test_raw_memo_answers_repeats_as_the_reference_does() -> None:
    durable, reference = engines()
    rng = random.Random(11)
    inputs = [random_input(rng) for _ in range(80)]
    first = [durable.fired(f, s) for f, s in inputs]
    hits = durable.memo_hits
    # equal values in new objects (copies, tags as another tuple): answered from the raw memo
    again = [
        durable.fired(dict(f), {k: tuple(v) if isinstance(v, tuple) else v for k, v in s.items()})
        for f, s in inputs
    ]
    assert again == first == [reference.fired(f, s) for f, s in inputs]
    assert durable.memo_hits == hits + len(inputs)
    assert 0 < len(durable._raw_memo) <= len(inputs)


def test_unhashable_tags_are_answered_without_the_raw_memo() -> None:
    durable, reference = engines()
    signals = {"offensive.targets": ["person"]}  # a list, as an outside caller may pass
    assert durable.fired(BASE, signals) == reference.fired(BASE, signals)
    assert not durable._raw_memo
    assert durable.fired(BASE, {"offensive.targets": ("person",)}) == reference.fired(BASE, signals)
    assert len(durable._raw_memo) == 1


def test_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from socialpolicy.engine import durable as module

    monkeypatch.setattr(module, "MEMO_SIZE", 8)
    durable, reference = engines()
    rng = random.Random(9)
    inputs = [random_input(rng) for _ in range(100)]
    for f, s in inputs:
        assert durable.fired(f, s) == reference.fired(f, s)
        assert len(durable._memo) <= 8 and len(durable._raw_memo) <= 8
    durable.clear_memo()
    assert not durable._memo and not durable._raw_memo


def test_a_broken_engine_does_not_answer_from_its_memo() -> None:
    durable, _ = engines()
    durable.fired(BASE, {})
    durable._broken = "simulated"
    with pytest.raises(EngineError, match="unusable"):
        durable.fired(BASE, {})


def test_signal_key_is_equal_exactly_when_the_signals_read_are() -> None:
    # The raw memo's key (session 13) is built from the values a post has, not by asking
    # every signal the rules read: equal exactly when the values of those signals are, a
    # value None and an absent signal alike, a signal no rule reads ignored.
    durable, _ = engines()
    names = list(durable._signal_names)
    rng = random.Random(13)
    pool = [*names, "no.rule.reads.this"]
    values: list[Any] = [None, 0, 1, 2, True, ("person",), ("group", "person")]
    dicts = [
        {rng.choice(pool): rng.choice(values) for _ in range(rng.randint(0, 4))} for _ in range(300)
    ]
    for a in dicts:
        for b in dicts[:40]:
            same = tuple(map(a.get, names)) == tuple(map(b.get, names))
            assert (durable._signal_key(a) == durable._signal_key(b)) is same, (a, b)
            if same:
                assert hash(durable._signal_key(a)) == hash(durable._signal_key(b))


def test_a_none_signal_is_answered_from_the_memo_of_its_absence() -> None:
    durable, reference = engines()
    first = durable.fired(dict(BASE), {})
    hits = durable.memo_hits
    name = durable._signal_names[0]
    assert durable.fired(dict(BASE), {name: None, "no.rule.reads.this": 3}) == first
    assert durable.memo_hits == hits + 1
    assert first == reference.fired(dict(BASE), {})
