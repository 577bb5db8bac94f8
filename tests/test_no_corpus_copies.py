"""The labelled development corpus is for measuring: no text of it is copied into the repo."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from _paths import REPO, SHARED

CORPUS = SHARED / "corpus" / "dev.jsonl"
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
        "README.md",
    ):
        for path in sorted(REPO.glob(pattern)):
            if path.name != Path(__file__).name:
                yield path, path.read_text("utf-8")


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus/dev.jsonl not present")
def test_no_six_word_run_of_the_corpus_in_the_repository() -> None:
    corpus: set[str] = set()
    for line in CORPUS.read_text("utf-8").splitlines():
        case = json.loads(line)
        post, account = case["post"], case.get("account") or {}
        for text in (
            post["text"],
            (post.get("in_reply_to") or {}).get("text"),
            account.get("bio"),
            account.get("disclaimer"),
        ):
            if text:
                corpus |= _runs(text)
    copies = sorted(
        {(str(p.relative_to(REPO)), run) for p, s in _repo_texts() for run in _runs(s) & corpus}
    )
    assert copies == [], copies[:10]
