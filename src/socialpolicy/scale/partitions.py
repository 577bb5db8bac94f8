"""What one partition of a large archive runs, on Dask, Spark or any other engine.

`judge_partition` takes a partition's records (post dicts, `{"post", "account"}` records,
`Post`/`Record` models, or JSON lines as `str`/`bytes`) and the Policy. The Policy pickles by
its pack's content and each worker process compiles it once (`shipping`), so shipping it with
every task costs one dictionary look-up per task on the worker.

`findings_rows` flattens outcomes to one row per finding and clause (a post with no finding
gets one row with empty rule columns, so every post's verdict is in the table; a record that
could not be judged gets one row with its error), and `findings_table` makes a pandas frame or
an Arrow table of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from socialpolicy.decisions import Decision
from socialpolicy.errors import InputSyntaxError, Location
from socialpolicy.inputs import Account, Post
from socialpolicy.scale.pool import Outcome, judge_chunk

if TYPE_CHECKING:
    from socialpolicy.policy import AccountLike, Policy

__all__ = [
    "FINDINGS_COLUMNS",
    "findings_partition",
    "findings_rows",
    "findings_table",
    "judge_partition",
]

# (name, pandas dtype, Arrow type name): the flat findings table.
FINDINGS_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("record", "string", "string"),  # the record's label (partition:index unless given)
    ("post_id", "string", "string"),
    ("verdict", "string", "string"),  # pass / advice / review / violation; empty on error
    ("rule_id", "string", "string"),
    ("rule_version", "string", "string"),
    ("clause_id", "string", "string"),
    ("level", "string", "string"),
    ("pack_digest", "string", "string"),
    ("error_code", "string", "string"),
    ("error", "string", "string"),
)


def _record(item: Any, label: str) -> Any:
    """A JSON line becomes its data; anything else is judged as it is."""
    if isinstance(item, bytes | bytearray):
        item = bytes(item).decode("utf-8", errors="replace")
    if isinstance(item, str):
        try:
            return json.loads(item)
        except json.JSONDecodeError as exc:
            raise InputSyntaxError(
                f"malformed JSON: {exc.msg}", Location(record=label, column=exc.colno)
            ) from None
    return item


def judge_partition(
    records: Iterable[Any],
    policy: Policy,
    account: AccountLike | None = None,
    as_of: date | None = None,
    *,
    prefix: str = "",
) -> list[Outcome]:
    """Each record's Decision, or the `SocialPolicyError` it raised, in order.

    Records are labelled `prefix` + their 1-based position in the partition in errors. They
    are judged as a pool's worker judges its chunk (`pool.judge_chunk`: `BATCH` at a time,
    detector by detector, the same decisions as one by one); whatever one record raises is
    that record's error (a `RecordFailedError` when it is no `SocialPolicyError`), and the
    others are judged.
    """
    from socialpolicy.policy import coerce_account

    acc: Account | None = coerce_account(account) if account is not None else None
    labelled = ((f"{prefix}{i}", item) for i, item in enumerate(records, start=1))
    return judge_chunk(policy, labelled, acc, as_of, read=_read)


def _read(item: Any, label: str | None) -> tuple[Post, Account | None]:
    from socialpolicy.policy import coerce_record

    return coerce_record(_record(item, label or ""), record=label)


def findings_rows(
    outcomes: Iterable[Outcome], *, prefix: str = ""
) -> Iterator[dict[str, str | None]]:
    """One flat row per finding and clause; see the module docstring."""
    for i, outcome in enumerate(outcomes, start=1):
        label = f"{prefix}{i}"
        empty: dict[str, str | None] = dict.fromkeys(name for name, _, _ in FINDINGS_COLUMNS)
        if not isinstance(outcome, Decision):
            yield {
                **empty,
                "record": outcome.location.record or label,
                "error_code": outcome.code,
                "error": str(outcome),
            }
            continue
        base = {
            **empty,
            "record": label,
            "post_id": outcome.post_id,
            "verdict": outcome.verdict.value,
            "pack_digest": outcome.pack.digest,
        }
        if not outcome.findings:
            yield base
            continue
        for f in outcome.findings:
            for clause in f.clause_ids or (None,):
                yield {
                    **base,
                    "rule_id": f.rule_id,
                    "rule_version": f.rule_version,
                    "clause_id": clause,
                    "level": f.level.value,
                }


def findings_table(outcomes: Iterable[Outcome], *, arrow: bool = False, prefix: str = "") -> Any:
    """`findings_rows` as a pandas DataFrame (string columns), or a pyarrow Table."""
    rows = list(findings_rows(outcomes, prefix=prefix))
    if arrow:
        import pyarrow as pa

        schema = pa.schema([(name, pa.string()) for name, _, _ in FINDINGS_COLUMNS])
        return pa.Table.from_pylist(rows, schema=schema)
    import pandas as pd

    columns = [name for name, _, _ in FINDINGS_COLUMNS]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return frame.astype(dict((name, dtype) for name, dtype, _ in FINDINGS_COLUMNS))


def findings_partition(
    records: Iterable[Any],
    policy: Policy,
    account: AccountLike | None = None,
    as_of: date | None = None,
    *,
    prefix: str = "",
) -> list[dict[str, str | None]]:
    """`judge_partition` then `findings_rows`: the flat rows of one partition."""
    outcomes = judge_partition(records, policy, account, as_of, prefix=prefix)
    return list(findings_rows(outcomes, prefix=prefix))
