"""How UCCX's Calendar step reads a calendar body: the yardstick the agreement tests hold our copy to.

A holiday date is closed (the Holidays branch); a special day's intervals replace the weekday's; otherwise
the weekday's business-day intervals apply. An interval is open from startTime to endTime, and an endTime of
23:59 is the end of the day.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def _items(container: Any, element: str) -> list[dict[str, Any]]:
    items = (container or {}).get(element, []) if isinstance(container, dict) else container or []
    return [items] if isinstance(items, dict) else list(items)


def _minute(text: str, end: bool = False) -> int:
    hours, minutes = map(int, text.split(":"))
    value = hours * 60 + minutes
    return 24 * 60 if end and value == 23 * 60 + 59 else value


def uccx_state(body: dict[str, Any], at: datetime) -> str:
    """ "holiday", "open" or "closed" at the instant `at`, as UCCX would branch."""
    local = at.astimezone(ZoneInfo(body["timeZone"]))
    day = local.date().isoformat()
    if any(h["date"] == day for h in _items(body.get("holidays"), "holiday")):
        return "holiday"
    special = next((s for s in _items(body.get("specialDays"), "specialDay") if s["date"] == day), None)
    if special is not None:
        intervals = _items(special.get("intervals"), "interval")
    else:
        weekday = DAYS[local.weekday()]
        business = next(
            (b for b in _items(body.get("businessDays"), "businessDay") if b["dayOfWeek"] == weekday), None
        )
        intervals = _items(business.get("intervals"), "interval") if business else []
    minute = local.hour * 60 + local.minute
    is_open = any(_minute(i["startTime"]) <= minute < _minute(i["endTime"], end=True) for i in intervals)
    return "open" if is_open else "closed"
