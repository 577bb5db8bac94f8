"""Evasion resistance, measured on the packs' own rule examples.

Each `fires:` example of each rule is obfuscated the way evaders write (markdown and HTML
emphasis, emoji and symbols inside words, spaced/dotted/hyphenated letters, digits and
symbols for letters, single-letter masks) and must still fire the same rule; each
`passes:` example, obfuscated the same way, must not gain a finding. Targets (issue 12):
>= 95% of firing examples still fire, <= 1% of passing examples gain a finding, per kind.

Run as a script to print the table: `python tests/test_evasion.py`.
"""

from __future__ import annotations

import re
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import pytest

from _policies import shared_policy
from socialpolicy import Policy
from socialpolicy.examples import example_post
from socialpolicy.inputs import Post
from socialpolicy.normalise import normalise
from socialpolicy.rules import Rule

FIRE_TARGET = 0.95
PASS_TARGET = 0.01
# Kinds that do not reach the target yet, with the floor they do reach (a regression guard,
# not the target): (share of firing examples still firing, share of passing ones gaining).
# Every kind meets the targets now (the single-letter mask since masked ordinary words read
# as the words they hide, and context or the text's other masks choose between readings).
SHORTFALL: dict[str, tuple[float, float]] = {}
PACKS = ("toronto", "edmonton")

# Whole tokens of 3+ characters that start and end with a letter ("idiot", "sh!t", not the
# "diot" of "1diot"): what an evader rewrites.
_WORD = re.compile(r"(?<![\w@$!#*])[A-Za-z][\w@$!#*]*[A-Za-z](?![\w@$!#*])")


def _pick(word: str, options: str) -> str:
    """A deterministic choice per word (the test must not change from run to run)."""
    return options[zlib.crc32(word.encode()) % len(options)]


def _inside(word: str, sep: str) -> str:
    mid = len(word) // 2
    return word[:mid] + sep + word[mid:]


_LEET_DIGITS = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
_LEET_SYMBOLS = {"a": "@", "s": "$", "i": "!"}
_VOWELS = "aeiou"


def _leet(word: str, table: dict[str, str]) -> str:
    """Every letter that has a stand-in, after the first letter (`m0r0n`, `$hit`)."""
    out = [word[0] if table is _LEET_DIGITS else table.get(word[0].lower(), word[0])]
    out += [table.get(c.lower(), c) for c in word[1:]]
    return "".join(out)


def _mask(word: str) -> str:
    """One interior letter hidden by `*`: a vowel when there is one (`m*ron`)."""
    inner = [i for i in range(1, len(word) - 1) if word[i].lower() in _VOWELS]
    i = inner[0] if inner else len(word) // 2
    return word[:i] + "*" + word[i + 1 :]


KINDS: dict[str, Callable[[str], str]] = {
    "markdown": lambda w: f"**{w}**",
    "markdown_underscore": lambda w: f"_{w}_",
    "html": lambda w: f"<b>{w}</b>",
    "emoji_inside": lambda w: _inside(w, _pick(w, "🤬😡🙄🤡💩")),
    "symbol_inside": lambda w: _inside(w, _pick(w, "•|~^+")),
    "spaced": lambda w: " ".join(w),
    "dotted": lambda w: ".".join(w),
    "hyphenated": lambda w: "-".join(w),
    "digits_for_letters": lambda w: _leet(w, _LEET_DIGITS),
    "symbols_for_letters": lambda w: _leet(w, _LEET_SYMBOLS),
    "single_mask": _mask,
}

# Latin letters and their Cyrillic lookalikes.
_HOMOGLYPHS = str.maketrans("aceopxyiAСEOPXHKMT", "асеорхуіАСЕОРХНКМТ")


@cache
def _policy(name: str) -> Policy:
    return shared_policy(name)


@dataclass(frozen=True)
class Case:
    pack: str
    rule: Rule
    kind: str  # "fires" or "passes"
    index: int
    post: Post
    targets: tuple[tuple[int, int], ...]  # the word to obfuscate (span of the text)
    others: tuple[tuple[int, int], ...]  # other words of 5+ letters


