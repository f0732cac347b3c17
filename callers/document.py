"""UCCX's copy of a caller list: one XML document per list in UCCX's document repository.

An IVR script that cannot reach this app reads it with UCCX's own steps (docs/callers-uccx-fallback.md):

    <callerList name="VIP customers" kind="vip" order="20" version="7" generated="2026-12-01T12:00:00Z">
      <defaults><priority>10</priority><target>CSQ_Gold</target><prompt/><language/>
                <vipBeatsBlocked>false</vipBeatsBlocked></defaults>
      <entry match="exact"><number>+15550100100</number><national>5550100100</national>
             <name>Ann Example</name><priority>20</priority><expires>2027-06-30T00:00:00Z</expires></entry>
      <entry match="prefix"><number>+4930</number><national>030</national><name>Berlin</name></entry>
      <entry match="anonymous"><number>anonymous</number></entry>
    </callerList>

`number` is the normalised key (E.164 with +, a short number's digits, or `anonymous`); `national` is the
number as dialled inside the default region (what UCCX's ANI usually holds), so a script can match the
ANI as it gets it. An entry's own values appear only when it has them (XPath then reads ""). Expired
entries are left out; the copy is rewritten when they are purged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from xml.etree import ElementTree

import phonenumbers
from phonenumbers import PhoneMetadata

from callers.engine import ANONYMOUS

FOLDER = "callers"
MAX_BYTES = 20 * 1024 * 1024  # UCCX's repository takes files of at most 20 MB


class DocumentTooLarge(ValueError):
    """The list is larger than UCCX's repository takes; the IVR endpoint still answers for it."""


@lru_cache(maxsize=64)
def _trunk(region: str) -> tuple[str, str]:
    """(country code, the trunk prefix national numbers are written with: "0" in DE, "" in US)."""
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return "", ""
    trunk = metadata.national_prefix or ""
    example = phonenumbers.example_number(region)
    written = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL) if example else ""
    return str(metadata.country_code), trunk if trunk and written.startswith(trunk) else ""


def national_form(key: str, prefix: bool, region: str) -> str:
    """The key as dialled within `region` (`+15550100100` -> `5550100100` in US, `+4930` -> `030` in DE)."""
    if not key.startswith("+"):
        return key
    country, trunk = _trunk(region)
    if not prefix:
        parsed = phonenumbers.parse(key)
        if str(parsed.country_code) != country:
            return key
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL).translate(
            str.maketrans("", "", " -()/.")
        )
    digits = key[1:]
    return trunk + digits[len(country) :] if digits.startswith(country) else key


def _text(parent: ElementTree.Element, tag: str, value: object) -> None:
    child = ElementTree.SubElement(parent, tag)
    if value not in (None, ""):
        child.text = str(value).lower() if isinstance(value, bool) else str(value)


def document_path(name: str) -> str:
    """The document's path in the repository, e.g. `callers/VIP_customers.xml`."""
    return f"{FOLDER}/{name.replace(' ', '_')}.xml"


def build_document(
    *,
    caller_list: dict[str, object],
    entries: Iterable[dict[str, object]],
    region: str,
    generated: datetime,
) -> bytes:
    """The list's XML (UTF-8); raises DocumentTooLarge past UCCX's file size limit."""
    root = ElementTree.Element(
        "callerList",
        {
            "name": str(caller_list["name"]),
            "kind": str(caller_list["kind"]),
            "order": str(caller_list["order"]),
            "version": str(caller_list["version"]),
            "generated": generated.isoformat(timespec="seconds"),
        },
    )
    defaults = ElementTree.SubElement(root, "defaults")
    for tag, field in (
        ("priority", "priority"),
        ("target", "target"),
        ("prompt", "prompt"),
        ("language", "language"),
    ):
        _text(defaults, tag, caller_list[field])
    _text(defaults, "vipBeatsBlocked", bool(caller_list["vip_beats_blocked"]))
    for entry in entries:
        key, prefix = str(entry["number"]), bool(entry["prefix"])
        match = "anonymous" if key == ANONYMOUS else "prefix" if prefix else "exact"
        element = ElementTree.SubElement(root, "entry", {"match": match})
        _text(element, "number", key)
        if match != "anonymous":
            _text(element, "national", national_form(key, prefix, region))
        for field in ("name", "priority", "target", "prompt", "language"):
            if entry.get(field) not in (None, ""):
                _text(element, field, entry[field])
        expires = entry.get("expires_at")
        if isinstance(expires, datetime):
            _text(element, "expires", expires.isoformat(timespec="seconds"))
    content = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    if len(content) > MAX_BYTES:
        raise DocumentTooLarge(
            f"The list's UCCX copy would be {len(content) / 1024 / 1024:.1f} MB; UCCX takes documents of at "
            f"most {MAX_BYTES // 1024 // 1024} MB. The IVR endpoint answers for every entry; UCCX's copy "
            "keeps its last version."
        )
    return content
