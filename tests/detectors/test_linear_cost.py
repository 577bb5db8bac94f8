"""Cost grows with the text, not faster: per character, 30,000 characters cost about what
3,000 do, for ordinary text and adversarial repeats, in the stages issue 13 made linear.

Two measures. The Python lines the work executes per character, a count that machine load
cannot change, held to a tight bound (1.3x: a re-read per match, the shape issue 13 removed,
costs 2x or more). And CPU time with the cyclic garbage collector paused (its passes grow with
the objects alive), best of several runs, held to a generous bound (2.5x) so that a loaded CI
machine does not fail it: it catches what the count cannot see, a quadratic cost inside one C
call (10x per character here). For a detector, each text is normalised and scanned once per
size and shared by its runs (a detector reads those caches; its own work is what is measured).
The exact figures (1k, 10k, 100k; target 1.3x) are printed by benchmarks/throughput.py.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

import socialpolicy as sp
from _policies import shared_policy
from socialpolicy.detectors import context as context_module
from socialpolicy.detectors import offensive as offensive_detector
from socialpolicy.detectors.advisory import AdvisoryDetector
from socialpolicy.detectors.clause_reader import ClauseReaderDetector
from socialpolicy.detectors.confidentiality import ConfidentialityDetector
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.identity import IdentityDetector
from socialpolicy.detectors.offensive import OffensiveDetector
from socialpolicy.detectors.operational import OperationalDetector
from socialpolicy.detectors.personal_data import PersonalDataDetector
from socialpolicy.detectors.policy_comment import PolicyCommentDetector
from socialpolicy.detectors.political import PoliticalDetector
from socialpolicy.detectors.respect import RespectDetector
from socialpolicy.detectors.role import RoleDetector
from socialpolicy.inputs import Post
from socialpolicy.models._ngrams import readings
from socialpolicy.models.offensive import load_offensive_model, tokens
from socialpolicy.normalise import NormalisedText, normalise

POLICY = shared_policy("toronto")
BOUND = 2.5
SMALL, LARGE = 3_000, 30_000

# The lexicons `benchmarks/linear_screen.py` showed growing (issue 13): a check per match that
# re-read its whole sentence or rebuilt a pool. On these texts the old code cost about 2x per
# character (a step) or more (quadratic) at the large size; the new about 1x. A 2x step must
# fail, but a time bound that tight fails on a loaded machine now and then (CI once measured
# 1.73x on a run that is 1.27x here). So the tight bound is put on a count that load cannot
# change: the Python lines the work executes, per character. Re-reading is a Python loop, so
# it shows in that count; a quadratic cost inside one C call (a slice, a regex run over the
# whole text) does not, and the time, held to BOUND, still catches that.
TIGHT = 1.3


def _lines(run: Callable[[], object]) -> int:
    """The Python lines `run` executes (in every function it calls): the same on any machine."""
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: object) -> Any:
        return local

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        run()
    finally:
        sys.settrace(previous)
    return count


def _terms(*prefixes: str, each: int = 2) -> str:
    """The first `each` terms of every lexicon whose id starts with one of `prefixes`: a unit
    shorter than SMALL, so that both sizes repeat the same mix."""
    return (
        " ".join(
            t
            for lex in POLICY.pack.lexicons
            if lex.id.startswith(prefixes)
            for t in lex.terms[:each]
        )
        + " "
    )


TEXTS = {
    "ordinary": "Officers attended a collision on the ring road this morning; the road is now "
    "open again. Thanks for your patience, and please drive safely in the rain. ",
    "phones": "Call 416-555-0199 or 647-555-0148, or our non-emergency line 416-808-2222. ",
    "emails": "Write to a.b@example.org or media@tps.ca, thanks @TorontoPolice @user ",
    "names": "Officer John Smith met Maria Lopez, 34, of 12 Main St. Kevin Wu saw Sgt. Lee. ",
    "elongations": "soooo goooood, fuuuuck noooo wayyyy idiooooot!!! ",
    "lexicon terms": _terms("", each=1),
    # one kind of pack term at a time: the cues a detector family looks up around each other
    "operational terms": _terms("ops_", "inv_"),
    "policy terms": _terms("policy_", "advisory_"),
    "role terms": _terms("role_"),
    "identity terms": _terms("identity_", "pd_"),
    # insults in one run-on sentence: each is asked whether a negation earlier in its clause
    # denies it, and the clause has no end
    "insults": "you idiot you moron you clown you absolute loser ",
    # retorts that open a sentence only when nothing but interjections comes before them
    "retorts": _terms("sarcastic_retorts", each=20),
    # phrases of another sense ("air raid") that every operational cue is checked against,
    # and the badge-and-benefit words every pair of which is weighed
    "other senses": _terms("ops_other_sense", each=40),
    "neglect": _terms("role_neglect", each=40),
}


def _text(kind: str, length: int) -> str:
    unit = TEXTS[kind]
    return (unit * (length // len(unit) + 1))[:length]


def _ctx(text: str) -> Context:
    post = Post(id="long", text=text, created_at="2025-06-02T12:00:00Z")  # type: ignore[arg-type]
    return Context(
        post=post,
        author=POLICY.pack.assumed_account,
        account_given=False,
        resources=POLICY._resources,
    )


def _scanned(kind: str, length: int) -> Context:
    """A context normalised and scanned: the detectors' shared caches."""
    ctx = _ctx(_text(kind, length))
    ctx.matches("text", ctx.post.text)
    return ctx


