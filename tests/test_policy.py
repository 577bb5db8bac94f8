"""Policy.evaluate / evaluate_many: decisions, applicability, dates, threads, determinism."""

from __future__ import annotations

import json
import threading
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from socialpolicy.engine import durable_available
from socialpolicy.examples import run_examples

POLICIES = {name: sp.load_policy(name) for name in ("toronto", "edmonton")}

OFFICER: dict[str, Any] = {
    "handle": "@PCRivers",
    "display_name": "PC Sam Rivers",
    "bio": "Toronto Police Service, 31 Division.",
    "owner": {"organisation": "tps", "role": "officer"},
}
CITIZEN: dict[str, Any] = {
    "handle": "@jo",
    "bio": "Leslieville. Coffee.",
    "owner": {"organisation": "other", "role": "other"},
    "identifies_as_member": False,
}
PHONE_POST = {
    "id": "p1",
    "text": "Her brother said to call him at 647-555-0148 if you see her.",
    "created_at": "2025-05-04T18:40:00-04:00",
}


def post(text: str, **extra: Any) -> dict[str, Any]:
    return {"id": "x", "text": text, "created_at": "2025-05-04T18:40:00-04:00", **extra}


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_every_rule_example_holds(name: str) -> None:
    failures = [r.name + ": " + r.detail for r in run_examples(POLICIES[name]) if not r.ok]
    assert failures == []


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_every_rule_has_three_firing_and_three_quiet_examples(name: str) -> None:
    for rule in POLICIES[name].rules:
        assert len(rule.examples.fires) >= 3, rule.id
        assert len(rule.examples.passes) >= 3, rule.id


def test_finding_traces_to_rule_clause_and_sentence() -> None:
    pol = POLICIES["toronto"]
    d = pol.evaluate(PHONE_POST, account=OFFICER)
    assert d.verdict is sp.Verdict.VIOLATION
    f = next(f for f in d.findings if f.rule_id == "tps.privacy.personal-information")
    assert f.rule_version == "1.1.0" and f.clause_ids == ("tps.privacy",)
    doc = pol.pack.document("tps-seg")
    for cit in f.citations:
        assert doc.text[cit.span.start : cit.span.end] == cit.quote
    ev = f.evidence[0]
    assert ev.field == "text" and ev.span is not None
    assert PHONE_POST["text"][ev.span.start : ev.span.end] == "647-555-0148" == ev.text
    assert d.pack.digest == pol.digest and d.engine.name == pol.engine_name
    assert not d.account_assumed


def test_evidence_spans_index_the_original_text_after_normalisation() -> None:
    text = "Call my cousin at ４１６-５５５-０１９９ tonight\u200b."
    d = POLICIES["toronto"].evaluate(post(text), account=OFFICER)
    ev = [e for f in d.findings for e in f.evidence if e.detector == "personal_data"]
    assert ev and ev[0].span is not None
    assert text[ev[0].span.start : ev[0].span.end] == ev[0].text == "４１６-５５５-０１９９"


def test_author_the_pack_does_not_bind_is_not_judged() -> None:
    d = POLICIES["toronto"].evaluate(PHONE_POST, account=CITIZEN)
    assert d.verdict is sp.Verdict.PASS and d.findings == ()


def test_without_account_the_pack_member_is_assumed_and_account_rules_do_not_run() -> None:
    d = POLICIES["toronto"].evaluate(PHONE_POST)
    assert d.account_assumed and d.verdict is sp.Verdict.VIOLATION
    edm = POLICIES["edmonton"].evaluate(post("Great turnout at tonight's meeting."))
    assert edm.account_assumed and edm.verdict is sp.Verdict.PASS  # 3f is an account rule


def test_account_rule_levels_follow_known_and_unknown_facts() -> None:
    pol = POLICIES["edmonton"]
    official = {
        "handle": "@EPCForum",
        "official": True,
        "owner": {"organisation": "epc", "role": "commission_staff"},
    }
    hello = post("Welcome to our page.")
    assert (
        pol.evaluate(hello, account={**official, "approved": False}).verdict is sp.Verdict.VIOLATION
    )
    assert pol.evaluate(hello, account={**official, "approved": None}).verdict is sp.Verdict.REVIEW
    assert pol.evaluate(hello, account={**official, "approved": True}).verdict is sp.Verdict.PASS


