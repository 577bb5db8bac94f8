"""Pack commands for policy writers: failed examples located, edited sources diffed, schemas found."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import yaml
from typer.testing import CliRunner

from socialpolicy.cli import app
from socialpolicy.examples import locate_examples
from socialpolicy.schema import MODELINE, pack_yaml_files, schema_notes, schemas_dir

runner = CliRunner()
PackCopy = Callable[[str], Path]


def _break_an_example(pack: Path) -> tuple[str, str, int, str]:
    """Make the first `text:` fires-example of a rule quiet; return (file, rule, line, field)."""
    for path in sorted((pack / "rules").glob("*.yaml")):
        lines = path.read_text("utf-8").splitlines(keepends=True)
        data = yaml.safe_load("".join(lines))
        for i, rule in enumerate(data["rules"]):
            for j, ex in enumerate(rule.get("examples", {}).get("fires", [])):
                if "text" not in ex or len(ex) != 1:
                    continue
                # Edit the text in place, so every other line keeps its number.
                for n, line in enumerate(lines):
                    if line.lstrip().startswith("- text:") and ex["text"][:20] in line:
                        indent = line[: len(line) - len(line.lstrip())]
                        lines[n] = f"{indent}- text: Thank you all for coming tonight.\n"
                        path.write_text("".join(lines), "utf-8")
                        rel = path.relative_to(pack.parent).as_posix()
                        field = f"rules[{i}].examples.fires[{j}]"
                        return rel, f"{rule['id']}@{rule['version']} fires[{j}]", n + 1, field
    raise AssertionError("no one-line text example to break")


def test_a_failed_example_names_its_file_line_and_field(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    rel, name, line, field = _break_an_example(pack)
    res = runner.invoke(app, ["verify", str(pack)])
    assert res.exit_code == 1
    assert f"[example_failed] {rel}:{line}, field {field}: {name}: expected the rule to fire" in (
        res.stderr
    )
    data = json.loads(runner.invoke(app, ["verify", str(pack), "--format", "json"]).stdout)
    problem = next(p for p in data["problems"] if p["code"] == "example_failed")
    assert problem["location"] == {
        "file": rel,
        "line": line,
        "column": None,
        "field": field,
        "record": None,
    }
    rule_id = name.split("@")[0]
    res = runner.invoke(app, ["test", str(pack), "--rule", rule_id])
    assert (
        res.exit_code == 1 and f"FAILED {name}" in res.stdout and f"at {rel}:{line}" in res.stdout
    )
    data = json.loads(
        runner.invoke(app, ["test", str(pack), "--rule", rule_id, "--format", "json"]).stdout
    )
    failed = [r for r in data["results"] if not r["ok"]]
    assert failed and failed[0]["location"]["line"] == line


def test_every_example_of_the_shipped_packs_is_located() -> None:
    from socialpolicy.loader import load_pack, resolve_pack_dir

    for name in ("toronto", "edmonton"):
        where = locate_examples(resolve_pack_dir(name))
        pack = load_pack(name)
        for rule in pack.rules:
            for kind, examples in (
                ("fires", rule.examples.fires),
                ("passes", rule.examples.passes),
            ):
                for j in range(len(examples)):
                    loc = where[(rule.id, rule.version, kind, j)]
                    assert loc.file and loc.line and loc.field
        for lex in pack.lexicons:
            for j in range(len(lex.examples_match)):
                assert (f"lexicon:{lex.id}", "-", "matches", j) in where


def test_verify_names_each_quote_an_edit_broke_with_a_diff(pack_copy: PackCopy) -> None:
    pack = pack_copy("toronto")
    source = pack / "source" / "social-engagement-guidelines.txt"
    text = source.read_text("utf-8")
    source.write_text(text.replace("respectful and patient", "respectful and patent"), "utf-8")
    res = runner.invoke(app, ["verify", str(pack)])
    assert res.exit_code == 1
    assert "the shipped text was changed" in res.stderr
    assert "clause tps.treat-others" in res.stderr
    assert "quote → text now: Always be respectful and [-patient-]{+patent+} with others." in (
        res.stderr
    )
    data = json.loads(runner.invoke(app, ["verify", str(pack), "--format", "json"]).stdout)
    diffs = [p for p in data["problems"] if p.get("diff")]
    assert [p["location"]["field"] for p in diffs] == ["clauses[9].citations[0].quote"]


def test_schemas_are_found_and_a_copied_pack_can_point_at_them(
    pack_copy: PackCopy, tmp_path: Path
) -> None:
    res = runner.invoke(app, ["schemas", "--format", "json"])
    data = json.loads(res.stdout)
    assert Path(data["directory"]) == schemas_dir()
    assert all(Path(p).is_file() for p in data["schemas"].values())
    assert {"rules.schema.json", "record.schema.json", "account.schema.json"} <= set(
        data["schemas"]
    )
    # A pack copied elsewhere: its relative $schema lines point nowhere, and verify says so.
    pack = pack_copy("edmonton")
    assert schema_notes(pack)
    res = runner.invoke(app, ["verify", str(pack)])
    assert "note:" in res.stderr and "schemas --link" in res.stderr
    # --link rewrites every line to the installed schemas; then every one resolves.
    (pack / "contacts.yaml").write_text(
        "\n".join((pack / "contacts.yaml").read_text("utf-8").splitlines()[1:]) + "\n", "utf-8"
    )  # one file without a line at all
    res = runner.invoke(app, ["schemas", "--link", str(pack)])
    assert res.exit_code == 0, res.output
    for path, schema in pack_yaml_files(pack):
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith(MODELINE) and first.endswith("/" + schema), path
        assert (path.parent / first.removeprefix(MODELINE)).resolve() == (
            schemas_dir() / schema
        ).resolve()
    assert schema_notes(pack) == []
    assert runner.invoke(app, ["verify", str(pack)]).exit_code == 0
    # The shipped packs need no such note.
    from socialpolicy.loader import resolve_pack_dir

    assert schema_notes(resolve_pack_dir("toronto")) == []