def _scan(ctx: Context) -> object:
    return ctx.matches("text", ctx.post.text)


def _detector(det: object) -> Callable[[Context], object]:
    def run(ctx: Context) -> object:
        return list(det.detect(ctx))  # type: ignore[attr-defined]

    return run


STAGES: dict[str, Callable[[Context], object]] = {
    "scan": _scan,
    "personal_data": _detector(PersonalDataDetector()),
    "identity": _detector(IdentityDetector()),
    "operational": _detector(OperationalDetector()),
    "policy_comment": _detector(PolicyCommentDetector()),
    "role": _detector(RoleDetector()),
    "respect": _detector(RespectDetector()),
    "offensive": _detector(OffensiveDetector()),
}
_FIRST = ("ordinary", "phones", "emails", "names", "elongations", "lexicon terms")
# Every stage of the first release of this test on every text it had; the detectors made
# linear since on the texts that give them the most cues at once.
CASES = [(stage, kind) for stage in ("scan", "personal_data", "identity") for kind in _FIRST] + [
    ("scan", "operational terms"),
    ("identity", "identity terms"),
    ("operational", "operational terms"),
    ("operational", "lexicon terms"),
    ("policy_comment", "policy terms"),
    ("policy_comment", "lexicon terms"),
    ("role", "role terms"),
    ("role", "lexicon terms"),
    ("offensive", "lexicon terms"),
    ("offensive", "role terms"),
    ("respect", "insults"),
    ("respect", "retorts"),
    ("operational", "other senses"),
    ("role", "neglect"),
    ("respect", "lexicon terms"),
]


def _per_char(stage: str, kind: str, length: int, runs: int) -> float:
    best = float("inf")
    shared = None if stage == "scan" else _scanned(kind, length)  # scanned once, read by each run
    gc.collect()  # once: the collector stays paused over the runs
    gc.disable()
    try:
        for _ in range(runs):
            if shared is None:
                ctx = _ctx(_text(kind, length))
                ctx.normalised("text", ctx.post.text)
            else:
                ctx = shared
            t0 = time.process_time()
            STAGES[stage](ctx)
            best = min(best, time.process_time() - t0)
    finally:
        gc.enable()
    return best / length


def _first_run(stage: str, kind: str, length: int) -> Callable[[], object]:
    if stage == "scan":
        return lambda: _scan(_ctx(_text(kind, length)))
    ctx = _scanned(kind, length)
    return lambda: STAGES[stage](ctx)


