"""Running every rule's examples as tests (`socialpolicy test`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from socialpolicy.inputs import Post
from socialpolicy.normalise import normalise
from socialpolicy.policy import Policy
from socialpolicy.rules import Example, Rule


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule_id: str
    rule_version: str
    kind: str  # "fires" or "passes"
    index: int
    ok: bool
    detail: str

    @property
    def name(self) -> str:
        if self.rule_id.startswith("lexicon:"):
            return f"{self.rule_id} {self.kind}[{self.index}]"
        return f"{self.rule_id}@{self.rule_version} {self.kind}[{self.index}]"


def example_post(rule: Rule, kind: str, index: int, example: Example) -> Post:
    noon = datetime.combine(example.as_of or rule.effective_from, time(12), tzinfo=UTC)
    ident = f"{rule.id}@{rule.version}:{kind}[{index}]"
    if example.text is not None:
        return Post(id=ident, text=example.text, created_at=noon)
    assert example.post is not None
    data = example.post.model_dump(exclude_unset=True)
    data.setdefault("id", ident)
    if data.get("created_at") is None:
        data["created_at"] = noon
    return Post.model_validate(data)


def run_lexicon_examples(policy: Policy, lexicon_filter: str | None = None) -> list[ExampleResult]:
    """Each lexicon's `examples_match` must contain one of its terms; `examples_no_match` none."""
    results: list[ExampleResult] = []
    matcher = policy.matcher
    for lex in policy.pack.lexicons:
        if lexicon_filter and lexicon_filter not in lex.id:
            continue
        for kind, texts, want in (
            ("matches", lex.examples_match, True),
            ("no_match", lex.examples_no_match, False),
        ):
            for i, text in enumerate(texts):
                found = [m.term for m in matcher.find(normalise(text)) if m.lexicon_id == lex.id]
                ok = bool(found) is want
                detail = (
                    ""
                    if ok
                    else (
                        f"expected {'a term' if want else 'no term'} of lexicon {lex.id} in {text!r}; "
                        f"found {found or 'none'}"
                    )
                )
                results.append(ExampleResult(f"lexicon:{lex.id}", "-", kind, i, ok, detail))
    return results


def run_examples(policy: Policy, rule_filter: str | None = None) -> list[ExampleResult]:
    """Judge every example of every rule version, and every lexicon example."""
    results: list[ExampleResult] = run_lexicon_examples(policy, rule_filter)
    for rule in policy.rules:
        if rule_filter and rule_filter not in rule.id:
            continue
        for kind, examples in (("fires", rule.examples.fires), ("passes", rule.examples.passes)):
            for i, example in enumerate(examples):
                post = example_post(rule, kind, i, example)
                decision = policy.evaluate(
                    post, account=example.account, as_of=example.as_of or rule.effective_from
                )
                fired = any(
                    f.rule_id == rule.id and f.rule_version == rule.version
                    for f in decision.findings
                )
                ok = fired if kind == "fires" else not fired
                others = (
                    ", ".join(f"{f.rule_id}@{f.rule_version}" for f in decision.findings) or "none"
                )
                detail = (
                    f"expected the rule to {'fire' if kind == 'fires' else 'stay quiet'}, "
                    f"but it {'fired' if fired else 'did not fire'}; findings: {others}"
                    f"; text: {post.text[:120]!r}"
                )
                results.append(
                    ExampleResult(rule.id, rule.version, kind, i, ok, "" if ok else detail)
                )
    return results
