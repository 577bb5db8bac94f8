"""The lexicon matcher: boundaries, phrases, prefixes, obfuscation, spans back to the author."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import ahocorasick  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.detectors import matching
from socialpolicy.detectors.matching import LexiconMatch, LexiconMatcher, _normal_key
from socialpolicy.lexicons import Lexicon, MatchMode
from socialpolicy.normalise import normalise

LEXICONS = [
    Lexicon(
        id="profanity",
        description="t",
        terms=("fuck", "shit", "ass", "asshole", "fucking moron", "stupid"),
    ),
    Lexicon(id="insult", description="t", terms=("idiot", "clown", "loser", "moron")),
    Lexicon(id="donation", description="t", match=MatchMode.PREFIX, terms=("donat", "chip in")),
    Lexicon(id="xenophobia", description="t", terms=("go back where you came from",)),
    Lexicon(id="french", description="t", terms=("conseil municipal",)),
    Lexicon(id="handles", description="t", terms=("#yeg", "911")),
]
MATCHER = LexiconMatcher(LEXICONS)


def found(raw: str, lexicon: str | None = None) -> list[tuple[str, str]]:
    """(lexicon id, what the author wrote) for each match."""
    nt = normalise(raw)
    return [
        (m.lexicon_id, raw[s.start : s.end])
        for m, s in MATCHER.find_original(nt)
        if lexicon is None or m.lexicon_id == lexicon
    ]


def test_word_boundaries() -> None:
    assert found("what a class act, assistant, passed") == []
    assert found("what an ass.") == [("profanity", "ass")]
    assert found("asshole!") == [("profanity", "asshole")]
    assert found("idiots") == []  # word mode: whole words only
    assert found("the 911 call") == [("handles", "911")]
    assert found("call 9110") == []


def test_phrases_and_overlaps() -> None:
    assert found("Go back where you came from.") == [("xenophobia", "Go back where you came from")]
    assert found("what a fucking moron") == [("profanity", "fucking moron"), ("insult", "moron")]
    assert found("go back where you came") == []


def test_prefix_mode_reports_the_whole_word() -> None:
    assert found("Donations welcome, please donate!") == [
        ("donation", "Donations"),
        ("donation", "donate"),
    ]
    assert found("undonated") == []  # boundary needed before the prefix
    assert found("Can you chip in $50?") == [("donation", "chip in")]


def test_case_and_accents() -> None:
    assert found("STUPID") == [("profanity", "STUPID")]
    assert found("Le Conseil Municipal") == [("french", "Conseil Municipal")]
    assert found("le conseil municipal") == found("le çonseil municipal".replace("ç", "c"))


@pytest.mark.parametrize(
    ("raw", "lexicon", "wrote"),
    [
        ("Pls d0nate to my friend", "donation", "d0nate"),
        ("f*ck this", "profanity", "f*ck"),
        ("f**k this", "profanity", "f**k"),
        ("f#ck this", "profanity", "f#ck"),
        ("f.u.c.k this", "profanity", "f.u.c.k"),
        ("f u c k this", "profanity", "f u c k"),
        ("fuuuuuck this", "profanity", "fuuuuuck"),
        ("sooooo stuuuupid", "profanity", "stuuuupid"),
        ("sh!t", "profanity", "sh!t"),
        ("$hit", "profanity", "$hit"),
        ("a**hole", "profanity", "a**hole"),
        ("cl0wn", "insult", "cl0wn"),
        ("l\u200boser", "insult", "l\u200boser"),
        ("іdiot", "insult", "іdiot"),  # Cyrillic і
        ("ＩＤＩＯＴ", "insult", "ＩＤＩＯＴ"),
        ("go b\u200back where you came from", "xenophobia", "go b\u200back where you came from"),
        ("what a f*cking moron", "profanity", "f*cking moron"),
        ("D*nations", "donation", "D*nations"),
    ],
)
def test_obfuscated_input_matches_and_spans_show_what_was_written(
    raw: str, lexicon: str, wrote: str
) -> None:
    assert (lexicon, wrote) in found(raw)


def test_masks_need_enough_letters_shown() -> None:
    assert found("a*****e") == []  # more letters hidden than shown
    assert found("f***") == []  # trailing mask: punctuation, not read
    assert found("*uck") == []  # leading mask: not read
    assert found("s**t") == [("profanity", "s**t")]  # as many hidden as shown is fine
    assert found("a*s") == [("profanity", "a*s")]


# "where" is a word of the pack only inside a phrase; "whore" is a term by itself.
AMBIGUOUS = LexiconMatcher(
    [
        Lexicon(id="profanity", description="t", terms=("whore", "fuck", "shit")),
        Lexicon(id="firearms", description="t", terms=("shot",)),
        Lexicon(id="harassment", description="t", terms=("i know where you work",)),
        Lexicon(id="topics", description="t", terms=("mental health",)),
    ]
)


def ambiguous(raw: str) -> list[tuple[str, str]]:
    nt = normalise(raw)
    return [(m.lexicon_id, raw[s.start : s.end]) for m, s in AMBIGUOUS.find_original(nt)]


def test_context_chooses_a_masked_words_reading() -> None:
    # A reading that completes a term running past the masked word is the reading.
    assert ambiguous("I know wh*re you work.") == [("harassment", "I know wh*re you work")]
    # With nothing to choose, the reading that makes a term counts.
    assert ambiguous("You wh*re.") == [("profanity", "wh*re")]
    assert ambiguous("here is wh*re to find help") == [("profanity", "wh*re")]


def test_an_ambiguous_mask_reads_as_the_ordinary_word_where_ordinary_words_are_masked() -> None:
    # "m*ntal" reads as no term by itself, "l*ves" as nothing: this text masks ordinary
    # words, so "wh*re" (also "where", a word of no term of its own) is "where".
    assert ambiguous("M*ntal health: here is wh*re to find help") == [("topics", "M*ntal health")]
    assert ambiguous("Our l*ves, and wh*re to go") == []
    # Masks that hide no ordinary word leave it read as the term.
    assert ambiguous("f*ck you, wh*re") == [("profanity", "f*ck"), ("profanity", "wh*re")]
    # A mask hiding too many letters to be read says nothing about the text's masks.
    assert ambiguous("f*** off, wh*re") == [("profanity", "wh*re")]
    # Not ambiguous: every reading makes a term ("sh*t" is "shit" or "shot"), or only one
    # reading fits; those count whatever else the text masks.
    assert sorted(ambiguous("l*ves: sh*t")) == [("firearms", "sh*t"), ("profanity", "sh*t")]
    assert ambiguous("l*ves: f*ck") == [("profanity", "f*ck")]


def test_elongation_is_only_read_where_letters_were_repeated() -> None:
    lex = [Lexicon(id="g", description="t", terms=("god",))]
    m = LexiconMatcher(lex)
    assert m.find(normalise("good")) == []  # doubled letters are words as written
    assert [x.term for x in m.find(normalise("goooood"))] == ["god"]


def test_terms_are_normalised_like_text() -> None:
    lex = [Lexicon(id="x", description="t", terms=("Café Crème", "D0NATE", "f*ck"))]
    m = LexiconMatcher(lex)
    assert [x.term for x in m.find(normalise("cafe creme"))] == ["Café Crème"]
    assert [x.term for x in m.find(normalise("donate"))] == ["D0NATE"]
    assert [x.term for x in m.find(normalise("F*CK"))] == ["f*ck"]


def test_same_term_twice_in_one_lexicon_counts_once() -> None:
    lex = [Lexicon(id="x", description="t", terms=("donate", "d0nate"))]
    assert len(LexiconMatcher(lex).find(normalise("donate"))) == 1


def test_lexicon_filter_and_empty_inputs() -> None:
    nt = normalise("stupid idiot")
    assert [m.lexicon_id for m in MATCHER.find(nt, {"insult"})] == ["insult"]
    assert MATCHER.find(normalise("")) == []
    assert LexiconMatcher([]).find(nt) == []


def test_match_positions_index_the_normalised_text() -> None:
    nt = normalise("Hey  IDIOT")
    (m,) = MATCHER.find(nt)
    assert m == LexiconMatch("insult", "idiot", 4, 9)
    assert nt.text[m.start : m.end] == "idiot"
    assert m.span_in(nt).model_dump() == {"start": 5, "end": 10}


# --- properties --------------------------------------------------------------------------

ZW = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
sentences = st.lists(
    st.sampled_from(
        [
            "you",
            "are",
            "a",
            "stupid",
            "idiot",
            "go",
            "back",
            "where",
            "came",
            "from",
            "donate",
            "donations",
            "f*ck",
            "class",
            "ass",
            "sh!t",
            "conseil",
            "municipal",
            "fucking",
            "moron",
            "911",
            "#yeg",
            "!",
            ",",
            "chip",
            "in",
            "cl0wn",
        ]
    ),
    max_size=15,
).map(" ".join)


def _key(raw: str) -> list[tuple[str, str, int, int]]:
    return [(m.lexicon_id, m.term, m.start, m.end) for m in MATCHER.find(normalise(raw))]


@settings(max_examples=200, deadline=None)
@given(sentences, st.lists(st.tuples(st.integers(0, 500), ZW), max_size=5))
def test_matches_ignore_zero_width_characters(raw: str, inserts: list[tuple[int, str]]) -> None:
    spiked = raw
    for pos, zw in inserts:
        pos %= len(spiked) + 1
        spiked = spiked[:pos] + zw + spiked[pos:]
    assert _key(spiked) == _key(raw)


@settings(max_examples=200, deadline=None)
@given(sentences)
def test_matches_ignore_case(raw: str) -> None:
    assert _key(raw.upper()) == _key(raw) == _key(raw.title())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_spans_are_within_the_original(raw: str) -> None:
    nt = normalise(raw)
    for m in MATCHER.find(nt):
        span = m.span_in(nt)
        assert 0 <= span.start < span.end <= len(raw)


def test_masked_reading_respects_boundaries_outside_the_window() -> None:
    # The rescan window around a masked word ends on word boundaries of the full text.
    long_word = "x" * 200
    assert found(f"{long_word}f*ck") == []
    assert found(f"{long_word} f*ck {long_word}") == [("profanity", "f*ck")]


def test_long_adversarial_texts_stay_fast() -> None:
    import time

    for raw in [
        "a*s " * 25_000,
        "f*ck" * 25_000,
        "fuuuck " * 14_000,
        "a" * 100_000 + "*b",
        "stupid " * 14_000,
        "d0nate " * 14_000,
    ]:
        t0 = time.perf_counter()
        MATCHER.find(normalise(raw))
        assert time.perf_counter() - t0 < 5.0, raw[:12]


def test_symbol_edges_need_no_boundary() -> None:
    lex = [Lexicon(id="e", description="t", terms=("🗳️", "🤦\u200d♂️", "#yeg"))]
    m = LexiconMatcher(lex)
    assert [x.term for x in m.find(normalise("Vote🗳️ today"))] == ["🗳️"]
    # One emoji between two words with no space at all reads as inside a word (`mor🤬on`,
    # issue 12): the words join and the emoji is not read; repeated, it is a separator.
    assert m.find(normalise("Vote🗳️today")) == []
    assert [x.term for x in m.find(normalise("Vote🗳️today🗳️now"))] == ["🗳️", "🗳️"]
    assert [x.term for x in m.find(normalise("ugh🤦‍♂️"))] == ["🤦\u200d♂️"]
    assert m.find(normalise("go#yeg")) == []  # hashtags and handles keep their boundary
    assert [x.term for x in m.find(normalise("go #yeg!"))] == ["#yeg"]


def _whole_text_elongated(matcher: LexiconMatcher, raw: str) -> set[LexiconMatch]:
    """The elongated reading as it was before windows: the whole text squeezed and scanned."""
    from socialpolicy.detectors.matching import _RUNS

    nt = normalise(raw)
    text = nt.text
    found: dict[tuple[str, int, int], LexiconMatch] = {}
    if not nt.elongated or matcher._squeezed is None:
        return set()
    parts, starts, ends, pos = [], [], [], 0
    for m in _RUNS.finditer(text):
        a, b = m.span()
        parts.append(text[pos:a])
        starts += range(pos, a)
        ends += range(pos + 1, a + 1)
        parts.append(text[a])
        starts.append(a)
        ends.append(b)
        pos = b
    parts.append(text[pos:])
    starts += range(pos, len(text))
    ends += range(pos + 1, len(text) + 1)
    hits: dict[tuple[str, int, int], LexiconMatch] = {}
    LexiconMatcher._scan(matcher._squeezed, "".join(parts), hits)
    import bisect

    for hit in hits.values():
        a, b = starts[hit.start], ends[hit.end - 1]
        i = bisect.bisect_left(nt.elongated, a)
        if i < len(nt.elongated) and nt.elongated[i] < b:
            found.setdefault((hit.lexicon_id, a, b), LexiconMatch(hit.lexicon_id, hit.term, a, b))
    return set(found.values())


ELONGATED_WORDS = st.sampled_from(
    ["fuuuuck", "idiooooot", "sooooo", "goooood", "loooser", "shuuut uuup", "noooo", "aaaa", "x"]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            ELONGATED_WORDS,
            st.text("abfiklnorstuk ", max_size=12),
            st.sampled_from([" ", ". ", "!!", "#", "@", "*", "\n"]),
        ),
        max_size=40,
    )
)
def test_windows_find_what_the_whole_text_scan_found(pieces: list[str]) -> None:
    raw = "".join(pieces)
    nt = normalise(raw)
    got: dict[tuple[str, int, int], LexiconMatch] = {}
    if nt.elongated and MATCHER._squeezed is not None:
        MATCHER._scan_elongated(MATCHER._squeezed, nt, got)
    assert set(got.values()) == _whole_text_elongated(MATCHER, raw)


def test_many_elongated_runs_in_one_long_word_are_one_window() -> None:
    from socialpolicy.detectors.matching import _windows

    text = "x " + "fuuck" * 2000 + " y"
    positions = [i for i in range(2, len(text) - 2) if text[i] == "u" and text[i - 1] == "f"]
    assert list(_windows(text, positions, 20)) == [(0, len(text))]
    # windows end on word boundaries, and each is walked once
    assert list(_windows("ab cd ef gh ij", [0, 7, 13], 1)) == [(0, 2), (6, 8), (12, 14)]
    assert list(_windows("abcdefgh", [1, 6], 1)) == [(0, 8)]


def test_two_prefix_terms_of_one_lexicon_on_one_word_count_once() -> None:
    lex = [
        Lexicon(id="p", description="t", match=MatchMode.PREFIX, terms=("donat", "don")),
        Lexicon(id="q", description="t", match=MatchMode.PREFIX, terms=("dona",)),
    ]
    m = LexiconMatcher(lex)
    # The shorter term ends first in the scan and is kept; another lexicon keeps its own.
    got = [(x.lexicon_id, x.term, x.start, x.end) for x in m.find(normalise("donations now"))]
    assert got == [("p", "don", 0, 9), ("q", "dona", 0, 9)]
    # One prefix match alone is reported as it is.
    assert [x.term for x in m.find(normalise("a donkey"))] == ["don"]


# -- loading: terms already in normal form skip `normalise` ---------------------------------


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aeilosxyzAE' -.\u00e9\u2019*0!", max_size=14))
def test_the_quick_normal_form_agrees_with_normalise(term: str) -> None:
    assert _normal_key(term) == normalise(term).text.strip()


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
def test_every_pack_term_keys_as_normalise_does(pack: str) -> None:
    from socialpolicy.loader import load_pack

    terms = {t for lex in load_pack(pack).lexicons for t in lex.terms}
    assert len(terms) > 1000
    assert all(_normal_key(t) == normalise(t).text.strip() for t in terms)


def test_a_term_listed_in_two_lexicons_counts_once_in_each() -> None:
    matcher = LexiconMatcher(
        [
            Lexicon(id="a", description="t", terms=("rude", "r00d", "crude")),
            Lexicon(id="b", description="t", terms=("rude",)),
        ]
    )
    assert len(matcher) == 3  # "rude", "rood" (the leet reading of "r00d"), "crude"
    hits = matcher.find(normalise("so rude"))
    assert sorted(m.lexicon_id for m in hits) == ["a", "b"]


# -- the lexicon pass in C (`socialpolicy._cngrams.lexicon_hits`) against its pure reference --

needs_c = pytest.mark.skipif(matching._C_HITS is None, reason="the C extension is not built")

# Terms that exercise every branch of a raw hit: symbol edges (no boundary), hashtags and
# handles, masks, digits, a key that is both a word and a prefix in one lexicon and a word in
# another, prefixes inside prefixes, one-letter keys (most raw hits are such fragments).
EDGE_LEXICONS = [
    Lexicon(id="w", description="t", terms=("u", "ed", "st", "vote🗳", "🗳", "#yeg", "@cop", "a b")),
    Lexicon(id="w2", description="t", terms=("polic", "police", "f*ck", "911", "!!!", "ß")),
    Lexicon(id="p", description="t", match=MatchMode.PREFIX, terms=("polic", "po", "don", "٣")),
    Lexicon(id="p2", description="t", match=MatchMode.PREFIX, terms=("pol", "st", "é")),
]
EDGE_MATCHER = LexiconMatcher(EDGE_LEXICONS)
EDGE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            ["u", "ed", "st", "police", "polic", "pol", "don", "vote", "🗳", "#yeg", "@cop", "a b"]
        ),
        st.sampled_from(list("ab1é_*'@#.,!? \n\xa0\u3000😀ß٣²日\u0301\u200b")),
        st.characters(),
    ),
    max_size=40,
).map("".join)


def _both_ways(
    matcher: LexiconMatcher, text: str
) -> tuple[tuple[int, list[LexiconMatch]], tuple[int, list[LexiconMatch]]]:
    auto = matcher._auto
    assert auto is not None and matching._C_HITS is not None
    c_out: list[LexiconMatch] = []
    pure_out: list[LexiconMatch] = []
    c_count = matching._C_HITS(auto.iter(text), text, LexiconMatch, c_out)
    pure_count = LexiconMatcher._scan_plain_pure(auto, text, pure_out)
    assert all(type(m) is LexiconMatch for m in c_out)
    return (c_count, c_out), (pure_count, pure_out)


@needs_c
@settings(max_examples=500, deadline=None)
@given(st.one_of(EDGE_TEXT, st.text(max_size=60)))
def test_the_c_pass_is_the_pure_pass_on_any_text(text: str) -> None:
    # Raw text (not normalised) as well: the C loop must not rely on the normaliser's output.
    c, pure = _both_ways(EDGE_MATCHER, text)
    assert c == pure
    c, pure = _both_ways(EDGE_MATCHER, normalise(text).text)
    assert c == pure
    c, pure = _both_ways(MATCHER, normalise(text).text)
    assert c == pure


@needs_c
@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
def test_the_c_pass_is_the_pure_pass_on_a_pack(pack: str) -> None:
    import socialpolicy as sp

    matcher = sp.load_policy(pack).matcher
    lines = [
        "Officers responded to a collision at Yonge St. & Bloor; u can donate 🗳 #yeg",
        "f*cking moron, you are sooooo stupid!!! call 911 or email chief@tps.ca",
        "Nous avons parlé au conseil municipal. Ça va? ٣ ² 日本 \u200b",
    ]
    kept = 0
    for line in lines:
        c, pure = _both_ways(matcher, normalise(line).text)
        assert c == pure
        kept += len(c[1])
    assert kept >= 5  # the lines hold pack terms: the comparison is not of empty lists


def test_find_is_the_same_with_and_without_the_c_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    raws = ["so u ed st police, polic pol don 🗳 vote🗳 #yeg a b", "f**k u!!! poliiiice", ""]
    with_c = [EDGE_MATCHER.find(normalise(r)) for r in raws]
    monkeypatch.setattr(matching, "_C_HITS", None)
    assert [EDGE_MATCHER.find(normalise(r)) for r in raws] == with_c
    assert with_c[0]  # the texts hold terms: the comparison is not of empty lists


@needs_c
def test_the_c_pass_refuses_hits_of_another_shape() -> None:
    assert matching._C_HITS is not None
    out: list[LexiconMatch] = []
    with pytest.raises(TypeError):
        matching._C_HITS(iter([(0, (1, True, True, ("w",), ()))]), "u", LexiconMatch, out)
    with pytest.raises(ValueError):
        matching._C_HITS(iter([(5, (1, True, True, (), ()))]), "u", LexiconMatch, out)
    with pytest.raises(TypeError):
        matching._C_HITS(iter([(0, (1, True))]), "u", LexiconMatch, out)


def test_socialpolicy_pure_turns_the_c_pass_off() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOCIALPOLICY_PURE"}
    code = "from socialpolicy.detectors import matching; print(matching._C_HITS is None)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**env, "SOCIALPOLICY_PURE": "1"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


# -- `find` over `_cngrams.lexicon_matches` (sorted and deduplicated in C) against the pure pass --

needs_sorted_c = pytest.mark.skipif(matching._C_SORTED is None, reason="the C extension is off")


def _find_both_ways(
    matcher: LexiconMatcher, raw: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[LexiconMatch], list[LexiconMatch]]:
    nt = normalise(raw)
    fast = matcher.find(nt)
    with monkeypatch.context() as m:
        m.setattr(matching, "_C_SORTED", None)
        m.setattr(matching, "_C_HITS", None)
        pure = matcher.find(nt)
    assert all(type(x) is LexiconMatch for x in fast)
    return fast, pure


@needs_sorted_c
@settings(max_examples=400, deadline=None)
@given(st.one_of(EDGE_TEXT, st.text(max_size=60)))
def test_find_in_c_order_is_the_pure_find(text: str) -> None:
    """Same matches, same order, each (lexicon, span) once, whichever prefix term came first."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, pure = _find_both_ways(EDGE_MATCHER, text, monkeypatch)
        assert fast == pure
        fast, pure = _find_both_ways(MATCHER, text, monkeypatch)
        assert fast == pure


