"""JSON Schemas for the pack file formats, the inputs and the decision, from the models.

`python -m socialpolicy.schema` rewrites `schemas/`; a test fails when they are stale. The
wheel ships them as `socialpolicy/schemas/`, so the relative `$schema` line at the top of each
pack file resolves in an installed pack (`socialpolicy/_packs/<pack>/...`) as it does in the
repository (`policies/<pack>/...`).
"""

from __future__ import annotations

import json
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, RootModel, create_model

from socialpolicy.clauses import Clause
from socialpolicy.decisions import Decision
from socialpolicy.inputs import Account, Post, Record
from socialpolicy.lexicons import Contact, Lexicon
from socialpolicy.monitor.watchlist import WatchList
from socialpolicy.packs import PackManifest
from socialpolicy.rules import Rule

BASE_URL = "https://socialpolicy.invalid/schemas/"
MODELINE = "# yaml-language-server: $schema="

# Which schema each file of a pack follows.
SCHEMA_FOR: dict[str, str] = {
    "pack.yaml": "pack.schema.json",
    "clauses.yaml": "clauses.schema.json",
    "contacts.yaml": "contacts.schema.json",
    "rules/*.yaml": "rules.schema.json",
    "lexicons/*.yaml": "lexicon.schema.json",
}


def schemas_dir() -> Path:
    """Where the JSON Schemas are: inside the installed package, or the repository's `schemas/`."""
    installed = Path(str(resources.files("socialpolicy"))) / "schemas"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "schemas"


def pack_yaml_files(pack_dir: Path) -> list[tuple[Path, str]]:
    """Each YAML file of a pack directory with the schema file it follows."""
    out: list[tuple[Path, str]] = []
    for pattern, schema in SCHEMA_FOR.items():
        out.extend((p, schema) for p in sorted(pack_dir.glob(pattern)) if p.is_file())
    return out


def schema_notes(pack_dir: Path) -> list[str]:
    """What stops an editor from finding a pack file's schema (a missing or dangling line)."""
    dangling: list[str] = []
    missing: list[str] = []
    for path, _schema in pack_yaml_files(pack_dir):
        try:
            with path.open(encoding="utf-8") as fh:
                first = fh.readline().strip()
        except (OSError, UnicodeDecodeError):
            continue  # the loader reports an unreadable file
        rel = path.relative_to(pack_dir).as_posix()
        if not first.startswith(MODELINE):
            missing.append(rel)
        elif not (path.parent / first.removeprefix(MODELINE)).is_file():
            dangling.append(rel)
    notes = []
    fix = f"`socialpolicy schemas --link {pack_dir}` points them at the installed schemas"
    if dangling:
        notes.append(
            f"{len(dangling)} file(s) have a $schema line whose path does not exist here "
            f"(e.g. {dangling[0]}), so editors cannot complete or check them: {fix}"
        )
    if missing:
        notes.append(f"{len(missing)} file(s) have no $schema line (e.g. {missing[0]}): {fix}")
    return notes


def link_pack(pack_dir: Path, where: Path | None = None) -> list[Path]:
    """Point the `$schema` line of each pack file at `where` (the installed schemas).

    Paths are relative to each file when they can be, so the pack can still be moved
    together with a copy of the schemas; a missing line is added. Returns the files changed.
    """
    target = (where or schemas_dir()).resolve()
    changed: list[Path] = []
    for path, schema in pack_yaml_files(pack_dir):
        try:
            ref = Path(os.path.relpath(target / schema, path.parent.resolve())).as_posix()
        except ValueError:  # another drive (Windows): only an absolute path can say it
            ref = (target / schema).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        line = MODELINE + ref
        if lines[0].startswith(MODELINE):
            if lines[0] == line:
                continue
            lines[0] = line
        else:
            lines.insert(0, line)
        path.write_text("\n".join(lines), encoding="utf-8")
        changed.append(path)
    return changed


class _InputRecord(RootModel[Record | Post]):
    """A record of `check`'s input: a post, or `{"post": ..., "account": ...}`."""


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
        "record.schema.json": (
            _InputRecord,
            "A record of check's input (one line of JSONL): a post, or {post, account}",
        ),
        "account.schema.json": (Account, "An account, as check --account reads it"),
        "watchlist.schema.json": (
            WatchList,
            "A watch list: the accounts socialpolicy monitor judges, and where from",
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
