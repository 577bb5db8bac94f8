"""The durable-rules engine: conditions compiled to durable-rules rulesets, driven safely.

Compilation (once, when a pack loads):

1. Every fact, signal amount and signal tag a rule tests becomes one integer *field* of a flat
   fact, with a small finite domain: a bool is 0/1, a tribool -1 (null) / 0 / 1, an enum the
   index of its value, a tag 0/1 (the tag list contains it or not), and an integer (a count, a
   fact such as `post.length`) its *rank* among the constants the rules compare it with: 2i+1
   when equal to the i-th smallest constant, 2i when between the (i-1)-th and the i-th. Ranks
   compare with the ranks of the constants exactly as the integers compare with the constants,
   so integers of any size work although durable-rules saturates at 64 bits.
2. Each rule's condition becomes a disjunctive normal form over those fields: a list of
   conjunctions, each giving the set of values allowed for some fields. `not` is a complement
   within a field's domain, so negation never reaches durable-rules.
3. Each conjunction becomes one durable-rules rule: `$and` of a marker (`_sp == 1`) and one to a
   few integer comparisons (`==`, `!=`, `>=`, `<=`) per field. No `$or`, no regex, no strings,
   no `null`, no `$iany`/`$iall`.
4. The durable-rules rules are packed into rulesets of at most MAX_RULES_PER_RULESET rules and
   MAX_FIELDS_PER_RULESET fields; an engine holds as many rulesets as it needs.

Evaluation: the fields are computed in Python, then for each ruleset, under one lock per
engine: assert the fact (with a fresh `id`), take every action durable-rules has for it, and
retract it. The answer depends on the encoded fields alone, so it is remembered per encoded
fact set (a bounded LRU of MEMO_SIZE entries per engine, under the same lock): a batch of real
posts calls durable-rules only for the few distinct fact sets it holds. In front of it, a
second bounded memo is keyed by the raw values the fields read (the facts and signals the rules
name, gathered in C): equal values encode equally, so a repeated input skips the encoding too.
See docs/engine.md for the durable-rules limits each choice works around.
"""

from __future__ import annotations

import bisect
import itertools
import json
import operator
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from types import ModuleType
from typing import Any

from socialpolicy.conditions import AllOf, AnyOf, Condition, FactTest, NotOf, Scalar, SignalTest
from socialpolicy.detectors.base import SignalSpec
from socialpolicy.engine.reference import (
    Checked,
    EngineName,
    Rules,
    SignalValue,
    amount,
    leaves,
)
from socialpolicy.errors import EngineError, Location
from socialpolicy.facts import FactSpec

# Measured on durable-rules 2.0.28 (docs/engine.md): more than 64 rules matching one fact in a
# ruleset overflow its 64-entry match stack, and a fact holds at most 255 properties.
MAX_RULES_PER_RULESET = 48
MAX_FIELDS_PER_RULESET = 200
MAX_TERMS_PER_RULE = 256  # conjunctions of one rule's DNF
MAX_PRODUCT = 2048  # conjunctions formed by one `all` before simplifying
MAX_DURABLE_RULES = 4096  # about 23 KB of native memory each, never freed
# Encoded fact sets whose answer an engine remembers. Real posts encode to very few distinct
# fact sets (8,927 UK police tweets: 5 for Toronto, 8 for Edmonton), so this never fills in
# practice; it bounds memory when inputs are adversarial.
MEMO_SIZE = 4096
_NO_SIGNALS: frozenset[tuple[str, object]] = frozenset()  # the raw memo's key for no signal

# assert_fact / retract_fact result codes (rules.h): handled, no rule matched.
_HANDLED = 0
_NOT_HANDLED = 1

_MARKER = "_sp"
_RESERVED = ("id", "sid", "_sp", "$s", "$forward")  # properties durable-rules itself reads
_MESSAGE = re.compile(r'\{"(r\d+_\d+)":\{"m":\{"id":(\d+),')

_ruleset_names = itertools.count(1)

