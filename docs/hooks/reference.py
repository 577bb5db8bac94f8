"""mkdocs hook: pages written from the code when the site is built, so they cannot drift.

- `cli.md`: the command-line reference, from the `socialpolicy` command itself;
- on any page, `<!-- fields: Post -->` becomes a table of the input model's fields, from the
  models' own descriptions (the same text editors show from the JSON Schemas).
"""

from __future__ import annotations

import re
import sys
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"<!-- fields: (\w+) -->")


def _src() -> None:
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))


def _type_name(annotation: Any) -> str:
    """A field's type as a reader says it: `text`, `true, false or null`, `list of Media`."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    nullable = type(None) in typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        inner = _type_name(args[0])
        return inner if inner.endswith("or null") else f"{inner} or null"
    if origin is tuple:
        return f"list of {_type_name(args[0])}"
    if annotation is bool:
        return "true or false"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " \\| ".join(f"`{m.value}`" for m in annotation)
    names = {str: "text", int: "integer", float: "number"}
    if annotation in names:
        return names[annotation]
    if getattr(annotation, "__name__", "") == "datetime":
        return "ISO 8601 date-time"
    name = getattr(annotation, "__name__", str(annotation))
    return f"[{name}](#{name.lower()})" + (" or null" if nullable else "")


def fields_table(model_name: str) -> str:
    _src()
    from pydantic_core import PydanticUndefined

    from socialpolicy import inputs

    model = getattr(inputs, model_name)
    rows = ["| field | type | required / default | meaning |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        if info.is_required():
            need = "**required**"
        elif info.default is None or info.default is PydanticUndefined:
            need = "optional"
        elif isinstance(info.default, Enum):
            need = f"default `{info.default.value}`"
        elif info.default == ():
            need = "default `[]`"
        else:
            need = f"default `{str(info.default).lower()}`"
        meaning = (info.description or "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{name}` | {_type_name(info.annotation)} | {need} | {meaning} |")
    return "\n".join(rows)


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    _src()
    from socialpolicy.cli_reference import markdown

    files.append(File.generated(config, "cli.md", content=markdown()))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return MARKER.sub(lambda m: fields_table(m.group(1)), markdown)
