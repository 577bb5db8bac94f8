"""The organisation's public contacts (`contacts.yaml`) in comparable forms.

Sharing them is never a privacy breach: a scan marks what matches them as allowlisted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from socialpolicy.detectors.personal_data._text import fold
from socialpolicy.detectors.personal_data.addresses import address_key, postal_codes
from socialpolicy.detectors.personal_data.phones import SHORT_CODE, phone_key
from socialpolicy.lexicons import Contact, ContactKind
from socialpolicy.normalise import plain

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*+://")
_WWW = re.compile(r"^www\.")
_PHONE_PUNCT = re.compile(r"[\s.()\-]")

if TYPE_CHECKING:
    from socialpolicy.detectors.personal_data._scan import Scan


def _url_key(value: str) -> str:
    v = fold(value.strip())
    v = _SCHEME.sub("", v)
    v = _WWW.sub("", v)
    return v.rstrip("/")


@dataclass(frozen=True, slots=True)
class Allowlist:
    """The organisation's public contacts, in comparable forms."""

    phones: frozenset[str] = frozenset()  # E.164
    short_codes: tuple[str, ...] = ()  # "911", "#377"
    emails: frozenset[str] = frozenset()  # case-folded
    addresses: tuple[str, ...] = ()  # address_key forms
    postal_codes: frozenset[str] = frozenset()  # "m5g2j3"
    urls: tuple[str, ...] = ()  # without scheme and "www.", case-folded
    handles: tuple[str, ...] = ()  # "@torontopolice"
    # Mail domains of the organisation: its website's host (not a listed email's domain,
    # which may be a webmail provider's). Any address there is the Service's own (a unit's
    # or a member's work address), not a private person's: "traffic@tps.ca" need not be
    # listed one by one.
    domains: frozenset[str] = frozenset()  # "tps.ca"

    @classmethod
    def from_contacts(cls, contacts: Sequence[Contact]) -> Allowlist:
        """Compiled once per contact list (a pack's contacts are fixed)."""
        hit = _ALLOW_CACHE.get(id(contacts))
        if hit is not None and hit[0] is contacts:
            return hit[1]
        allow = _allowlist(tuple(contacts))
        if len(_ALLOW_CACHE) >= 64:
            _ALLOW_CACHE.clear()
        # Keep `contacts` alive with its entry, so its id cannot be reused meanwhile.
        _ALLOW_CACHE[id(contacts)] = (contacts, allow)
        return allow

    def has_email(self, value: str) -> bool:
        """Is a (case-folded) email the organisation's: listed, or at its website's domain?"""
        if value in self.emails:
            return True
        domain = value.rpartition("@")[2]
        return any(domain == d or domain.endswith("." + d) for d in self.domains)

    def has_address(self, key: str) -> bool:
        """Does a street address (an `address_key`) belong to the organisation?"""
        padded = f" {key} "
        return any(padded in f" {a} " or f" {a} " in padded for a in self.addresses if a)


_ALLOW_CACHE: dict[int, tuple[Sequence[Contact], Allowlist]] = {}


def _allowlist(contacts: tuple[Contact, ...]) -> Allowlist:
    phones: set[str] = set()
    shorts: list[str] = []
    emails: set[str] = set()
    addresses: list[str] = []
    postal: set[str] = set()
    urls: list[str] = []
    handles: list[str] = []
    domains: set[str] = set()
    for c in contacts:
        value = plain(c.value).text.strip()
        if c.kind == ContactKind.PHONE:
            compact = _PHONE_PUNCT.sub("", value)
            if SHORT_CODE.fullmatch(compact):
                shorts.append(compact)
            else:
                key = phone_key(value)
                if key:
                    phones.add(key)
        elif c.kind == ContactKind.EMAIL:
            emails.add(value.casefold())
        elif c.kind == ContactKind.ADDRESS:
            addresses.append(address_key(value))
            postal.update(key for _, _, key in postal_codes(value))
        elif c.kind == ContactKind.URL:
            urls.append(_url_key(value))
            host = _url_key(value).split("/", 1)[0].split(":", 1)[0]
            if "." in host:
                domains.add(host)
        elif c.kind == ContactKind.HANDLE:
            handles.append("@" + value.lstrip("@").casefold())
    return Allowlist(
        frozenset(phones),
        tuple(dict.fromkeys(shorts)),
        frozenset(emails),
        tuple(addresses),
        frozenset(postal),
        tuple(dict.fromkeys(urls)),
        tuple(dict.fromkeys(handles)),
        frozenset(domains),
    )


def scan_allowlisted_links(scan: Scan) -> None:
    folded = scan.s.casefold()
    if len(folded) != len(scan.s):
        return  # case folding changed lengths: positions would not line up
    for url in scan.allow.urls:
        if url not in folded:
            continue
        for m in re.finditer(
            r"(?<![\w.\-/@])(?:https?://)?(?:www\.)?" + re.escape(url) + r"(?![\w\-])", folded
        ):
            scan.add("url", m.start(), m.end(), url, allowlisted=True)
    for handle in scan.allow.handles:
        if handle not in folded:
            continue
        for m in re.finditer(r"(?<![\w@])" + re.escape(handle) + r"(?!\w)", folded):
            scan.add("handle", m.start(), m.end(), handle, allowlisted=True)