Facts = Mapping[str, Scalar]
Signals = Mapping[str, SignalValue]
Encoder = Callable[[Facts, Signals], int]
Term = dict[str, frozenset[int]]  # field key -> allowed values; never empty, never the domain
DNF = list[Term]  # [] is false, [{}] is true


def load_module() -> ModuleType:
    """The durable-rules C extension, or EngineError saying why it is unavailable."""
    try:
        import durable_rules_engine
    except (ImportError, OSError) as exc:
        raise EngineError(
            f"durable-rules is not importable ({exc}); it needs Python < 3.13 and a C compiler "
            "when it is installed",
            suggestion="use engine='reference', or engine='auto' to fall back to it",
        ) from exc
    module: ModuleType = durable_rules_engine
    return module


def durable_version() -> str:
    try:
        return "durable-rules " + metadata.version("durable-rules")
    except metadata.PackageNotFoundError:
        return "durable-rules (unknown version)"


def fnv1a32(name: str) -> int:
    """durable-rules' property-name hash; properties are looked up by hash alone."""
    h = 2166136261
    for byte in name.encode():
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


def rank(constants: Sequence[int], value: int) -> int:
    """2i+1 if value is the i-th constant, else 2i with i the number of constants below it."""
    i = bisect.bisect_left(constants, value)
    return 2 * i + 1 if i < len(constants) and constants[i] == value else 2 * i


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# -- fields -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Field:
    """One integer property of the asserted fact, with its domain lo..hi.

    `expr` is its encoding: a Python expression over the facts `f` and signals `s`. The
    engine compiles the expressions of a ruleset into one function (`_compile_body`);
    `encode` evaluates one field alone (for tests and inspection).
    """

    key: str
    lo: int
    hi: int
    expr: str
    constants: tuple[int, ...] = ()  # for ranked integers
    _fn: Encoder | None = None

    def encode(self, f: Facts, s: Signals) -> int:
        if self._fn is None:
            self._fn = _compile(f"lambda f, s: {self.expr}")
        return self._fn(f, s)

    def domain(self) -> frozenset[int]:
        return frozenset(range(self.lo, self.hi + 1))

    def rank(self, value: int) -> int:
        return rank(self.constants, value)


class _Keys:
    """Readable, unique property names whose durable-rules hashes are unique too."""

    def __init__(self) -> None:
        self._names: set[str] = set(_RESERVED)
        self._hashes: set[int] = {fnv1a32(n) for n in _RESERVED}

    def new(self, wanted: str) -> str:
        key, n = wanted, 1
        while key in self._names or fnv1a32(key) in self._hashes:
            n += 1
            key = f"{wanted}_{n}"
        self._names.add(key)
        self._hashes.add(fnv1a32(key))
        return key


def _flat(name: str) -> str:
    return name.replace(".", "__")


_SIMPLE_TAG = re.compile(r"^[a-z0-9_]{1,40}$")
# Enum fact values -> index, by the enum's tuple of values (shared by every encoder).
_ENUM_INDEX: dict[tuple[str, ...], dict[str, int]] = {}


def _fact_expr(name: str, spec: FactSpec, constants: tuple[int, ...]) -> str:
    """A fact's encoding: bools 0/1, tribools -1/0/1, enums by index, ints by rank."""
    if spec.type == "bool":
        return f"(1 if f[{name!r}] else 0)"
    if spec.type == "tribool":
        return f"(-1 if (_v := f[{name!r}]) is None else (1 if _v else 0))"
    if spec.type == "enum":
        # The value-to-index map is built once and shared, not rebuilt on every call.
        _ENUM_INDEX.setdefault(spec.values, {v: i for i, v in enumerate(spec.values)})
        return f"_enum[{spec.values!r}][f[{name!r}]]"
    return f"_rank({constants!r}, f[{name!r}])"