@needs_sorted_c
@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
def test_find_in_c_order_is_the_pure_find_on_labelled_posts(
    pack: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socialpolicy as sp
    from _gate_posts import labelled_texts

    matcher = sp.load_policy(pack).matcher
    found = 0
    for raw in labelled_texts():
        fast, pure = _find_both_ways(matcher, raw, monkeypatch)
        assert fast == pure, raw
        found += len(fast)
        some = {m.lexicon_id for m in fast[::2]}
        assert matcher.find(normalise(raw), some) == [m for m in fast if m.lexicon_id in some]
    assert found > 1000


# -- the C extension's own automaton (`_cngrams.ac_build`, `ac_matches`) against pyahocorasick --

needs_compact = pytest.mark.skipif(matching._C_COMPACT is None, reason="the C extension is off")


def _raw_hits_both_ways(keys: list[str], text: str) -> tuple[list[tuple[int, int]], list[Any]]:
    """The compact automaton's raw hits and pyahocorasick's, both as (last, key index)."""
    from socialpolicy import _cngrams

    index = {k: i for i, k in enumerate(keys)}
    auto = ahocorasick.Automaton()
    for k in keys:
        auto.add_word(k, k)
    auto.make_automaton()
    payloads = tuple((len(k), True, True, (("x", k),), ()) for k in keys)
    compact = _cngrams.ac_build(keys, payloads, {"x": 0})
    return _cngrams.ac_hits(compact, text), [(last, index[k]) for last, k in auto.iter(text)]


@needs_compact
@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.text(alphabet="abé🗳 ", min_size=1, max_size=6), min_size=1, max_size=30, unique=True
    ),
    st.text(alphabet="abcé🗳 ", max_size=80),
)
def test_the_compact_automaton_hits_as_pyahocorasick_does(keys: list[str], text: str) -> None:
    # A small alphabet: keys inside keys, long fail chains, several keys ending at one place;
    # the order of the hits (by position, the longest first) is part of the contract.
    compact, pyaho = _raw_hits_both_ways(keys, text)
    assert compact == pyaho


