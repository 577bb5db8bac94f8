#!/usr/bin/env python3
"""A fuzz run of the whole `check` path: reader, evaluate, decision log, over hostile records.

Run from a checkout:  python benchmarks/fuzz_check.py [--records 50000] [--seed 12] [--keep DIR]

It writes N hostile JSONL lines (deep nesting, huge integers, NaN and Infinity, invalid UTF-8,
lone surrogates, byte-order marks, control characters, enormous strings, wrong types in every
field, unknown fields, cut-short JSON, bad dates, and text made to trouble the detectors and
their regular expressions) mixed with ordinary posts, runs `socialpolicy check --format jsonl
--log LOG` on them in a fresh interpreter, and checks:

- no crash: the exit status is 2 (bad records were reported), never 1 with a traceback;
- no lost record: every non-blank line is either a decision or an error naming that line, and
  no line is reported twice;
- the log is complete: it holds exactly the decisions printed, in order, and `log verify`
  passes.

It prints the figures (records, judged, reported by error code, time) and exits 1 when any
check fails. `tests/test_fuzz_check.py` runs a few thousand records of it in the suite.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CREATED = "2025-05-04T18:40:00-04:00"
ORGS = ["tps", "epc", "other", "TPS", "", None, 7]
ROLES = ["officer", "civilian", "commissioner", "commission_staff", "third_party", "other", "x"]

# Text aimed at the detectors: invisible and look-alike characters, markup, numbers shaped
# like phone numbers, SINs, addresses and badge numbers, insults in disguise.
HOSTILE_TEXT = [
    "you idiot" + "\u200b" * 50,
    "m\u200bo\u200br\u200bo\u200bn",
    "\u202eredro\u202c call 416-555-0199",
    "Ｃａｌｌ ４１６-５５５-０１９９",
    "рolice сhief idiot",  # Cyrillic look-alikes
    "e\u0301" * 500,
    "**moron** <b>idiot</b> __loser__",
    "SIN 046 454 286 and 046-454-286",
    "12 Main St " * 50,
    "I live at 1234 Queen St W, Toronto ON M5V 2Z4",
    "badge #" + "9" * 200,
    "http://" + "a." * 500 + "com",
    "@" * 1000,
    "#" * 1000,
    "🤬" * 2000,
    "\U0001f600\ufe0f\u20e3" * 300,
    "\x00\x01\x02 nul and controls \x7f",
    "line\rbreak\u2028sep\u2029para\x85",
    "\ufeffBOM inside the text",
    "\ud7ff\ue000\uffff\U0010ffff",
    "a" * 20_000,
    "word " * 4_000,
    "!" * 5_000 + " you idiot",
    "Corp*rate Communi*ations",
    "vote for " + "candidate " * 500,
]

# Kept rare: without linear-time regexes each can cost the whole record budget.
PATHOLOGICAL_TEXT = [
    "SIN" + " " * 2_400 + "1",
    "12 Main St" + " " * 10_000,
    "you idiot " + "!" * 100_000,
    "x" * 99_999,
]

WRONG = [None, True, 0, -1, 1.5, "", "x", [], [1], {}, {"a": 1}, "2025-05-04", "\u0000"]
POST_FIELDS = [
    "id",
    "text",
    "created_at",
    "platform",
    "url",
    "visibility",
    "in_reply_to",
    "media",
    "links",
    "mentions",
    "hashtags",
]
ACCOUNT_FIELDS = [
    "handle",
    "platform",
    "display_name",
    "bio",
    "url",
    "official",
    "approved",
    "owner",
    "identifies_as_member",
    "previous_handles",
    "previous_display_names",
    "disclaimer",
]


def _post(rnd: random.Random, line: int, text: str | None = None) -> dict[str, Any]:
    return {
        "id": f"L{line}",
        "text": text if text is not None else rnd.choice(HOSTILE_TEXT),
        "created_at": CREATED,
    }


def _account(rnd: random.Random) -> dict[str, Any]:
    return {
        "handle": rnd.choice(["@pc", "@TPSOperations", "@" + "x" * 500, "@c\u200bhief"]),
        "official": rnd.random() < 0.3,
        "bio": rnd.choice(["", "Officer with TPS", "Views my own", "🤬" * 100]),
        "owner": {"organisation": rnd.choice(ORGS[:3]), "role": rnd.choice(ROLES[:6])},
    }


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _nest(rnd: random.Random, depth: int) -> str:
    if rnd.random() < 0.5:
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def _inject(rnd: random.Random, line: int, raw_value: str) -> bytes:
    """A post with one field (or an extra one) replaced by raw JSON text."""
    post = _post(rnd, line, "hello")
    key = rnd.choice([*POST_FIELDS, "extra", "text"])
    body = json.dumps(post)[:-1]
    return f'{body}, "{key}": {raw_value}}}'.encode()


def _gen_valid(rnd: random.Random, line: int) -> bytes:
    if rnd.random() < 0.5:
        return _dump(_post(rnd, line))
    return _dump({"post": _post(rnd, line), "account": _account(rnd)})


def _gen_deep(rnd: random.Random, line: int) -> bytes:
    depth = rnd.choice([33, 40, 100, 999, 1_000, 5_000, 50_000])
    if rnd.random() < 0.3:
        return _nest(rnd, depth).encode()
    return _inject(rnd, line, _nest(rnd, depth))


def _gen_number(rnd: random.Random, line: int) -> bytes:
    literal = rnd.choice(
        [
            "9" * rnd.choice([101, 4_300, 4_301, 50_000]),
            "-" + "1" * 5_000,
            "1." + "5" * 10_000,
            "1e999",
            "-1e999",
            "1e-99999",
            "NaN",
            "Infinity",
            "-Infinity",
            "0" * 200,
        ]
    )
    return _inject(rnd, line, literal)


def _gen_bad_utf8(rnd: random.Random, line: int) -> bytes:
    bad = rnd.choice([b"\xff", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"])
    good = _dump(_post(rnd, line, "caf\u00e9 bad bytes here"))
    at = rnd.randrange(len(good))
    return good[:at] + bad + good[at:]


def _gen_surrogate(rnd: random.Random, line: int) -> bytes:
    escape = rnd.choice(["\\ud800", "\\udfff", "\\udc00x", "\\ud83d"])
    key = rnd.choice(["id", "text", "platform"])
    post = _post(rnd, line, "hi")
    body = json.dumps({k: v for k, v in post.items() if k != key})[:-1]
    return f'{body}, "{key}": "a{escape}b"}}'.encode()


def _gen_bom(rnd: random.Random, line: int) -> bytes:
    bom = rnd.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"])
    return bom + _dump(_post(rnd, line, "after a BOM"))


def _gen_control(rnd: random.Random, line: int) -> bytes:
    ctl = chr(rnd.randrange(0, 32))
    if ctl in "\n":
        ctl = "\t"
    if rnd.random() < 0.5:  # raw in a string: invalid JSON
        return b'{"id": "L%d", "text": "a' % line + ctl.encode() + b'b", "created_at": "x"}'
    return _dump(_post(rnd, line, f"escaped {ctl} control"))


def _gen_huge(rnd: random.Random, line: int) -> bytes:
    size = rnd.choice([100_001, 200_000, 1_000_001])
    what = rnd.choice(["text", "id", "platform", "url", "extra"])
    post = _post(rnd, line, "short")
    post[what] = "y" * size
    return _dump(post)


def _gen_wrong_type(rnd: random.Random, line: int) -> bytes:
    if rnd.random() < 0.5:
        post = _post(rnd, line, "wrong type")
        post[rnd.choice(POST_FIELDS)] = rnd.choice(WRONG)
        return _dump(post)
    account = _account(rnd)
    account[rnd.choice(ACCOUNT_FIELDS)] = rnd.choice(WRONG)
    if rnd.random() < 0.3:
        account["owner"] = {"organisation": rnd.choice(ORGS), "role": rnd.choice(ROLES)}
    return _dump({"post": _post(rnd, line, "wrong account type"), "account": account})


def _gen_unknown(rnd: random.Random, line: int) -> bytes:
    rec: dict[str, Any] = {"post": _post(rnd, line, "unknown field"), "account": _account(rnd)}
    where = rnd.choice(["top", "post", "account", "owner", "media"])
    if where == "top":
        rec["surprise"] = 1
    elif where == "post":
        rec["post"]["__proto__"] = {"polluted": True}
    elif where == "account":
        rec["account"]["password"] = "x"
    elif where == "owner":
        rec["account"]["owner"]["rank"] = "chief"
    else:
        rec["post"]["media"] = [{"kind": "image", "exif": {"gps": [1, 2]}}]
    return _dump(rec)


def _gen_broken(rnd: random.Random, line: int) -> bytes:
    good = _dump({"post": _post(rnd, line), "account": _account(rnd)})
    choice = rnd.randrange(6)
    if choice == 0:
        return good[: rnd.randrange(1, len(good))]
    if choice == 1:
        return bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 200))).replace(b"\n", b".")
    if choice == 2:
        return rnd.choice([b"{}", b"[]", b"null", b"1", b'"text"', b"true", b"[{}]", b"{"])
    if choice == 3:
        return good + b" trailing"
    if choice == 4:
        return b'{"id": "L%d", "id": 1, "text": "dup", "created_at": "%s"}' % (
            line,
            CREATED.encode(),
        )
    return good.replace(b'"', b"'")


def _gen_dates(rnd: random.Random, line: int) -> bytes:
    post = _post(rnd, line, "dates")
    post["created_at"] = rnd.choice(
        [
            "2025-13-45T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59+23:59",
            "2025-05-04T18:40:00+99:00",
            "2025-05-04",
            "99999999999-01-01T00:00:00Z",
            "2025-05-04T18:40:00.123456789123Z",
            "1970-01-01T00:00:00Z",
            "tomorrow",
            1_746_398_400,
            -1e300,
        ]
    )
    return _dump(post)


def _gen_media(rnd: random.Random, line: int) -> bytes:
    post = _post(rnd, line, "photo")
    people = [{"name": "x" * 20, "consent": rnd.choice([True, False, None])}] * rnd.choice(
        [1, 100, 5_000]
    )
    post["media"] = [
        {
            "kind": rnd.choice(["image", "video", "hologram"]),
            "people": people,
            "location": {"lat": rnd.choice([43.6, 91, -1e308]), "lon": rnd.choice([-79.4, 181])},
        }
    ]
    return _dump(post)


def _gen_pathological(rnd: random.Random, line: int) -> bytes:
    return _dump(_post(rnd, line, rnd.choice(PATHOLOGICAL_TEXT)))


GENERATORS: list[tuple[float, Callable[[random.Random, int], bytes]]] = [
    (30, _gen_valid),
    (6, _gen_deep),
    (6, _gen_number),
    (6, _gen_bad_utf8),
    (5, _gen_surrogate),
    (4, _gen_bom),
    (5, _gen_control),
    (0.4, _gen_huge),
    (10, _gen_wrong_type),
    (6, _gen_unknown),
    (8, _gen_broken),
    (5, _gen_dates),
    (2, _gen_media),
]


def hostile_lines(n: int, seed: int, pathological: int = 0) -> Iterator[bytes]:
    """N JSONL lines (without their newline), `pathological` of them regex traps."""
    rnd = random.Random(seed)
    weights = [w for w, _ in GENERATORS]
    makers = [g for _, g in GENERATORS]
    traps = set(rnd.sample(range(1, n + 1), min(pathological, n)))
    for line in range(1, n + 1):
        maker = _gen_pathological if line in traps else rnd.choices(makers, weights)[0]
        raw = maker(rnd, line).replace(b"\n", b" ")
        if not raw.strip():
            raw = b"{}"
        yield raw


@dataclass
class FuzzReport:
    records: int
    judged: int = 0
    reported: int = 0
    codes: collections.Counter[str] = field(default_factory=collections.Counter)
    exit_code: int = 0
    logged: int = 0
    log_verified: bool = False
    wall_s: float = 0.0
    child_cpu_s: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _blank(raw: bytes) -> bool:
    """Lines the reader skips as blank (so they are not records)."""
    try:
        return not raw.decode("utf-8").removeprefix("\ufeff").strip()
    except UnicodeDecodeError:
        return False


def run(
    n: int, seed: int, workdir: Path, record_timeout: float = 2.0, pathological: int = 0
) -> FuzzReport:
    """Generate, run `check` in a fresh interpreter, and check the three promises."""
    from socialpolicy.audit.log import open_log

    posts = workdir / "hostile.jsonl"
    lines = list(hostile_lines(n, seed, pathological))
    posts.write_bytes(b"".join(raw + b"\n" for raw in lines))
    expected = {i for i, raw in enumerate(lines, start=1) if not _blank(raw)}
    log = workdir / "fuzz-log.sqlite"
    log.unlink(missing_ok=True)
    out, err = workdir / "out.jsonl", workdir / "err.txt"
    cmd = [sys.executable, "-m", "socialpolicy", "check", "--isolated", "--policy", "toronto"]
    cmd += ["--format", "jsonl", "--all", "--log", str(log)]
    cmd += ["--record-timeout", str(record_timeout), str(posts)]
    report = FuzzReport(records=len(expected))
    start = time.perf_counter()
    with out.open("wb") as fo, err.open("wb") as fe:
        proc = subprocess.run(cmd, stdout=fo, stderr=fe, check=False)
    report.wall_s = time.perf_counter() - start
    import resource

    report.child_cpu_s = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    report.exit_code = proc.returncode
    stderr = err.read_text("utf-8", "replace")
    if "Traceback" in stderr:
        report.problems.append("a traceback on stderr: " + stderr[-2000:])
    if proc.returncode != 2:
        report.problems.append(f"exit status {proc.returncode}, expected 2")
    printed: list[str] = []
    reported_lines: list[int] = []
    for text in out.read_text("utf-8").splitlines():
        item = json.loads(text)
        if "error" in item:
            report.codes[item["error"]["code"]] += 1
            reported_lines.append(item["error"]["location"]["line"])
        else:
            printed.append(item["post_id"])
    report.judged, report.reported = len(printed), len(reported_lines)
    if len(set(reported_lines)) != len(reported_lines):
        report.problems.append("a line was reported twice")
    if not set(reported_lines) <= expected:
        report.problems.append(
            f"errors at lines that are no records: {set(reported_lines) - expected}"
        )
    if report.judged + report.reported != report.records:
        report.problems.append(
            f"{report.records} records but {report.judged} judged + {report.reported} reported"
        )
    both = {p for p in printed if p[1:].isdigit() and int(p[1:]) in set(reported_lines)}
    if both:
        report.problems.append(f"lines both judged and reported: {sorted(both)[:5]}")
    with open_log(str(log)) as opened:
        logged = [r.decision["post_id"] for r in opened.records()]
        report.logged = len(logged)
        report.log_verified = opened.verify().ok
    if logged != printed:
        report.problems.append(f"the log holds {len(logged)} decisions, {len(printed)} printed")
    if not report.log_verified:
        report.problems.append("log verify failed")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--record-timeout", type=float, default=2.0)
    parser.add_argument("--pathological", type=int, default=8, help="regex-trap records")
    parser.add_argument("--keep", type=Path, help="keep the input, output and log here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="socialpolicy-fuzz-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rep = run(args.records, args.seed, workdir, args.record_timeout, args.pathological)
    print(f"records            {rep.records}")
    print(f"judged             {rep.judged}")
    print(f"reported           {rep.reported}")
    for code, count in rep.codes.most_common():
        print(f"  {code:<22} {count}")
    print(f"exit status        {rep.exit_code}")
    print(
        f"logged             {rep.logged} (log verify: {'intact' if rep.log_verified else 'FAILED'})"
    )
    print(f"wall time          {rep.wall_s:.1f} s ({rep.records / rep.wall_s:.0f} records/s)")
    print(f"check CPU time     {rep.child_cpu_s:.1f} s")
    for problem in rep.problems:
        print(f"PROBLEM: {problem}")
    print("no crash, no lost record" if rep.ok else "FAILED")
    return 0 if rep.ok else 1


if __name__ == "__main__":
    sys.exit(main())
