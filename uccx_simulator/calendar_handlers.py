"""Calendars on a simulated node: `/adminapi/calendar`, with UCCX's brief and associations views."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from .errors import bad_request
from .pipeline import Call, NodePipeline
from .representation import parse_body
from .transport import Response
from .validation import clean_calendar

_CALENDAR_LISTS = ("calendar", "specialDay", "holiday", "businessDay")


class CalendarHandlers(NodePipeline):
    """The node's calendar handlers."""

    @staticmethod
    def _calendar_id(text: str) -> int:
        if not text.isdigit():
            raise bad_request([(text, f"Invalid calendar id {text!r}: it must be a number.")])
        return int(text)

    def _calendar_out(self, call: Call, calendar: dict[str, Any]) -> dict[str, Any]:
        """A calendar as UCCX shows it: `self` first, an empty businessDays/specialDays/holidays left out."""
        out: dict[str, Any] = {"self": f"{call.base}/adminapi/calendar/{calendar['calId']}"}
        for key, value in calendar.items():
            if isinstance(value, dict) and not any(value.get(element) for element in _CALENDAR_LISTS):
                continue
            out[key] = value
        return out

    def _brief_calendar(self, call: Call, calendar: dict[str, Any]) -> dict[str, Any]:
        """`?detail=brief`: the summary with the applications using it and what else is configured."""
        keys = ("calId", "name", "timeZone", "description", "calendarType")
        return {
            "self": f"{call.base}/adminapi/calendar/{calendar['calId']}",
            **{key: calendar[key] for key in keys},
            "applications": {"application": self._calendar_applications(call, calendar)},
            "holidaysConfigured": bool(calendar["holidays"]["holiday"]),
            "customBusinessDaysConfigured": bool(calendar["specialDays"]["specialDay"]),
        }

    def _calendar_applications(self, call: Call, calendar: dict[str, Any]) -> list[dict[str, str]]:
        with self.store.lock:
            users = self.store.calendar_users(calendar)
        return [self._pair(call, "application", name) for name in users]

    def list_calendars(self, call: Call) -> Response:
        flags = self._flags(call)
        calendars = self.store.list_calendars()
        if flags.get("detail", "").lower() == "brief":
            listed = [self._brief_calendar(call, calendar) for calendar in calendars]
        else:
            listed = [self._calendar_out(call, calendar) for calendar in calendars]
            if "withAssociations" in flags:
                for out, calendar in zip(listed, calendars, strict=True):
                    out["associations"] = {
                        "applications": {"application": self._calendar_applications(call, calendar)},
                        "chatWidgets": {"chatWidget": []},
                    }
        return self._render(call.fmt, "calendars", {"calendar": listed})

    def get_calendar(self, call: Call, cal_id: str) -> Response:
        calendar = self.store.get_calendar(self._calendar_id(cal_id))
        return self._render(call.fmt, "calendar", self._calendar_out(call, calendar))

    def create_calendar(self, call: Call) -> Response:
        clean = clean_calendar(
            parse_body(call.request.body, call.request.headers.get("Content-Type"), "calendar")
        )
        return self._created(f"{call.base}/adminapi/calendar/{self.store.create_calendar(clean)}")

    def modify_calendar(self, call: Call, cal_id: str) -> Response:
        number = self._calendar_id(cal_id)
        self.store.get_calendar(number)
        clean = clean_calendar(
            parse_body(call.request.body, call.request.headers.get("Content-Type"), "calendar")
        )
        self.store.modify_calendar(number, clean)
        return Response(200)

    def delete_calendar(self, call: Call, cal_id: str) -> Response:
        query = parse_qs(call.request.query, keep_blank_values=True)
        forced = "forced" in query and query["forced"][-1].lower() not in ("false", "0")
        self.store.delete_calendar(self._calendar_id(cal_id), forced)
        return Response(200)
