"""Replay: judge logged records again and compare the decisions.

Without another pack, each record is judged by the pack the log kept under its digest,
with the engine named in the decision when it is available, as of the same date; the new
decision JSON must equal the logged one. With another pack, the records are judged by it
and the changes are listed record by record and clause by clause.

Records whose input was masked cannot be judged again: they are counted and listed as
not replayable, never counted as identical.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from socialpolicy.audit.log import DecisionLog, LogRecord
from socialpolicy.audit.packstore import load_stored
from socialpolicy.errors import EngineError, Location, LogError, SocialPolicyError
from socialpolicy.packs import PolicyPack, canonical_json
from socialpolicy.policy import EngineChoice, Policy, coerce_account, coerce_post


def engine_choice(name: str) -> EngineChoice:
    """The `engine=` argument that produces decisions naming engine `name`."""
    return "durable" if "durable" in name.lower() else "reference"


def finding_key(f: dict[str, Any]) -> str:
    return f"{f.get('rule_id')}@{f.get('rule_version')}"


@dataclass(slots=True)
class RecordChange:
    """How one record's decision differs."""

    seq: int
    post_id: str
    verdict: tuple[str, str]
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)  # other decision fields that differ
    clauses: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "post_id": self.post_id,
            "verdict": {"old": self.verdict[0], "new": self.verdict[1]},
            "findings_added": self.added,
            "findings_removed": self.removed,
            "findings_changed": self.changed,
            "fields": self.fields,
            "clauses": self.clauses,
        }


@dataclass(slots=True)
class ReplayResult:
    mode: str  # "logged": each record's own pack; "policy": another pack
    policy: dict[str, Any] | None = None
    records: int = 0
    replayed: int = 0
    identical: int = 0
    changes: list[RecordChange] = field(default_factory=list)
    not_replayable: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    engine_substituted: int = 0
    # With another pack: how many records each *other* pack id judged in the log.
    other_packs: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.changes and not self.errors

    def warnings(self) -> list[str]:
        """What makes the differences mean something else than a change of rules."""
        if not self.other_packs or self.policy is None:
            return []
        judged = ", ".join(f"{n} by {pid}" for pid, n in sorted(self.other_packs.items()))
        return [
            f"{sum(self.other_packs.values())} record(s) were judged by another pack "
            f"({judged}), not {self.policy['id']}: their differences compare two "
            "different policies, not two versions of one"
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "mode": self.mode,
            "policy": self.policy,
            "records": self.records,
            "replayed": self.replayed,
            "identical": self.identical,
            "differ": len(self.changes),
            "not_replayable": len(self.not_replayable),
            "errors": len(self.errors),
            "engine_substituted": self.engine_substituted,
            "other_packs": dict(sorted(self.other_packs.items())),
            "warnings": self.warnings(),
            "changes": [c.to_dict() for c in self.changes],
            "not_replayable_records": self.not_replayable,
            "error_records": self.errors,
        }


class _Policies:
    """Policies built once per (pack digest, engine), from the log's stored packs."""

    def __init__(self, log: DecisionLog, override: PolicyPack | None) -> None:
        self.log = log
        self.override = override
        self._packs: dict[str, PolicyPack] = {}
        self._cache: dict[tuple[str, EngineChoice], Policy] = {}

    def get(self, digest: str, engine_name: str, files: str | None = None) -> tuple[Policy, bool]:
        """The policy and whether the logged engine had to be substituted.

        `files` is the stored-files digest the record names: the stored pack must hold
        exactly those files before it is loaded.
        """
        pack = self.override
        if pack is None:
            pack = self._packs.get(digest)
            if pack is None:
                pack = self._packs[digest] = load_stored(self.log, digest, files)
        choice = engine_choice(engine_name)
        key = (pack.digest, choice)
        pol = self._cache.get(key)
        if pol is None:
            try:
                pol = Policy(pack, engine=choice)
            except EngineError:
                pol = Policy(pack, engine="reference")
            self._cache[key] = pol
        return pol, pol.engine_name != engine_name


def replay(
    log: DecisionLog, policy: PolicyPack | None = None, seqs: Iterable[int] | None = None
) -> ReplayResult:
    """Judge the log's records again (all, or those in `seqs`) and compare."""
    res = ReplayResult(mode="policy" if policy is not None else "logged")
    if policy is not None:
        res.policy = {"id": policy.id, "version": policy.version, "digest": policy.digest}
    policies = _Policies(log, policy)
    wanted = set(seqs) if seqs is not None else None
    for rec in log.records(min(wanted) if wanted else 1):
        if wanted is not None and rec.seq not in wanted:
            if rec.seq > max(wanted):
                break
            continue
        res.records += 1
        post_id = str(rec.decision.get("post_id", ""))
        logged_pack = str((rec.decision.get("pack") or {}).get("id", ""))
        if policy is not None and logged_pack and logged_pack != policy.id:
            res.other_packs[logged_pack] = res.other_packs.get(logged_pack, 0) + 1
        if not rec.replayable:
            reason = (
                f"input erased {rec.erasure.erased_at if rec.erasure else ''}".rstrip()
                if rec.erased
                else "input masked: " + ", ".join(rec.masked_fields)
            )
            res.not_replayable.append({"seq": rec.seq, "post_id": post_id, "reason": reason})
            continue
        try:
            new, substituted = _judge(rec, policies)
        except (SocialPolicyError, KeyError, ValueError, TypeError) as exc:
            message = exc.message if isinstance(exc, SocialPolicyError) else repr(exc)
            res.errors.append({"seq": rec.seq, "post_id": post_id, "error": message})
            continue
        res.replayed += 1
        old = rec.decision
        if substituted:
            res.engine_substituted += 1
            new["engine"] = old.get("engine")  # reported as a count, not as a difference
        if policy is not None:
            new["pack"] = old.get("pack")  # another pack was asked for: its id is no news
        if canonical_json(new) == canonical_json(old):
            res.identical += 1
        else:
            res.changes.append(compare(rec.seq, old, new))
    return res


