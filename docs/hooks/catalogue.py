"""mkdocs hook: generate the clause-catalogue pages from the packs at build time (no drift).

Each clause heading carries its anchor as an attribute (`## tps.privacy {#tps-privacy}`,
which needs the `attr_list` extension), so the table's links and the table of contents use
the same ids; `validation.links.anchors: warn` in mkdocs.yml fails the build on a dangling one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def anchor(clause_id: str) -> str:
    """`tps.privacy` -> `tps-privacy`: a readable id that needs no escaping in CSS or URLs."""
    return clause_id.replace(".", "-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _page(pack_name: str) -> str:
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    from socialpolicy.loader import load_pack

    pack = load_pack(ROOT / "policies" / pack_name)
    out = [
        f"# {pack.title}",
        "",
        f"Pack `{pack.id}` version {pack.version}, digest `{pack.digest}`.",
        "",
        "Generated from `policies/" + pack_name + "/` when the site is built.",
        "",
        "| clause | heading | modality | checked by | rules |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in pack.clauses:
        rules = sorted({r.id for r in pack.rules_for_clause(c.id)})
        out.append(
            f"| [`{c.id}`](#{anchor(c.id)}) | {_cell(c.heading)} | {c.modality.value} | "
            f"{c.checked_by.value} | {len(rules)} |"
        )
    for doc in pack.documents:
        out += [
            "",
            f"Source document `{doc.id}`: *{doc.title}* ({doc.issuer}), sha256 `{doc.sha256}`.",
        ]
        for d in doc.metadata.dates:
            out.append(f"- {d.label}: {'unknown — ' + (d.note or '') if not d.known else d.value}")
    for c in pack.clauses:
        out += [
            "",
            f"## {c.id} {{#{anchor(c.id)}}}",
            "",
            f"**{c.heading}** — {c.modality.value}, checked by {c.checked_by.value}.",
            "",
        ]
        if c.check_note:
            out += [f"*{c.check_note}*", ""]
        binds = "/".join(
            [o.value for o in c.binds.organisations] + [r.value for r in c.binds.roles]
        )
        out += [f"Binds: {binds or 'any'}" + (f" — {c.binds.note}" if c.binds.note else ""), ""]
        for cit in c.citations:
            quote = cit.quote.replace("\n", " ").replace("*", "\\*")
            out.append(
                f"> {quote}  \n> — *{cit.section}*, characters {cit.span.start}–{cit.span.end}"
            )
            out.append("")
        rules = pack.rules_for_clause(c.id)
        if rules:
            out += [
                "| rule | version | in force | level | determinacy |",
                "| --- | --- | --- | --- | --- |",
            ]
            for r in rules:
                to = r.effective_to or "—"
                out.append(
                    f"| `{r.id}` | {r.version} | {r.effective_from} – {to} | {r.level.value} | "
                    f"{r.determinacy.value} |"
                )
    return "\n".join(out) + "\n"


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    for name in ("toronto", "edmonton"):
        files.append(File.generated(config, f"catalogue/{name}.md", content=_page(name)))
    return files
