"""The outbox adapter that points a UCCX application's CCCalendar script parameter at a calendar.

The payload is `{"application": <application name>, "calendar": <calendar name>}`. UCCX's application PUT
is a full replacement, so the application is read, only the CCCalendar parameter's value is replaced, and
the whole body is written back. Until the calendar itself exists in UCCX (its own change may still be
queued) the binding waits, queued, instead of being refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync.registry import Adapter
from uccx_client import UccxNotFoundError, UccxUnavailableError, UccxValidationError

if TYPE_CHECKING:
    from uccx_client import UccxClient

CCCALENDAR_TYPE = "com.cisco.cccalendar.CCCalendar"


def _params(application: dict[str, Any]) -> list[dict[str, Any]]:
    params = (application.get("ScriptApplication") or {}).get("scriptParams") or []
    return [params] if isinstance(params, dict) else params


def bound_calendar(application: dict[str, Any]) -> str | None:
    """The calendar named by the application's CCCalendar parameter (None: it has none)."""
    param = next((p for p in _params(application) if p.get("type") == CCCALENDAR_TYPE), None)
    return None if param is None else str(param.get("value", "")).strip().strip('"')


class ApplicationCalendarAdapter(Adapter):
    def name_of(self, payload: dict[str, Any]) -> str:
        return payload["application"]

    def find(self, client: UccxClient, name: str) -> tuple[str, dict[str, Any]] | None:
        body = self.get(client, name)
        return None if body is None else (name, body)

    def get(self, client: UccxClient, remote_id: str) -> dict[str, Any] | None:
        """With `?allScriptParams`: a CCCalendar parameter still at its script default is left out of a
        plain GET, and the whole application is written back."""
        try:
            return client.get_application(remote_id, all_script_params=True)
        except UccxNotFoundError:
            return None

    def create(self, client: UccxClient, payload: dict[str, Any]) -> str:
        self.update(client, payload["application"], payload)
        return payload["application"]

    def update(self, client: UccxClient, remote_id: str, payload: dict[str, Any]) -> None:
        application = self.get(client, payload["application"])
        if application is None:
            raise UccxValidationError(f"UCCX has no application called {payload['application']}.", status=404)
        params = _params(application)
        param = next((p for p in params if p.get("type") == CCCALENDAR_TYPE), None)
        if param is None:
            raise UccxValidationError(
                f"Application {payload['application']} has no CCCalendar script parameter to bind.",
                status=400,
            )
        if client.find_calendar_by_name(payload["calendar"]) is None:
            raise UccxUnavailableError(
                f"Calendar {payload['calendar']} is not in UCCX yet; the binding waits for it."
            )
        param["value"] = payload["calendar"]
        param.pop("isDefaultValue", None)  # set explicitly now: it is written back
        application["ScriptApplication"]["scriptParams"] = params
        client.modify_application(payload["application"], application)

    def delete(self, client: UccxClient, remote_id: str) -> None:
        """Unbinding leaves the application as it is: UCCX needs some calendar there."""

    def same(self, current: dict[str, Any], desired: dict[str, Any]) -> bool:
        return bound_calendar(current) == desired["calendar"]
