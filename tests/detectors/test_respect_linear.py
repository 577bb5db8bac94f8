"""The respect detector's reading of a run-on sentence is linear in its length (issue 13).

Each dehumanising word in a long sentence was asked whether only articles and intensifiers
open its sentence by reading the whole sentence before it, whether words after it make it a
fragment by reading the rest, and whether the group named before it acts on it by reading
every word between them; and each match's clause start was found by reversing a copy of its
sentence up to it. Those are all found once per field or sentence now. And one mock-cased
word made every word of the text have its case switches counted in Python; only words that
can switch often enough are now. The tests count the
characters the word pattern reads (the same on any machine) and check each fast path against
the reading it replaced on arbitrary text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.respect import RespectDetector, aim, attacks, grammar, mockery, speech
from socialpolicy.detectors.respect.grammar import (
    ARTICLE,
    CLAUSE_END,
    FRAGMENT_LEAD,
    INTENSIFIER,
    TOKEN,
)
from socialpolicy.inputs import Post

POLICY = shared_policy("toronto")

# Characters that make words, clause marks and sentences in the grammar's patterns, and the
# typographic ones the normaliser leaves: quotes, NBSP, zero-width, newlines, emoji, digits.
ALPHABET = st.sampled_from(
    list("aeiklnorst ,:;()[]\"'-*@.!?\n\u00a0\u200b\u2019\U0001f921") + ["like", "as ", "rid "]
)
TEXTS = st.lists(ALPHABET, max_size=80).map("".join)


class _Counting:
    """A stand-in for the word pattern that counts the characters each search covers."""

    def __init__(self) -> None:
        self.read = 0

    def findall(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Any]:
        end = len(text) if endpos is None else min(endpos, len(text))
        self.read += max(0, end - pos)
        return TOKEN.findall(text, pos, end)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        end = len(text) if endpos is None else min(endpos, len(text))
        last = pos
        for t in TOKEN.finditer(text, pos, end):
            self.read += t.end() - last
            last = t.end()
            yield t


def _read_per_char(monkeypatch: pytest.MonkeyPatch, text: str) -> float:
    counting = _Counting()
    monkeypatch.setattr(aim, "TOKEN", counting)
    monkeypatch.setattr(attacks, "TOKEN", counting)
    post = Post(id="long", text=text, created_at="2025-06-02T12:00:00Z")  # type: ignore[arg-type]
    ctx = Context(
        post=post,
        author=POLICY.pack.assumed_account,
        account_given=False,
        resources=POLICY._resources,  # noqa: SLF001
    )
    list(RespectDetector().detect(ctx))
    monkeypatch.undo()
    return counting.read / len(text)


# People named, then dehumanising words in one run-on sentence (no full stop): every word
# after the group is asked whether the group acts on it and whether it is a fragment.
UNIT = "those people vermin so very animals such rats bunch of parasites and savages "


@pytest.mark.parametrize("lead", ["", "so very such a "])
def test_dehumanising_words_in_a_run_on_sentence_read_it_once(
    monkeypatch: pytest.MonkeyPatch, lead: str
) -> None:
    """With a lead, the sentence opens with as many articles and intensifiers as the rest
    has characters: each word after them asked whether only those open its sentence."""
    small = _read_per_char(monkeypatch, lead * 200 + UNIT * 40)
    large = _read_per_char(monkeypatch, lead * 2000 + UNIT * 400)
    assert large <= 1.3 * small, f"{large:.1f} characters read per character vs {small:.1f}"


def _old_clause_start(text: str, s_start: int, pos: int) -> int:
    cut = CLAUSE_END.search(text[s_start:pos][::-1])
    return s_start if cut is None else pos - cut.start()


class _Layout:
    def __init__(self, s_start: int) -> None:
        self.s_start = s_start

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.s_start, pos


class _Match:
    def __init__(self, start: int) -> None:
        self.start = start


def _view(text: str, s_start: int) -> aim.FieldView:
    nt = SimpleNamespace(text=text)
    return aim.FieldView("respect", "text", text, nt, _Layout(s_start), {})  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.data())
def test_clause_start_by_bisection_is_the_reversed_reading(text: str, data: st.DataObject) -> None:
    s_start = data.draw(st.integers(0, len(text)))
    f = _view(text, s_start)
    for pos in sorted(data.draw(st.lists(st.integers(s_start, len(text)), max_size=6))):
        got = f.clause_start(_Match(pos))  # type: ignore[arg-type]
        assert got == _old_clause_start(text, s_start, pos)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.data())
def test_only_leads_is_reading_the_opening(text: str, data: st.DataObject) -> None:
    s_start = data.draw(st.integers(0, len(text)))
    f = _view(text, s_start)
    leads = ARTICLE | INTENSIFIER | FRAGMENT_LEAD
    for end in data.draw(st.lists(st.integers(s_start, len(text)), max_size=6)):
        old = all(w in leads for w in TOKEN.findall(text, s_start, end))
        assert attacks._only_leads(f, s_start, end) == old  # noqa: SLF001


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.data())
def test_a_reach_answers_as_reading_the_stretch(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    kinds = attacks._LINKS  # noqa: SLF001
    reach = aim.Reach(text, start, kinds)
    for end in data.draw(st.lists(st.integers(0, len(text)), max_size=8)):
        got = reach.before(end)
        between = TOKEN.findall(text, start, end)
        if got is None:  # `end` cuts a word: the caller reads the stretch
            assert any(
                s < end < e for s, e in ((m.start(), m.end()) for m in TOKEN.finditer(text, start))
            )
            continue
        assert got == [any(k(w) for w in between) for k in kinds]


def test_the_fast_paths_agree_on_labelled_posts() -> None:
    """The posts of the development set, every clause start and lead check as before."""
    path = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev.jsonl"
    if not path.is_file():
        pytest.skip("dev set not found")
    leads = ARTICLE | INTENSIFIER | FRAGMENT_LEAD
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["post"]["text"]
        for s in [0, *(m.end() for m in re.finditer(r"[.!?]\s", text))]:
            f = _view(text, s)
            for t in TOKEN.finditer(text, s):
                assert f.clause_start(_Match(t.start())) == _old_clause_start(text, s, t.start())  # type: ignore[arg-type]
                old = all(w in leads for w in TOKEN.findall(text, s, t.start()))
                assert attacks._only_leads(f, s, t.start()) == old  # noqa: SLF001
            reach = aim.Reach(text, s, attacks._LINKS)  # noqa: SLF001
            for t in TOKEN.finditer(text, s):
                between = TOKEN.findall(text, s, t.start())
                want = [any(k(w) for w in between) for k in attacks._LINKS]  # noqa: SLF001
                assert reach.before(t.start()) == want


def _old_mock_cased(raw: str) -> list[tuple[int, int]]:
    if mockery.MOCK_CASE_HINT.search(raw) is None:
        return []
    mocked = [
        w
        for w in re.finditer(r"[^\W\d_]{3,}", raw)
        if mockery._switch_share(w.group()) >= mockery._MIN_SWITCH_SHARE  # noqa: SLF001
        and (w.start() == 0 or raw[w.start() - 1] not in "#@")
    ]
    return [(w.start(), w.end()) for w in mocked] if len(mocked) >= 3 else []


MOCK_TEXTS = st.lists(
    st.sampled_from(
        list("aAbBcCxYzZ éÉßẞ中ǅ1_#@-'€\u00a0\u200b\n\u2019🤡")
        + ["sPeEd ", "aBaB ", "McDonald ", "cAsH "]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(MOCK_TEXTS)
def test_mock_case_from_its_cues_is_every_word_counted(raw: str) -> None:
    assert [(w.start(), w.end()) for w in mockery.mock_cased(raw)] == _old_mock_cased(raw)


def test_mock_case_counts_only_the_words_that_can_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    """One mock-cased word opens the check for the whole text: only words holding a
    lower-to-upper switch (or a non-ASCII letter) have their switches counted, not all."""
    counted: list[str] = []
    share = mockery._switch_share  # noqa: SLF001

    def counting(word: str) -> float:
        counted.append(word)
        return share(word)

    monkeypatch.setattr(mockery, "_switch_share", counting)
    raw = "sPeEd CaMeRaS aRe " + "Officers attended a Collision on the road today. " * 200
    assert len(mockery.mock_cased(raw)) == 3
    assert counted == ["sPeEd", "CaMeRaS", "aRe"]


def test_mock_case_reads_only_near_a_strong_alternation(monkeypatch: pytest.MonkeyPatch) -> None:
    """One strong alternation ("cAsH") at the start of a long field opens the check only for
    the stretch around it: words that can switch far away are not counted (they were, every
    one, once the hint was seen anywhere)."""
    counted: list[str] = []
    share = mockery._switch_share  # noqa: SLF001

    def counting(word: str) -> float:
        counted.append(word)
        return share(word)

    monkeypatch.setattr(mockery, "_switch_share", counting)
    far = "A McDonald gift card was found on the bus today. " * 2000  # 100k characters
    assert mockery.mock_cased("sPeEd CaMeRaS aRe a cAsH gRaB. " + far) != []
    reach = mockery.VOICE_REACH
    assert len(counted) <= reach // 40 + 6  # the voice, and the McDonalds within reach
    # ...and a voice far from the start is still found in full.
    counted.clear()
    assert len(mockery.mock_cased(far + " sPeEd CaMeRaS aRe a cAsH gRaB")) == 5
    assert len(counted) <= reach // 40 + 6


def test_mock_case_agrees_on_labelled_posts() -> None:
    path = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev.jsonl"
    if not path.is_file():
        pytest.skip("dev set not found")
    for line in path.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)["post"]["text"]
        assert [(w.start(), w.end()) for w in mockery.mock_cased(raw)] == _old_mock_cased(raw)


# -- quotations and mentions: patterns led by their mark (the same matches as before) -------

OLD_QUOTED = re.compile(
    r'"[^"]{1,600}"|«[^»]{1,600}»|(?<![\w\'])\'(?:[^\']|(?<=\w)\'(?=\w)){1,400}\'(?![\w\'])'
)
OLD_MENTION = re.compile(r"(?<![\w@])@\w")
MARKS = st.text(alphabet="ab 1_'\"«»@.\n-é", max_size=40)


@settings(max_examples=4000, deadline=None)
@given(MARKS)
def test_quotations_and_mentions_are_found_as_before(text: str) -> None:
    """Led by the mark (the lookbehind read from past it), so that `re` skips from mark to
    mark instead of trying every position of a long post; the same matches."""
    for new, old in ((speech._QUOTED, OLD_QUOTED), (grammar.MENTION, OLD_MENTION)):  # noqa: SLF001
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
        assert [m.span() for m in new.finditer(text, 1)] == [
            m.span() for m in old.finditer(text, 1)
        ]
    assert (grammar.MENTION.match(text) is None) == (OLD_MENTION.match(text) is None)
