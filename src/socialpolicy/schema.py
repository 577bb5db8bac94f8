"""JSON Schemas for the pack file formats and the decision, generated from the models.

`python -m socialpolicy.schema` rewrites `schemas/`; a test fails when they are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model

from socialpolicy.clauses import Clause
from socialpolicy.decisions import Decision
from socialpolicy.lexicons import Contact, Lexicon
from socialpolicy.packs import PackManifest
from socialpolicy.rules import Rule

BASE_URL = "https://socialpolicy.invalid/schemas/"


def _list_file(name: str, key: str, item: type[BaseModel]) -> type[BaseModel]:
    return create_model(  # type: ignore[call-overload,no-any-return]
        name,
        __config__=ConfigDict(extra="forbid"),
        **{key: (list[item], ...)},  # type: ignore[valid-type]
    )


class _RuleFile(BaseModel):
    """A rule module: `rules/<name>.yaml`."""

    model_config = ConfigDict(extra="forbid")
    rules: list[Rule]


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema."""
    models: dict[str, tuple[type[BaseModel], str]] = {
        "pack.schema.json": (
            PackManifest,
            "pack.yaml: what a pack is and whom it binds by default",
        ),
        "clauses.schema.json": (
            _list_file("ClauseFile", "clauses", Clause),
            "clauses.yaml: every clause of the source document",
        ),
        "rules.schema.json": (_RuleFile, "rules/*.yaml: versioned rules implementing clauses"),
        "lexicon.schema.json": (Lexicon, "lexicons/<id>.yaml: a word or phrase list"),
        "contacts.schema.json": (
            _list_file("ContactFile", "contacts", Contact),
            "contacts.yaml: the organisation's own public contacts",
        ),
        "decision.schema.json": (
            Decision,
            "A decision, as returned by evaluate and check --format json",
        ),
    }
    out: dict[str, dict[str, Any]] = {}
    for file, (model, title) in models.items():
        mode: Literal["validation", "serialization"] = (
            "serialization" if model is Decision else "validation"
        )
        schema = model.model_json_schema(mode=mode, by_alias=True)
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": BASE_URL + file,
            "description": title,
            **schema,
        }
        if model is _RuleFile:
            _drop_property(schema, "Rule", "citations")
        out[file] = schema
    return out


def _drop_property(schema: dict[str, Any], definition: str, prop: str) -> None:
    """Loader-filled fields are not for policy writers to write."""
    target = schema.get("$defs", {}).get(definition)
    if target:
        target.get("properties", {}).pop(prop, None)


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file, schema in schemas().items():
        path = directory / file
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "schemas"
    )
    for p in write(target):
        print(p)
