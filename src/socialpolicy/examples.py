"""Running every rule's examples as tests (`socialpolicy test`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time
from pathlib import Path

from socialpolicy._yaml import Located, parse
from socialpolicy.errors import ExampleError, Location, PackError
from socialpolicy.inputs import Post
from socialpolicy.normalise import normalise
from socialpolicy.policy import Policy
from socialpolicy.rules import Example, Rule

ExampleKey = tuple[str, str, str, int]  # rule id (or "lexicon:<id>"), version, kind, index


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule_id: str
    rule_version: str
    kind: str  # "fires" or "passes"; "matches" or "no_match" for a lexicon
    index: int
    ok: bool
    detail: str
    location: Location | None = None  # the example in its YAML file, when the pack dir is known

    @property
    def name(self) -> str:
        if self.rule_id.startswith("lexicon:"):
            return f"{self.rule_id} {self.kind}[{self.index}]"
        return f"{self.rule_id}@{self.rule_version} {self.kind}[{self.index}]"

    @property
    def key(self) -> ExampleKey:
        return (self.rule_id, self.rule_version, self.kind, self.index)

    def error(self) -> ExampleError:
        """A failed example as a pack error that names its file, line and field."""
        return ExampleError(f"{self.name}: {self.detail}", self.location)


def locate_examples(pack_dir: Path) -> dict[ExampleKey, Location]:
    """Where each rule and lexicon example of a pack directory is: file, line and field.

    Files are named as the loader names them (relative to the pack's parent directory).
    A file that does not parse is left out: the loader reports it.
    """
    out: dict[ExampleKey, Location] = {}

    def read(path: Path) -> Located | None:
        try:
            rel = str(path.relative_to(pack_dir.parent))
            return parse(path.read_text(encoding="utf-8"), rel)
        except (OSError, UnicodeDecodeError, ValueError, PackError):
            return None

    for path in sorted((pack_dir / "rules").glob("*.yaml")):
        located = read(path)
        rules = located.data.get("rules") if located and isinstance(located.data, dict) else None
        if located is None or not isinstance(rules, list):
            continue
        for i, rule in enumerate(rules):
            if not isinstance(rule, dict) or not isinstance(rule.get("examples"), dict):
                continue
            for kind in ("fires", "passes"):
                items = rule["examples"].get(kind)
                for j in range(len(items) if isinstance(items, list) else 0):
                    key = (str(rule.get("id")), str(rule.get("version")), kind, j)
                    out[key] = located.location(("rules", i, "examples", kind, j))
    for path in sorted((pack_dir / "lexicons").glob("*.yaml")):
        located = read(path)
        if located is None or not isinstance(located.data, dict):
            continue
        lex_id = str(located.data.get("id", path.stem))
        for kind, field in (("matches", "examples_match"), ("no_match", "examples_no_match")):
            items = located.data.get(field)
            for j in range(len(items) if isinstance(items, list) else 0):
                out[(f"lexicon:{lex_id}", "-", kind, j)] = located.location((field, j))
    return out


def with_locations(results: list[ExampleResult], pack_dir: Path) -> list[ExampleResult]:
    """The results, each failed one with the file and line of its example."""
    if all(r.ok for r in results):
        return results
    where = locate_examples(pack_dir)
    return [r if r.ok else replace(r, location=where.get(r.key)) for r in results]


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
