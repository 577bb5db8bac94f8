"""YAML parsing that remembers the line of every key and item, for error locations.

Pack files are written by people and may come from anywhere, so parsing is bounded: only the
standard YAML tags are accepted (`!!python/...` is refused), and the node graph is measured
before anything is built. Aliases are limited in number, a recursive alias is refused, and
the size the document would have once every alias is expanded is limited, so a few hundred
bytes of nested aliases (an "alias bomb") are refused at once instead of filling memory.
Every problem is a `PackError` with the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from socialpolicy.errors import Location, PackSyntaxError, PackUnsafeError

Path_ = tuple[str | int, ...]

MAX_ALIASES = 1000
"""Alias uses one YAML file may hold (the built-in packs use none)."""
MAX_NODES = 200_000
"""Nodes one file may hold once every alias is expanded (the largest built-in file has ~3,000)."""
MAX_DEPTH = 100

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_STR = "tag:yaml.org,2002:str"
_COLLECTIONS = (yaml.MappingNode, yaml.SequenceNode)


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


class _QuickResolve(yaml.resolver.BaseResolver):
    """`resolve` without its list building and regex loop for a scalar that no implicit
    resolver can claim (its first character starts none of them: most text). The answer is
    the one `BaseResolver.resolve` gives, which handles every other case."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and value and not self.yaml_path_resolvers:
            table = self.yaml_implicit_resolvers
            if value[0] not in table and None not in table:
                return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


# libyaml's composer (when PyYAML was built with it) is ~10x faster and gives the same nodes
# and marks; the pure-Python one is the fallback.
_Composer: type = type("_Composer", (_QuickResolve, getattr(yaml, "CSafeLoader", _Loader)), {})


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
    except RecursionError:
        raise PackSyntaxError("YAML nested too deep", Location(file=file)) from None
    except (ValueError, TypeError, MemoryError) as exc:  # whatever else the parser raises
        raise PackSyntaxError(
            f"YAML cannot be read: {type(exc).__name__}: {exc}", Location(file=file)
        ) from None
    located = Located(data=None, file=file)
    if node is None:
        return located
    if "&" in text:
        measure(node, file)
    else:
        _measure_tree(node, file)
    # One constructor per document: it caches what it built, so it must not outlive the parse.
    try:
        located.data = _build(node, (), located.lines, file, _Loader(""))
    except yaml.MarkedYAMLError as exc:  # e.g. a mapping used as a key
        mark = exc.problem_mark or exc.context_mark
        raise PackSyntaxError(
            f"YAML error: {exc.problem or exc}",
            Location(file=file, line=mark.line + 1 if mark else None),
        ) from None
    return located


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _measure_tree(root: yaml.Node, file: str) -> None:
    """`measure` for a document without anchors (no `&` in its text, so no alias either).

    Such a node graph is a tree: its expanded size is its node count and no alias can recurse,
    so counting nodes and the depth is enough. Over a limit, `measure` walks it again to
    raise its usual error at its usual line.
    """
    nodes = 0
    deepest = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        nodes += 1
        if depth > deepest:
            deepest = depth
        value = node.value
        if isinstance(value, list):  # a collection (a scalar's value is a string)
            depth += 1
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in value:
                    push((key_node, depth))
                    push((value_node, depth))
            else:
                for item in value:
                    push((item, depth))
    if nodes > MAX_NODES or deepest > MAX_DEPTH:
        measure(root, file)


def measure(root: yaml.Node, file: str) -> int:
    """The node count of `root` with every alias expanded, computed without expanding.

    Raises `PackUnsafeError` (at the offending line) for a recursive alias, more than
    `MAX_ALIASES` alias uses, or an expanded size over `MAX_NODES`; `PackSyntaxError` for a
    collection nested over `MAX_DEPTH` deep. Iterative and linear in the distinct nodes.
    """
    size: dict[int, int] = {}
    on_path: set[int] = set()
    references = 0
    # (node, depth, children-done?)
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        line = node.start_mark.line + 1
        if done:
            on_path.discard(key)
            total = 1 + sum(size[id(c)] for c in _children(node))
            if total > MAX_NODES:
                raise PackUnsafeError(
                    f"YAML would expand to over {MAX_NODES} nodes through its aliases",
                    Location(file=file, line=line),
                )
            size[key] = total
            continue
        if key in size:
            continue
        if depth > MAX_DEPTH:
            raise PackSyntaxError(
                f"YAML nested over {MAX_DEPTH} levels deep", Location(file=file, line=line)
            )
        on_path.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            references += 1
            if id(child) in on_path:
                raise PackUnsafeError(
                    "YAML alias refers to a node that contains it (a recursive alias)",
                    Location(file=file, line=line),
                )
            if id(child) not in size:
                stack.append((child, depth + 1, False))
    aliases = references + 1 - len(size)
    if aliases > MAX_ALIASES:
        raise PackUnsafeError(
            f"YAML uses aliases {aliases} times (at most {MAX_ALIASES})", Location(file=file)
        )
    return size[id(root)]


def _build(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str, scalars: _Loader
) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, _COLLECTIONS) and node.tag not in (_MAP, _SEQ):
        raise PackUnsafeError(
            f"YAML tag {node.tag!r} is not allowed: a pack holds plain mappings, lists and scalars",
            Location(file=file, line=node.start_mark.line + 1, field=dotted(path) or None),
        )
    # Plain-string children (most of a pack: lexicon terms, texts) are taken inline, without
    # a call each: what `_build` would return for them is their value.
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            # A scalar key is its text (`construct_scalar`); any other key is refused there.
            key = (
                key_node.value
                if isinstance(key_node, yaml.ScalarNode)
                else scalars.construct_scalar(key_node)
            )
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise PackSyntaxError(
                    f"key {key!r} appears twice",
                    Location(
                        file=file, line=key_node.start_mark.line + 1, field=dotted(path + (key,))
                    ),
                )
            child = path + (key,)
            lines[child] = key_node.start_mark.line + 1  # a value's line is its key's
            if value_node.tag == _STR and type(value_node) is yaml.ScalarNode:
                out[key] = value_node.value
            else:
                out[key] = _build(value_node, child, lines, file, scalars)
        return out
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        for i, item in enumerate(node.value):
            if item.tag == _STR and type(item) is yaml.ScalarNode:
                lines.setdefault(path + (i,), item.start_mark.line + 1)
                items.append(item.value)
            else:
                items.append(_build(item, path + (i,), lines, file, scalars))
        return items
    if node.tag == _STR:
        # A plain string (most scalars): the safe constructor would return its value as is.
        return node.value
    # Other scalars: let the safe constructor resolve ints, bools, nulls and dates.
    try:
        return scalars.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        # `!!python/name:...` and other tags the safe loader does not know.
        raise PackUnsafeError(
            f"YAML tag {node.tag!r} is not allowed: {exc.problem or exc}", _where(node, path, file)
        ) from None
    except (ValueError, OverflowError) as exc:
        # An integer of thousands of digits, a date that does not exist.
        raise PackSyntaxError(
            f"YAML value {str(node.value)[:40]!r}: {exc}", _where(node, path, file)
        ) from None


def _where(node: yaml.Node, path: Path_, file: str) -> Location:
    return Location(file=file, line=node.start_mark.line + 1, field=dotted(path) or None)
