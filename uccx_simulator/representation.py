"""XML <-> dict and JSON rendering in the shape UCCX's Jersey/JAXB mapping produces.

Internally every object is the JSON form without its root element: child elements are keys, XML
attributes are `@name` keys and repeated elements are lists.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from email.message import Message
from typing import Any

from .errors import ApiError, bad_request

JSON = "json"
XML = "xml"


def as_list(value: Any) -> list[Any]:
    """Jersey sends one element as a bare object and none as nothing; always give a list back."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [value]


def negotiate(accept: str | None) -> str:
    """Pick the response format from the Accept header: JSON when asked, XML otherwise (UCCX default)."""
    if not accept:
        return XML
    for media_range in accept.split(","):
        media = media_range.split(";")[0].strip().lower()
        if media.endswith("json"):
            return JSON
        if media.endswith("xml") or media in ("*/*", "application/*", "text/*"):
            return XML
    raise ApiError(
        406, "Not Acceptable", [(accept, "Only application/xml and application/json are supported.")]
    )


def jersey(value: Any) -> Any:
    """Apply the Jersey JSON quirks: single-element lists become bare objects, empty lists vanish."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(item, list):
                if not item:
                    continue
                mapped = [jersey(element) for element in item]
                out[key] = mapped[0] if len(mapped) == 1 else mapped
            else:
                out[key] = jersey(item)
        return out
    return value


def to_json(data: dict[str, Any], quirks: bool) -> bytes:
    return json.dumps(jersey(data) if quirks else data, ensure_ascii=False).encode()


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if value is None:
            continue
        if key.startswith("@"):
            element.set(key[1:], _text(value))
            continue
        for item in value if isinstance(value, list) else [value]:
            child = ET.SubElement(element, key)
            if isinstance(item, dict):
                _fill(child, item)
            else:
                child.text = _text(item)


def to_xml(root: str, data: dict[str, Any]) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + ET.tostring(element, encoding="unicode").encode()
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _from_element(element: ET.Element) -> Any:
    children = list(element)
    if not children and not element.attrib:
        return element.text or ""
    out: dict[str, Any] = {f"@{_local(name)}": value for name, value in element.attrib.items()}
    grouped: dict[str, list[Any]] = {}
    for child in children:
        grouped.setdefault(_local(child.tag), []).append(_from_element(child))
    out.update({key: values[0] if len(values) == 1 else values for key, values in grouped.items()})
    if not children and (element.text or "").strip():
        out["$"] = element.text
    return out


def parse_body(body: bytes, content_type: str | None, root: str) -> dict[str, Any]:
    """Parse a JSON or XML body into the JSON form (XML root dropped, JSON `{root: {...}}` unwrapped)."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media.endswith("json"):
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise bad_request([("body", f"Malformed JSON request body: {exc}")]) from exc
        if isinstance(data, dict) and list(data) == [root] and isinstance(data[root], dict):
            data = data[root]
    elif media.endswith("xml"):
        try:
            data = _from_element(ET.fromstring(body))
        except ET.ParseError as exc:
            raise bad_request([("body", f"Malformed XML request body: {exc}")]) from exc
    else:
        raise ApiError(
            415,
            "Unsupported Media Type",
            [(content_type or "", "Send the request body as application/json or application/xml.")],
        )
    if not isinstance(data, dict):
        raise bad_request([("body", f"The request body must be a {root} object.")])
    return data


def parse_multipart(body: bytes, content_type: str | None) -> dict[str, tuple[str | None, bytes]]:
    """A multipart/form-data body as {field name: (file name or None, bytes)}, binary-safe."""
    header = Message()
    header["Content-Type"] = content_type or ""
    boundary = header.get_param("boundary")
    if header.get_content_type() != "multipart/form-data" or not isinstance(boundary, str):
        raise ApiError(
            415, "Unsupported Media Type", [(content_type or "", "Upload files as multipart/form-data.")]
        )
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in body.split(b"--" + boundary.encode())[1:]:
        if part.startswith(b"--"):
            break
        head, separator, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            continue
        part_headers = Message()
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            part_headers[name.strip()] = value.strip()
        field_name = part_headers.get_param("name", header="content-disposition")
        if isinstance(field_name, str):
            fields[field_name] = (part_headers.get_filename(), content.removesuffix(b"\r\n"))
    return fields
