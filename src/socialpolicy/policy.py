"""Policy: a loaded pack compiled for evaluation. The main entry point of the library."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Literal, NamedTuple

from pydantic import ValidationError

from socialpolicy.clauses import AccountKind, Clause
from socialpolicy.conditions import AllOf, AnyOf, Condition, FactTest, SignalTest, walk
from socialpolicy.decisions import (
    Decision,
    EngineRef,
    Finding,
    PackRef,
    account_json,
    digest_of,
    trusted_decision,
    verdict_of,
)
from socialpolicy.detectors import (
    DETECTORS,
    Detector,
    SignalValues,
    run_detectors,
    run_detectors_many,
    signal_catalogue,
)
from socialpolicy.detectors.account import AccountView, account_view
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.matching import LexiconMatcher
from socialpolicy.detectors.resources import PackResources
from socialpolicy.engine import Engine, build_engine
from socialpolicy.engine.reference import leaf_holds
from socialpolicy.errors import FieldProblem, InputValidationError, Location, closest
from socialpolicy.evidence import Evidence
from socialpolicy.facts import FACTS, account_facts, judged_facts
from socialpolicy.guard.deadline import armed, shielded
from socialpolicy.inputs import Account, Post, Record
from socialpolicy.loader import collector_paused, load_pack
from socialpolicy.packs import PolicyPack
from socialpolicy.rules import Rule, Scope

EngineChoice = Literal["auto", "durable", "reference"]
PostLike = Post | Mapping[str, Any]
AccountLike = Account | Mapping[str, Any]


# How many records `evaluate_many` judges together (`Policy._judge_many`): enough for each
# detector to run warm over several posts, few enough to keep memory and latency small.
BATCH = 32

# A placeholder post for account-only work (identity does not read the post).
_NO_POST = Post(id="-", text="", created_at=datetime(2000, 1, 1, tzinfo=UTC))


class _AccountPart(NamedTuple):
    """What a Policy derives from an account alone, once per account."""

    view: AccountView
    facts: dict[str, Any]  # the account.* and author.* facts
    json: bytes | None  # for the input digest; None when no account was given


def rule_key(rule: Rule) -> str:
    return f"{rule.id}@{rule.version}"


def applicability(rule: Rule) -> list[Condition]:
    """The applicability block and scope as condition leaves over author and account facts."""
    app = rule.applies_to
    out: list[Condition] = []
    if rule.scope is Scope.ACCOUNT:
        out.append(FactTest(fact="account.present", equals=True))
    if app.organisations:
        out.append(
            FactTest.model_validate(
                {"fact": "author.organisation", "in": [o.value for o in app.organisations]}
            )
        )
    if app.roles:
        out.append(
            FactTest.model_validate({"fact": "author.role", "in": [r.value for r in app.roles]})
        )
    kinds = set(app.account_kinds)
    if kinds == {AccountKind.OFFICIAL}:
        out.append(FactTest(fact="account.official", equals=True))
    elif kinds == {AccountKind.PERSONAL}:
        out.append(FactTest(fact="account.official", equals=False))
    if app.identifies_as_member is True:
        out.append(
            AnyOf(
                any=(
                    FactTest(fact="account.identifies_as_member", equals=True),
                    FactTest(fact="account.renamed", equals=True),
                )
            )
        )
    elif app.identifies_as_member is False:
        out.append(
            AllOf(
                all=(
                    FactTest(fact="account.identifies_as_member", equals=False),
                    FactTest(fact="account.renamed", equals=False),
                )
            )
        )
    return out


def full_condition(rule: Rule) -> Condition:
    return AllOf(all=(*applicability(rule), rule.when))


def judging_detectors(rules: Iterable[Rule]) -> tuple[Detector, ...]:
    """The detectors whose signals some rule reads, in `DETECTORS` order, and those whose
    signals are per pack (the lexicon counts, which the pack's resources gate themselves).

    The engine and the findings read only the signals a rule names, so judging runs these
    alone: a pack without the commission's rules never reads a post for them. The
    detectors share nothing but the context's caches of normalised text and matches, which
    any of them fills on first use.
    """
    reads = signals_read(rules)
    return tuple(d for d in DETECTORS if not d.signals or any(s.name in reads for s in d.signals))


def signals_read(rules: Iterable[Rule]) -> frozenset[str]:
    """Every signal some rule's condition (applicability included) tests."""
    return frozenset(
        leaf.signal
        for r in rules
        for leaf, _ in walk(full_condition(r))
        if isinstance(leaf, SignalTest)
    )


class Policy:
    """A pack ready to judge posts. Thread-safe; holds no state between evaluations."""

    def __init__(self, pack: PolicyPack, engine: EngineChoice = "auto") -> None:
        with collector_paused():  # compiling allocates much and frees little (see there)
            self._compile(pack, engine)

    def _compile(self, pack: PolicyPack, engine: EngineChoice) -> None:
        self.pack = pack
        self._engine_choice: EngineChoice = engine
        self._payload: bytes | None = None  # the pack's content, for pickling
        lexicon_ids = [lex.id for lex in pack.lexicons]
        self._catalogue = signal_catalogue(lexicon_ids)
        self._resources = PackResources(
            pack_id=pack.id,
            contacts=pack.contacts,
            matcher=LexiconMatcher(pack.lexicons),
            signal_lexicons=frozenset(
                leaf.signal.split(".", 1)[1]
                for r in pack.rules
                for leaf, _ in walk(r.when)
                if isinstance(leaf, SignalTest) and leaf.signal.startswith("lexicon.")
            ),
        )
        self._rules = {rule_key(r): r for r in pack.rules}
        self._judging = judging_detectors(pack.rules)
        self._reads = signals_read(pack.rules)
        self._engine: Engine = build_engine(
            [(k, full_condition(r)) for k, r in self._rules.items()],
            FACTS,
            self._catalogue,
            engine=engine,
        )
        # Accounts repeat across a batch: their identity, hits and facts are computed once each.
        self._account_view = functools.lru_cache(maxsize=4096)(self._compute_account_view)
        # The same Account object is usually judged many times in a row: skip hashing it.
        self._last: tuple[Account, bool, _AccountPart] | None = None
        # Only the leaves a finding can quote: negated leaves hold when something is absent.
        self._quotable = {
            k: tuple(leaf for leaf, negated in walk(r.when) if not negated)
            for k, r in self._rules.items()
        }
        self._first_in_force = min((r.effective_from for r in pack.rules), default=None)
        self._pack_ref = PackRef(id=pack.id, version=pack.version, digest=pack.digest)
        self._engine_ref = EngineRef(name=self._engine.name, version=self._engine.version)

    # -- the pack, for callers -------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.pack.id

    @property
    def version(self) -> str:
        return self.pack.version

    @property
    def digest(self) -> str:
        return self.pack.digest

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return self.pack.clauses

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self.pack.rules

    @property
    def matcher(self) -> LexiconMatcher:
        """The pack's compiled lexicon matcher (all lexicons, one automaton)."""
        return self._resources.matcher

    @property
    def engine_name(self) -> str:
        return self._engine.name

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles as the pack's content; each process compiles it once (`socialpolicy.scale`)."""
        from socialpolicy.scale.shipping import pack_payload, reduce_policy

        if self._payload is None:
            self._payload = pack_payload(self.pack)
        return reduce_policy(self, self._engine_choice, self._payload)

    def __repr__(self) -> str:
        return f"<Policy {self.pack.id} {self.pack.version} {self.pack.digest[:19]} ({self.engine_name})>"

    # -- judging ---------------------------------------------------------------------------
    def evaluate(
        self, post: PostLike, account: AccountLike | None = None, as_of: date | None = None
    ) -> Decision:
        """Judge one post (and the account that posted it, if known)."""
        post_m = coerce_post(post)
        account_m = coerce_account(account) if account is not None else None
        return self._judge(post_m, account_m, as_of)

    def evaluate_many(
        self,
        items: Iterable[PostLike | Record],
        account: AccountLike | None = None,
        as_of: date | None = None,
        *,
        workers: int = 1,
    ) -> Iterator[Decision]:
        """Judge a stream of posts or `{"post", "account"}` records, in order.

        A record's own account wins over `account`. A bad record raises
        `InputValidationError` naming its position; see `socialpolicy.batch` for a
        reader that reports bad records and goes on. `workers=N` (N > 1) judges in N
        processes (`socialpolicy.scale.judge_outcomes`: order kept, a bounded number of
        records in flight); `workers=0` uses one per CPU. In one process it reads `BATCH`
        (32) records ahead and judges them together (`_judge_many`): the same decisions,
        faster; to judge a live stream record by record, call `evaluate` on each.
        """
        default = coerce_account(account) if account is not None else None
        if workers != 1:
            from socialpolicy.scale.pool import judge_outcomes

            for _, outcome in judge_outcomes(
                self, enumerate(items, start=1), account=default, as_of=as_of, workers=workers
            ):
                if isinstance(outcome, Decision):
                    yield outcome
                else:
                    raise outcome
            return
        # Judged BATCH records at a time, detector by detector (`_judge_many`): a record's
        # decision comes once its batch is read, and a bad record after the good ones of
        # its batch are yielded.
        batch: list[tuple[Post, Account | None]] = []
        records = enumerate(items, start=1)
        while True:
            try:
                got = next(records, None)
                if got is None:
                    break
                post_m, acc_m = coerce_record(got[1], record=str(got[0]))
            except Exception:
                # A bad record, or an error of the stream itself (a reader's): after the
                # decisions of the records before it, as when each was judged on arrival.
                yield from self._judged(batch, as_of)
                raise
            batch.append((post_m, acc_m or default))
            if len(batch) == BATCH:
                yield from self._judged(batch, as_of)
                batch = []
        yield from self._judged(batch, as_of)

    def _compute_account_view(self, author: Account, given: bool) -> _AccountPart:
        view = account_view(
            Context(post=_NO_POST, author=author, account_given=given, resources=self._resources)
        )
        ident = view.identity
        return _AccountPart(
            view,
            account_facts(author, given, ident.identifies, ident.renamed),
            account_json(author) if given else None,
        )

    def _account_part(self, author: Account, given: bool) -> _AccountPart:
        last = self._last  # one read: another thread may replace it meanwhile
        if last is not None and last[0] is author and last[1] is given:
            return last[2]
        part = self._account_view(author, given)
        self._last = (author, given, part)
        return part

    def signals_for(
        self, post: PostLike, account: AccountLike | None = None
    ) -> tuple[dict[str, Any], SignalValues]:
        """The facts and every detector's signals (what the engine judges, and the signals no
        rule of the pack reads)."""
        post = coerce_post(post)
        account = coerce_account(account) if account is not None else None
        return self._signals(post, account, DETECTORS, None)

    def _signals(
        self,
        post: Post,
        account: Account | None,
        detectors: Sequence[Detector],
        reads: frozenset[str] | None,
    ) -> tuple[dict[str, Any], SignalValues]:
        ctx, facts = self._context(post, account, reads)
        return facts, run_detectors(ctx, self._catalogue, detectors)

    def _context(
        self, post: Post, account: Account | None, reads: frozenset[str] | None
    ) -> tuple[Context, dict[str, Any]]:
        """A fresh detector context for one post, and its facts."""
        author = account if account is not None else self.pack.assumed_account
        given = account is not None
        part = self._account_part(author, given)
        ctx = Context(
            post=post,
            author=author,
            account_given=given,
            resources=self._resources,
            view=part.view,
            reads=reads,
        )
        return ctx, judged_facts(post, part.facts)

    def _judge(self, post: Post, account: Account | None, as_of: date | None) -> Decision:
        # Only the detectors and signals some rule reads: the others cannot change a
        # decision (`judging_detectors`, `Context.reads`).
        # (Through `_signals`, which benchmarks/judging_ab.py replaces to time the rest.)
        facts, signals = self._signals(post, account, self._judging, self._reads)
        return self._decide(post, account, as_of, facts, signals)

    def _judge_many(
        self, items: Sequence[tuple[Post, Account | None]], as_of: date | None
    ) -> list[Decision]:
        """`_judge` of each (post, account), the detectors run one after the other over all
        of them (`run_detectors_many`): the same decisions, less cache-cold work per post."""
        if len(items) <= 1:
            return [self._judge(post, account, as_of) for post, account in items]
        prepared = [self._context(post, account, self._reads) for post, account in items]
        signals = run_detectors_many([ctx for ctx, _ in prepared], self._catalogue, self._judging)
        return [
            self._decide(post, account, as_of, facts, sig)
            for (post, account), (_, facts), sig in zip(items, prepared, signals, strict=True)
        ]

    def _judged(
        self, items: Sequence[tuple[Post, Account | None]], as_of: date | None
    ) -> Iterator[Decision]:
        """`_judge_many`, for `evaluate_many`: when a detector fails, the posts are judged
        again one by one, so that the error comes at its own post after the decisions
        before it (as when every record was judged alone)."""
        try:
            decisions = self._judge_many(items, as_of)
        except Exception:
            for post, account in items:
                yield self._judge(post, account, as_of)
            return
        yield from decisions

    def _decide(
        self,
        post: Post,
        account: Account | None,
        as_of: date | None,
        facts: dict[str, Any],
        signals: SignalValues,
    ) -> Decision:
        """The engine's judgement of one post's facts and signals, as a Decision."""
        on = as_of or post.created_at.date()
        # Not cut by a record's time budget: an engine stopped half-way is unusable. (With no
        # budget running there is nothing to hold off: skip the context manager's cost.)
        if armed():
            with shielded():
                fired = self._engine.fired(facts, signals.values, trusted=True)
        else:
            fired = self._engine.fired(facts, signals.values, trusted=True)
        found: tuple[Finding, ...] = ()
        if fired:  # most posts fire no rule: no list, sort or tuple to build
            findings = []
            for key in sorted(fired):
                rule = self._rules[key]
                if rule.in_force(on):
                    findings.append(
                        self._finding(
                            rule, self._quotable[key], facts, signals.values, signals.evidence
                        )
                    )
            findings.sort(key=lambda f: (-f.level.rank, f.rule_id))
            found = tuple(findings)
        notes: tuple[str, ...] = ()
        if self._first_in_force is None or on < self._first_in_force:
            notes = (
                f"no rule version of pack {self.pack.id} is in force on {on} "
                f"(the first takes effect on {self._first_in_force}): nothing was checked",
            )
        digest = digest_of(
            post, self._account_part(account, True).json if account is not None else None
        )
        # Every value is typed already (the Post was validated, the findings and refs are
        # models): validating them again changes nothing, so build the Decision directly. An
        # `as_of` of a date subclass from a caller goes through validation as before.
        build = trusted_decision if type(on) is date else Decision
        return build(
            post_id=post.id,
            verdict=verdict_of(found),
            findings=found,
            pack=self._pack_ref,
            engine=self._engine_ref,
            as_of=on,
            input_digest=digest,
            account_assumed=account is None,
            notes=notes,
        )

    def _finding(
        self,
        rule: Rule,
        quotable: tuple[SignalTest | FactTest, ...],
        facts: Mapping[str, Any],
        values: Mapping[str, Any],
        evidence: Mapping[str, list[Evidence]],
    ) -> Finding:
        seen: list[Evidence] = []
        for leaf in quotable:
            if not leaf_holds(leaf, facts, values):
                continue
            if isinstance(leaf, SignalTest):
                items = evidence.get(leaf.signal, [])
            else:
                items = [
                    Evidence(detector="facts", field=leaf.fact, text=_show(facts.get(leaf.fact)))
                ]
            for ev in items:
                if ev not in seen:
                    seen.append(ev)
        return Finding(
            level=rule.level,
            rule_id=rule.id,
            rule_version=rule.version,
            clause_ids=rule.clause_ids,
            citations=rule.citations,
            evidence=tuple(seen),
            message=rule.message,
            remediation=rule.remediation,
            determinacy=rule.determinacy,
        )


def _show(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _problem(err: Mapping[str, Any], prefix: str) -> FieldProblem:
    """One pydantic error as a field path (`post.media[0].kind`) and a plain message."""
    field = prefix + ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in err["loc"])
    field = field.replace(".[", "[").rstrip(".")
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        hint = closest(str(err["loc"][-1]), _input_field_names()) if err["loc"] else None
        msg = "unknown field" + (f" ({hint})" if hint else "")
    elif err["type"] == "missing":
        msg = "missing required field"
    elif isinstance(err.get("input"), str | int | float | bool):
        shown = repr(err["input"])
        msg += f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
    return FieldProblem(field or None, msg)


@functools.cache
def _input_field_names() -> frozenset[str]:
    from socialpolicy import inputs

    return frozenset(
        name
        for model in (
            inputs.Post,
            inputs.Account,
            inputs.Media,
            inputs.Person,
            inputs.Owner,
            inputs.ReplyTarget,
            inputs.GeoPoint,
        )
        for name in model.model_fields
    )


def _validation_error(
    exc: ValidationError, what: str, record: str | None, prefix: str = ""
) -> InputValidationError:
    problems = [_problem(err, prefix) for err in exc.errors()]
    first = problems[0]
    message = (
        f"{what}: {first.message}" if len(problems) == 1 else f"{what}: {len(problems)} problems"
    )
    return InputValidationError(
        message, Location(field=first.field, record=record), problems=problems
    )


def coerce_post(post: PostLike, record: str | None = None) -> Post:
    if isinstance(post, Post):
        return post
    if not isinstance(post, Mapping):
        raise InputValidationError(
            f"a post must be an object, not {type(post).__name__}", Location(record=record)
        )
    try:
        return Post.model_validate(post)
    except ValidationError as exc:
        raise _validation_error(exc, "invalid post", record, "post.") from None


def coerce_account(account: AccountLike, record: str | None = None) -> Account:
    if isinstance(account, Account):
        return account
    if not isinstance(account, Mapping):
        raise InputValidationError(
            f"an account must be an object, not {type(account).__name__}", Location(record=record)
        )
    try:
        return Account.model_validate(account)
    except ValidationError as exc:
        raise _validation_error(exc, "invalid account", record, "account.") from None


def coerce_record(
    item: PostLike | Record, record: str | None = None
) -> tuple[Post, Account | None]:
    """A Post, a Record, or a dict that is either a post or `{"post": ..., "account": ...}`."""
    if isinstance(item, Record):
        return item.post, item.account
    if isinstance(item, Mapping) and "post" in item and "text" not in item:
        extra = sorted(set(item) - {"post", "account"})
        if extra:
            raise InputValidationError("unknown field", Location(field=extra[0], record=record))
        acc = item.get("account")
        return (
            coerce_post(item["post"], record),
            coerce_account(acc, record) if acc is not None else None,
        )
    return coerce_post(item, record), None


def load_policy(name_or_path: str | os.PathLike[str], engine: EngineChoice = "auto") -> Policy:
    """Load a built-in pack by name (`"toronto"`, `"edmonton"`) or a pack directory."""
    with collector_paused():  # one pause over both steps
        return Policy(load_pack(name_or_path), engine=engine)
