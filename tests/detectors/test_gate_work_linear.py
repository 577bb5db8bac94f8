"""Work that a long post's open gate starts reads only what it needs (issue 13).

Cut into short posts, most pieces of a long text open no gate; as one post, every gate is open,
so what a gate starts must read only its own cues, not the whole field, or the long post costs
more per character than the same words as short posts. Counted, not timed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy import normalise as normalise_module
from socialpolicy.detectors import _windows, matching
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.identity import field as field_module
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.personal_data import PersonalDataDetector
from socialpolicy.detectors.personal_data import _scan as scan_module
from socialpolicy.detectors.police_info import reading as reading_module
from socialpolicy.inputs import Post
from socialpolicy.normalise import NormalisedText, normalise, plain

POLICY = shared_policy("toronto")


def _lines(run: Callable[[], object]) -> int:
    """The Python lines `run` executes, in every function it calls."""
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        count += event == "line"
        return local

    previous = sys.gettrace()
    sys.settrace(lambda frame, event, arg: local)
    try:
        run()
    finally:
        sys.settrace(previous)
    return count


def _context(text: str) -> Context:
    post = Post.model_validate({"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"})
    return Context(
        post=post,
        author=POLICY.pack.assumed_account,
        account_given=False,
        resources=POLICY._resources,  # noqa: SLF001
    )


def test_an_org_contact_reads_only_the_cue_lexicons(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a number is the organisation's own asks the contact-cue lexicons' matches
    (the field's shared groups), not every match of the field."""
    text = (
        "Officers attended a collision on the ring road; drive safely in the rain. " * 100
        + "Call our non-emergency line at 416-555-0123 for more."
    )
    ctx = _context(text)
    ctx.grouped("text", text)  # the shared groups, as the detectors before it leave them
    read: list[Any] = []

    matches = Context.matches

    def every_match(self: Context, field: str, raw: str) -> Any:
        read.append(field)
        return matches(self, field, raw)

    monkeypatch.setattr(Context, "matches", every_match)
    signals = {h.signal for h in PersonalDataDetector().detect(ctx)}
    assert "personal_data.allowlisted_contact" in signals
    assert "personal_data.any" not in signals
    assert read == []


# -- the lexicon pass: one elongated or masked word rescans around itself only -------------

MATCHER = POLICY.matcher


def _old_find(raw: str) -> list[LexiconMatch]:
    """`find` as it was: every plain match keyed in a dict, the rescans added, all sorted."""
    nt = normalise(raw)
    if not nt.text:
        return []
    plain: list[LexiconMatch] = []
    matching._C_SORTED(MATCHER._auto.iter(nt.text), nt.text, LexiconMatch, plain)  # noqa: SLF001
    if not nt.elongated and "*" not in nt.text:
        return plain
    found = {(m.lexicon_id, m.start, m.end): m for m in reversed(plain)}
    if nt.elongated and MATCHER._squeezed is not None:  # noqa: SLF001
        MATCHER._scan_elongated(MATCHER._squeezed, nt, found)  # noqa: SLF001
    if "*" in nt.text:
        MATCHER._masked(MATCHER._auto, nt.text, found)  # noqa: SLF001
    return sorted(found.values(), key=matching._BY_POSITION)  # noqa: SLF001


WORDS = st.sampled_from(
    [
        "idiot", "idiooooot", "f*ck", "f**king", "m*ron", "wh*re", "l*ves", "soooo", "cop",
        "pigs", "undercover", "fuuuuck", "*", "sh*t", "you", "moron", "'", "\u2019", "\u00a0",
        "\u200b", "\n", "🤡", "12", "cooool", "nooo", "kill", "riot",
    ]
)  # fmt: skip


@pytest.mark.skipif(matching._C_SORTED is None, reason="the compiled lexicon pass is not built")  # noqa: SLF001
@settings(max_examples=500, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_the_rescans_add_to_the_plain_matches_as_the_dict_did(raw: str) -> None:
    nt = normalise(raw)
    assert MATCHER.find(nt) == _old_find(raw)


@pytest.mark.skipif(matching._C_SORTED is None, reason="the compiled lexicon pass is not built")  # noqa: SLF001
def test_one_elongated_word_does_not_key_every_match() -> None:
    """A long field of terms with one elongated word: the scan's Python work is the rescan
    around that word, not a pass over every match of the field."""
    body = "you idiot cop, you moron, pigs and riot police undercover tonight " * 300
    plain, stretched = normalise(body + "idiot"), normalise(body + "idiooooot")
    assert stretched.elongated and not plain.elongated
    extra = _lines(lambda: MATCHER.find(stretched)) - _lines(lambda: MATCHER.find(plain))
    matches = len(MATCHER.find(plain))
    assert matches > 1000
    assert extra < matches // 2, f"{extra} more Python lines for one elongated word"


# -- views of a field derived once per post, not once per detector that opens its gate ------


def _terms_post() -> str:
    """Four terms of each lexicon of the pack with names, a place, a phone number and sentence ends between
    them: every detector's gate is open."""
    terms = " ".join(t for lex in POLICY.pack.lexicons for t in lex.terms[:4])
    people = "Officer John Smith met Maria Lopez at 12 Main St. Call 416-555-0199 today. "
    return (people + terms + ". ") * 2


def test_a_field_is_split_into_sentences_once_per_post(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each detector that reads sentences asked for the field's split again (the advisory
    detector three times): a long post, where every such gate is open, paid it about eight
    times per character; short posts, where few open, once or not at all."""
    text = _terms_post()
    split: list[str] = []
    init = _windows.Sentences.__init__

    def counted(self: _windows.Sentences, s: str) -> None:
        split.append(s)
        init(self, s)

    monkeypatch.setattr(_windows.Sentences, "__init__", counted)
    POLICY.evaluate({"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"})
    normalised = normalise(text).text
    assert split.count(normalised) == 1, f"split {split.count(normalised)} times"


def test_a_field_has_one_plain_view_per_post(monkeypatch: pytest.MonkeyPatch) -> None:
    """Personal data, identity and police information each made `plain(raw)` of the field
    (a pass in Python over the whole text once it holds one character to map)."""
    text = _terms_post() + "\u200b\u2026"  # characters `plain` maps: its slow path
    made: list[str] = []

    def counted(raw: str) -> NormalisedText:
        made.append(raw)
        return plain(raw)

    monkeypatch.setattr(normalise_module, "plain", counted)
    for module in (scan_module, field_module):
        monkeypatch.setattr(module, "plain", counted)
    monkeypatch.setattr(reading_module, "plain", counted, raising=False)
    POLICY.evaluate({"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"})
    assert made.count(text) == 1, f"{made.count(text)} plain views of the post"
