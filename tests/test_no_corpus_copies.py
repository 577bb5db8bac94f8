"""Labelled cases are for measuring: no text of them is copied into code, packs or docs.

Covers the development corpora (`../shared/corpus/dev.jsonl`, `dev2.jsonl`) and the project's own
blind-written cases (`tests/data/blind/`, `blind2/` to `blind10/`): a detector or lexicon that quotes
a case it is measured on makes that case's figure say nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from _paths import REPO, SHARED

CORPORA = {
    "dev": SHARED / "corpus" / "dev.jsonl",
    "dev2": SHARED / "corpus" / "dev2.jsonl",
    "blind-toronto": REPO / "tests" / "data" / "blind" / "toronto.jsonl",
    "blind-edmonton": REPO / "tests" / "data" / "blind" / "edmonton.jsonl",
    "blind2-toronto": REPO / "tests" / "data" / "blind2" / "toronto.jsonl",
    "blind2-edmonton": REPO / "tests" / "data" / "blind2" / "edmonton.jsonl",
    "blind3-toronto": REPO / "tests" / "data" / "blind3" / "toronto.jsonl",
    "blind3-edmonton": REPO / "tests" / "data" / "blind3" / "edmonton.jsonl",
    "blind4-toronto": REPO / "tests" / "data" / "blind4" / "toronto.jsonl",
    "blind4-edmonton": REPO / "tests" / "data" / "blind4" / "edmonton.jsonl",
    "blind5-toronto": REPO / "tests" / "data" / "blind5" / "toronto.jsonl",
    "blind5-edmonton": REPO / "tests" / "data" / "blind5" / "edmonton.jsonl",
    "blind6-toronto": REPO / "tests" / "data" / "blind6" / "toronto.jsonl",
    "blind6-edmonton": REPO / "tests" / "data" / "blind6" / "edmonton.jsonl",
    "blind7-toronto": REPO / "tests" / "data" / "blind7" / "toronto.jsonl",
    "blind7-edmonton": REPO / "tests" / "data" / "blind7" / "edmonton.jsonl",
    "blind8-toronto": REPO / "tests" / "data" / "blind8" / "toronto.jsonl",
    "blind8-edmonton": REPO / "tests" / "data" / "blind8" / "edmonton.jsonl",
    "blind9-toronto": REPO / "tests" / "data" / "blind9" / "toronto.jsonl",
    "blind9-edmonton": REPO / "tests" / "data" / "blind9" / "edmonton.jsonl",
    "blind10-toronto": REPO / "tests" / "data" / "blind10" / "toronto.jsonl",
    "blind10-edmonton": REPO / "tests" / "data" / "blind10" / "edmonton.jsonl",
}
RUN = 6  # words in a row that make a copy


def _words(text: str) -> list[str]:
    return re.sub(r"\s+", " ", text.lower()).split()


def _runs(text: str) -> set[str]:
    w = _words(text)
    return {" ".join(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _repo_texts() -> Iterator[tuple[Path, str]]:
    for pattern in ("policies/*/rules/*.yaml", "policies/*/lexicons/*.yaml"):
        for path in sorted(REPO.glob(pattern)):
            for s in _strings(yaml.safe_load(path.read_text("utf-8"))):
                yield path, s
    for pattern in (
        "src/**/*.py",
        "tests/**/*.py",
        "docs/**/*.md",
        "benchmarks/*.py",
        "examples/*.jsonl",
        "training/data/clauses/*.jsonl",
        "training/data/clauses/pending/*.jsonl",  # written for the next retrain
        "README.md",
    ):
        for path in sorted(REPO.glob(pattern)):
            if path.name != Path(__file__).name:
                yield path, path.read_text("utf-8")


def _case_runs(path: Path) -> dict[str, str]:
    """Every six-word run of the cases' texts, with the id of a case it comes from."""
    runs: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        post, account = case["post"], case.get("account") or {}
        for text in (
            post["text"],
            (post.get("in_reply_to") or {}).get("text"),
            account.get("bio"),
            account.get("disclaimer"),
        ):
            for run in _runs(text or ""):
                runs.setdefault(run, case["id"])
    return runs


@pytest.fixture(scope="module")
def repo_runs() -> dict[str, set[str]]:
    """Six-word runs of the repository's code, packs and docs, by file."""
    found: dict[str, set[str]] = {}
    for path, text in _repo_texts():
        found.setdefault(str(path.relative_to(REPO)), set()).update(_runs(text))
    return found


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_no_six_word_run_of_a_labelled_set_in_the_repository(
    name: str, repo_runs: dict[str, set[str]]
) -> None:
    path = CORPORA[name]
    if not path.exists():
        pytest.skip(f"{path} not present")
    cases = _case_runs(path)
    copies = sorted(
        (cases[run], file, run) for file, runs in repo_runs.items() for run in runs & cases.keys()
    )
    assert copies == [], "\n".join(f"{c} in {f}: {r!r}" for c, f, r in copies)
