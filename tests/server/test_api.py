"""The HTTP API, driven over loopback against a real `socialpolicy serve` process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import socialpolicy as sp
from _paths import REPO
from _service import Running
from socialpolicy.audit.log import open_log
from socialpolicy.documents import sha256_hex

WHEN = "2025-05-01T10:00:00-04:00"
OFFICER = {"handle": "@officer.jo", "owner": {"organisation": "tps", "role": "officer"}}
BREACH = "Call my cousin Jo at 647-555-0148, she saw the whole thing."


def post(pid: str, text: str) -> dict[str, object]:
    return {"id": pid, "text": text, "created_at": WHEN}


@pytest.fixture(scope="module")
def toronto() -> sp.Policy:
    return sp.load_policy("toronto")


def test_packs_and_catalogue(service: Running) -> None:
    packs = httpx.get(service.url + "/v1/packs").json()
    assert [p["id"] for p in packs] == sp.builtin_pack_names()
    pack = sp.load_pack("toronto")
    detail = httpx.get(service.url + "/v1/packs/toronto").json()
    assert detail["digest"] == pack.digest
    assert [c["id"] for c in detail["clauses"]] == [c.id for c in pack.clauses]
    privacy = next(c for c in detail["clauses"] if c["id"] == "tps.privacy")
    assert {r["id"] for r in privacy["rules"]} == {
        r.id for r in pack.rules_for_clause("tps.privacy")
    }
    doc = pack.document(privacy["document_id"])
    start, end = privacy["span"]["start"], privacy["span"]["end"]
    assert doc.text[start:end] == pack.clause("tps.privacy").text
    cov = detail["coverage"]
    assert cov["without_rules"] == [] and cov["checkable"] == cov["checkable_with_rules"] > 0
    assert sum(cov["by_checked_by"].values()) == len(pack.clauses)

    rule_id = privacy["rules"][0]["id"]
    rule = httpx.get(f"{service.url}/v1/packs/toronto/rules/{rule_id}").json()
    assert [v["version"] for v in rule["versions"]] == [
        r.version for r in pack.rule_versions(rule_id)
    ]
    assert rule["versions"][0]["examples"]["fires"], "a rule's examples are served"
    clause = httpx.get(service.url + "/v1/packs/toronto/clauses/tps.privacy").json()
    assert clause["clause"]["text"] == pack.clause("tps.privacy").text
    text = httpx.get(f"{service.url}/v1/packs/toronto/documents/{doc.id}").json()
    assert sha256_hex(text["text"].encode(doc.encoding)) == doc.sha256


@pytest.mark.parametrize(
    ("path", "code", "suggestion"),
    [
        ("/v1/packs/toronot", "pack_not_found", "did you mean 'toronto'?"),
        ("/v1/packs/toronto/rules/tps.privacy.personal-informaton", "not_found", "did you mean"),
        ("/v1/packs/toronto/clauses/tps.privcy", "not_found", "did you mean 'tps.privacy'?"),
        ("/v1/packs/toronto/documents/nope", "not_found", None),
        ("/v2/elsewhere", "not_found", None),
    ],
)
def test_not_found_is_a_problem(
    service: Running, path: str, code: str, suggestion: str | None
) -> None:
    res = httpx.get(service.url + path)
    assert res.status_code == 404
    assert res.headers["content-type"] == "application/problem+json"
    body = res.json()
    assert body["code"] == code and body["status"] == 404 and body["instance"] == path
    assert body["type"].endswith("/" + code)
    if suggestion:
        assert suggestion in body["suggestion"]


def test_evaluate_is_the_librarys_decision(service: Running, toronto: sp.Policy) -> None:
    cases = [
        {"post": post("a", BREACH)},
        {"post": post("b", BREACH), "account": OFFICER},
        {"post": post("c", "Great turnout at the safety fair today!"), "as_of": "2025-06-01"},
        post("d", BREACH),  # a bare post, as a JSONL record may be
    ]
    for body in cases:
        res = httpx.post(service.url + "/v1/packs/toronto/evaluate", json=body)
        assert res.status_code == 200, res.text
        assert res.headers["content-type"] == "application/json"
        inner = body.get("post", body)
        from datetime import date

        on = date.fromisoformat(str(body["as_of"])) if "as_of" in body else None
        expected = toronto.evaluate(inner, account=body.get("account"), as_of=on)  # type: ignore[arg-type]
        assert res.content == expected.model_dump_json().encode("utf-8")
    first = httpx.post(service.url + "/v1/packs/toronto/evaluate", json=cases[0]).json()
    assert first["verdict"] == "violation"
    assert first["findings"][0]["citations"][0]["span"]["end"] > 0


def test_bad_evaluate_bodies_are_problems_with_locations(service: Running) -> None:
    url = service.url + "/v1/packs/toronto/evaluate"
    res = httpx.post(url, content=b'{"post": {"id": "1",\n "text": }}')
    assert res.status_code == 400
    body = res.json()
    assert body["code"] == "input_syntax_error"
    assert (body["location"]["line"], body["location"]["column"]) == (2, 10)

    res = httpx.post(url, json={"post": {"id": "1", "txt": "hi", "created_at": "yesterday"}})
    assert res.status_code == 422
    body = res.json()
    assert body["code"] == "input_validation_error"
    fields = {p["field"]: p["message"] for p in body["problems"]}
    assert "missing required field" in fields["post.text"]
    assert "did you mean 'text'?" in fields["post.txt"]
    assert "post.created_at" in fields

    res = httpx.post(url, json={"post": post("1", "hi"), "as_of": "last week"})
    assert res.status_code == 422 and res.json()["location"]["field"] == "as_of"
    res = httpx.post(url, content=b"")
    assert res.status_code == 400 and res.json()["location"]["field"] == "body"
    res = httpx.post(url, json=["not", "an", "object"])
    assert res.status_code == 422 and res.json()["code"] == "input_validation_error"


def test_check_streams_ndjson_like_the_cli(service: Running, tmp_path: Path) -> None:
    lines = [
        json.dumps(post("1", "Thanks to everyone who came to the community BBQ!")),
        "this is not json",
        json.dumps({"post": post("2", BREACH), "account": OFFICER}),
        "",
        json.dumps({"id": "3", "text": "no date"}),
        json.dumps(post("4", BREACH)),
    ]
    body = "\n".join(lines) + "\n"
    res = httpx.post(
        service.url + "/v1/packs/toronto/check",
        content=body.encode(),
        headers={"content-type": "application/x-ndjson"},
    )
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("application/x-ndjson")
    out = [json.loads(x) for x in res.text.splitlines()]
    assert len(out) == 5  # the blank line is not a record
    assert [o["error"]["location"]["line"] for o in out if "error" in o] == [2, 5]
    assert [o["error"]["code"] for o in out if "error" in o] == [
        "input_syntax_error",
        "input_validation_error",
    ]

    # The command line judges the same file the same way, line for line.
    src = tmp_path / "posts.jsonl"
    src.write_text(body, encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "socialpolicy", "check", "--policy", "toronto", "--isolated"]
        + ["--format", "jsonl", str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert cli.returncode == 2, cli.stderr  # bad records
    cli_out = [json.loads(x) for x in cli.stdout.splitlines()]
    assert [o for o in out if "error" not in o] == [o for o in cli_out if "error" not in o]
    assert [o["error"]["code"] for o in cli_out if "error" in o] == [
        o["error"]["code"] for o in out if "error" in o
    ]


def test_check_as_of_and_empty_body(service: Running) -> None:
    url = service.url + "/v1/packs/toronto/check"
    res = httpx.post(url, params={"as_of": "2025-06-30"}, content=json.dumps(post("1", "Hi")))
    assert json.loads(res.text)["as_of"] == "2025-06-30"
    res = httpx.post(url, params={"as_of": "June"}, content=b"{}")
    assert res.status_code == 422 and res.json()["location"]["field"] == "as_of"
    res = httpx.post(url, content=b"\n\n")
    (line,) = res.text.splitlines()
    assert json.loads(line)["error"]["code"] == "input_validation_error"


def test_decisions_are_in_the_log(service: Running) -> None:
    assert service.decision_log is not None
    before = _count(service.decision_log)
    for i in range(3):
        res = httpx.post(
            service.url + "/v1/packs/edmonton/evaluate", json={"post": post(f"log-{i}", BREACH)}
        )
        assert res.status_code == 200
    body = "\n".join(json.dumps(post(f"batch-{i}", "Hello")) for i in range(5))
    httpx.post(service.url + "/v1/packs/toronto/check", content=body.encode())
    # Answered means committed: no wait is needed before counting.
    assert _count(service.decision_log) == before + 8
    with open_log(service.decision_log, create=False) as log:
        assert log.verify().ok
        last = list(log.records(max(1, log.count() - 7)))
    assert [r.decision["post_id"] for r in last] == [f"log-{i}" for i in range(3)] + [
        f"batch-{i}" for i in range(5)
    ]


def _count(location: str) -> int:
    with open_log(location, create=False) as log:
        return log.count()


def test_health_and_metrics(service: Running) -> None:
    assert httpx.get(service.url + "/healthz").json()["status"] == "ok"
    ready = httpx.get(service.url + "/readyz").json()
    assert ready == {"status": "ok", "packs": ["edmonton", "toronto"], "log": True}
    httpx.post(service.url + "/v1/packs/toronto/evaluate", json={"post": post("m", BREACH)})
    res = httpx.get(service.url + "/metrics")
    assert res.headers["content-type"].startswith("text/plain")
    text = res.text
    assert (
        'socialpolicy_http_requests_total{method="POST",route="/v1/packs/{pack}/evaluate",status="200"}'
        in text
    )
    assert 'socialpolicy_http_request_duration_seconds_bucket{le="0.005"' in text
    assert 'socialpolicy_findings_total{level="violation",pack="toronto"}' in text
    assert "socialpolicy_log_records_total" in text


def test_served_openapi_is_the_committed_file(service: Running) -> None:
    served = httpx.get(service.url + "/openapi.json").json()
    committed = json.loads((REPO / "schemas" / "openapi.json").read_text("utf-8"))
    assert served == committed, "schemas/openapi.json is stale: run `make schemas`"
    assert served["openapi"] == "3.1.0"
    ev = served["paths"]["/v1/packs/{pack}/evaluate"]["post"]
    assert ev["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Decision"
    }
    assert "application/problem+json" in ev["responses"]["422"]["content"]


def test_openapi_decision_schema_validates_a_served_decision(service: Running) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    doc = httpx.get(service.url + "/openapi.json").json()
    decision = httpx.post(
        service.url + "/v1/packs/toronto/evaluate", json={"post": post("s", BREACH)}
    ).json()
    schema = {"$ref": "#/components/schemas/Decision", "components": doc["components"]}
    jsonschema.validate(decision, schema)
    problem = httpx.get(service.url + "/v1/packs/none").json()
    jsonschema.validate(
        problem, {"$ref": "#/components/schemas/Problem", "components": doc["components"]}
    )
