"""Mastodon's status HTML as the plain text a reader sees, for detectors to judge.

Built on the standard library's `html.parser` tokenizer (entities decoded by it): Mastodon
emits a small, fixed set of tags (`p`, `br`, `a`, `span`), and a converter like html2text
writes Markdown (escapes, `[text](url)`), which would put characters the author never
wrote into the judged text and move every evidence span. Here paragraphs become blank-line
separated, `<br>` a newline, and every text node (including the `invisible` spans that
hold the hidden part of a shortened link) is kept, so links read in full.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCK = frozenset({"p", "div", "blockquote", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._pending_break = False

    def _text_so_far(self) -> bool:
        return any(p.strip() for p in self.parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK and self._text_so_far():
            self._pending_break = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self._pending_break = True

    def handle_data(self, data: str) -> None:
        if self._pending_break and self._text_so_far():
            while (
                self.parts and self.parts[-1].endswith(("\n", " ")) and not self.parts[-1].strip()
            ):
                self.parts.pop()
            self.parts.append("\n\n")
        self._pending_break = False
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of a status's HTML (`<p>Hi <a ...>@jo</a></p><p>Bye</p>` -> `Hi @jo\\n\\nBye`)."""
    if "<" not in markup and "&" not in markup:
        return markup
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts).strip()