def _compile_body(fields: Sequence[Field]) -> Callable[[Facts, Signals], str]:
    """One generated function per ruleset that writes its fact's properties as JSON.

    One call per evaluation instead of one per field: the encoder runs on every post. Keys
    are generated identifiers and every literal is a repr, so the source holds nothing from
    outside the pack's own names.
    """
    if not fields:
        return lambda f, s: ""
    template = "".join(f',"{f.key}":%d' for f in fields)  # keys are [a-z0-9_]: no '%'
    values = ", ".join(f.expr for f in fields)
    body: Callable[[Facts, Signals], str] = _compile(f"lambda f, s: {template!r} % ({values},)")
    return body


def _compile(source: str) -> Any:
    """Evaluate generated source (a lambda) with the encoding helpers in scope."""
    namespace: dict[str, Any] = {"_rank": rank, "_amount": amount, "_enum": _ENUM_INDEX}
    return eval(compile(source, "<socialpolicy.engine.durable encoder>", "eval"), namespace)  # noqa: S307


class _Fields:
    """The fields of one engine, made from the constants every rule compares with."""

    def __init__(self, checked: Checked) -> None:
        fact_consts: dict[str, set[int]] = {n: set() for n in checked.facts}
        amount_consts: dict[str, set[int]] = {n: set() for n in checked.signals}
        tags: dict[str, list[str]] = {n: [] for n in checked.signals}
        for _, cond in checked.rules:
            for leaf in leaves(cond):
                if isinstance(leaf, SignalTest):
                    if leaf.has is not None:
                        if leaf.has not in tags[leaf.signal]:
                            tags[leaf.signal].append(leaf.has)
                    else:
                        amount_consts[leaf.signal].add(
                            1 if leaf.at_least is None else int(leaf.at_least)
                        )
                elif checked.facts[leaf.fact].type == "int":
                    found = fact_consts[leaf.fact]
                    if leaf.operator in ("at_least", "at_most"):
                        bound = leaf.at_least if leaf.operator == "at_least" else leaf.at_most
                        if bound is not None:
                            found.add(int(bound))
                    else:
                        for v in (leaf.equals,) if leaf.operator == "equals" else leaf.in_ or ():
                            if isinstance(v, int) and not isinstance(v, bool):
                                found.add(v)
        keys = _Keys()
        self.facts: dict[str, Field] = {}
        self.amounts: dict[str, Field] = {}
        self.tags: dict[tuple[str, str], Field] = {}
        for name, spec in checked.facts.items():
            consts = tuple(sorted(fact_consts[name]))
            if spec.type == "bool":
                lo, hi = 0, 1
            elif spec.type == "tribool":
                lo, hi = -1, 1
            elif spec.type == "enum":
                lo, hi = 0, len(spec.values) - 1
            else:
                lo, hi = 0, 2 * len(consts)
            self.facts[name] = Field(
                keys.new("f__" + _flat(name)), lo, hi, _fact_expr(name, spec, consts), consts
            )
        for name, sspec in checked.signals.items():
            consts = tuple(sorted(amount_consts[name]))
            # Amounts are never negative, and a flag's is at most 1: narrower domains let
            # `at_least: 0` compile to true and `at_least: 2` on a flag to false.
            hi = rank(consts, 1) if sspec.kind == "flag" else 2 * len(consts)
            self.amounts[name] = Field(
                keys.new("s__" + _flat(name)),
                rank(consts, 0),
                hi,
                # Most signals are absent on most posts: their rank is a constant.
                f"({rank(consts, 0)} if (_v := s.get({name!r})) is None "
                f"else _rank({consts!r}, _amount(_v)))",
                consts,
            )
            for j, tag in enumerate(tags[name]):
                label = tag if _SIMPLE_TAG.match(tag) else str(j)
                self.tags[name, tag] = Field(
                    keys.new(f"t__{_flat(name)}__{label}"),
                    0,
                    1,
                    f"(1 if isinstance(_v := s.get({name!r}), (tuple, list)) and {tag!r} in _v"
                    " else 0)",
                )
        self.checked = checked


# -- conditions to DNF -------------------------------------------------------------------------