@pytest.mark.parametrize(("stage", "kind"), CASES)
def test_cost_per_character_does_not_grow(stage: str, kind: str) -> None:
    lines_small = _lines(_first_run(stage, kind, SMALL)) / SMALL
    lines_large = _lines(_first_run(stage, kind, LARGE)) / LARGE
    assert lines_large <= TIGHT * lines_small, (
        f"{stage} on {kind}: {lines_large:.2f} Python lines/char at {LARGE:,} vs "
        f"{lines_small:.2f} at {SMALL:,}"
    )
    small = _per_char(stage, kind, SMALL, 5)
    large = _per_char(stage, kind, LARGE, 3)
    if large > BOUND * small:  # a burst of load elsewhere: measure once more before failing
        small = min(small, _per_char(stage, kind, SMALL, 5))
        large = min(large, _per_char(stage, kind, LARGE, 3))
    assert large <= BOUND * small, (
        f"{stage} on {kind}: {large * 1e9:.0f} ns/char at {LARGE:,} vs {small * 1e9:.0f} at "
        f"{SMALL:,}"
    )


EDMONTON = shared_policy("edmonton")


def _edmonton_post(unit: str, length: int) -> Post:
    text = (unit * (length // len(unit) + 1))[:length]
    return Post(id="long", text=text, created_at="2025-06-02T12:00:00Z")  # type: ignore[arg-type]


def _edmonton_per_char(unit: str, length: int, runs: int) -> float:
    post = _edmonton_post(unit, length)
    return _best_per_char(lambda: EDMONTON.evaluate(post), length, runs)


@pytest.mark.parametrize("lexicon", ["closed_session", "briefing_source", "complaint_received"])
def test_confidentiality_cues_cost_linear(lexicon: str) -> None:
    """Repeated closed-session or briefing cues in one run-on sentence: each cue reads back a
    bounded stretch, not its whole sentence (that was 6-7x per character at 20k)."""
    terms = next(lex.terms for lex in EDMONTON.pack.lexicons if lex.id == lexicon)
    unit = " ".join(terms) + " "
    assert len(unit) < SMALL
    lines = [
        _lines(lambda n=n: EDMONTON.evaluate(_edmonton_post(unit, n))) / n for n in (SMALL, LARGE)
    ]
    assert lines[1] <= TIGHT * lines[0], f"{lexicon}: {lines[1]:.2f} vs {lines[0]:.2f} lines/char"
    small = _edmonton_per_char(unit, SMALL, 3)
    large = _edmonton_per_char(unit, LARGE, 2)
    if large > BOUND * small:  # a burst of load elsewhere: measure once more before failing
        small = min(small, _edmonton_per_char(unit, SMALL, 3))
        large = min(large, _edmonton_per_char(unit, LARGE, 2))
    assert large <= BOUND * small, f"{lexicon}: {large * 1e9:.0f} vs {small * 1e9:.0f} ns/char"


def _context(policy: sp.Policy, text: str) -> Context:
    post = Post(id="long", text=text, created_at="2025-06-02T12:00:00Z")  # type: ignore[arg-type]
    ctx = Context(
        post=post,
        author=policy.pack.assumed_account,
        account_given=False,
        resources=policy._resources,
    )
    ctx.matches("text", text)  # normalised and scanned: the caches a detector reads
    return ctx


def _unit(policy: sp.Policy, lexicon: str) -> str:
    return " ".join(next(lex.terms for lex in policy.pack.lexicons if lex.id == lexicon)) + " "


def _fill(prefix: str, unit: str, length: int) -> str:
    return prefix + (unit * (length // len(unit) + 1))[: length - len(prefix)]


def _best_per_char(run: Callable[[], object], length: int, runs: int) -> float:
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            t0 = time.process_time()
            run()
            best = min(best, time.process_time() - t0)
    finally:
        gc.enable()
    return best / length


def _assert_linear(
    what: str, make: Callable[[int], Callable[[], object]], small: int, large: int
) -> None:
    """`make(n)` prepares a text of `n` characters and returns the work to measure on it; each
    is counted on its first run (a later run may read what the first one cached)."""
    a, b = _lines(make(small)) / small, _lines(make(large)) / large
    assert b <= TIGHT * a, f"{what}: {b:.2f} Python lines/char at {large:,} vs {a:.2f} at {small:,}"
    run_small, run_large = make(small), make(large)
    ta = _best_per_char(run_small, small, 5)
    tb = _best_per_char(run_large, large, 3)
    if tb > BOUND * ta:  # a burst of load elsewhere: measure once more before failing
        ta = min(ta, _best_per_char(run_small, small, 5))
        tb = min(tb, _best_per_char(run_large, large, 3))
    assert tb <= BOUND * ta, (
        f"{what}: {tb * 1e9:.0f} ns/char at {large:,} vs {ta * 1e9:.0f} at {small:,}"
    )


def test_the_line_count_sees_a_quadratic_loop() -> None:
    """The count fails a loop that asks every earlier item (the shape issue 13 removed)."""

    def make(length: int) -> Callable[[], object]:
        words = _fill("", "a b ", length).split()

        def rereads() -> int:
            seen = 0
            for i in range(len(words)):
                for _earlier in words[:i]:
                    seen += 1
            return seen

        return rereads

    with pytest.raises(AssertionError, match="Python lines/char"):
        _assert_linear("every earlier item", make, 300, 3_000)


def _on(
    policy: sp.Policy, det: object, prefix: str, unit: str
) -> Callable[[int], Callable[[], object]]:
    def make(length: int) -> Callable[[], object]:
        ctx = _context(policy, _fill(prefix, unit, length))
        return lambda: list(det.detect(ctx))  # type: ignore[attr-defined]

    return make


def test_respect_asks_about_mentions_once_per_field() -> None:
    """Dismissive words in a run-on sentence with an "@" but no @mention: each was asked
    whether its sentence mentions someone by a search through the whole sentence."""
    make = _on(POLICY, RespectDetector(), "", "go away, get lost @ home and beat it ")
    _assert_linear("respect, dismissals beside a bare @", make, SMALL, LARGE)


def test_a_naming_verb_is_not_reread_for_every_later_match() -> None:
    """One naming verb ("called") early in a long sentence: every later match was asked how
    many words lie between them by reading them all (5x per character from 3k to 30k)."""
    naming = set(_unit(POLICY, "naming_verbs").split())
    unit = " ".join(w for w in _terms("role_").split() if w not in naming) + " "
    make = _on(POLICY, RoleDetector(), "They called me out ", unit)
    _assert_linear("role after a naming verb", make, SMALL, LARGE)


def test_policy_lookups_index_short_pools() -> None:
    """policy_topics repeated: lookups among pools of a few dozen matches each scanned the
    whole pool (3x per character from 3k to 30k)."""
    unit = _unit(POLICY, "policy_topics")
    make = _on(POLICY, PolicyCommentDetector(), "", unit)
    _assert_linear("policy_comment on policy_topics", make, SMALL, LARGE)


def test_political_asks_find_beneficiaries_near_them() -> None:
    """Edmonton's political_ask terms repeated: each ask filtered the whole pool of
    beneficiaries, and each campaign activity rebuilt a pool of all the others (8x per
    character from 1k to 100k)."""
    unit = _unit(EDMONTON, "political_ask")
    make = _on(EDMONTON, PoliticalDetector(), "", unit)
    _assert_linear("political on political_ask", make, SMALL, LARGE)


def test_a_negation_is_judged_without_rereading_its_clause() -> None:
    """The model's reading of a run-on clause of negations (ops_negator's words): whether each
    negation is declarative was decided by re-reading the clause before it (quadratic within
    each piece the detector reads)."""
    model = load_offensive_model()
    unit = _unit(POLICY, "ops_negator")

    def make(length: int) -> Callable[[], object]:
        nt = normalise(_fill("", unit, length))
        return lambda: tokens(nt, deny=True, offensive=model.leans_offensive)

    _assert_linear("offensive tokens over negations", make, SMALL, LARGE)


def test_the_offensive_evidence_reads_a_one_sentence_field_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A field of one sentence that the model flags: the evidence sentence is the stretch
    already read, so its words are not tokenised a second time (that doubled the cost of
    every long flagged text)."""
    read: list[int] = []

    def counting(nt: NormalisedText, start: int = 0, end: int | None = None, **kw: Any) -> Any:
        read.append((len(nt.text) if end is None else end) - start)
        return tokens(nt, start, end, **kw)

    def counting_both(nt: NormalisedText, start: int = 0, end: int | None = None, **kw: Any) -> Any:
        read.append((len(nt.text) if end is None else end) - start)
        return readings(nt, start, end, **kw)

    # The detector reads a stretch once for both readings (with and without denial), or
    # through the context's tokens, or with denial alone.
    monkeypatch.setattr(offensive_detector, "tokens", counting)
    monkeypatch.setattr(offensive_detector, "readings", counting_both)
    monkeypatch.setattr(context_module, "tokens", counting)
    text = _fill("", "you are a disgusting idiot and a pathetic moron ", SMALL)
    ctx = _context(POLICY, text)
    score = OffensiveDetector().field_score(ctx, "text", text)
    assert score.fires and score.sentence is not None
    assert sum(read) == len(ctx.normalised("text", text).text)


def test_a_covert_cue_looks_for_a_name_near_it_only() -> None:
    """Covert cues with no one described or named ("undercover cops near the mall"): each
    looked for an officer by rank or a name by searching the whole text (8x per character
    from 3k to 30k); the field's names are now found once and looked up by bisection."""
    make = _on(POLICY, OperationalDetector(), "", "undercover cops near the mall tonight ")
    _assert_linear("operational, covert cues without a name", make, SMALL, LARGE)


def test_a_reporting_cue_is_not_reread_for_every_later_match() -> None:
    """One reporting cue ("told") early in a long sentence of role terms: every later match
    asked each reporting cue before it whether a quotation closes it, and each quotation for
    each cue (5x per character from 3k to 30k). Only the cues that end after the last
    quotation closing before the match are read now, by bisection."""
    make = _on(POLICY, RoleDetector(), "", "they told me " + _terms("role_"))
    _assert_linear("role after a reporting cue", make, SMALL, LARGE)


def test_the_authors_own_speech_cues_are_set_aside_once() -> None:
    """ "like I said" repeated in one sentence: every insult asked every earlier speech cue
    whether its speaker is the author (7x per character from 3k to 30k); that is decided
    once per cue now."""
    make = _on(POLICY, RespectDetector(), "", "like I said you idiot cop ")
    _assert_linear("respect after the author's own speech cues", make, SMALL, LARGE)


def test_a_sentence_is_judged_counter_speech_once() -> None:
    """Hostile words repeated in one run-on sentence with denouncing frames among them: each
    was asked whether its sentence condemns abuse, and each asking read every denouncing cue
    of the sentence (3.8x per character from 3k to 30k); the answer is kept per sentence."""
    make = _on(POLICY, RespectDetector(), "", _unit(POLICY, "hostility"))
    _assert_linear("respect on hostility", make, SMALL, LARGE)


def test_a_name_asks_only_the_victim_cues_near_it() -> None:
    """Names among victim cues ("sadly died", "murder of") in one text: whether each person
    is the victim was asked of every victim cue of the field (2.8x per character from 3k to
    30k on claimed_status terms, which read as names); only the cues within reach of the
    name are asked now, found by bisection."""
    unit = "Officer Jon Reyes died " + _unit(POLICY, "claimed_status") + " murder of Ann Lee "
    make = _on(POLICY, IdentityDetector(), "", unit)
    _assert_linear("identity, names among victim cues", make, SMALL, LARGE)


def test_a_unit_count_asks_only_the_limiters_near_it() -> None:
    """Toronto's ops_no_cover terms ("no units available", "no cars") repeated: each counted
    unit word asked every limiter and every coverage phrase of the text whether it reaches
    the count (2.1x per character from 3k to 30k); only those within reach are asked now."""
    make = _on(POLICY, OperationalDetector(), "", _unit(POLICY, "ops_no_cover"))
    _assert_linear("operational on ops_no_cover", make, SMALL, LARGE)


def test_an_officers_home_asks_only_the_references_near_it() -> None:
    """Toronto's role_favour terms repeated: each home word ("lives on") asked every officer
    reference of the text whether it is within reach (1.7x per character from 3k to 30k);
    only those within reach are asked now."""
    make = _on(POLICY, OperationalDetector(), "", _unit(POLICY, "role_favour"))
    _assert_linear("operational on role_favour", make, SMALL, LARGE)


def test_a_sentence_asks_only_the_matches_near_it() -> None:
    """Edmonton's campaign_generic terms repeated: each stance asked every person of the text
    whether it starts in its sentence (2.3x per character from 3k to 30k); only the matches
    near the sentence are asked now."""
    make = _on(EDMONTON, PoliticalDetector(), "", _unit(EDMONTON, "campaign_generic"))
    _assert_linear("political on campaign_generic", make, SMALL, LARGE)


@pytest.mark.parametrize("lexicon", ["commission_activity", "in_camera_notice"])
def test_a_sentence_of_confidential_cues_asks_only_its_own_matches(lexicon: str) -> None:
    """Edmonton's commission_activity or in_camera_notice terms repeated: each sentence asked
    about (refused? said to be public? hedged?) asked every match of the field whether it
    starts there (7-9x per character from 3k to 30k); only the matches near it are asked."""
    make = _on(EDMONTON, ConfidentialityDetector(), "", _unit(EDMONTON, lexicon))
    _assert_linear(f"confidentiality on {lexicon}", make, SMALL, LARGE)


def test_a_redirect_asks_each_sentence_once() -> None:
    """Destinations ("corporate communications") and pointing words ("call") in separate
    sentences, as in a long thread of police posts: every destination asked every pointer
    whether they share a sentence (4.9x per character from 3k to 30k on police tweets
    repeated); the first pointer of each sentence is found once now."""
    unit = "Corporate Communications was there. Call 911 now. "
    make = _on(POLICY, AdvisoryDetector(), "", unit)
    _assert_linear("advisory, destinations and pointers in separate sentences", make, SMALL, LARGE)


def test_a_field_is_judged_readable_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Toronto's role_force_done terms repeated: in a long text several clauses fire, and
    each firing clause asked again whether the field is masked, reading every token (a pass
    per clause: 0.82 lines per character at 30k for the reader's own work, 0.46 now). That
    is asked once per field and reading now. Counted by calls, not per character: at 3k no
    clause fires, so the reader's own count per character steps up by the evidence work of
    the clauses that fire at 30k (more cues met, not growth)."""
    from socialpolicy.detectors import clause_reader

    asked: list[int] = []

    def counting(segments: Any) -> bool:
        asked.append(1)
        return original(segments)

    original = clause_reader._masked
    monkeypatch.setattr(clause_reader, "_masked", counting)
    ctx = _context(POLICY, _fill("", _unit(POLICY, "role_force_done"), LARGE))
    hits = list(ClauseReaderDetector().detect(ctx))
    # several clauses fire, each asking whether it may read the field; it was read once per
    # clause, and now once (or twice: the whole field, and the author's own words)
    assert len(hits) >= 2
    assert len(asked) <= 2 and len(asked) < len(hits)


@pytest.mark.parametrize("lexicon", ["vote_call", "partisan_backing"])
def test_vote_calls_ask_only_the_matches_near_them(lexicon: str) -> None:
    """Edmonton's vote_call or partisan_backing terms repeated ("vote for" is a campaign word
    and a backing word): each campaign word asked every backing word whether it is one of
    them, and each vote call listed every person of its run-on sentence (8x and 7x per
    character from 3k to 30k); each asks only the matches near it now."""
    make = _on(EDMONTON, PoliticalDetector(), "", _unit(EDMONTON, lexicon))
    _assert_linear(f"political on {lexicon}", make, SMALL, LARGE)


def test_partisan_backing_asks_only_the_references_near_it() -> None:
    """Edmonton's political_advocacy terms repeated: each backing word listed every political
    reference of the field that is not its own words (3.5x per character from 3k to 30k);
    only those within reach are listed now."""
    make = _on(EDMONTON, PoliticalDetector(), "", _unit(EDMONTON, "political_advocacy"))
    _assert_linear("political on political_advocacy", make, SMALL, LARGE)
