"""Signed checkpoints of the log's Merkle tree, in the C2SP checkpoint / signed-note format.

A checkpoint is the text `<origin>\\n<tree size>\\n<base64 root hash>\\n`, followed by a blank
line and one signature line per signer, `— <key name> <base64(key id || Ed25519 signature)>`
(c2sp.org/tlog-checkpoint, c2sp.org/signed-note). Key files use the same encodings as Go's
`golang.org/x/mod/sumdb/note`: a verifier key `<name>+<hex key id>+<base64(0x01 || public
key)>`, a signing key `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>`, so checkpoints
can be checked with other tools of that ecosystem.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import Field

from socialpolicy._model import Frozen
from socialpolicy.errors import CheckpointError, Location

ED25519 = 0x01
DASH = "\u2014"
MAX_NOTE_BYTES = 1_000_000
MAX_SIGNATURES = 100
_NAME = re.compile(r"^[^\s+]+$")  # no spaces, no '+' (the key encodings split on '+')


def key_id(name: str, public: bytes) -> bytes:
    """SHA-256(key name || 0x0A || 0x01 || public key)[:4], as signed-note recommends."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + public).digest()[:4]


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True, slots=True)
class VerifierKey:
    """A public key that checks checkpoint signatures (a note "vkey")."""

    name: str
    public: bytes

    @property
    def id(self) -> bytes:
        return key_id(self.name, self.public)

    def to_text(self) -> str:
        b64 = base64.b64encode(bytes([ED25519]) + self.public).decode()
        return f"{self.name}+{self.id.hex()}+{b64}"

    @classmethod
    def from_text(cls, text: str, file: str | None = None) -> VerifierKey:
        parts = text.strip().split("+", 2)  # base64 may hold '+' too
        if len(parts) != 3:
            raise CheckpointError(
                "not a verifier key: expected NAME+KEYID+BASE64", Location(file=file)
            )
        name, hex_id, b64 = parts
        raw = _b64(b64, "verifier key", file)
        if len(raw) != 33 or raw[0] != ED25519:
            raise CheckpointError("not an Ed25519 verifier key", Location(file=file))
        key = cls(name=_checked_name(name, file), public=raw[1:])
        if key.id.hex() != hex_id.lower():
            raise CheckpointError(
                "the verifier key's id does not match its name and public key",
                Location(file=file),
            )
        return key

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True, slots=True)
class SigningKey:
    """An Ed25519 private key with the name its signatures carry."""

    name: str
    seed: bytes

    @classmethod
    def generate(cls, name: str) -> SigningKey:
        raw = Ed25519PrivateKey.generate().private_bytes_raw()
        return cls(name=_checked_name(name, None), seed=raw)

    @property
    def verifier(self) -> VerifierKey:
        public = _raw_public(Ed25519PrivateKey.from_private_bytes(self.seed).public_key())
        return VerifierKey(name=self.name, public=public)

    def sign(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(message)

    def to_text(self) -> str:
        b64 = base64.b64encode(bytes([ED25519]) + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier.id.hex()}+{b64}"

    @classmethod
    def from_text(cls, text: str, file: str | None = None) -> SigningKey:
        parts = text.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise CheckpointError(
                "not a signing key: expected PRIVATE+KEY+NAME+KEYID+BASE64", Location(file=file)
            )
        raw = _b64(parts[4], "signing key", file)
        if len(raw) != 33 or raw[0] != ED25519:
            raise CheckpointError("not an Ed25519 signing key", Location(file=file))
        key = cls(name=_checked_name(parts[2], file), seed=raw[1:])
        if key.verifier.id.hex() != parts[3].lower():
            raise CheckpointError(
                "the signing key's id does not match its name and key", Location(file=file)
            )
        return key


def read_signing_key(path: str | Path) -> SigningKey:
    return SigningKey.from_text(_read(path, "signing key"), str(path))


def read_verifier_key(path: str | Path) -> VerifierKey:
    """A verifier key file; a signing key file is accepted too (its public half is used)."""
    text = _read(path, "verifier key")
    if text.startswith("PRIVATE+KEY+"):
        return SigningKey.from_text(text, str(path)).verifier
    return VerifierKey.from_text(text, str(path))


class Checkpoint(Frozen):
    """The head of the log's tree: origin, size and root hash (the signed note's text)."""

    origin: str = Field(description="Who issued it: the log's identity, e.g. example.org/log.")
    size: int = Field(ge=0, description="Number of records (leaves) in the tree.")
    root: str = Field(description="Base64 of the RFC 9162 root hash of the first `size` leaves.")

    @property
    def root_bytes(self) -> bytes:
        return base64.b64decode(self.root)

    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{self.root}\n"


class Signature(Frozen):
    name: str
    key_id: str = Field(description="Hex of the 4-byte key id.")
    signature: str = Field(description="Base64 of the Ed25519 signature.")


class SignedCheckpoint(Frozen):
    """A parsed checkpoint note and its signature lines (none verified yet)."""

    checkpoint: Checkpoint
    signatures: tuple[Signature, ...]
    text: str

    def verified_by(self, keys: list[VerifierKey]) -> list[str]:
        """The names of `keys` that signed this checkpoint (unknown signatures are ignored)."""
        return Note(self.checkpoint.body(), self.signatures).verified_by(keys)

    def require(self, keys: list[VerifierKey], file: str | None = None) -> list[str]:
        """The signers among `keys`; CheckpointError when none of them signed it."""
        names = self.verified_by(keys)
        if not names:
            known = ", ".join(k.name for k in keys) or "no key"
            raise CheckpointError(
                f"the checkpoint carries no valid signature by {known}", Location(file=file)
            )
        return names


def sign(checkpoint: Checkpoint, key: SigningKey) -> str:
    """The signed note: the checkpoint's text, a blank line, and the key's signature line."""
    body = checkpoint.body()
    sig = key.verifier.id + key.sign(body.encode())
    return f"{body}\n{DASH} {key.name} {base64.b64encode(sig).decode()}\n"


@dataclass(frozen=True, slots=True)
class Note:
    """A signed note (c2sp.org/signed-note): its text and its signature lines."""

    text: str
    signatures: tuple[Signature, ...]

    def verified_by(self, keys: list[VerifierKey]) -> list[str]:
        """The names of `keys` that signed the text (unknown signatures are ignored)."""
        msg = self.text.encode()
        names = []
        for key in keys:
            for sig in self.signatures:
                if (
                    sig.name == key.name
                    and sig.key_id == key.id.hex()
                    and key.verify(msg, base64.b64decode(sig.signature))
                ):
                    names.append(key.name)
                    break
        return names


def parse_note(text: str, file: str | None = None) -> Note:
    """A signed note split into its text and signature lines; CheckpointError when malformed."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_NOTE_BYTES:
        raise CheckpointError(f"the note is over {MAX_NOTE_BYTES} bytes", Location(file=file))
    cut = text.rfind("\n\n")
    if cut < 0:
        raise CheckpointError(
            "not a signed note: no blank line before the signatures", Location(file=file)
        )
    body, sigs = text[: cut + 1], text[cut + 2 :]
    first_line = body.count("\n") + 2
    sig_lines = sigs.split("\n")
    if not sigs.endswith("\n") or not sig_lines[:-1]:
        raise CheckpointError("the note has no signature line", Location(file=file))
    signatures = []
    for n, line in enumerate(sig_lines[:-1], start=first_line):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != DASH:
            raise CheckpointError(
                "a signature line is `— <key name> <base64 signature>`",
                Location(file=file, line=n),
            )
        raw = _b64(parts[2], "signature", file, line=n)
        if len(raw) < 5:
            raise CheckpointError("the signature is too short", Location(file=file, line=n))
        signatures.append(
            Signature(
                name=parts[1], key_id=raw[:4].hex(), signature=base64.b64encode(raw[4:]).decode()
            )
        )
        if len(signatures) > MAX_SIGNATURES:
            raise CheckpointError("too many signature lines", Location(file=file, line=n))
    return Note(body, tuple(signatures))


def parse(text: str, file: str | None = None) -> SignedCheckpoint:
    """A checkpoint note parsed strictly; CheckpointError naming the line that is wrong."""
    note = parse_note(text, file)
    lines = note.text[:-1].split("\n")
    if len(lines) < 3 or any(not line for line in lines):
        raise CheckpointError(
            "a checkpoint needs an origin, a tree size and a root hash, one per line",
            Location(file=file, line=1),
        )
    origin, size_text, root_text = lines[:3]
    if (
        not size_text.isascii()
        or not size_text.isdigit()
        or (size_text.startswith("0") and size_text != "0")
    ):
        raise CheckpointError(
            f"the tree size {size_text!r} is not a decimal number", Location(file=file, line=2)
        )
    root = _b64(root_text, "root hash", file, line=3)
    if len(root) != 32:
        raise CheckpointError(
            "the root hash is not 32 bytes (SHA-256)", Location(file=file, line=3)
        )
    if len(lines) > 3:
        raise CheckpointError(
            "extension lines are not used by socialpolicy checkpoints", Location(file=file, line=4)
        )
    cp = Checkpoint(origin=origin, size=int(size_text), root=base64.b64encode(root).decode())
    return SignedCheckpoint(checkpoint=cp, signatures=note.signatures, text=text)


def read_checkpoint(path: str | Path) -> SignedCheckpoint:
    return parse(_read(path, "checkpoint", strip=False), str(path))


def _read(path: str | Path, what: str, strip: bool = True) -> str:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_NOTE_BYTES + 1)
    except OSError as exc:
        raise CheckpointError(
            f"cannot read the {what}: {exc.strerror or exc}", Location(file=str(path))
        ) from None
    if len(raw) > MAX_NOTE_BYTES:
        raise CheckpointError(f"the {what} file is too large", Location(file=str(path)))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CheckpointError(f"the {what} file is not UTF-8", Location(file=str(path))) from None
    return text.strip() if strip else text


def _b64(text: str, what: str, file: str | None, line: int | None = None) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise CheckpointError(f"the {what} is not base64", Location(file=file, line=line)) from None


def _checked_name(name: str, file: str | None) -> str:
    if not name or not _NAME.match(name):
        raise CheckpointError(
            f"key name {name!r} must be non-empty, without spaces or '+'", Location(file=file)
        )
    return name
