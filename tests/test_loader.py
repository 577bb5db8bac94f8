from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from socialpolicy import PackNotFoundError, PackProblems, load_pack
from socialpolicy.errors import CitationError, PackError

TORONTO_IDS = {
    "tps.intro",
    "tps.who-you-represent",
    "tps.accounts-represent-us",
    "tps.official-response",
    "tps.internet-is-forever",
    "tps.core-values",
    "tps.questions-ask",
    "tps.always-the-police",
    "tps.privacy",
    "tps.treat-others",
    "tps.public-space",
}
EDMONTON_IDS = {
    "epc.purpose",
    "epc.application",
    "epc.definitions",
    "epc.1",
    "epc.2",
    "epc.3",
    "epc.3a",
    "epc.3b",
    "epc.3c",
    "epc.3d",
    "epc.3e",
    "epc.3f",
    "epc.4",
    "epc.note",
    "epc.monitoring",
    "epc.guidance",
    "epc.references",
}
PackCopy = Callable[[str], Path]


def problems(path: Path) -> list[PackError]:
    with pytest.raises(PackProblems) as info:
        load_pack(path)
    return list(info.value.problems)


def only(path: Path) -> PackError:
    found = problems(path)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize(("name", "ids"), [("toronto", TORONTO_IDS), ("edmonton", EDMONTON_IDS)])
def test_every_catalogue_clause_is_modelled_and_cited(name: str, ids: set[str]) -> None:
    pack = load_pack(name)
    assert {c.id for c in pack.clauses} == ids
    for clause in pack.clauses:
        doc = pack.document(clause.citations[0].document_id)
        assert clause.text in doc.text
        for cit in clause.citations:
            assert doc.text[cit.span.start : cit.span.end] == cit.quote
    for rule in pack.rules:
        assert rule.citations, rule.id
        for cit in rule.citations:
            assert pack.document(cit.document_id).text[cit.span.start : cit.span.end] == cit.quote


def test_edmonton_blank_dates_are_unknown_not_invented() -> None:
    doc = load_pack("edmonton").documents[0]
    labels = {d.label: d for d in doc.metadata.dates}
    assert set(labels) == {"Effective", "Revised", "Repealed"}
    assert all(not d.known and d.value is None for d in labels.values())


def test_multi_duty_clause_cites_each_duty() -> None:
    privacy = load_pack("toronto").clause("tps.privacy")
    assert len(privacy.citations) == 4
    assert len(privacy.duties) == 4


def test_unknown_pack_suggests_a_name() -> None:
    with pytest.raises(PackNotFoundError) as info:
        load_pack("toronot")
    assert info.value.code == "pack_not_found"
    assert "toronto" in str(info.value)


