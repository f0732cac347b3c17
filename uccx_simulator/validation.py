"""Request validation with UCCX's limits; returns the canonical stored form or raises a 400 apiErrors."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import zoneinfo
from typing import Any

from .errors import bad_request
from .representation import as_list

CALENDAR_TYPES = ("FULLTIME", "FIXEDHOURS", "FLEXIBLEHOURS")
DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
MAX_INTERVALS_PER_DAY = 3
MAX_HOLIDAYS = 40
MAX_SPECIAL_DAYS = 40
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_APPLICATION_KINDS = ("ScriptApplication", "ICMPostRouting", "ICMTranslationRouting")
CCCALENDAR_TYPE = "com.cisco.cccalendar.CCCalendar"


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class _Errors:
    """Collects every problem of one request so the caller sees them all at once."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, data: Any, message: str) -> None:
        self.items.append((str(data), message))

    def text(self, body: dict[str, Any], key: str, label: str, *, low: int, high: int | None) -> str:
        """A text field of `low`..`high` characters (an empty optional field comes back as "")."""
        value = body.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(value, f"{label} must be text.")
            return ""
        if len(value) < low or (high is not None and len(value) > high):
            size = f"at most {high}" if low == 0 else f"{low} to {high}"
            self.add(value, f"{label} must be {size} characters long (got {len(value)}).")
        return value

    def objects(self, body: dict[str, Any], key: str, element: str | None = None) -> list[dict[str, Any]]:
        """The repeated `key` objects, or the `element` entries inside the `key` container, as a list."""
        items = body.get(key)
        if element is not None and isinstance(items, dict):
            items = items.get(element)
        items = as_list(items)
        if not all(isinstance(item, dict) for item in items):
            self.add(key, f"{key} must contain {element or key} objects.")
            return []
        return items

    def raise_if_any(self) -> None:
        if self.items:
            raise bad_request(self.items)


def _date(errors: _Errors, value: Any, what: str) -> str:
    text = value if isinstance(value, str) else ""
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        dt.date.fromisoformat(text)
    except ValueError:
        errors.add(value, f"Invalid date {value!r} for {what}: use YYYY-MM-DD.")
    return text


def _intervals(errors: _Errors, owner: dict[str, Any], where: str) -> dict[str, Any]:
    intervals = errors.objects(owner, "intervals", "interval")
    if len(intervals) > MAX_INTERVALS_PER_DAY:
        errors.add(
            where,
            f"{where} has {len(intervals)} intervals; at most {MAX_INTERVALS_PER_DAY} are allowed per day.",
        )
    clean, names = [], set()
    for raw in intervals:
        name = errors.text(raw, "name", f"Interval name on {where}", low=1, high=25)
        if name in names:
            errors.add(name, f"Interval name {name} is used more than once on {where}.")
        names.add(name)
        times = {}
        for key in ("startTime", "endTime"):
            value = raw.get(key)
            if not (isinstance(value, str) and _TIME.fullmatch(value)):
                errors.add(
                    value,
                    f"Invalid {key} {value!r} in interval {name} on {where}: use HH:MM from 00:00 to 23:59.",
                )
                value = None
            times[key] = value
        if times["startTime"] and times["endTime"] and times["endTime"] <= times["startTime"]:
            errors.add(
                f"{times['startTime']}-{times['endTime']}",
                f"Interval {name} on {where} must end after it starts.",
            )
        clean.append({"name": name, **times})
    valid = sorted(
        (i for i in clean if i["startTime"] and i["endTime"] and i["startTime"] < i["endTime"]),
        key=lambda i: i["startTime"],
    )
    for before, after in itertools.combinations(valid, 2):
        if after["startTime"] < before["endTime"]:
            errors.add(
                f"{before['name']}, {after['name']}",
                f"Intervals {before['name']} and {after['name']} overlap on {where}.",
            )
    return {"interval": clean}


def _dated(
    errors: _Errors, body: dict[str, Any], wrapper: str, element: str, limit: int, label: str
) -> list[tuple[dict[str, Any], str]]:
    """The entries of a list of dated days (holidays, special days) with their checked dates."""
    entries = errors.objects(body, wrapper, element)
    if len(entries) > limit:
        errors.add(len(entries), f"At most {limit} {label}s can be configured (got {len(entries)}).")
    dated, dates = [], set()
    for raw in entries:
        date = _date(errors, raw.get("date"), f"{label} {raw.get('name', '')}")
        if date and date in dates:
            errors.add(date, f"Two {label}s are configured for {date}.")
        dates.add(date)
        dated.append((raw, date))
    return dated


