from __future__ import annotations

import ast
from pathlib import Path

import socialpolicy


def test_all_matches_what_init_imports() -> None:
    tree = ast.parse(Path(socialpolicy.__file__).read_text("utf-8"))
    imported = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.startswith("socialpolicy")
        for alias in node.names
    }
    imported.add("__version__")
    assert set(socialpolicy.__all__) == imported
    assert sorted(socialpolicy.__all__) == list(socialpolicy.__all__)
    for name in socialpolicy.__all__:
        assert hasattr(socialpolicy, name), name


def test_error_hierarchy_has_one_root_and_stable_codes() -> None:
    errors = [
        getattr(socialpolicy, n)
        for n in socialpolicy.__all__
        if isinstance(getattr(socialpolicy, n), type)
        and issubclass(getattr(socialpolicy, n), Exception)
    ]
    codes = [e.code for e in errors]
    assert all(issubclass(e, socialpolicy.SocialPolicyError) for e in errors)
    assert len(codes) == len(set(codes))
    assert all(c.islower() and " " not in c for c in codes)


def test_py_typed_marker_ships() -> None:
    assert (Path(socialpolicy.__file__).parent / "py.typed").exists()
