"""`benchmarks/line_screen.py` on tiny inputs, so that it does not rot: the count sees a loop
over every earlier item, a stage is counted per code object, and growth is reported with the
function responsible."""

from __future__ import annotations

import socialpolicy as sp
from _paths import load_benchmark as _load
from socialpolicy.inputs import Account

ls = _load("line_screen")
corpus = _load("_corpus")


def _rereads(n: int) -> int:
    seen = 0
    for i in range(n):
        for _ in range(i):
            seen += 1
    return seen


def test_a_quadratic_loop_is_flagged_with_its_function() -> None:
    a = ls.Screen(100, {"loop": ls.traced(lambda: _rereads(100))})
    b = ls.Screen(1_000, {"loop": ls.traced(lambda: _rereads(1_000))})
    (g,) = ls.growths("pack", "kind", a, b, 1.3, 3)
    assert g.stage == "loop" and g.ratio > 5
    assert "_rereads" in g.functions[0][0]


def test_every_stage_of_a_post_is_counted() -> None:
    policy = sp.load_policy("toronto")
    account = Account.model_validate(corpus.ACCOUNTS["toronto"])
    units = ls.kinds(policy, "Officers attended a collision on the ring road.", 600, 1_200)
    assert {"ordinary", "ordinary repeated", "phones", "emails"} <= set(units)
    assert all(len(u) <= 200 for k, u in units.items() if k.startswith("lex:"))
    out = ls.screen(policy, account, ls._fill(units["phones"], 600), None, True)
    assert {"normalise", "scan", "personal_data", "engine", "evaluate"} <= set(out.stages)
    assert out.per_char("evaluate") > out.per_char("scan") > 0
