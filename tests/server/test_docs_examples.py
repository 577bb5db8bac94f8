"""The curl and JavaScript fetch examples of docs/service.md, run against a real service."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from _paths import REPO
from _service import Running

PAGE = REPO / "docs" / "service.md"
DOCS_URL = "http://localhost:8080"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", PAGE.read_text("utf-8"), re.S)


def _curl_commands() -> list[str]:
    commands = []
    for block in _blocks("console"):
        text = block.replace("\\\n", " ")
        for line in text.splitlines():
            line = line.removeprefix("$ ").strip()
            if "curl " in line and DOCS_URL in line:
                commands.append(line)
    return commands


def test_the_page_has_examples() -> None:
    assert len(_curl_commands()) >= 5
    assert len(_blocks("js")) == 1


@pytest.mark.parametrize("command", _curl_commands())
def test_curl_example(service: Running, command: str) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    done = subprocess.run(
        ["sh", "-c", command.replace(DOCS_URL, service.url) + " --fail-with-body"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TOKEN": "any-token-the-open-service-ignores"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [json.loads(x) for x in done.stdout.splitlines() if x.strip()]
    assert lines
    if "/evaluate" in command:
        assert lines[0]["verdict"] in ("pass", "advice", "review", "violation")
    if "/check" in command:
        assert "verdict" in lines[0] and lines[1]["error"]["location"]["line"] == 2


def test_javascript_fetch_example(service: Running, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the fetch example is not run")
    script = tmp_path / "example.mjs"
    script.write_text(_blocks("js")[0].replace(DOCS_URL, service.url), encoding="utf-8")
    done = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=120)
    if "fetch is not defined" in done.stderr:
        pytest.skip("this node has no fetch (Node 18+ needed)")
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[0] == "violation"
    assert out[1].startswith("violation tps.privacy.personal-information ")
