"""The shape of an XML or JSON document (element paths and the kinds of what they hold), to compare a
sample with the simulator's answer."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from .samples import PLACEHOLDER


def _kind(text: str) -> str:
    text = text.strip()
    if not text:
        return "empty"
    if text.startswith("{") and text.endswith("}"):
        return "any"  # a template placeholder such as {id}
    if text.lower() in ("true", "false"):
        return "bool"
    if re.fullmatch(r"-?\d+", text):
        return "int"
    return "text"


Shape = dict[str, set[str]]  # element path (root dropped) -> kinds of what it holds


def xml_shape(element: ET.Element, prefix: str = "", shape: Shape | None = None) -> Shape:
    shape = {} if shape is None else shape
    for name in element.attrib if prefix else ():  # the root's are schema hints (xsi:...), not data
        shape.setdefault(f"{prefix}/@{name.rsplit('}', 1)[-1]}", set()).add("text")
    for child in element:
        if (child.text or "").strip().startswith(PLACEHOLDER):
            continue
        path = f"{prefix}/{child.tag}"
        is_object = len(child) > 0 or bool(child.attrib)
        shape.setdefault(path, set()).add("object" if is_object else _kind(child.text or ""))
        xml_shape(child, path, shape)
    return shape


def json_shape(value: Any, prefix: str = "", shape: Shape | None = None) -> Shape:
    shape = {} if shape is None else shape
    for key, item in value.items():
        for element in item if isinstance(item, list) else [item]:
            path = f"{prefix}/{key}"
            if isinstance(element, dict):
                shape.setdefault(path, set()).add("object")
                json_shape(element, path, shape)
            elif element is None:
                shape.setdefault(path, set()).add("empty")
            else:
                text = str(element).lower() if isinstance(element, bool) else str(element)
                shape.setdefault(path, set()).add(_kind(text))
    return shape


def compare(expected: Shape, actual: Shape, *, may_lack: str = "", may_add: str = "") -> list[str]:
    """What differs between the sample's shape and the simulator's; `may_lack` / `may_add` are regexes
    of paths the simulator may leave out (it does not model them) or add (the sample was cut)."""
    problems = []
    for path, kinds in sorted(expected.items()):
        if path not in actual:
            if not (may_lack and re.match(may_lack, path)):
                problems.append(f"missing {path}")
            continue
        wanted, got = kinds - {"empty", "any"}, actual[path] - {"empty"}
        if wanted and got and wanted != got:
            problems.append(f"{path}: sample has {sorted(wanted)}, simulator {sorted(got)}")
    for path in sorted(set(actual) - set(expected)):
        if "@" in path.rsplit("/", 1)[-1] and path.rsplit("/", 1)[0] in expected:
            problems.append(f"extra attribute {path}")
        elif not (may_add and re.match(may_add, path)):
            problems.append(f"extra {path}")
    return problems
