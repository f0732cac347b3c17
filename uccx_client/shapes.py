"""UCCX bodies as the rest of the app reads them, whatever a real server sent.

Real servers differ from Cisco's data-structure pages and from each other: XML where JSON was asked for,
a one-element list as a bare object or a bare array instead of its wrapper, ids as strings, an empty
description as `[]`, `teamname` and `secondrySupervisor` (sic). Every reader of the client gets one
canonical shape; a body that cannot be read raises UccxResponseError naming the field.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from uccx_client.errors import UccxResponseError
from uccx_client.quirks import as_list


def xml_to_data(text: str | bytes) -> dict[str, Any]:
    """An XML body in the JSON form UCCX's Jersey mapping gives: root dropped, attributes as `@name`,
    repeated elements as lists, text leaves as strings."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise UccxResponseError(f"UCCX answered XML that cannot be read ({exc}).", field="body") from exc
    data = _element(root)
    return data if isinstance(data, dict) else {}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _element(element: ElementTree.Element) -> Any:
    children = list(element)
    if not children and not element.attrib:
        return (element.text or "").strip()
    out: dict[str, Any] = {f"@{_local(name)}": value for name, value in element.attrib.items()}
    for child in children:
        key, value = _local(child.tag), _element(child)
        if key in out:
            out[key] = [*as_list(out[key]), value] if isinstance(out[key], list) else [out[key], value]
        else:
            out[key] = value
    return out


# --- scalars ------------------------------------------------------------------------------------------


def _text(value: Any, field: str, what: str) -> str:
    """Text; `[]`, `{}` and null (Jersey's empty element) read as ""."""
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, bool | dict | list):
        raise UccxResponseError(f"UCCX sent {what} with an unreadable {field}: {value!r:.80}.", field=field)
    return str(value)