def test_renamed_commissioner_account_is_still_bound() -> None:
    pol = POLICIES["edmonton"]
    renamed = {
        "handle": "@runner.sam",
        "display_name": "Sam O.",
        "bio": "Runner. Dad.",
        "owner": {"organisation": "epc", "role": "commissioner"},
        "identifies_as_member": False,
        "previous_display_names": ["Commissioner Sam Okoro"],
        "disclaimer": "Contact: sam@example.org. Comments moderated; not monitored for emergencies.",
    }
    text = "The resident who spoke tonight can be reached at 780-555-0142 if you want her side."
    d = pol.evaluate(post(text), account=renamed)
    assert "epc.3c" in d.clause_ids


def test_as_of_picks_the_rule_version_in_force() -> None:
    pol = POLICIES["edmonton"]
    acc = {
        "handle": "@CommrJones",
        "bio": "Commissioner, Edmonton Police Commission.",
        "disclaimer": "Views my own.",  # no contact information
        "owner": {"organisation": "epc", "role": "commissioner"},
    }
    old = pol.evaluate(post("Hello."), account=acc, as_of=date(2024, 3, 1))
    new = pol.evaluate(post("Hello."), account=acc, as_of=date(2025, 3, 1))
    assert old.as_of == date(2024, 3, 1) and old.verdict is sp.Verdict.PASS
    assert [(f.rule_id, f.rule_version) for f in new.findings] == [
        ("epc.3f.disclaimer-content", "1.0.0")
    ]
    early = pol.evaluate(post("Hello."), account=acc, as_of=date(2010, 1, 1))
    assert early.findings == () and early.notes and "no rule version" in early.notes[0]


def test_default_as_of_is_the_local_date_of_created_at() -> None:
    d = POLICIES["toronto"].evaluate(post("hi", created_at="2025-05-04T23:30:00-04:00"))
    assert d.as_of == date(2025, 5, 4)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"id": "x", "text": 5, "created_at": "2025-01-01T00:00:00Z"}, "post.text"),
        ({"id": "x", "text": "hi", "created_at": "yesterday"}, "post.created_at"),
        (
            {"id": "x", "text": "hi", "created_at": "2025-01-01T00:00:00Z", "colour": 1},
            "post.colour",
        ),
        ({"text": "hi", "created_at": "2025-01-01T00:00:00Z"}, "post.id"),
        (
            {"id": "x", "text": "hi", "created_at": "2025-01-01T00:00:00Z", "visibility": "secret"},
            "post.visibility",
        ),
        ({"id": "x", "text": "x" * 100_001, "created_at": "2025-01-01T00:00:00Z"}, "post.text"),
    ],
)
def test_bad_input_names_the_field(bad: dict[str, Any], field: str) -> None:
    with pytest.raises(sp.InputValidationError) as info:
        POLICIES["toronto"].evaluate(bad)
    assert info.value.location.field == field
    assert info.value.code == "input_validation_error"


def test_bad_account_names_the_field() -> None:
    with pytest.raises(sp.InputValidationError) as info:
        POLICIES["toronto"].evaluate(
            PHONE_POST, account={"handle": "@x", "owner": {"organisation": "tps", "role": "chief"}}
        )
    assert info.value.location.field == "account.owner.role"


def test_evaluate_many_streams_records_with_their_own_accounts() -> None:
    pol = POLICIES["toronto"]
    items = [
        PHONE_POST,
        {"post": PHONE_POST, "account": CITIZEN},
        sp.Post.model_validate(PHONE_POST),
    ]
    out = list(pol.evaluate_many(iter(items), account=OFFICER))
    assert [d.verdict for d in out] == [sp.Verdict.VIOLATION, sp.Verdict.PASS, sp.Verdict.VIOLATION]
    with pytest.raises(sp.InputValidationError) as info:
        list(pol.evaluate_many([PHONE_POST, {"id": 3}]))
    assert info.value.location.record == "2"


