"""The IVR API's XML writer: `<response>` with one child per field, well-formed whatever text it holds.

UCCX scripts read answers with XPath, so one stray character (a control character in a stored note, a
lone surrogate) would make the whole answer unreadable. Characters XML 1.0 cannot carry are written as
U+FFFD; `&`, `<`, `>` and carriage returns are escaped. Element names come from code (field names and
the view's declared item names) and are checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

# Not allowed anywhere in an XML 1.0 document (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


def xml_text(value: Any) -> str:
    """The text of one value: booleans true/false, None empty, datetimes ISO 8601, all escaped."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    text = value.isoformat() if isinstance(value, datetime | date) else str(value)
    return _NOT_XML.sub("\ufffd", text).translate(_ESCAPES)


def xml_document(data: Mapping[str, Any], item_names: Mapping[str, str] | None = None) -> bytes:
    """`data` as `<response>...</response>`. A list field repeats one element per item, named by
    `item_names` (e.g. {"lists": "list"}) or else by the field itself."""
    parts = [_DECLARATION]
    _element(parts, "response", data, item_names or {})
    return "".join(parts).encode("utf-8")


_checked_names: set[str] = set()  # element names come from code: each is checked once per process


def _element(parts: list[str], name: str, value: Any, item_names: Mapping[str, str]) -> None:
    if name not in _checked_names:
        if not isinstance(name, str) or not _NAME.match(name) or name.lower().startswith("xml"):
            raise ValueError(f"{name!r} is not a usable XML element name.")
        _checked_names.add(name)
    if isinstance(value, Mapping):
        parts.append(f"<{name}>")
        for key, child in value.items():
            if isinstance(child, list | tuple):
                item = item_names.get(key, key)
                for entry in child:
                    _element(parts, item, entry, item_names)
            else:
                _element(parts, key, child, item_names)
        parts.append(f"</{name}>")
        return
    text = xml_text(value)
    parts.append(f"<{name}>{text}</{name}>" if text else f"<{name} />")
