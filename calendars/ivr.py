"""IVR endpoint `GET /ivr/v1/calendars/{name}/status[?at=]` (contract: docs/ivr-api.md).

Answered from the calendar's compiled snapshot (one indexed query for its version, then an in-process
cache), never from UCCX, so a script's *Make REST Call* gets its answer in milliseconds whatever UCCX does.
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from calendars.engine import CalendarStatus
from calendars.snapshot import compiled_calendar
from core.ivr import IvrError, IvrView, parse_at


class CalendarStatusIvr(IvrView):
    def get(self, request: Request, name: str) -> Response:
        at = parse_at(request)
        compiled = compiled_calendar(name)
        if compiled is None:
            raise IvrError("not_found", f"There is no calendar named {name!r}.", 404)
        try:
            status = compiled.evaluate(at)
        except ValueError as error:  # a year the engine does not evaluate
            raise IvrError("bad_parameter", f"The parameter 'at' is out of range: {error}") from error
        return Response(status_answer(status))


def status_answer(status: CalendarStatus) -> dict[str, Any]:
    """The contract's fields of a calendar status, in its order (also what `/ivr/v1/call` nests)."""
    return {
        "calendar": status.calendar,
        "state": status.state,
        "is_open": status.is_open,
        "reason": status.reason,
        "prompt": status.prompt,
        "next_change": _iso(status.next_change),
        "next_open": _iso(status.next_open),
        "time_zone": status.time_zone,
        "evaluated_at": _iso(status.evaluated_at),
    }


def _iso(moment: Any) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")
