"""`diff A B`: clauses and rules added, removed and changed; rules by version, documents by hash."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialpolicy.audit.diff import diff_packs, format_diff, frozen_at, resolve_pack_spec
from socialpolicy.audit.log import DecisionLog
from socialpolicy.audit.packstore import store_pack
from socialpolicy.errors import LogError, PackError
from socialpolicy.loader import load_pack

Revision = Any  # conftest.Revision: base, revised, rule, old, new, start


def test_the_same_pack_has_no_differences() -> None:
    d = diff_packs(resolve_pack_spec("toronto"), resolve_pack_spec("toronto"))
    assert d.identical
    assert format_diff(d)[-1] == "no differences"


def test_a_revised_rule_shows_as_a_new_version_with_history_kept(revision: Revision) -> None:
    d = diff_packs(resolve_pack_spec(str(revision.base)), resolve_pack_spec(str(revision.revised)))
    assert not d.identical
    assert d.documents.empty and d.clauses.empty and d.lexicons.empty
    assert not d.rules.added and not d.rules.removed
    (change,) = d.rules.changed
    assert change["id"] == revision.rule
    assert (change["from"], change["to"]) == (revision.old, revision.new)
    assert change["versions_added"] == [revision.new]
    # The old version was only closed (effective_to set): history, not an edit in place.
    assert change["versions_modified"] == [
        {
            "version": revision.old,
            "fields": ["effective_to"],
            "without_version_bump": False,
            "effective_to": "2025-01-31",
        }
    ]
    assert {"level", "message", "change", "effective_from"} <= set(change["fields"])
    assert change["change"] == "Lowered to review pending a person's check."
    assert "tps.privacy" in change["clause_ids"]
    text = "\n".join(format_diff(d))
    assert f"~ rule {revision.rule} {revision.old} → {revision.new}" in text
    assert f"{revision.old} closed: in force until 2025-01-31" in text


def test_one_pack_at_two_dates(revision: Revision) -> None:
    before = resolve_pack_spec(f"{revision.revised}@2024-06-01")
    after = resolve_pack_spec(f"{revision.revised}@2025-09-01")
    assert before.on is not None and str(before.on) == "2024-06-01"
    assert [r.version for r in before.rules if r.id == revision.rule] == [revision.old]
    assert [r.version for r in after.rules if r.id == revision.rule] == [revision.new]
    d = diff_packs(before, after)
    (change,) = d.rules.changed
    assert (change["from"], change["to"]) == (revision.old, revision.new)
    assert change["versions_added"] == [revision.new]
    assert change["versions_removed"] == [revision.old]
    assert d.to_dict()["a"]["as_of"] == "2024-06-01"
    # Both dates before the revision: nothing changed between them.
    assert diff_packs(
        resolve_pack_spec(f"{revision.revised}@2024-06-01"),
        resolve_pack_spec(f"{revision.revised}@2025-01-31"),
    ).identical


def _edit_rules(pack: Path, edit: Callable[[list[dict[str, Any]]], None]) -> None:
    path = pack / "rules" / "privacy.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data["rules"])
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_a_rule_not_yet_in_force_is_added_on_the_later_date(revision: Revision) -> None:
    pack = revision.base

    def add(rules: list[dict[str, Any]]) -> None:
        rules.append(
            {
                **rules[0],
                "id": "tps.privacy.new-check",
                "version": "1.0.0",
                "effective_from": "2025-06-01",
            }
        )

    _edit_rules(pack, add)
    d = diff_packs(resolve_pack_spec(f"{pack}@2025-01-01"), resolve_pack_spec(f"{pack}@2025-07-01"))
    assert [r["id"] for r in d.rules.added] == ["tps.privacy.new-check"]
    d = diff_packs(resolve_pack_spec(f"{pack}@2025-07-01"), resolve_pack_spec(f"{pack}@2025-01-01"))
    assert [r["id"] for r in d.rules.removed] == ["tps.privacy.new-check"]


def test_an_edit_without_a_version_bump_is_flagged(
    revision: Revision, pack_copy: Callable[[str], Path]
) -> None:
    edited = pack_copy("toronto")
    import shutil

    shutil.rmtree(edited)
    shutil.copytree(revision.base, edited)

    def edit(rules: list[dict[str, Any]]) -> None:
        next(r for r in rules if r["id"] == revision.rule)["message"] = "Edited silently."

    _edit_rules(edited, edit)
    d = diff_packs(resolve_pack_spec(str(revision.base)), resolve_pack_spec(str(edited)))
    (change,) = d.rules.changed
    assert change["versions_modified"] == [
        {
            "version": revision.old,
            "fields": ["message"],
            "without_version_bump": True,
            "effective_to": None,
        }
    ]
    assert "CHANGED WITHOUT A VERSION BUMP" in "\n".join(format_diff(d))


def test_documents_by_hash_and_clauses_by_content(pack_copy: Callable[[str], Path]) -> None:
    pack = pack_copy("toronto")
    manifest = yaml.safe_load((pack / "pack.yaml").read_text(encoding="utf-8"))
    doc = pack / manifest["documents"][0]["file"]
    doc.write_bytes(doc.read_bytes() + b"\nAppendix added by a later revision.\n")
    manifest["documents"][0]["sha256"] = hashlib.sha256(doc.read_bytes()).hexdigest()
    old_version = manifest["version"]
    manifest["version"] = "9.9.9"
    (pack / "pack.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    clauses = yaml.safe_load((pack / "clauses.yaml").read_text(encoding="utf-8"))
    clauses["clauses"][0]["heading"] = clauses["clauses"][0]["heading"] + " (revised)"
    (pack / "clauses.yaml").write_text(yaml.safe_dump(clauses, sort_keys=False), encoding="utf-8")
    d = diff_packs(resolve_pack_spec("toronto"), resolve_pack_spec(str(pack)))
    (docd,) = d.documents.changed
    old, new = docd["sha256"]
    assert old != new and new == manifest["documents"][0]["sha256"]
    assert d.clauses.changed == [{"id": clauses["clauses"][0]["id"], "fields": ["heading"]}]
    assert d.pack["version"] == [old_version, "9.9.9"]
    assert d.rules.empty


def test_two_different_packs() -> None:
    d = diff_packs(resolve_pack_spec("toronto"), resolve_pack_spec("edmonton"))
    assert {c["id"] for c in d.clauses.added} >= {"epc.3a", "epc.monitoring"}
    assert {c["id"] for c in d.clauses.removed} >= {"tps.privacy"}
    assert d.documents.added and d.documents.removed


def test_a_logged_digest_needs_the_log(sqlite_log: DecisionLog, revision: Revision) -> None:
    pack = load_pack(revision.revised)
    store_pack(sqlite_log, revision.revised, pack.digest)
    with pytest.raises(LogError, match="--log"):
        resolve_pack_spec(pack.digest)
    side = resolve_pack_spec(pack.digest[:20], sqlite_log)  # a unique prefix is enough
    assert side.pack.digest == pack.digest
    dated = resolve_pack_spec(pack.digest + "@2024-06-01", sqlite_log)
    assert [r.version for r in dated.rules if r.id == revision.rule] == [revision.old]
    d = diff_packs(resolve_pack_spec(str(revision.base)), side)
    assert [c["id"] for c in d.rules.changed] == [revision.rule]
    with pytest.raises(LogError, match="no pack"):
        resolve_pack_spec("sha256:00000000", sqlite_log)


def test_bad_specs() -> None:
    with pytest.raises(PackError):
        resolve_pack_spec("no-such-pack")
    with pytest.raises(PackError, match="not a date"):
        resolve_pack_spec("toronto@2025-13-45")


def test_frozen_at_keeps_only_the_rules_of_that_day(revision: Revision) -> None:
    side = resolve_pack_spec(f"{revision.revised}@2024-06-01")
    pack = frozen_at(side)
    versions = [r for r in pack.rules if r.id == revision.rule]
    assert [r.version for r in versions] == [revision.old]
    assert versions[0].effective_to is None
    assert pack.digest != side.pack.digest