def test_decisions_are_deterministic_and_schema_shaped() -> None:
    pol = POLICIES["toronto"]
    a = pol.evaluate(PHONE_POST, account=OFFICER).model_dump_json()
    b = sp.load_policy("toronto").evaluate(PHONE_POST, account=OFFICER).model_dump_json()
    assert a == b
    data = json.loads(a)
    assert set(data) >= {
        "post_id",
        "verdict",
        "findings",
        "pack",
        "engine",
        "as_of",
        "input_digest",
    }
    assert set(data["findings"][0]) == {
        "level",
        "rule_id",
        "rule_version",
        "clause_ids",
        "citations",
        "evidence",
        "message",
        "remediation",
        "determinacy",
    }
    assert sp.Decision.model_validate_json(a).model_dump_json() == a


def test_two_threads_on_two_packs_agree_with_one_thread() -> None:
    texts = [
        "Call my cousin at 647-555-0148.",
        "Great turnout tonight!",
        "You're an idiot and everyone knows it.",
        "Pls donate to my friend's campaign for council, every $ helps.",
        "Long in-camera session tonight; the settlement is around $800K.",
    ] * 20
    posts = [post(t, id=str(i)) for i, t in enumerate(texts)]
    accounts = {
        "toronto": OFFICER,
        "edmonton": {
            "handle": "@CommrX",
            "bio": "Commissioner, Edmonton Police Commission.",
            "owner": {"organisation": "epc", "role": "commissioner"},
        },
    }
    expected = {
        n: [POLICIES[n].evaluate(p, account=accounts[n]).model_dump_json() for p in posts]
        for n in POLICIES
    }
    got: dict[str, list[str]] = {}

    def run(name: str) -> None:
        got[name] = [
            POLICIES[name].evaluate(p, account=accounts[name]).model_dump_json() for p in posts
        ]

    threads = [threading.Thread(target=run, args=(n,)) for n in POLICIES for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == expected


@pytest.mark.skipif(not durable_available(), reason="durable-rules not installed")
@pytest.mark.parametrize("name", sorted(POLICIES))
def test_reference_engine_gives_the_same_decisions(name: str) -> None:
    durable = POLICIES[name]
    reference = sp.load_policy(name, engine="reference")
    assert durable.engine_name == "durable" and reference.engine_name == "reference"
    for result in run_examples(durable):
        del result  # the examples pass on both: compared decision by decision below
    for rule in durable.rules:
        for ex in (*rule.examples.fires, *rule.examples.passes):
            text = ex.text if ex.text is not None else ex.post.text if ex.post else ""
            p = post(text)
            a = durable.evaluate(p, account=ex.account, as_of=rule.effective_from)
            b = reference.evaluate(p, account=ex.account, as_of=rule.effective_from)
            assert a.model_dump(exclude={"engine"}) == b.model_dump(exclude={"engine"})


ZERO_WIDTH = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_clauses_invariant_under_case_and_zero_width_characters(data: st.DataObject) -> None:
    base = data.draw(
        st.sampled_from(
            [
                "Call my cousin at 647-555-0148.",
                "You are a complete idiot.",
                "Volunteers needed to door knock for my friend's campaign for mayor!",
                "Great turnout at the community BBQ today.",
            ]
        )
    )
    chars = list(base)
    for _ in range(data.draw(st.integers(0, 3))):
        i = data.draw(st.integers(1, len(chars) - 1))
        if chars[i - 1].isalpha() and chars[i].isalpha():
            chars.insert(i, data.draw(ZERO_WIDTH))
    variant = "".join(chars)
    variant = variant.upper() if data.draw(st.booleans()) else variant
    for name, acc in (
        ("toronto", OFFICER),
        (
            "edmonton",
            {
                "handle": "@CommrX",
                "bio": "Commissioner, Edmonton Police Commission.",
                "disclaimer": "Contact: x@example.org. Comments moderated.",
                "owner": {"organisation": "epc", "role": "commissioner"},
            },
        ),
    ):
        a = POLICIES[name].evaluate(post(base), account=acc)
        b = POLICIES[name].evaluate(post(variant), account=acc)
        assert a.clause_ids == b.clause_ids, (base, variant)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_no_crash_on_any_text(text: str) -> None:
    for pol in POLICIES.values():
        d = pol.evaluate(post(text), account=OFFICER)
        assert d.verdict in set(sp.Verdict)
        for f in d.findings:
            for ev in f.evidence:
                if ev.field == "text" and ev.span is not None:
                    assert text[ev.span.start : ev.span.end] == ev.text
