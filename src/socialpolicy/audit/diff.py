"""Comparing two pack versions: documents by hash, clauses by content, rules by semantic version.

Each side is named the way DESIGN.md's `socialpolicy diff A B` takes it: a built-in pack
name or a pack directory, a pack digest kept in a decision log (`sha256:...`, a unique
prefix is enough), or either of those at a date (`toronto@2025-01-01`), meaning the pack
with only the rule versions in force on that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from socialpolicy.audit.log import DecisionLog
from socialpolicy.errors import Location, LogError, PackNotFoundError
from socialpolicy.loader import builtin_pack_names, load_pack
from socialpolicy.packs import PolicyPack, compute_digest, pack_content
from socialpolicy.rules import Rule

_DATED = re.compile(r"^(?P<base>.+)@(?P<day>\d{4}-\d{2}-\d{2})$")
_DIGEST = re.compile(r"^(sha256:)?[0-9a-f]{8,64}$")


@dataclass(frozen=True, slots=True)
class PackSide:
    """One side of a comparison: a loaded pack, what it was called, and the date if any."""

    label: str
    pack: PolicyPack
    on: date | None = None

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self.pack.rules_in_force(self.on) if self.on else self.pack.rules

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "id": self.pack.id,
            "version": self.pack.version,
            "digest": self.pack.digest,
            "as_of": self.on.isoformat() if self.on else None,
        }


def resolve_pack_spec(spec: str, log: DecisionLog | None = None) -> PackSide:
    """A pack named by directory, built-in name or logged digest, optionally `@YYYY-MM-DD`."""
    on: date | None = None
    base = spec
    m = _DATED.match(spec)
    if m and not Path(spec).exists():
        base = m.group("base")
        try:
            on = date.fromisoformat(m.group("day"))
        except ValueError:
            raise PackNotFoundError(
                f"{m.group('day')!r} is not a date like 2025-01-31", Location(field=spec)
            ) from None
    if _looks_like_digest(base):
        if log is None:
            raise LogError(
                f"{base!r} looks like a pack digest: give --log LOG to find it in a decision log",
                Location(field=spec),
            )
        from socialpolicy.audit.packstore import load_stored

        pack = load_stored(log, log.resolve_digest(base))
    else:
        pack = load_pack(base)
    return PackSide(label=spec, pack=pack, on=on)


def _looks_like_digest(text: str) -> bool:
    if text in builtin_pack_names() or Path(text).exists():
        return False
    return bool(_DIGEST.match(text))


def frozen_at(side: PackSide) -> PolicyPack:
    """The pack with only the rules in force on `side.on`, each made in force on every day.

    Replaying records under `toronto@2025-09-01` judges them by the rules as they stood
    then, whatever date each record was judged as of.
    """
    if side.on is None:
        return side.pack
    rules = tuple(
        r.model_copy(update={"effective_from": date.min, "effective_to": None}) for r in side.rules
    )
    draft = side.pack.model_copy(update={"rules": rules, "digest": ""})
    return draft.model_copy(update={"digest": compute_digest(pack_content(draft))})


# -- the comparison ---------------------------------------------------------------------------


@dataclass(slots=True)
class Section:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}


@dataclass(slots=True)
class PackDiff:
    a: PackSide
    b: PackSide
    pack: dict[str, list[Any]] = field(default_factory=dict)
    documents: Section = field(default_factory=Section)
    clauses: Section = field(default_factory=Section)
    rules: Section = field(default_factory=Section)
    lexicons: Section = field(default_factory=Section)
    contacts: Section = field(default_factory=Section)

    @property
    def identical(self) -> bool:
        return not self.pack and all(s.empty for s in self.sections().values())

    def sections(self) -> dict[str, Section]:
        return {
            "documents": self.documents,
            "clauses": self.clauses,
            "rules": self.rules,
            "lexicons": self.lexicons,
            "contacts": self.contacts,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "identical": self.identical,
            "pack": self.pack,
            **{k: s.to_dict() for k, s in self.sections().items()},
        }


def _dump(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", by_alias=True)
    return data


def _fields_changed(a: dict[str, Any], b: dict[str, Any], skip: tuple[str, ...] = ()) -> list[str]:
    return sorted(k for k in set(a) | set(b) if k not in skip and a.get(k) != b.get(k))


def diff_packs(a: PackSide, b: PackSide) -> PackDiff:
    """What changed from A to B."""
    out = PackDiff(a=a, b=b)
    for key in (
        "id",
        "title",
        "version",
        "issuer",
        "description",
        "assumed_account",
        "assumed_account_note",
    ):
        va, vb = getattr(a.pack, key), getattr(b.pack, key)
        va = _dump(va) if hasattr(va, "model_dump") else va
        vb = _dump(vb) if hasattr(vb, "model_dump") else vb
        if va != vb:
            out.pack[key] = [va, vb]

    docs_a = {d.id: d for d in a.pack.documents}
    docs_b = {d.id: d for d in b.pack.documents}
    for did in sorted(docs_b.keys() - docs_a.keys()):
        out.documents.added.append({"id": did, "sha256": docs_b[did].sha256})
    for did in sorted(docs_a.keys() - docs_b.keys()):
        out.documents.removed.append({"id": did, "sha256": docs_a[did].sha256})
    for did in sorted(docs_a.keys() & docs_b.keys()):
        da, db = docs_a[did], docs_b[did]
        fields = _fields_changed(_dump(da), _dump(db))
        if fields:
            out.documents.changed.append(
                {"id": did, "sha256": [da.sha256, db.sha256], "fields": fields}
            )

    cl_a = {c.id: c for c in a.pack.clauses}
    cl_b = {c.id: c for c in b.pack.clauses}
    for cid in sorted(cl_b.keys() - cl_a.keys()):
        out.clauses.added.append({"id": cid, "heading": cl_b[cid].heading})
    for cid in sorted(cl_a.keys() - cl_b.keys()):
        out.clauses.removed.append({"id": cid, "heading": cl_a[cid].heading})
    for cid in sorted(cl_a.keys() & cl_b.keys()):
        fields = _fields_changed(_dump(cl_a[cid]), _dump(cl_b[cid]))
        if fields:
            out.clauses.changed.append({"id": cid, "fields": fields})

    _diff_rules(a.rules, b.rules, out.rules)

    lx_a = {x.id: x for x in a.pack.lexicons}
    lx_b = {x.id: x for x in b.pack.lexicons}
    for lid in sorted(lx_b.keys() - lx_a.keys()):
        out.lexicons.added.append({"id": lid, "terms": len(lx_b[lid].terms)})
    for lid in sorted(lx_a.keys() - lx_b.keys()):
        out.lexicons.removed.append({"id": lid, "terms": len(lx_a[lid].terms)})
    for lid in sorted(lx_a.keys() & lx_b.keys()):
        la, lb = lx_a[lid], lx_b[lid]
        fields = _fields_changed(_dump(la), _dump(lb))
        if fields:
            out.lexicons.changed.append(
                {
                    "id": lid,
                    "fields": fields,
                    "terms_added": sorted(set(lb.terms) - set(la.terms)),
                    "terms_removed": sorted(set(la.terms) - set(lb.terms)),
                }
            )

    ct_a = {(c.kind.value, c.value): c for c in a.pack.contacts}
    ct_b = {(c.kind.value, c.value): c for c in b.pack.contacts}
    for ck in sorted(ct_b.keys() - ct_a.keys()):
        out.contacts.added.append({"kind": ck[0], "value": ck[1], "label": ct_b[ck].label})
    for ck in sorted(ct_a.keys() - ct_b.keys()):
        out.contacts.removed.append({"kind": ck[0], "value": ck[1], "label": ct_a[ck].label})
    for ck in sorted(ct_a.keys() & ct_b.keys()):
        fields = _fields_changed(_dump(ct_a[ck]), _dump(ct_b[ck]))
        if fields:
            out.contacts.changed.append({"kind": ck[0], "value": ck[1], "fields": fields})
    return out


def _diff_rules(rules_a: tuple[Rule, ...], rules_b: tuple[Rule, ...], out: Section) -> None:
    by_a: dict[str, dict[str, Rule]] = {}
    by_b: dict[str, dict[str, Rule]] = {}
    for r in rules_a:
        by_a.setdefault(r.id, {})[r.version] = r
    for r in rules_b:
        by_b.setdefault(r.id, {})[r.version] = r

    def latest(versions: dict[str, Rule]) -> Rule:
        return max(versions.values(), key=lambda r: r.version_key)

    for rid in sorted(by_b.keys() - by_a.keys()):
        rule = latest(by_b[rid])
        out.added.append(
            {
                "id": rid,
                "versions": _sorted_versions(by_b[rid]),
                "clause_ids": list(rule.clause_ids),
                "title": rule.title,
            }
        )
    for rid in sorted(by_a.keys() - by_b.keys()):
        rule = latest(by_a[rid])
        out.removed.append(
            {
                "id": rid,
                "versions": _sorted_versions(by_a[rid]),
                "clause_ids": list(rule.clause_ids),
                "title": rule.title,
            }
        )
    for rid in sorted(by_a.keys() & by_b.keys()):
        va, vb = by_a[rid], by_b[rid]
        ra, rb = latest(va), latest(vb)
        modified = []
        for ver in sorted(va.keys() & vb.keys(), key=lambda v: va[v].version_key):
            fields = _fields_changed(_dump(va[ver]), _dump(vb[ver]))
            if fields:
                # Closing a version (setting effective_to) is how history is kept; anything
                # else changed under the same version number deserves a warning.
                to = vb[ver].effective_to
                modified.append(
                    {
                        "version": ver,
                        "fields": fields,
                        "without_version_bump": fields != ["effective_to"],
                        "effective_to": to.isoformat() if to else None,
                    }
                )
        fields = _fields_changed(_dump(ra), _dump(rb), skip=("version",))
        if va.keys() == vb.keys() and not modified:
            continue
        out.changed.append(
            {
                "id": rid,
                "clause_ids": list(dict.fromkeys((*ra.clause_ids, *rb.clause_ids))),
                "from": ra.version,
                "to": rb.version,
                "versions_added": _sorted_versions({v: vb[v] for v in vb.keys() - va.keys()}),
                "versions_removed": _sorted_versions({v: va[v] for v in va.keys() - vb.keys()}),
                "versions_modified": modified,
                "fields": fields,
                "change": rb.change if rb.version != ra.version else None,
            }
        )


def _sorted_versions(versions: dict[str, Rule]) -> list[str]:
    return [r.version for r in sorted(versions.values(), key=lambda r: r.version_key)]


def format_diff(d: PackDiff) -> list[str]:
    """The comparison as text lines: `+` added, `-` removed, `~` changed."""

    def side(s: PackSide) -> str:
        return f"{s.label} ({s.pack.id} {s.pack.version}, {s.pack.digest[:19]})"

    lines = [f"--- {side(d.a)}", f"+++ {side(d.b)}"]
    if d.identical:
        lines.append("no differences")
        return lines
    for key, (va, vb) in d.pack.items():
        lines.append(
            f"~ pack {key}: {va!r} → {vb!r}"
            if key != "assumed_account"
            else "~ pack assumed_account changed"
        )
    for doc in d.documents.added:
        lines.append(f"+ document {doc['id']} sha256 {doc['sha256'][:16]}")
    for doc in d.documents.removed:
        lines.append(f"- document {doc['id']} sha256 {doc['sha256'][:16]}")
    for doc in d.documents.changed:
        a, b = doc["sha256"]
        what = f"sha256 {a[:16]} → {b[:16]}" if a != b else ", ".join(doc["fields"])
        lines.append(f"~ document {doc['id']} {what}")
    for c in d.clauses.added:
        lines.append(f"+ clause {c['id']}  {c['heading']}")
    for c in d.clauses.removed:
        lines.append(f"- clause {c['id']}  {c['heading']}")
    for c in d.clauses.changed:
        lines.append(f"~ clause {c['id']}  ({', '.join(c['fields'])})")
    for r in d.rules.added:
        lines.append(f"+ rule {r['id']} {', '.join(r['versions'])}  [{', '.join(r['clause_ids'])}]")
    for r in d.rules.removed:
        lines.append(f"- rule {r['id']} {', '.join(r['versions'])}  [{', '.join(r['clause_ids'])}]")
    for r in d.rules.changed:
        head = f"~ rule {r['id']} {r['from']} → {r['to']}  [{', '.join(r['clause_ids'])}]"
        if r["fields"]:
            head += f"  ({', '.join(r['fields'])})"
        lines.append(head)
        if r["versions_added"]:
            lines.append(f"    versions added: {', '.join(r['versions_added'])}")
        if r["versions_removed"]:
            lines.append(f"    versions removed: {', '.join(r['versions_removed'])}")
        for m in r["versions_modified"]:
            if not m["without_version_bump"]:
                lines.append(f"    {m['version']} closed: in force until {m['effective_to']}")
                continue
            lines.append(
                f"    {m['version']} edited in place: {', '.join(m['fields'])}"
                "  CHANGED WITHOUT A VERSION BUMP"
            )
        if r["change"]:
            lines.append(f"    change: {r['change'].strip()}")
    for lx in d.lexicons.added:
        lines.append(f"+ lexicon {lx['id']} ({lx['terms']} terms)")
    for lx in d.lexicons.removed:
        lines.append(f"- lexicon {lx['id']} ({lx['terms']} terms)")
    for lx in d.lexicons.changed:
        bits = [f"+{len(lx['terms_added'])} -{len(lx['terms_removed'])} terms"]
        if set(lx["fields"]) - {"terms"}:
            bits.append(", ".join(f for f in lx["fields"] if f != "terms"))
        lines.append(f"~ lexicon {lx['id']} ({'; '.join(bits)})")
    for ct in d.contacts.added:
        lines.append(f"+ contact {ct['kind']} {ct['value']}  {ct['label']}")
    for ct in d.contacts.removed:
        lines.append(f"- contact {ct['kind']} {ct['value']}  {ct['label']}")
    for ct in d.contacts.changed:
        lines.append(f"~ contact {ct['kind']} {ct['value']}  ({', '.join(ct['fields'])})")
    return lines
