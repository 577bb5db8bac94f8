"""YAML parsing that remembers the line of every key and item, for error locations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from socialpolicy.errors import Location, PackSyntaxError

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Parsed YAML data and the line (1-based) of each path in it."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        p = tuple(path)
        while True:
            if p in self.lines:
                return self.lines[p]
            if not p:
                return None
            p = p[:-1]

    def location(self, path: Path_) -> Location:
        return Location(file=self.file, line=self.line_of(path), field=dotted(path) or None)


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Loader(yaml.SafeLoader):
    """The safe loader, used to construct scalars (ints, bools, nulls, dates) from nodes."""


# libyaml's composer (when PyYAML was built with it) is ~10x faster and gives the same nodes
# and marks; the pure-Python one is the fallback.
_Composer: type = getattr(yaml, "CSafeLoader", _Loader)


def parse(text: str, file: str) -> Located:
    """Parse one YAML document; syntax errors name the file and line."""
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PackSyntaxError(
            f"YAML syntax error: {exc.problem or exc}", Location(file=file, line=line)
        ) from None
    except yaml.YAMLError as exc:
        raise PackSyntaxError(f"YAML syntax error: {exc}", Location(file=file)) from None
    located = Located(data=None, file=file)
    if node is None:
        return located
    # One constructor per document: it caches what it built, so it must not outlive the parse.
    located.data = _build(node, (), located.lines, file, _Loader(""))
    return located


def _build(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str, scalars: _Loader
) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = scalars.construct_scalar(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise PackSyntaxError(
                    f"key {key!r} appears twice",
                    Location(
                        file=file, line=key_node.start_mark.line + 1, field=dotted(path + (key,))
                    ),
                )
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, path + (key,), lines, file, scalars)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, path + (i,), lines, file, scalars) for i, item in enumerate(node.value)
        ]
    # Scalars: let the safe constructor resolve ints, bools, nulls and dates.
    return scalars.construct_object(node, deep=True)
