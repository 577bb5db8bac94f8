"""The documentation site: it builds strictly, fails on a missing anchor, keeps build code out,
and its examples are true; a real browser renders a catalogue page and the quickstart."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

import _browser
import _early
from _paths import REPO

DOCS = REPO / "docs"


def _mkdocs(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=str(config.parent),
    )


@pytest.fixture(scope="module")
def site() -> Path:
    """The real site, built once with `mkdocs build --strict` (started at collection)."""
    build = _early.result("docs-site")
    out = build.out / "site"
    # The job must stay the strict build of this repository's site into `out`.
    args = build.process.args
    assert args[1:4] == ["-m", "mkdocs", "build"] and "--strict" in args, args
    assert str(REPO / "mkdocs.yml") in args and str(out) in args, args
    assert build.process.returncode == 0, build.process.stderr[-3000:]
    return out


def _config() -> dict[str, Any]:
    # mkdocs.yml may hold !!python tags; this one does not, and must stay plain YAML.
    data: dict[str, Any] = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    return data


def _mini_site(tmp_path: Path, index: str) -> Path:
    """A two-page site with the project's validation and Markdown settings."""
    cfg = _config()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(index, encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\n## Real heading {#real}\n\nText.\n", "utf-8")
    mini = {
        "site_name": "anchors",
        "strict": True,
        "validation": cfg["validation"],
        "markdown_extensions": cfg["markdown_extensions"],
        "nav": ["index.md", "other.md"],
    }
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump(mini), encoding="utf-8")
    return config


@pytest.mark.parametrize(
    "link", ["other.md#nowhere", "#missing-here"], ids=["other page", "same page"]
)
def test_a_missing_anchor_fails_the_build(tmp_path: Path, link: str) -> None:
    config = _mini_site(tmp_path, f"# Index\n\nSee [there]({link}).\n")
    done = _mkdocs(config, tmp_path / "site")
    assert done.returncode != 0, "mkdocs --strict let a missing anchor through"
    assert "anchor" in done.stderr


def test_an_existing_anchor_builds(tmp_path: Path) -> None:
    config = _mini_site(tmp_path, "# Index\n\nSee [there](other.md#real).\n")
    done = _mkdocs(config, tmp_path / "site")
    assert done.returncode == 0, done.stderr


def test_build_code_is_not_published(site: Path) -> None:
    assert not list(site.rglob("*.py")), "the docs hooks' source is in the site"


def test_no_placeholder_repository_link(site: Path) -> None:
    cfg = _config()
    assert "example" not in str(cfg.get("repo_url", "")) and ".invalid" not in str(
        cfg.get("repo_url", "")
    )
    for page in site.rglob("*.html"):
        assert "example.invalid" not in page.read_text("utf-8"), page


def test_catalogue_headings_and_links_use_real_anchors(site: Path) -> None:
    from socialpolicy.loader import load_pack

    for name in ("toronto", "edmonton"):
        html = (site / "catalogue" / name / "index.html").read_text("utf-8")
        assert "{#" not in html, "a raw attribute list is shown"
        ids = set(re.findall(r'id="([^"]+)"', html))
        links = re.findall(r'href="#([^"]+)"', html)
        assert links and all(link in ids for link in links), set(links) - ids
        for clause in load_pack(name).clauses:
            anchor = clause.id.replace(".", "-")
            assert f'<h2 id="{anchor}">{clause.id}' in html
            assert f'href="#{anchor}"' in html


def test_new_pages_are_in_the_site(site: Path) -> None:
    for page in ("install", "quickstart", "cli", "inputs"):
        assert (site / page / "index.html").is_file(), page
    nav = json.dumps(_config()["nav"])
    for page in ("install.md", "quickstart.md", "cli.md", "inputs.md"):
        assert page in nav


def test_cli_reference_lists_every_command_and_option(site: Path) -> None:
    from socialpolicy.cli import app
    from socialpolicy.cli_reference import commands

    html = (site / "cli" / "index.html").read_text("utf-8")
    for path, cmd, ctx in commands(app):
        assert f"<code>{' '.join(path)}</code>" in html, path
        for param in cmd.get_params(ctx):
            for opt in getattr(param, "opts", []):
                if opt.startswith("-"):
                    assert opt in html, (path, opt)
    assert "&lt;str&gt;" not in html and "list[str]" not in html


def test_inputs_page_describes_every_field_and_role(site: Path) -> None:
    from socialpolicy import inputs

    html = (site / "inputs" / "index.html").read_text("utf-8")
    for model in (inputs.Post, inputs.Account, inputs.Media, inputs.Person, inputs.Owner):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"
            assert f"<code>{name}</code>" in html, name
    for role in inputs.Role:
        assert f"<code>{role.value}</code>" in html or f"{role.value}:" in html


