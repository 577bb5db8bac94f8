"""Signed checkpoints: the C2SP signed-note and tlog-checkpoint formats, keys, strict parsing."""

from __future__ import annotations

import base64
import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.audit.checkpoint import (
    Checkpoint,
    SigningKey,
    VerifierKey,
    parse,
    parse_note,
    read_signing_key,
    read_verifier_key,
    sign,
)
from socialpolicy.errors import CheckpointError

# The example of c2sp.org/signed-note (github.com/C2SP/C2SP, signed-note.md).
C2SP_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
C2SP_NOTE = (
    "This is an example message.\n\n"
    "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXm"
    "RKuwHjG1Yu72IneyaQM=\n"
)
ROOT = base64.b64encode(bytes(range(32))).decode()


def test_the_c2sp_example_note_verifies_with_its_key() -> None:
    key = VerifierKey.from_text(C2SP_VKEY)
    assert key.name == "example.com/foo" and key.id.hex() == "530d903a"
    assert key.to_text() == C2SP_VKEY
    note = parse_note(C2SP_NOTE)
    assert note.text == "This is an example message.\n"
    assert note.verified_by([key]) == ["example.com/foo"]
    tampered = parse_note(C2SP_NOTE.replace("example message", "example massage"))
    assert tampered.verified_by([key]) == []


def test_sign_then_parse_round_trip_in_the_checkpoint_format() -> None:
    key = SigningKey.generate("example.org/decisions")
    cp = Checkpoint(origin="example.org/decisions", size=42, root=ROOT)
    text = sign(cp, key)
    lines = text.split("\n")
    assert lines[:4] == ["example.org/decisions", "42", ROOT, ""]
    assert lines[4].startswith("\u2014 example.org/decisions ")
    sig = base64.b64decode(lines[4].split(" ")[2])
    assert sig[:4] == key.verifier.id and len(sig) == 4 + 64
    parsed = parse(text)
    assert parsed.checkpoint == cp
    assert parsed.require([key.verifier]) == ["example.org/decisions"]
    other = SigningKey.generate("example.org/decisions")
    with pytest.raises(CheckpointError, match="no valid signature"):
        parsed.require([other.verifier])


def test_key_files_round_trip(tmp_path: Path) -> None:
    key = SigningKey.generate("example.org/log")
    assert key.to_text().startswith("PRIVATE+KEY+example.org/log+")
    (tmp_path / "k").write_text(key.to_text() + "\n")
    (tmp_path / "k.pub").write_text(key.verifier.to_text() + "\n")
    assert read_signing_key(tmp_path / "k") == key
    assert read_verifier_key(tmp_path / "k.pub") == key.verifier
    assert read_verifier_key(tmp_path / "k") == key.verifier  # the public half of a private key
    (tmp_path / "bad.pub").write_text(key.verifier.to_text().replace("+", "+0", 1))
    with pytest.raises(CheckpointError, match="id does not match"):
        read_verifier_key(tmp_path / "bad.pub")
    with pytest.raises(CheckpointError, match="cannot read"):
        read_verifier_key(tmp_path / "missing.pub")
    with pytest.raises(CheckpointError, match="without spaces"):
        SigningKey.generate("a name")


@pytest.mark.parametrize(
    "text, message, line",
    [
        ("origin\n12\n" + ROOT + "\n", "no blank line", None),
        ("origin\n012\n" + ROOT + "\n\n\u2014 k AAAAAAA=\n", "not a decimal", 2),
        ("origin\n-1\n" + ROOT + "\n\n\u2014 k AAAAAAA=\n", "not a decimal", 2),
        ("origin\n12\nnot base64!\n\n\u2014 k AAAAAAA=\n", "not base64", 3),
        ("origin\n12\nAAAA\n\n\u2014 k AAAAAAA=\n", "not 32 bytes", 3),
        ("origin\n12\n" + ROOT + "\n\n- k AAAAAAA=\n", "signature line", 5),
        ("origin\n12\n" + ROOT + "\n\n\u2014 k AA==\n", "too short", 5),
        ("origin\n12\n" + ROOT + "\n\n", "no signature line", None),
        ("origin\n12\n\n\u2014 k AAAAAAA=\n", "origin, a tree size", 1),
    ],
)
def test_malformed_checkpoints_name_the_line(text: str, message: str, line: int | None) -> None:
    with pytest.raises(CheckpointError, match=message) as info:
        parse(text, "cp.txt")
    assert info.value.location.file == "cp.txt" and info.value.location.line == line


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_or_is_a_checkpoint_error(text: str) -> None:
    with contextlib.suppress(CheckpointError):  # anything else fails the test
        parse(text)
