"""Headless Chromium from the distribution, for tests that look at rendered pages.

Outside CI a missing browser skips the test with a message; in CI (`CI` set) it fails, so the
rendering checks cannot silently stop running.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

TIMEOUT = 60  # seconds for one page; a hung browser fails the test instead of the suite


def chromium() -> str:
    """The browser's path, or skip (fail in CI) when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    message = "chromium is not installed (apt-get install chromium): pages not rendered"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    cmd = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
    ]
    env = {**os.environ, "HOME": str(profile)}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env=env)


def screenshot(page: Path, out: Path, width: int = 1280, height: int = 1600) -> Path:
    """A PNG of `page` as a browser window of `width` x `height` shows it."""
    proc = _run(
        [f"--screenshot={out}", f"--window-size={width},{height}", page.as_uri()],
        out.parent / "chromium-profile",
    )
    assert out.exists(), proc.stderr[-2000:]
    return out


_MEASURE = """
<script>
window.addEventListener('load', function () {
  var content = document.querySelector('.md-content') || document.body;
  var all = function (sel) { return Array.prototype.slice.call(content.querySelectorAll(sel)); };
  var out = {
    doc: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    pre_overflow: all('pre > code').filter(function (c) {
      return c.scrollWidth > c.clientWidth + 1; }).map(function (c) {
      return c.textContent.slice(0, 80); }),
    table_overflow: all('table').filter(function (t) {
      return t.scrollWidth > t.parentElement.clientWidth + 1; }).length,
    headings: all('h1, h2, h3').map(function (h) { return [h.id, h.textContent]; }),
    toc: Array.prototype.slice.call(
      document.querySelectorAll('.md-nav--secondary a.md-nav__link')).map(function (a) {
      return [a.getAttribute('href'), a.textContent.trim()]; }),
    links: all('a[href^="#"]').map(function (a) { return a.getAttribute('href'); }),
    ids: Array.prototype.slice.call(document.querySelectorAll('[id]')).map(function (e) {
      return e.id; })
  };
  var pre = document.createElement('pre');
  pre.id = 'sp-measure';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def measure(page: Path, width: int = 1280) -> dict[str, Any]:
    """What the rendered page looks like to its own scripts: widths, headings, anchors.

    A copy of the page with a measuring script is written beside it (so its relative links
    still resolve) and the DOM is dumped after the scripts ran.
    """
    probe = page.with_name("measure-" + page.name)
    text = page.read_text(encoding="utf-8")
    probe.write_text(text.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    proc = _run(
        [
            "--virtual-time-budget=5000",
            f"--window-size={width},1200",
            "--dump-dom",
            probe.as_uri(),
        ],
        page.parent / "chromium-profile",
    )
    found = re.search(r'<pre id="sp-measure">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"the page's script did not run: {proc.stderr[-1500:]}"
    data: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return data


def png_rgb(path: Path) -> tuple[int, int, list[bytes]]:
    """A minimal PNG decoder (8-bit RGB/RGBA, not interlaced): width, height, RGB rows."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = 0
    channels = 3
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6), (depth, colour, interlace)
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if ftype == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        prev = line
        rows.append(
            bytes(line)
            if channels == 3
            else bytes(v for i in range(0, stride, 4) for v in line[i : i + 3])
        )
    return width, height, rows


def near(pixels: dict[bytes, int], colour: str, tolerance: int = 6) -> int:
    """How many pixels are within `tolerance` of `colour` (#rrggbb) on every channel."""
    want = bytes.fromhex(colour[1:])
    return sum(
        n
        for px, n in pixels.items()
        if all(abs(a - b) <= tolerance for a, b in zip(px, want, strict=True))
    )