def test_yaml_syntax_error_names_file_and_line(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    rules = pack / "rules" / "privacy.yaml"
    edit(
        rules,
        "    title: Personal information of others in a post\n",
        "    title: [Personal information of others in a post\n",
    )
    line = (
        rules.read_text("utf-8")
        .splitlines()
        .index("    title: [Personal information of others in a post")
        + 1
    )
    err = only(pack)
    assert err.code == "pack_syntax_error"
    assert err.location.file and err.location.file.endswith("privacy.yaml")
    assert err.location.line is not None and line <= err.location.line <= line + 2


def test_unknown_field_names_line_field_and_suggestion(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    rules = pack / "rules" / "privacy.yaml"
    edit(
        rules,
        "    determinacy: deterministic\n",
        "    determinacy: deterministic\n    remedation: oops\n",
    )
    err = only(pack)
    assert err.code == "pack_schema_error"
    assert "unknown field 'remedation'" in err.message
    assert err.suggestion and "remediation" in err.suggestion
    assert err.location.field == "rules[0].remedation"
    line = rules.read_text("utf-8").splitlines().index("    remedation: oops") + 1
    assert err.location.line == line


def test_wrong_type_names_field(pack_copy: PackCopy) -> None:
    pack = pack_copy("edmonton")
    edit(pack / "rules" / "accounts.yaml", "level: violation", "level: catastrophic")
    err = only(pack)
    assert err.code == "pack_schema_error"
    assert err.location.field == "rules[0].level"
    assert err.location.line is not None


def test_bad_condition_inside_nested_union_is_located(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    edit(
        pack / "rules" / "privacy.yaml",
        "        - not: {signal: media.people_without_consent}",
        "        - not: {signal: media.people_without_consent, at_least: -1}",
    )
    err = only(pack)
    assert err.location.field is not None and err.location.field.startswith("rules[2].when")
    assert err.location.line is not None


def test_duplicate_rule_version(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    text = (pack / "rules" / "privacy.yaml").read_text("utf-8")
    body = text.split("rules:\n", 1)[1]
    (pack / "rules" / "copy.yaml").write_text("rules:\n" + body, "utf-8")
    found = problems(pack)
    assert found and all(p.code in ("pack_reference_error", "pack_version_error") for p in found)
    assert any(
        "duplicate rule tps.privacy.personal-information version 1.1.0" in p.message for p in found
    )


def test_duplicate_clause_id(pack_copy: PackCopy) -> None:
    pack = pack_copy("edmonton")
    edit(pack / "clauses.yaml", "- id: epc.3b", "- id: epc.3a")
    found = problems(pack)
    assert any("duplicate clause id 'epc.3a'" in p.message for p in found)


def test_rule_citing_unknown_clause(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    edit(
        pack / "rules" / "privacy.yaml",
        "      - clause: tps.privacy\n",
        "      - clause: tps.privcy\n",
    )
    err = only(pack)
    assert err.code == "pack_reference_error"
    assert "unknown clause 'tps.privcy'" in err.message
    assert err.suggestion and "tps.privacy" in err.suggestion
    assert err.location.field == "rules[0].implements[0].clause"


def test_rule_quote_not_in_clause(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    edit(
        pack / "rules" / "privacy.yaml",
        'quote: "information protected by law"',
        'quote: "information protected by the law"',
    )
    err = only(pack)
    assert err.code == "citation_error"
    assert "nearest text" in err.message


def test_effective_to_before_effective_from(pack_copy: PackCopy) -> None:
    pack = pack_copy("edmonton")
    edit(
        pack / "rules" / "accounts.yaml",
        "    effective_from: 2015-01-01\n",
        "    effective_from: 2015-01-01\n    effective_to: 2014-12-31\n",
    )
    err = only(pack)
    assert "before effective_from" in err.message
    assert err.location.field == "rules[0]"
    assert err.location.line is not None


def test_two_versions_in_force_on_the_same_day(pack_copy: PackCopy) -> None:
    pack = pack_copy("edmonton")
    text = (pack / "rules" / "accounts.yaml").read_text("utf-8")
    first = text.split("  - id: epc.2.official-approval-unknown")[0].split("rules:\n", 1)[1]
    newer = first.replace('version: "1.0.0"', 'version: "1.1.0"').replace(
        "effective_from: 2015-01-01", "effective_from: 2025-01-01"
    )
    (pack / "rules" / "newer.yaml").write_text("rules:\n" + newer, "utf-8")
    err = only(pack)
    assert err.code == "pack_version_error"
    assert "both in force on 2025-01-01" in err.message
    assert "effective_to: 2024-12-31" in err.message


def test_unknown_signal_suggests_the_right_one(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    edit(
        pack / "rules" / "privacy.yaml",
        "signal: personal_data.private",
        "signal: personal_data.privte",
    )
    err = only(pack)
    assert "unknown signal 'personal_data.privte'" in err.message
    assert err.suggestion and "personal_data.private" in err.suggestion


def test_fact_value_that_can_never_match(pack_copy: PackCopy) -> None:
    pack = pack_copy("edmonton")
    edit(
        pack / "rules" / "accounts.yaml",
        "      fact: account.approved\n      equals: false",
        "      fact: account.approved\n      equals: 'no'",
    )
    err = only(pack)
    assert "can never match" in err.message


def test_source_text_edited_under_a_quote_fails_naming_the_clause(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    source = pack / "source" / "social-engagement-guidelines.txt"
    edit(source, "Always be respectful and patient", "Always be respectful and patent")
    # With the recorded hash left alone, the hash check catches it, and every quote the edit
    # broke is named too, with a word diff, so the writer knows what to re-cite.
    hash_error, *quotes = problems(pack)
    assert hash_error.code == "citation_error" and "sha256" in hash_error.message
    assert hash_error.location.field == "documents[0].sha256"
    broken = [q for q in quotes if isinstance(q, CitationError) and q.diff]
    assert len(broken) == 1 and "clause tps.treat-others" in broken[0].message
    assert broken[0].location.field == "clauses[9].citations[0].quote"
    assert broken[0].diff == "Always be respectful and [-patient-]{+patent+} with others."
    assert "[-patient-]{+patent+}" in str(broken[0])
    assert broken[0].to_dict()["found"] == "Always be respectful and patent with others."
    # The quotes after the edit did not change, they moved by one character: named, no diff.
    moved = [q for q in quotes if q not in broken]
    assert moved and all("the quote occurs at" in q.message for q in moved)
    # With the hash updated too, every citation under the edit is named.
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    manifest = pack / "pack.yaml"
    edit(manifest, "f82daa8be90632f3541144a2d51477851ac5a1bfaf68e5b23069c661c3086dd4", digest)
    found = problems(pack)
    assert any(
        "clause tps.treat-others" in p.message
        and "Always be respectful and patient" in p.message
        and "nearest text" in p.message
        for p in found
    )
    assert all(p.code == "citation_error" for p in found)


def test_every_problem_reported_at_once(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    edit(pack / "rules" / "privacy.yaml", "signal: personal_data.private", "signal: nope.nope")
    edit(pack / "clauses.yaml", "modality: must_not", "modality: mustnt")
    assert len(problems(pack)) == 2


def test_missing_pack_yaml(tmp_path: Path) -> None:
    with pytest.raises(PackNotFoundError):
        load_pack(tmp_path)


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_found_it(enabled: bool, tmp_path: Path) -> None:
    import gc

    from socialpolicy.loader import collector_paused

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with collector_paused():
            assert not gc.isenabled()
            with collector_paused():  # nested: the inner end does not restart it
                pass
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        (tmp_path / "pack.yaml").write_text("id: [\n", encoding="utf-8")
        with pytest.raises(PackProblems):  # a failed load too
            load_pack(tmp_path)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("name", ["toronto", "edmonton"])
def test_the_pack_is_built_as_validation_would_build_it(name: str) -> None:
    from socialpolicy.packs import PolicyPack

    # The loader assembles the pack with `model_construct`, which runs no check of
    # PolicyPack's own: a validator added there must make the loader validate again.
    checks = PolicyPack.__pydantic_decorators__
    assert not (checks.model_validators or checks.field_validators or checks.validators)
    pack = load_pack(name)  # assembled from parts validated once (`model_construct`)
    again = PolicyPack.model_validate({k: getattr(pack, k) for k in PolicyPack.model_fields})
    assert again == pack and again.digest == pack.digest
    assert all(isinstance(getattr(pack, k), tuple) for k in ("documents", "rules", "lexicons"))
