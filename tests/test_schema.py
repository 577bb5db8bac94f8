from __future__ import annotations

import json

import pytest

from _paths import POLICIES, REPO
from socialpolicy.schema import render, schemas


@pytest.mark.parametrize("file", sorted(schemas()))
def test_committed_schema_is_current(file: str) -> None:
    committed = REPO / "schemas" / file
    assert committed.exists(), f"schemas/{file} missing: run `python -m socialpolicy.schema`"
    assert committed.read_text("utf-8") == render(schemas()[file]), (
        f"schemas/{file} is stale: run `python -m socialpolicy.schema`"
    )


def test_every_pack_yaml_points_at_its_schema() -> None:
    expected = {
        "pack.yaml": "../../schemas/pack.schema.json",
        "clauses.yaml": "../../schemas/clauses.schema.json",
        "contacts.yaml": "../../schemas/contacts.schema.json",
    }
    for pack in ("toronto", "edmonton"):
        for name, target in expected.items():
            first = (POLICIES / pack / name).read_text("utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema={target}"
        for sub, target in (("rules", "rules"), ("lexicons", "lexicon")):
            for path in (POLICIES / pack / sub).glob("*.yaml"):
                first = path.read_text("utf-8").splitlines()[0]
                assert (
                    first
                    == f"# yaml-language-server: $schema=../../../schemas/{target}.schema.json"
                ), path


def test_rule_schema_validates_shipped_rule_files() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((REPO / "schemas" / "rules.schema.json").read_text("utf-8"))
    for pack in ("toronto", "edmonton"):
        for path in (POLICIES / pack / "rules").glob("*.yaml"):
            data = yaml.safe_load(path.read_text("utf-8"))
            jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)
