"""The throughput benchmark's functions on tiny inputs, so that the suite does not rot.

No timing is asserted: only that every measurement runs, the report prints every section, the
Cedar translation fires the same rules as the engine, and the corpus generator keeps its shape.
Cedar and presidio parts skip when cedarpy / presidio-analyzer are not installed (the `bench`
extra).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

import _early
from _paths import BENCHMARKS
from _paths import load_benchmark as _load

tp = _load("throughput")
corpus = _load("_corpus")
HAS_CEDAR = importlib.util.find_spec("cedarpy") is not None
HAS_PRESIDIO = tp.presidio_missing() is None


@pytest.fixture(scope="module")
def packs() -> dict[str, Any]:
    return tp.load_packs()  # type: ignore[no-any-return]


def test_corpus_shapes() -> None:
    posts = corpus.generate_posts(200)
    assert len({p["id"] for p in posts}) == 200
    assert all(0 < len(p["text"]) <= corpus.TWEET_LENGTH for p in posts)
    assert any("in_reply_to" in p for p in posts) and any("media" in p for p in posts)
    assert any("#" in p["text"] for p in posts) and any("@" in p["text"] for p in posts)
    assert corpus.generate_posts(5) == corpus.generate_posts(5)  # seeded
    for length in tp.LENGTHS:
        assert {len(p["text"]) for p in corpus.long_posts(2, length)} == {length}


def test_smoke_run_prints_every_section() -> None:
    # `python benchmarks/throughput.py ARGS` (its main(ARGS)), run at collection in the background
    run = _early.result("benchmark-smoke")
    out = run.out / "figures.json"
    args = ["--smoke", "--quiet", "--external", str(run.out), "--json", str(out)]
    if not HAS_PRESIDIO:
        args.append("--no-presidio")
    assert run.process.args[1:] == [str(BENCHMARKS / "throughput.py"), *args]
    assert run.process.returncode == 0, run.process.stderr[-3000:]
    text = run.process.stdout
    for heading in (
        "1. Throughput",
        "2. Cold load",
        "3. Side by side",
        "4. Personal data",
        "5. Cost against post length",
        "6. Cost against the number of rules",
        "7. Memory",
        "8. Targets",
    ):
        assert heading in text
    assert "UK police tweets: skipped" in text  # no CSV in tmp_path
    assert text.count("HOLDS") + text.count("MISSES") + text.count("n/a ") >= 6
    data = json.loads(out.read_text())
    assert {t["what"].split()[0] for t in data["targets"]} >= {"evaluate", "p99", "memory"}
    assert data["side"][0]["checked"] == data["side"][0]["agree"]


def test_police_tweets_read_in_place(tmp_path: Path) -> None:
    assert tp.police_tweets(tmp_path, 10) is None
    (tmp_path / tp.POLICE_FILE).write_text(
        ',base_text,tweet_class\n1,"Road closed, avoid the area",1\n2,"Thanks all",2\n3,"",1\n',
        encoding="utf-8",
    )
    posts = tp.police_tweets(tmp_path, 10)
    assert posts is not None and [p["text"] for p in posts] == [
        "Road closed, avoid the area",
        "Thanks all",
    ]


def test_without_cedar_the_side_by_side_still_runs(
    packs: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tp, "cedar_missing", lambda: "cedarpy is not installed")
    rows = tp.side_by_side(packs, packs, corpus.generate_posts(4))
    assert [r.mode for r in rows] == ["toronto", "edmonton", "both"]
    assert all(r.cedar_us is None and r.agree == r.checked for r in rows)


def test_memory_and_rules_measure(packs: dict[str, Any]) -> None:
    posts = corpus.generate_posts(4)
    mem = tp.measure_memory(packs, posts, 20)
    assert mem.evaluations == 20 and mem.start_mb > 0
    rows = tp.measure_rules(packs, posts, factor=2)
    assert [(r.mode, r.rules) for r in rows if r.mode == "toronto"][1][1] == 2 * len(
        packs["toronto"].rules
    )


@pytest.mark.skipif(not HAS_CEDAR, reason="cedarpy is not installed (the bench extra)")
def test_cedar_fires_what_the_reference_fires(packs: dict[str, Any]) -> None:
    from socialpolicy.conditions import AllOf, AnyOf, Condition, FactTest, NotOf, SignalTest
    from socialpolicy.engine import build_engine
    from socialpolicy.facts import FACTS

    cedar_mod = _load("_cedar")
    pack = packs["toronto"]
    sig = next(n for n, s in pack.catalogue.items() if s.kind == "tags" and s.tags)
    tag = pack.catalogue[sig].tags[0]
    count = next(n for n, s in pack.catalogue.items() if s.kind == "count")
    rules: list[tuple[str, Condition]] = [
        ("approved-unknown", FactTest(fact="account.approved", equals=None)),
        ("approved-true", FactTest(fact="account.approved", equals=True)),
        ("bool-vs-int", FactTest(fact="account.official", equals=1)),
        (
            "visibility-in",
            FactTest.model_validate({"fact": "post.visibility", "in": ["public", "direct"]}),
        ),
        ("long", FactTest(fact="post.length", at_least=50)),
        ("tagged", SignalTest(signal=sig, has=tag)),
        ("two-tags", SignalTest(signal=sig, at_least=2)),
        ("counted", SignalTest(signal=count, at_least=2)),
        (
            "nested",
            AllOf(
                all=(
                    NotOf(not_=SignalTest(signal=count)),
                    AnyOf(
                        any=(
                            FactTest(fact="post.is_reply", equals=True),
                            FactTest(fact="post.media_count", at_most=0),
                        )
                    ),
                )
            ),
        ),
    ]
    cedar = cedar_mod.CedarRules(rules, FACTS, pack.catalogue)
    reference = build_engine(rules, FACTS, pack.catalogue, engine="reference")
    base = dict(tp.signals_of(pack, corpus.generate_posts(1)[0])[0])
    cases: list[tuple[dict[str, Any], dict[str, Any]]] = [
        (base | {"account.approved": None, "post.length": 80}, {sig: (tag, "x"), count: 3}),
        (base | {"account.approved": True, "post.is_reply": True}, {}),
        (base | {"account.approved": False, "post.visibility": "followers"}, {sig: ("x",)}),
    ]
    for facts, signals in cases:
        assert cedar.fired(facts, signals) == reference.fired(facts, signals)
        assert cedar.annotated_ids(facts, signals) == cedar.fired(facts, signals)
    batch = cedar.fired_batch(cases)
    assert batch == [reference.fired(f, s) for f, s in cases]


@pytest.mark.skipif(not HAS_PRESIDIO, reason="presidio-analyzer / spacy not installed")
def test_presidio_offline(packs: dict[str, Any]) -> None:
    pres = _load("_presidio").Presidio()
    assert "SpacyRecognizer" not in pres.recognizers
    assert pres.kinds("Call Ana at 416-555-0199 or ana.r@example.com") == {"phone", "email"}
    res = tp.compare_presidio(packs["toronto"], corpus.generate_posts(5))
    assert res.posts == 5 and sum(res.agreement["phone"].values()) == 5