def clean_calendar(body: dict[str, Any]) -> dict[str, Any]:
    """Validate a calendar body and return its canonical form (without calId)."""
    errors = _Errors()
    name = errors.text(body, "name", "Calendar name", low=1, high=30)
    description = errors.text(body, "description", "Description", low=0, high=70)
    time_zone = body.get("timeZone")
    if time_zone not in _time_zones():
        errors.add(
            time_zone, f"Invalid time zone {time_zone!r}: use an IANA time zone such as Europe/Zurich."
        )
    calendar_type = body.get("calendarType")
    if calendar_type not in CALENDAR_TYPES:
        errors.add(
            calendar_type, f"Invalid calendar type {calendar_type!r}: use one of {', '.join(CALENDAR_TYPES)}."
        )

    business_days, seen_days = [], set()
    raw_days = errors.objects(body, "businessDays", "businessDay")
    if calendar_type in ("FIXEDHOURS", "FLEXIBLEHOURS") and not raw_days:
        errors.add("businessDays", f"businessDays are required for a {calendar_type} calendar.")
    for raw in raw_days:
        day = raw.get("dayOfWeek")
        if day not in DAYS:
            errors.add(day, f"Invalid dayOfWeek {day!r}: use one of {', '.join(DAYS)}.")
        elif day in seen_days:
            errors.add(day, f"Business day {day} is configured more than once.")
        seen_days.add(day)
        business_days.append({"dayOfWeek": day, "intervals": _intervals(errors, raw, str(day))})

    special_days = [
        {
            "name": errors.text(raw, "name", "Special day name", low=1, high=50),
            "date": date,
            "intervals": _intervals(errors, raw, date),
        }
        for raw, date in _dated(errors, body, "specialDays", "specialDay", MAX_SPECIAL_DAYS, "special day")
    ]
    holidays = [
        {"name": errors.text(raw, "name", "Holiday name", low=0, high=50), "date": date}
        for raw, date in _dated(errors, body, "holidays", "holiday", MAX_HOLIDAYS, "holiday")
    ]
    errors.raise_if_any()
    return {
        "name": name,
        "description": description,
        "timeZone": time_zone,
        "calendarType": calendar_type,
        "businessDays": {"businessDay": business_days},
        "specialDays": {"specialDay": special_days},
        "holidays": {"holiday": holidays},
    }


def _integer(errors: _Errors, value: Any, label: str, low: int, high: int) -> int:
    try:
        number = int(value)
        if isinstance(value, (bool, float)) or not low <= number <= high:
            raise ValueError
    except (TypeError, ValueError):
        errors.add(value, f"{label} must be a whole number from {low} to {high}.")
        return low
    return number


def _boolean(errors: _Errors, value: Any, label: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    errors.add(value, f"{label} must be true or false.")
    return False


def calendar_reference(value: str) -> str:
    """A CCCalendar parameter's calendar name or id, without the string-literal quotes."""
    return value.strip().strip('"')


def clean_application(name: str, body: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Validate a full-replacement application body for application `name` (currently `current`)."""
    errors = _Errors()
    if body.get("applicationName", name) != name:
        errors.add(body.get("applicationName"), f"The application name cannot be changed (URL names {name}).")
    kinds = [kind for kind in _APPLICATION_KINDS if kind in body]
    if len(kinds) != 1:
        errors.add(",".join(kinds), f"Exactly one of {', '.join(_APPLICATION_KINDS)} is required.")
    script_app = body.get("ScriptApplication")
    clean_script: dict[str, Any] | None = None
    if isinstance(script_app, dict):
        script = errors.text(script_app, "script", "Script", low=1, high=None)
        params, seen = [], set()
        for raw in errors.objects(script_app, "scriptParams"):
            param = {
                key: errors.text(raw, key, f"Script parameter {key}", low=1, high=None)
                for key in ("name", "value", "type")
            }
            if param["name"] in seen:
                errors.add(param["name"], f"Script parameter {param['name']} is given more than once.")
            seen.add(param["name"])
            params.append(param)
        clean_script = {
            "script": script,
            "defaultScript": script_app.get("defaultScript", ""),
            "scriptParams": params,
        }
    elif script_app is not None:
        errors.add("ScriptApplication", "ScriptApplication must be an object.")
    kind = kinds[0] if len(kinds) == 1 else "ScriptApplication"
    clean = {
        kind: clean_script if kind == "ScriptApplication" else body[kind],
        "id": _integer(errors, body.get("id", current["id"]), "id", 0, 65535),
        "applicationName": name,
        "type": body.get("type", current["type"]),
        "description": body.get("description", ""),
        "maxsession": _integer(errors, body.get("maxsession"), "maxsession", 1, 2147483647),
        "enabled": _boolean(errors, body.get("enabled"), "enabled"),
    }
    errors.raise_if_any()
    return clean


def _user(reference: Any) -> str:
    """The user id of a nameUriPair (`name` attribute, else the end of its refURL) or a plain string."""
    if isinstance(reference, str):
        return reference.strip()
    if not isinstance(reference, dict):
        return ""
    name = reference.get("@name") or reference.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return str(reference.get("refURL") or "").rstrip("/").rsplit("/", 1)[-1]


def _users(errors: _Errors, body: dict[str, Any], wrapper: str, *elements: str) -> list[str]:
    container = body.get(wrapper)
    if container is None or container == "":
        return []
    if not isinstance(container, dict):
        errors.add(wrapper, f"{wrapper} must contain {elements[0]} entries.")
        return []
    references = [item for element in elements for item in as_list(container.get(element))]
    return [user for user in map(_user, references) if user]


def clean_team(body: dict[str, Any]) -> dict[str, Any]:
    """A team create body in either spelling UCCX uses (`teamName`/`teamname`, `secondarySupervisor` or
    Cisco's sample's `secondrySupervisor`), as the store keeps it."""
    errors = _Errors()
    key = "teamName" if "teamName" in body else "teamname"
    name = errors.text(body, key, "Team name", low=1, high=49)
    primary = _user(body.get("primarySupervisor"))
    secondaries = _users(errors, body, "secondarySupervisors", "secondarySupervisor", "secondrySupervisor")
    clean = {
        "teamName": name,
        "primarySupervisor": primary,
        "secondarySupervisors": secondaries,
        "resources": _users(errors, body, "resources", "resource"),
        "csqs": _users(errors, body, "csqs", "csq"),
        "acdBusyOnNonAcdBusy": _boolean(
            errors, body.get("acdBusyOnNonAcdBusy", False), "acdBusyOnNonAcdBusy"
        ),
        "nonAcdBusyOverride": _boolean(errors, body.get("nonAcdBusyOverride", False), "nonAcdBusyOverride"),
    }
    errors.raise_if_any()
    return clean