def _judge(rec: LogRecord, policies: _Policies) -> tuple[dict[str, Any], bool]:
    inp = rec.input
    if inp is None:
        raise LogError("the input was erased", Location(record=str(rec.seq)))
    engine = rec.decision.get("engine") or {}
    pol, substituted = policies.get(rec.pack_digest, str(engine.get("name", "")), rec.pack_files)
    post = coerce_post(inp["post"], record=str(rec.seq))
    acc_data = inp.get("account")
    account = coerce_account(acc_data, record=str(rec.seq)) if acc_data is not None else None
    as_of = date.fromisoformat(str(rec.decision["as_of"]))
    decision = pol.evaluate(post, account=account, as_of=as_of)
    new: dict[str, Any] = json.loads(decision.model_dump_json())
    return new, substituted


def compare(seq: int, old: dict[str, Any], new: dict[str, Any]) -> RecordChange:
    """Record-by-record and clause-by-clause differences between two decisions (JSON)."""
    change = RecordChange(
        seq=seq,
        post_id=str(old.get("post_id", new.get("post_id", ""))),
        verdict=(str(old.get("verdict")), str(new.get("verdict"))),
    )
    old_f = {finding_key(f): f for f in old.get("findings", ())}
    new_f = {finding_key(f): f for f in new.get("findings", ())}
    for key in sorted(new_f.keys() - old_f.keys()):
        change.added.append(_brief(new_f[key]))
    for key in sorted(old_f.keys() - new_f.keys()):
        change.removed.append(_brief(old_f[key]))
    for key in sorted(old_f.keys() & new_f.keys()):
        a, b = old_f[key], new_f[key]
        if canonical_json(a) != canonical_json(b):
            fields = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            change.changed.append({**_brief(b), "fields": fields})
    change.fields = sorted(
        k
        for k in set(old) | set(new)
        if k not in ("findings", "verdict") and old.get(k) != new.get(k)
    )
    for kind, items in (
        ("added", change.added),
        ("removed", change.removed),
        ("changed", change.changed),
    ):
        for f in items:
            for cid in f["clause_ids"]:
                change.clauses.setdefault(cid, {}).setdefault(kind, []).append(f["rule"])
    change.clauses = dict(sorted(change.clauses.items()))
    return change


def _brief(f: dict[str, Any]) -> dict[str, Any]:
    return {
        "rule": finding_key(f),
        "rule_id": f.get("rule_id"),
        "rule_version": f.get("rule_version"),
        "level": f.get("level"),
        "clause_ids": list(f.get("clause_ids", ())),
    }


def format_replay(res: ReplayResult) -> list[str]:
    """The result as text lines."""
    lines: list[str] = []
    for c in res.changes:
        v_old, v_new = c.verdict
        verdict = f"{v_old} → {v_new}" if v_old != v_new else f"{v_old} (unchanged)"
        lines.append(f"record {c.seq} (post {c.post_id}): verdict {verdict}")
        for cid, kinds in c.clauses.items():
            for kind, sign in (("added", "+"), ("removed", "-"), ("changed", "~")):
                for rule in kinds.get(kind, ()):
                    lines.append(f"  {cid}: {sign} {rule}")
        if c.fields:
            lines.append(f"  other fields differ: {', '.join(c.fields)}")
    for e in res.errors:
        lines.append(
            f"record {e['seq']} (post {e['post_id']}): could not be judged again: {e['error']}"
        )
    for n in res.not_replayable:
        lines.append(f"record {n['seq']} (post {n['post_id']}): not replayable ({n['reason']})")
    target = (
        f"under {res.policy['id']} {res.policy['version']} {res.policy['digest'][:19]}"
        if res.policy
        else "under the packs they were judged by"
    )
    summary = (
        f"{res.records} record(s) replayed {target}: {res.identical} identical, "
        f"{len(res.changes)} differ, {len(res.not_replayable)} not replayable "
        f"(inputs masked or erased), {len(res.errors)} error(s)"
    )
    if res.other_packs:
        summary += f"; {sum(res.other_packs.values())} were judged by another pack (see warning)"
    if res.engine_substituted:
        summary += (
            f"; {res.engine_substituted} judged by a substitute engine "
            "(the logged one is not installed)"
        )
    lines.append(summary)
    return lines
