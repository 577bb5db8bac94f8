"""Hostile YAML in a pack file: every kind is a PackError with its file and line, at once."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy._yaml import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_NODES,
    _Composer,
    _measure_tree,
    measure,
    parse,
)
from socialpolicy.errors import PackError, PackSyntaxError, PackUnsafeError

# 342 bytes that would expand to 9**9 (387 million) strings.
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("text", "kind", "line", "words"),
    [
        ("x: !!python/name:os.system\n", PackUnsafeError, 1, "not allowed"),
        ("ok: 1\nx: !!python/object/apply:os.system [ls]\n", PackUnsafeError, 2, "not allowed"),
        ("x: !!python/object:collections.OrderedDict {}\n", PackUnsafeError, 1, "not allowed"),
        ("x: !custom 1\n", PackUnsafeError, 1, "not allowed"),
        ("a: &x [1, *x]\n", PackUnsafeError, 1, "recursive alias"),
        ("a: &x\n  b: *x\n", PackUnsafeError, 1, "recursive alias"),
        (BOMB, PackUnsafeError, None, "expand"),
        ("n: " + "1" * 5000 + "\n", PackSyntaxError, 1, "digits"),
        ("d: 2025-02-30\n", PackSyntaxError, 1, "out of range"),
        ("? [a]\n: 1\n", PackSyntaxError, 1, "scalar"),
        ("- " * 150 + "x\n", PackSyntaxError, 1, "deep"),
        ("[" * 5000 + "]" * 5000 + "\n", PackSyntaxError, 1, "depth"),
        ("a: *nowhere\n", PackSyntaxError, 1, "alias"),
    ],
)
def test_hostile_yaml_is_a_located_pack_error(
    text: str, kind: type[PackError], line: int | None, words: str
) -> None:
    start = time.process_time()
    with pytest.raises(kind) as caught:
        parse(text, "rules/x.yaml")
    assert time.process_time() - start < 2
    err = caught.value
    assert err.location.file == "rules/x.yaml"
    if line is not None:
        assert err.location.line == line
    assert words in str(err)


def test_the_bomb_is_refused_before_it_grows() -> None:
    assert len(BOMB.encode()) < 430
    with pytest.raises(PackUnsafeError) as caught:
        parse(BOMB, "f.yaml")
    assert str(MAX_NODES) in caught.value.message


def test_too_many_aliases() -> None:
    text = "a: [" + ", ".join(f"&x{i} 1, *x{i}" for i in range(MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(PackUnsafeError, match="aliases"):
        parse(text, "f.yaml")


def test_a_few_honest_aliases_still_work() -> None:
    got = parse("base: &b {level: review}\nrule: {inherits: *b}\nlist: [*b, *b]\n", "f.yaml")
    assert got.data["rule"]["inherits"] == {"level": "review"}
    assert got.line_of(("list",)) == 3 and got.line_of(("list", 1)) == 1  # the anchor's line


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_or_is_a_pack_error(text: str) -> None:
    try:
        parse(text, "f.yaml")
    except PackError as exc:
        assert exc.location.file == "f.yaml"


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.integers() | st.text(max_size=5), lambda c: st.lists(c, max_size=4)))
def test_measure_counts_every_node_of_a_tree(value: object) -> None:
    import yaml

    node = yaml.compose(yaml.safe_dump(value))
    assert node is not None

    def count(v: object) -> int:
        return 1 + sum(count(x) for x in v) if isinstance(v, list) else 1

    assert measure(node, "f.yaml") == count(value)


# -- the quick paths: a document without anchors, plain strings, the quick resolver ----------


def _outcome(check: object, node: object) -> tuple[str, str, int | None] | None:
    """What a guard does with a node graph: nothing, or its error (type, message, line)."""
    assert callable(check)
    try:
        check(node, "f.yaml")
    except PackError as exc:
        return type(exc).__name__, exc.message, exc.location.line
    return None


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=MAX_DEPTH + 3) | st.integers(min_value=1, max_value=30),
    st.lists(st.sampled_from(["x", "[]", "{a: 1}", "{b: [c, d]}"]), max_size=4),
)
def test_an_anchor_free_tree_is_refused_exactly_as_measure_refuses_it(
    depth: int, leaves: list[str]
) -> None:
    import yaml

    text = "[" * depth + ", ".join(leaves) + "]" * depth + "\n"
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    assert "&" not in text and node is not None
    assert _outcome(_measure_tree, node) == _outcome(measure, node)
    extra = {"x": 0, "[]": 0, "{a: 1}": 1, "{b: [c, d]}": 2}  # levels below a leaf
    deepest = depth + max((extra[leaf] for leaf in leaves), default=-1)  # the root is at 0
    assert (_outcome(_measure_tree, node) is not None) == (deepest > MAX_DEPTH)


def test_an_anchor_free_document_over_the_node_limit_is_refused() -> None:
    text = (
        "a:\n  - ["
        + ", ".join(["x"] * (MAX_NODES // 2 + 1))
        + "]\n  - ["
        + (", ".join(["y"] * (MAX_NODES // 2 + 1)))
        + "]\n"
    )
    assert "&" not in text
    with pytest.raises(PackUnsafeError, match="expand to over") as caught:
        parse(text, "f.yaml")
    assert caught.value.location.line == 2  # the list holding both halves, as `measure` says


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet="aAnNoOtTyYfF01.+-~:'\" _#!&*eE9xz", max_size=8), min_size=1, max_size=6
    )
)
def test_the_quick_resolver_tags_every_scalar_as_pyyaml_does(words: list[str]) -> None:
    import yaml

    text = "\n".join(f"k{i}: {w}" for i, w in enumerate(words)) + "\n"
    try:
        stock = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    ours = yaml.compose(text, Loader=_Composer)
    assert ours is not None and stock is not None
    assert [(k.tag, v.tag) for k, v in ours.value] == [(k.tag, v.tag) for k, v in stock.value]


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
def test_every_pack_file_parses_as_the_stock_safe_loader_reads_it(pack: str) -> None:
    import yaml

    from socialpolicy.loader import builtin_packs_dir

    files = sorted((builtin_packs_dir() / pack).rglob("*.yaml"))
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8")
        got = parse(text, path.name)
        assert got.data == yaml.load(text, Loader=yaml.CSafeLoader), path
        assert got.lines == _reference_lines(text), path


def _reference_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The line table as `_build` made it before its quick paths: every node records its
    line (first one wins), and every mapping key the line of the key."""
    import yaml

    lines: dict[tuple[str | int, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                lines[(*path, key_node.value)] = key_node.start_mark.line + 1
                walk(value_node, (*path, key_node.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    if root is not None:
        walk(root, ())
    return lines
