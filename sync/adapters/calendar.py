"""The adapter of UCCX business calendars (`/adminapi/calendar`)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from sync.adapters.base import Adapter
from uccx_client import UccxNotFoundError
from uccx_client.quirks import as_list

if TYPE_CHECKING:
    from uccx_client import UccxClient


class CalendarAdapter(Adapter):
    """A UCCX business calendar (`/adminapi/calendar`); the payload is the calendar body without calId."""

    def name_of(self, payload: dict[str, Any]) -> str:
        return payload["name"]

    def find(self, client: UccxClient, name: str) -> tuple[str, dict[str, Any]] | None:
        body = client.find_calendar_by_name(name)
        return None if body is None else (str(body["calId"]), body)

    def get(self, client: UccxClient, remote_id: str) -> dict[str, Any] | None:
        try:
            return client.get_calendar(int(remote_id))
        except UccxNotFoundError:
            return None

    def create(self, client: UccxClient, payload: dict[str, Any]) -> str:
        return str(client.create_calendar(payload))

    def update(self, client: UccxClient, remote_id: str, payload: dict[str, Any]) -> None:
        client.modify_calendar(int(remote_id), {**payload, "calId": int(remote_id)})

    def delete(self, client: UccxClient, remote_id: str) -> None:
        with contextlib.suppress(UccxNotFoundError):  # already gone
            client.delete_calendar(int(remote_id))

    def snapshot(self, client: UccxClient) -> dict[str, dict[str, Any]]:
        """UCCX's calendar list carries full bodies: one request for every calendar."""
        return {str(body["calId"]): body for body in client.list_calendars()}

    def same(self, current: dict[str, Any], desired: dict[str, Any]) -> bool:
        return canonical_calendar(current) == canonical_calendar(desired)


def canonical_calendar(body: dict[str, Any]) -> dict[str, Any]:
    """A calendar as comparable data: Jersey's bare single elements and omitted empty lists made lists."""

    def entries(owner: dict[str, Any], wrapper: str, element: str) -> list[dict[str, Any]]:
        return as_list((owner.get(wrapper) or {}).get(element))

    def intervals(owner: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [
            (i.get("name"), i.get("startTime"), i.get("endTime"))
            for i in entries(owner, "intervals", "interval")
        ]

    return {
        "name": body.get("name"),
        "description": body.get("description") or "",
        "timeZone": body.get("timeZone"),
        "calendarType": body.get("calendarType"),
        "businessDays": [
            (day.get("dayOfWeek"), intervals(day)) for day in entries(body, "businessDays", "businessDay")
        ],
        "specialDays": [
            (day.get("name"), day.get("date"), intervals(day))
            for day in entries(body, "specialDays", "specialDay")
        ],
        "holidays": [(day.get("name"), day.get("date")) for day in entries(body, "holidays", "holiday")],
    }