def _integer(value: Any, field: str, what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise UccxResponseError(f"UCCX sent {what} with an unreadable {field}: {value!r:.80}.", field=field)


def _boolean(value: Any, field: str, what: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise UccxResponseError(f"UCCX sent {what} with an unreadable {field}: {value!r:.80}.", field=field)


def _entries(owner: dict[str, Any], wrapper: str, element: str, what: str) -> list[dict[str, Any]]:
    """The `element` objects of `wrapper`: `{wrapper: {element: [..]}}` (one may come as a bare object),
    a bare array `{wrapper: [..]}`, or nothing at all (Jersey leaves empty lists out)."""
    container = owner.get(wrapper)
    if container is None or container in ("", [], {}):
        return []
    if isinstance(container, dict):
        if element not in container:
            raise UccxResponseError(
                f"UCCX sent {what} with an unreadable {wrapper}: no {element} entries in it.", field=wrapper
            )
        container = container[element]
    items = as_list(container)
    if not all(isinstance(item, dict) for item in items):
        raise UccxResponseError(
            f"UCCX sent {what} with an unreadable {wrapper}: expected {element} entries.", field=wrapper
        )
    return items


# --- calendars ----------------------------------------------------------------------------------------


def _intervals(owner: dict[str, Any], what: str) -> dict[str, Any]:
    return {
        "interval": [
            {
                "name": _text(item.get("name"), "interval name", what),
                "startTime": _text(item.get("startTime"), "startTime", what),
                "endTime": _text(item.get("endTime"), "endTime", what),
            }
            for item in _entries(owner, "intervals", "interval", what)
        ]
    }


def calendar(body: Any) -> dict[str, Any]:
    """A calendar (full, brief or with associations) with `calId` an int, text fields as text and
    businessDays / specialDays / holidays always `{wrapper: {element: [...]}}`."""
    if not isinstance(body, dict):
        raise UccxResponseError(
            f"UCCX sent a calendar that is not an object: {body!r:.80}.", field="calendar"
        )
    what = f"calendar {body.get('name') or body.get('calId') or ''}".strip()
    out = dict(body)
    if "calId" in body:
        out["calId"] = _integer(body["calId"], "calId", what)
    for field in ("name", "description", "timeZone", "calendarType"):
        if field in body or field == "description":
            out[field] = _text(body.get(field), field, what)
    out["businessDays"] = {
        "businessDay": [
            {"dayOfWeek": _text(day.get("dayOfWeek"), "dayOfWeek", what), "intervals": _intervals(day, what)}
            for day in _entries(body, "businessDays", "businessDay", what)
        ]
    }
    out["specialDays"] = {
        "specialDay": [
            {
                "name": _text(day.get("name"), "special day name", what),
                "date": _text(day.get("date"), "special day date", what),
                "intervals": _intervals(day, what),
            }
            for day in _entries(body, "specialDays", "specialDay", what)
        ]
    }
    out["holidays"] = {
        "holiday": [
            {
                "name": _text(day.get("name"), "holiday name", what),
                "date": _text(day.get("date"), "date", what),
            }
            for day in _entries(body, "holidays", "holiday", what)
        ]
    }
    for flag in ("holidaysConfigured", "customBusinessDaysConfigured"):
        if flag in body:
            out[flag] = _boolean(body[flag], flag, what)
    return out


def calendar_list(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The calendars of a list answer; Cisco's sample placeholder entries (text, no object) are skipped."""
    return [calendar(item) for item in as_list(body.get("calendar")) if isinstance(item, dict)]


# --- applications -------------------------------------------------------------------------------------


def application(body: Any) -> dict[str, Any]:
    """An application with typed id / maxsession / enabled and `scriptParams` always a list of
    {name, value, type[, isDefaultValue]}."""
    if not isinstance(body, dict):
        raise UccxResponseError(
            f"UCCX sent an application that is not an object: {body!r:.80}.", field="application"
        )
    what = f"application {body.get('applicationName') or ''}".strip()
    out = dict(body)
    for field in ("id", "maxsession"):
        if field in body:
            out[field] = _integer(body[field], field, what)
    if "enabled" in body:
        out["enabled"] = _boolean(body["enabled"], "enabled", what)
    if "description" in body:
        out["description"] = _text(body["description"], "description", what)
    script = body.get("ScriptApplication")
    if script is not None:
        if not isinstance(script, dict):
            raise UccxResponseError(f"UCCX sent {what} with an unreadable ScriptApplication.", field="script")
        raw = as_list(script.get("scriptParams"))
        if not all(isinstance(param, dict) for param in raw):
            raise UccxResponseError(f"UCCX sent {what} with unreadable scriptParams.", field="scriptParams")
        params = []
        for param in raw:
            if not param.get("name"):  # Cisco's second modify sample: an empty <scriptParams/>
                continue
            clean: dict[str, Any] = {
                key: _text(param.get(key), f"scriptParams {key}", what) for key in ("name", "value", "type")
            }
            if "isDefaultValue" in param:
                clean["isDefaultValue"] = _boolean(param["isDefaultValue"], "isDefaultValue", what)
            params.append(clean)
        out["ScriptApplication"] = {**script, "scriptParams": params}
    return out


def application_for_write(body: dict[str, Any]) -> dict[str, Any]:
    """An application read with `?allScriptParams`, ready to PUT back whole: without `self`, and without
    the parameters still at their script default (left out, they stay at it; `isDefaultValue` is a
    read-only flag)."""
    out = {key: value for key, value in body.items() if key != "self"}
    script = body.get("ScriptApplication")
    if isinstance(script, dict):
        out["ScriptApplication"] = {
            **script,
            "scriptParams": [
                {key: value for key, value in param.items() if key != "isDefaultValue"}
                for param in script.get("scriptParams", [])
                if not param.get("isDefaultValue")
            ],
        }
    return out


# --- teams --------------------------------------------------------------------------------------------


def _pair(reference: Any) -> dict[str, Any]:
    """A nameUriPair as {name, refURL} (attribute or element, or a bare name)."""
    if isinstance(reference, str):
        return {"name": reference}
    if not isinstance(reference, dict):
        return {}
    return {key.removeprefix("@"): value for key, value in reference.items()}


def team(body: Any) -> dict[str, Any]:
    """A team with `teamId` an int, `teamName` (also from `teamname`) and `secondarySupervisors`
    `{"secondarySupervisor": [pairs]}` (also from Cisco's `secondrySupervisor`)."""
    if not isinstance(body, dict):
        raise UccxResponseError(f"UCCX sent a team that is not an object: {body!r:.80}.", field="team")
    what = f"team {body.get('teamName') or body.get('teamname') or ''}".strip()
    out = {key.removeprefix("@"): value for key, value in body.items() if key != "teamname"}
    if "teamId" in body:
        out["teamId"] = _integer(body["teamId"], "teamId", what)
    out["teamName"] = _text(body.get("teamName", body.get("teamname")), "teamName", what)
    if body.get("primarySupervisor") not in (None, "", [], {}):
        out["primarySupervisor"] = _pair(body["primarySupervisor"])
    else:
        out["primarySupervisor"] = None
    secondaries = body.get("secondarySupervisors")
    references: list[Any] = []
    if isinstance(secondaries, dict):
        for key in ("secondarySupervisor", "secondrySupervisor"):
            references += as_list(secondaries.get(key))
    else:
        references = as_list(secondaries)
    out["secondarySupervisors"] = {"secondarySupervisor": [_pair(item) for item in references if item]}
    return out