class _TooComplex(Exception):
    pass


class _Compiler:
    def __init__(self, fields: _Fields) -> None:
        self.fields = fields
        self.domains: dict[str, frozenset[int]] = {}

    def _set(self, fld: Field, allowed: set[int], negated: bool) -> DNF:
        domain = self.domains.setdefault(fld.key, fld.domain())
        chosen = frozenset(allowed) & domain
        if negated:
            chosen = domain - chosen
        if not chosen:
            return []
        if chosen == domain:
            return [{}]
        return [{fld.key: chosen}]

    def leaf(self, leaf: SignalTest | FactTest, negated: bool) -> DNF:
        f = self.fields
        if isinstance(leaf, SignalTest):
            if leaf.has is not None:
                if f.checked.signals[leaf.signal].kind != "tags":
                    return [{}] if negated else []
                return self._set(f.tags[leaf.signal, leaf.has], {1}, negated)
            fld = f.amounts[leaf.signal]
            least = fld.rank(1 if leaf.at_least is None else int(leaf.at_least))
            return self._set(fld, set(range(least, fld.hi + 1)), negated)
        spec = f.checked.facts[leaf.fact]
        fld = f.facts[leaf.fact]
        op = leaf.operator
        allowed: set[int] = set()
        if op in ("equals", "in"):
            for v in (leaf.equals,) if op == "equals" else leaf.in_ or ():
                code = self._code(spec, fld, v)
                if code is not None:
                    allowed.add(code)
        elif spec.type == "int":
            bound = leaf.at_least if op == "at_least" else leaf.at_most
            if bound is not None:
                r = fld.rank(int(bound))
                allowed = set(range(r, fld.hi + 1) if op == "at_least" else range(fld.lo, r + 1))
        return self._set(fld, allowed, negated)

    @staticmethod
    def _code(spec: FactSpec, fld: Field, value: Scalar) -> int | None:
        """The field value a fact equal to `value` has, or None if none can be equal."""
        if spec.type in ("bool", "tribool") and isinstance(value, bool):
            return 1 if value else 0
        if spec.type == "tribool" and value is None:
            return -1
        if spec.type == "enum" and isinstance(value, str) and value in spec.values:
            return spec.values.index(value)
        if spec.type == "int" and _is_int(value):
            assert isinstance(value, int)
            return fld.rank(value)
        return None

    def dnf(self, cond: Condition, negated: bool = False) -> DNF:
        if isinstance(cond, NotOf):
            return self.dnf(cond.not_, not negated)
        if isinstance(cond, (AllOf, AnyOf)):
            subs = cond.all if isinstance(cond, AllOf) else cond.any
            parts = [self.dnf(c, negated) for c in subs]
            # De Morgan: a negated `all` is an `any` of negations, and the reverse.
            if isinstance(cond, AllOf) != negated:
                out: DNF = [{}]
                for p in parts:
                    out = self._and(out, p)
                return out
            return self._simplify([t for p in parts for t in p])
        return self.leaf(cond, negated)

    def _and(self, a: DNF, b: DNF) -> DNF:
        if len(a) * len(b) > MAX_PRODUCT:
            raise _TooComplex
        out: DNF = []
        for x in a:
            for y in b:
                term = dict(x)
                for key, allowed in y.items():
                    both = term[key] & allowed if key in term else allowed
                    if not both:
                        break
                    term[key] = both
                else:
                    out.append(term)
        return self._simplify(out)

    def _simplify(self, terms: DNF) -> DNF:
        """Drop duplicate and absorbed terms, and merge terms differing in one field."""
        changed = True
        while changed:
            changed = False
            unique = {frozenset(t.items()): t for t in terms}
            terms = list(unique.values())
            # Merge: (k in A and rest) or (k in B and rest) == (k in A|B and rest).
            for key in sorted({k for t in terms for k in t}):
                groups: dict[frozenset[tuple[str, frozenset[int]]], list[Term]] = {}
                rest: DNF = []
                for t in terms:
                    if key in t:
                        groups.setdefault(
                            frozenset((k, v) for k, v in t.items() if k != key), []
                        ).append(t)
                    else:
                        rest.append(t)
                merged: DNF = []
                for others, group in groups.items():
                    if len(group) == 1:
                        merged.append(group[0])
                        continue
                    changed = True
                    union = frozenset().union(*(t[key] for t in group))
                    term = dict(others)
                    if union != self.domains[key]:
                        term[key] = union
                    merged.append(term)
                terms = rest + merged
            # Absorption: a term implied by a weaker one (fewer fields, wider sets) can go.
            terms.sort(key=lambda t: (len(t), -sum(map(len, t.values()))))  # weaker first
            kept: DNF = []
            for t in terms:
                if any(all(k in t and t[k] <= v for k, v in w.items()) for w in kept):
                    changed = True
                    continue
                kept.append(t)
            terms = kept
        if len(terms) > MAX_TERMS_PER_RULE:
            raise _TooComplex
        return terms


