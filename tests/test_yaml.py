"""Hostile YAML in a pack file: every kind is a PackError with its file and line, at once."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy._yaml import MAX_ALIASES, MAX_NODES, measure, parse
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