def test_the_compact_automaton_reports_every_key_ending_at_a_place_longest_first() -> None:
    if matching._C_COMPACT is None:
        pytest.skip("the C extension is off")
    keys = ["a", "ba", "cba", "x"]
    compact, pyaho = _raw_hits_both_ways(keys, "cba xcba")
    assert compact == pyaho == [(2, 2), (2, 1), (2, 0), (4, 3), (7, 2), (7, 1), (7, 0)]


@needs_compact
@settings(max_examples=400, deadline=None)
@given(st.one_of(EDGE_TEXT, st.text(max_size=60)))
def test_compact_matches_are_the_sorted_pass_over_pyahocorasick(text: str) -> None:
    from socialpolicy import _cngrams

    for matcher in (EDGE_MATCHER, MATCHER):
        for t in (text, normalise(text).text):
            fast: list[LexiconMatch] = []
            slow: list[LexiconMatch] = []
            n_fast = _cngrams.ac_matches(matcher._compact, t, LexiconMatch, fast)
            n_slow = _cngrams.lexicon_matches(matcher._auto.iter(t), t, LexiconMatch, slow)
            assert (n_fast, fast) == (n_slow, slow)
            assert all(type(m) is LexiconMatch for m in fast)


@needs_compact
@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
def test_compact_matches_on_a_pack_and_labelled_posts(pack: str) -> None:
    import socialpolicy as sp
    from _gate_posts import labelled_texts
    from socialpolicy import _cngrams

    matcher = sp.load_policy(pack).matcher
    kept = 0
    for raw in labelled_texts():
        t = normalise(raw).text
        fast: list[LexiconMatch] = []
        slow: list[LexiconMatch] = []
        n_fast = _cngrams.ac_matches(matcher._compact, t, LexiconMatch, fast)
        n_slow = _cngrams.lexicon_matches(matcher._auto.iter(t), t, LexiconMatch, slow)
        assert (n_fast, fast) == (n_slow, slow), raw
        kept += len(fast)
    assert kept > 1000  # the posts hold pack terms: the comparison is not of empty lists