def _targets(
    policy: Policy, text: str
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """(the word to obfuscate, the other words of 5+ letters), as spans of `text`.

    The first is the longest word inside a lexicon term (what made the rule fire, usually,
    and what an evader hides); the second get masks in passing examples, to check that no
    insult is read into ordinary words (`Corp*rate Communi*ations`)."""
    nt = normalise(text)
    words = [m.span() for m in _WORD.finditer(text)]
    matched: set[tuple[int, int]] = set()
    for m in policy.matcher.find(nt):
        a, b = nt.original_offsets(m.start, m.end)
        matched.update(w for w in words if a <= w[0] and w[1] <= b)
    others = [w for w in words if w[1] - w[0] >= 5 and w not in matched]
    if not matched:
        return (), tuple(others)
    # The longest (then the first) such word: an evader hides the word that gives the post
    # away, as in `learn to drive, **moron**`; masking "y*u" and "th*s" too is not a thing.
    key = max(matched, key=lambda w: (w[1] - w[0], -w[0]))
    return (key,), tuple(others)


def cases() -> Iterator[Case]:
    for name in PACKS:
        policy = _policy(name)
        for rule in policy.rules:
            for kind, examples in (
                ("fires", rule.examples.fires),
                ("passes", rule.examples.passes),
            ):
                for i, example in enumerate(examples):
                    post = example_post(rule, kind, i, example)
                    targets, others = _targets(policy, post.text)
                    if targets:
                        yield Case(name, rule, kind, i, post, targets, others)


def obfuscate(text: str, spans: tuple[tuple[int, int], ...], how: Callable[[str], str]) -> str:
    out: list[str] = []
    pos = 0
    for a, b in spans:
        out.append(text[pos:a])
        out.append(how(text[a:b]))
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _judge(case: Case, text: str) -> set[tuple[str, str]]:
    policy = _policy(case.pack)
    example = (case.rule.examples.fires if case.kind == "fires" else case.rule.examples.passes)[
        case.index
    ]
    post = case.post.model_copy(update={"text": text})
    decision = policy.evaluate(
        post, account=example.account, as_of=example.as_of or case.rule.effective_from
    )
    return {(f.rule_id, f.rule_version) for f in decision.findings}


@dataclass
class Tally:
    total: int = 0
    good: int = 0
    failures: list[str] | None = None

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.good += ok
        if not ok:
            if self.failures is None:
                self.failures = []
            self.failures.append(what)

    @property
    def rate(self) -> float:
        return self.good / self.total if self.total else 1.0


@cache
def measure() -> dict[tuple[str, str], Tally]:
    """(kind of obfuscation, "fires"/"passes") -> tally. For "fires", good = still fires;
    for "passes", good = gained no finding."""
    out: dict[tuple[str, str], Tally] = {}
    all_cases = list(cases())
    for case in all_cases:
        key = (case.rule.id, case.rule.version)
        before = _judge(case, case.post.text)
        if case.kind == "fires" and key not in before:
            continue  # an example that fails as written is test_packs' business
        for kind, how in KINDS.items():
            spans = case.targets
            if kind == "single_mask" and case.kind == "passes":
                spans = tuple(sorted(spans + case.others))
            text = obfuscate(case.post.text, spans, how)
            after = _judge(case, text)
            ok = key in after if case.kind == "fires" else after <= before
            tally = out.setdefault((kind, case.kind), Tally())
            got = sorted(after - before) if case.kind == "passes" else "quiet"
            tally.add(ok, f"{case.rule.id} {case.kind}[{case.index}]: {text!r} -> {got}")
    # Homoglyphs: every Latin letter with a Cyrillic lookalike, in the privacy examples.
    for case in all_cases:
        if "privacy" not in case.rule.id and not case.rule.id.startswith(
            ("tps.privacy", "epc.privacy")
        ):
            continue
        key = (case.rule.id, case.rule.version)
        before = _judge(case, case.post.text)
        if case.kind == "fires" and key not in before:
            continue
        text = case.post.text.translate(_HOMOGLYPHS)
        after = _judge(case, text)
        ok = key in after if case.kind == "fires" else after <= before
        out.setdefault(("homoglyphs", case.kind), Tally()).add(
            ok, f"{case.rule.id} {case.kind}[{case.index}]: {text!r}"
        )
    return out


def table() -> str:
    rows = ["kind                  fires still fire      passes gaining a finding"]
    results = measure()
    for kind in [*KINDS, "homoglyphs"]:
        f = results.get((kind, "fires"), Tally())
        p = results.get((kind, "passes"), Tally())
        rows.append(
            f"{kind:<21} {f.good:>4}/{f.total:<4} {f.rate:7.1%}      "
            f"{p.total - p.good:>4}/{p.total:<4} {1 - p.rate:7.1%}"
        )
    return "\n".join(rows)


@pytest.mark.parametrize("kind", [*KINDS, "homoglyphs"])
def test_obfuscated_firing_examples_still_fire(kind: str) -> None:
    tally = measure()[(kind, "fires")]
    assert tally.total > 0
    target = SHORTFALL.get(kind, (FIRE_TARGET, PASS_TARGET))[0]
    assert tally.rate >= target, "\n".join((tally.failures or [])[:40])


@pytest.mark.parametrize("kind", [*KINDS, "homoglyphs"])
def test_obfuscated_passing_examples_gain_no_finding(kind: str) -> None:
    tally = measure()[(kind, "passes")]
    assert tally.total > 0
    target = SHORTFALL.get(kind, (FIRE_TARGET, PASS_TARGET))[1]
    assert 1 - tally.rate <= target, "\n".join((tally.failures or [])[:40])


@pytest.mark.parametrize(
    "text",
    [
        "Corp*rate Communi*ations can walk you through it.",
        "We'll keep you upd*ted as the inv*stigation c*ntinues.",
        "C*llision reporting c*ntres are open 24/7.",
        "Road closed on the A55 and M25 this morning, and the covid19 clinic moved.",
    ],
)
def test_no_insult_is_read_into_ordinary_words(text: str) -> None:
    policy = _policy("toronto")
    post = Post(id="x", text=text, created_at="2024-05-01T12:00:00Z")  # type: ignore[arg-type]
    found = {f.rule_id for f in policy.evaluate(post).findings}
    assert not {r for r in found if r.startswith("tps.treat-others")}, found


if __name__ == "__main__":
    print(table())
    if "-v" in sys.argv:
        for (kind, which), tally in measure().items():
            for f in tally.failures or []:
                print(kind, which, f)