def _literals(key: str, allowed: frozenset[int], lo: int, hi: int) -> list[dict[str, Any]]:
    """Integer comparisons on one field that hold exactly for `allowed` within lo..hi."""
    a, b = min(allowed), max(allowed)
    if a == b:
        bounded: list[dict[str, Any]] = [{key: a}]
    else:
        bounded = [{"$gte": {key: a}}] if a > lo else []
        bounded += [{"$lte": {key: b}}] if b < hi else []
        bounded += [{"$neq": {key: v}} for v in range(a, b + 1) if v not in allowed]
    excluded = [{"$neq": {key: v}} for v in range(lo, hi + 1) if v not in allowed]
    return excluded if len(excluded) < len(bounded) else bounded


# -- rulesets and the driver -------------------------------------------------------------------


@dataclass(slots=True)
class _Ruleset:
    name: str
    definition: dict[str, Any]
    rule_of: dict[str, str]  # durable rule name -> our rule name
    fields: list[Field] = field(default_factory=list)
    handle: int = 0


class DurableEngine:
    """Rules compiled to durable-rules rulesets. Thread-safe: one evaluation at a time."""

    name: EngineName = "durable"

    def __init__(
        self,
        rules: Rules,
        fact_specs: Mapping[str, FactSpec],
        signal_specs: Mapping[str, SignalSpec],
    ) -> None:
        self._dre = load_module()
        self.version = durable_version()
        self._checked = Checked(rules, fact_specs, signal_specs)
        self._rulesets = self._compile()
        self._fields: list[Field] = list(
            {f.key: f for rs in self._rulesets for f in rs.fields}.values()
        )
        for rs in self._rulesets:
            try:
                rs.handle = self._dre.create_ruleset(rs.name, json.dumps(rs.definition))
            except Exception as exc:
                raise EngineError(f"durable-rules refused ruleset {rs.name}: {exc}") from exc
        self._bodies = tuple(_compile_body(rs.fields) for rs in self._rulesets)
        # The raw values the encoding reads: every field is a function of one fact's value or
        # of one signal's `get` (absent is None), so equal tuples encode equally.
        used = {f.key for f in self._fields}
        fact_names = sorted(n for n, f in self._field_set.facts.items() if f.key in used)
        self._signal_names = tuple(
            sorted(
                {n for n, f in self._field_set.amounts.items() if f.key in used}
                | {n for (n, _), f in self._field_set.tags.items() if f.key in used}
            )
        )
        self._signal_set = frozenset(self._signal_names)
        self._fact_values: Callable[[Facts], object] = (
            operator.itemgetter(*fact_names) if fact_names else (lambda f: ())
        )
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._broken: str | None = None
        self._memo: OrderedDict[tuple[str, ...], frozenset[str]] = OrderedDict()
        # Raw values -> answer; read without the lock (a dict read is atomic), written under it.
        self._raw_memo: dict[tuple[object, frozenset[tuple[str, object]]], frozenset[str]] = {}
        self.memo_hits = 0  # answers given from a memo, for benchmarks and tests

    # -- compiling ---------------------------------------------------------------------------

    def _compile(self) -> list[_Ruleset]:
        fields = self._field_set = _Fields(self._checked)
        by_key = {
            f.key: f
            for f in (*fields.facts.values(), *fields.amounts.values(), *fields.tags.values())
        }
        compiler = _Compiler(fields)
        out: list[_Ruleset] = []
        current: _Ruleset | None = None
        keys: set[str] = set()
        total = 0
        serial = next(_ruleset_names)
        for index, (name, cond) in enumerate(self._checked.rules):
            where = Location(field=f"rule {name!r}")
            try:
                terms = compiler.dnf(cond)
            except _TooComplex:
                raise EngineError(
                    "condition too complex for the durable-rules compiler: its disjunctive "
                    f"normal form exceeds {MAX_TERMS_PER_RULE} conjunctions",
                    where,
                    suggestion="split the rule, or use engine='reference'",
                ) from None
            total += len(terms)
            if total > MAX_DURABLE_RULES:
                raise EngineError(
                    f"the rules compile to more than {MAX_DURABLE_RULES} durable-rules rules",
                    where,
                    suggestion="use engine='reference' for packs this large",
                )
            for j, term in enumerate(terms):
                if len(term) > MAX_FIELDS_PER_RULESET:
                    raise EngineError(
                        f"a conjunction tests {len(term)} facts and signals; "
                        f"durable-rules takes at most {MAX_FIELDS_PER_RULESET}",
                        where,
                        suggestion="use engine='reference'",
                    )
                if (
                    current is None
                    or len(current.rule_of) == MAX_RULES_PER_RULESET
                    or len(keys | term.keys()) > MAX_FIELDS_PER_RULESET
                ):
                    current = _Ruleset(f"socialpolicy-{serial}-{len(out)}", {}, {})
                    out.append(current)
                    keys = set()
                lits: list[dict[str, Any]] = [{_MARKER: 1}]
                for key in sorted(term):
                    fld = by_key[key]
                    lits += _literals(key, term[key], fld.lo, fld.hi)
                    if key not in keys:
                        keys.add(key)
                        current.fields.append(fld)
                rname = f"r{index}_{j}"
                expr = lits[0] if len(lits) == 1 else {"$and": lits}
                current.definition[rname] = {"all": [{"m": expr}]}
                current.rule_of[rname] = name
        return out

    # -- evaluating --------------------------------------------------------------------------

    def fired(self, facts: Facts, signals: Signals, *, trusted: bool = False) -> frozenset[str]:
        """Names of every rule whose condition holds."""
        if not trusted:
            self._checked.check_input(facts, signals)
        try:
            raw = (self._fact_values(facts), self._signal_key(signals))
            known = self._raw_memo.get(raw)
        except TypeError:  # an unhashable value (a list of tags from an outside caller)
            raw_key = None
        else:
            if known is not None and self._broken is None:
                self.memo_hits += 1
                return known
            raw_key = raw
        # The encoded fields are all durable-rules sees: equal encodings, equal answers.
        bodies = tuple(body(facts, signals) for body in self._bodies)
        with self._lock:
            if self._broken is not None:
                raise EngineError(
                    f"this durable-rules engine is unusable after an earlier "
                    f"failure ({self._broken})",
                    suggestion="load the pack again",
                )
            memo = self._memo
            answer = memo.get(bodies)
            if answer is not None:
                memo.move_to_end(bodies)
                self.memo_hits += 1
            else:
                fired: set[str] = set()
                seq = next(self._ids)
                for rs, body in zip(self._rulesets, bodies, strict=True):
                    self._run(rs, f'{{"id":{seq},"{_MARKER}":1{body}}}', seq, fired)
                answer = frozenset(fired)
                memo[bodies] = answer
                if len(memo) > MEMO_SIZE:
                    memo.popitem(last=False)
            if raw_key is not None:
                raw_memo = self._raw_memo
                if len(raw_memo) >= MEMO_SIZE:
                    del raw_memo[next(iter(raw_memo))]  # the oldest entry
                raw_memo[raw_key] = answer
            return answer

    def _signal_key(self, signals: Signals) -> frozenset[tuple[str, object]]:
        """The signal values the encoding reads, as a set of (name, value): equal exactly when
        `tuple(map(signals.get, self._signal_names))` is (a name absent and a value None read
        alike). Built from the few values a post has (half a signal on average on police
        tweets), not by asking each of the rules' 67 signals (Toronto) in turn: about a
        quarter of the cost of `fired` on a memo hit."""
        if not signals:
            return _NO_SIGNALS
        names = self._signal_set
        return frozenset([(k, v) for k, v in signals.items() if v is not None and k in names])

    def clear_memo(self) -> None:
        """Forget every remembered answer (benchmarks time durable-rules itself with it)."""
        with self._lock:
            self._memo.clear()
            self._raw_memo.clear()

    def _run(self, rs: _Ruleset, fact: str, seq: int, fired: set[str]) -> None:
        """Assert one fact, take every action it caused, retract it. Any failure leaves
        durable-rules' state unknown, so it marks the engine unusable."""
        dre, handle = self._dre, rs.handle
        step = "assert_fact"
        done = False
        try:
            code, state = dre.assert_fact(handle, fact)
            if code == _HANDLED:
                step = "start_action_for_state"
                result = dre.start_action_for_state(handle, state)
                if result is None:
                    raise EngineError("a rule matched but no action was returned")
                message = result[1]
                step = "complete_and_start_action"
                while message is not None:
                    fired.add(self._rule_of(rs, message, seq))
                    message = dre.complete_and_start_action(handle, state)
            elif code != _NOT_HANDLED:
                raise EngineError(f"unexpected result code {code} (the fact id was reused?)")
            step = "retract_fact"
            code, _ = dre.retract_fact(handle, fact)
            if code not in (_HANDLED, _NOT_HANDLED):
                raise EngineError(f"unexpected result code {code}")
            done = True
        except EngineError as exc:
            raise self._fail(rs, step, exc.message) from exc
        except Exception as exc:  # durable_rules_engine.error, MemoryError, bad JSON back
            raise self._fail(rs, step, f"{type(exc).__name__}: {exc}") from exc
        finally:
            if not done and self._broken is None:  # e.g. KeyboardInterrupt between calls
                self._broken = f"interrupted in {step} on ruleset {rs.name}"

    def _fail(self, rs: _Ruleset, step: str, why: str) -> EngineError:
        self._broken = f"{step} on ruleset {rs.name}: {why}"
        return EngineError(
            f"durable-rules failed: {self._broken}",
            suggestion="report it; engine='reference' gives the same results",
        )

    @staticmethod
    def _rule_of(rs: _Ruleset, message: str, seq: int) -> str:
        """The rule an action is for, checking the action is for this evaluation's fact."""
        match = _MESSAGE.match(message)
        if match:
            dname, fact_id = match.group(1), int(match.group(2))
        else:  # not the layout we sent; parse it properly
            ((dname, payload),) = json.loads(message).items()
            fact_id = payload["m"]["id"]
        if fact_id != seq:
            raise EngineError(f"an action for fact {fact_id} came back while judging fact {seq}")
        return rs.rule_of[dname]

    # -- introspection -----------------------------------------------------------------------

    @property
    def definitions(self) -> tuple[dict[str, Any], ...]:
        """The durable-rules ruleset definitions, as sent to `create_ruleset`."""
        return tuple(rs.definition for rs in self._rulesets)

    def __repr__(self) -> str:
        n = sum(len(rs.rule_of) for rs in self._rulesets)
        return (
            f"<DurableEngine {len(self._checked.rules)} rules as {n} durable-rules rules "
            f"in {len(self._rulesets)} rulesets>"
        )