class _CountingAutomaton:
    """pyahocorasick's automaton, counting the scans made with it."""

    def __init__(self, auto: Any) -> None:
        self.auto = auto
        self.scans = 0

    def iter(self, text: str) -> Any:
        self.scans += 1
        return self.auto.iter(text)


@needs_compact
def test_a_plain_post_is_scanned_by_the_compact_automaton_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    matcher = LexiconMatcher(LEXICONS)
    counting = _CountingAutomaton(matcher._auto)
    monkeypatch.setattr(matcher, "_auto", counting)
    plain = matcher.find(normalise("you stupid idiot, chip in and donate to the conseil municipal"))
    assert {m.lexicon_id for m in plain} == {"profanity", "insult", "donation", "french"}
    assert counting.scans == 0
    # An elongated word is rescanned around its run with pyahocorasick's automata, as before.
    matcher.find(normalise("you stuuuupid f*ck"))
    assert counting.scans >= 1


def test_find_is_the_same_without_the_compact_automaton(monkeypatch: pytest.MonkeyPatch) -> None:
    raws = [
        "so u ed st police, polic pol don 🗳 vote🗳 #yeg a b",
        "f**k u!!! poliiiice",
        "",
        "donating donations, don't st st st",
    ]
    with_compact = [EDGE_MATCHER.find(normalise(r)) for r in raws]
    monkeypatch.setattr(matching, "_C_COMPACT", None)
    assert [EDGE_MATCHER.find(normalise(r)) for r in raws] == with_compact
    assert with_compact[0] and with_compact[3]


@needs_compact
def test_the_compact_automaton_refuses_what_it_cannot_build() -> None:
    from socialpolicy import _cngrams

    one = (1, True, True, (("x", "a"),), ())
    with pytest.raises(ValueError):
        _cngrams.ac_build([""], ((0, True, True, (), ()),), {"x": 0})  # an empty key
    with pytest.raises(ValueError):
        _cngrams.ac_build(["a", "a"], (one, one), {"x": 0})  # a key twice
    with pytest.raises(ValueError):
        _cngrams.ac_build(["a"], (), {"x": 0})  # no payload
    with pytest.raises(ValueError):
        _cngrams.ac_build(["ab"], (one,), {"x": 0})  # a payload of another key's length
    with pytest.raises(TypeError):
        _cngrams.ac_build(["a"], ((1, True),), {"x": 0})
    with pytest.raises(KeyError):
        _cngrams.ac_build(["a"], (one,), {})  # a lexicon id without a rank
    with pytest.raises(ValueError):
        _cngrams.ac_hits(object(), "a")  # not an automaton