def test_developers_example_decision_is_real() -> None:
    import socialpolicy as sp

    text = (DOCS / "developers.md").read_text("utf-8")
    block = re.search(r"```json\n(\{\n  \"post_id\".*?)\n```", text, re.S)
    assert block
    shown = json.loads(block.group(1))
    post = re.search(r"This is the decision for\n`(\{.*?\})`", text, re.S)
    assert post
    real = sp.load_policy("toronto").evaluate(json.loads(post.group(1)))
    assert real.post_id == shown["post_id"] and real.verdict.value == shown["verdict"]
    want = shown["findings"][0]
    got = next(f for f in real.findings if f.rule_id == want["rule_id"])
    assert got.model_dump(mode="json")["citations"][0] == want["citations"][0]
    assert got.model_dump(mode="json")["evidence"][0] == want["evidence"][0]
    pack = sp.load_pack("toronto")
    cit = want["citations"][0]
    assert (
        pack.document(cit["document_id"]).text[cit["span"]["start"] : cit["span"]["end"]]
        == (cit["quote"])
    )


@pytest.mark.parametrize("page", ["developers.md", "auditors.md"])
def test_python_snippets_run(page: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each page's Python blocks run in order, as a reader pastes them: no undefined names."""
    text = (DOCS / page).read_text("utf-8")
    blocks = [
        textwrap.dedent(b) for b in re.findall(r"^ *```python\n(.*?)^ *```", text, re.S | re.M)
    ]
    assert blocks
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, f"{page} snippet", "exec"), namespace)


def test_quickstart_commands_give_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from socialpolicy.cli import app

    text = (DOCS / "quickstart.md").read_text("utf-8")
    posts = re.search(r'title="posts.jsonl" }\n(.*?)\n```', text, re.S)
    assert posts
    (tmp_path / "posts.jsonl").write_text(posts.group(1) + "\n", encoding="utf-8")
    shown = re.search(
        r"\$ (socialpolicy check --policy toronto posts.jsonl)\n(.*?)\n```", text, re.S
    )
    assert shown
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, shown.group(1).split()[1:] + ["--isolated"])
    assert res.exit_code == 1  # as the page says: a finding reached --fail-on

    def versionless(text: str) -> str:
        # A rule's version moves with every correction; the page need not follow each one.
        return re.sub(r"\b\d+\.\d+\.\d+\b", "X.Y.Z", text)

    for line in shown.group(2).splitlines():
        if line.strip() and "…" not in line:
            assert versionless(line.rstrip()) in versionless(res.stdout), line


# -- a real browser ------------------------------------------------------------------------


def _pixels(rows: list[bytes], top: int, bottom: int, left: int, right: int) -> Counter[bytes]:
    return Counter(
        row[i : i + 3] for row in rows[top:bottom] for i in range(3 * left, 3 * right, 3)
    )


def test_catalogue_page_in_a_browser(site: Path, tmp_path: Path) -> None:
    page = site / "catalogue" / "toronto" / "index.html"
    dom = _browser.measure(page)
    heads = [text for _id, text in dom["headings"]]
    assert all("{#" not in h for h in heads), heads
    toc = dict(dom["toc"])
    assert "#tps-privacy" in toc and toc["#tps-privacy"] == "tps.privacy"
    assert all(text and "{#" not in text for text in toc.values())
    ids = set(dom["ids"])
    missing = [h for h in list(toc) + dom["links"] if h.startswith("#") and h[1:] not in ids]
    assert not missing, missing
    assert dom["doc"][0] <= dom["doc"][1], "the page scrolls sideways"

    shot = _browser.screenshot(page, tmp_path / "catalogue.png")
    width, height, rows = _browser.png_rgb(shot)
    assert (width, height) == (1280, 1600)
    header = _pixels(rows, 0, 40, 0, width)
    assert _browser.near(header, "#4051b5", 10) > 0.5 * sum(header.values()), "no header bar"
    content = _pixels(rows, 100, height, 280, 1000)
    dark = sum(n for px, n in content.items() if max(px) < 120)
    assert dark > 5000, "no text in the content column"
    assert len(content) > 50, "the page looks blank"


def test_quickstart_page_in_a_browser(site: Path, tmp_path: Path) -> None:
    page = site / "quickstart" / "index.html"
    dom = _browser.measure(page)
    assert dom["doc"][0] <= dom["doc"][1], "the page scrolls sideways"
    assert not dom["pre_overflow"], f"code blocks scroll sideways: {dom['pre_overflow']}"
    assert [t for _h, t in dom["toc"]][:3] == [
        "1. Look at the packs",
        "2. Write some posts",
        "3. Check them",
    ]
    inputs = _browser.measure(site / "inputs" / "index.html")
    assert inputs["doc"][0] <= inputs["doc"][1] and not inputs["pre_overflow"]
    assert inputs["table_overflow"] == 0, "a field table is wider than the page"

    shot = _browser.screenshot(page, tmp_path / "quickstart.png")
    width, height, rows = _browser.png_rgb(shot)
    content = _pixels(rows, 100, height, 280, 1000)
    # Code blocks: Material's code background, over a real area of the page.
    assert _browser.near(content, "#f5f5f5", 3) > 20_000, "no code blocks rendered"
    dark = sum(n for px, n in content.items() if max(px) < 120)
    assert dark > 5000, "no text in the content column"
