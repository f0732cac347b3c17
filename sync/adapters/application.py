"""Adapters that set one script parameter of a UCCX application (`/adminapi/application/<name>`).

UCCX's application PUT is a full replacement, so the application is read, only the one parameter's value is
replaced, and the whole body is written back. The application itself is never created or deleted by the
app: it belongs to the UCCX administrator. The object the parameter names (a calendar, a prompt) is written
first because its change is declared with `enqueue_change(..., after=<that change>)`; the adapter does not
look for it in UCCX.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync.adapters.base import Adapter
from uccx_client import UccxNotFoundError, UccxValidationError

if TYPE_CHECKING:
    from uccx_client import UccxClient

CCCALENDAR_TYPE = "com.cisco.cccalendar.CCCalendar"


def script_params(application: dict[str, Any]) -> list[dict[str, Any]]:
    """The application's script parameters (Jersey sends a single one bare, not in a list)."""
    params = (application.get("ScriptApplication") or {}).get("scriptParams") or []
    return [params] if isinstance(params, dict) else params


class ApplicationParameterAdapter(Adapter):
    """Payload `{"application": <name>, "parameter": <script parameter name>, "value": <its value>}`.

    The remote id is the application's name. Deleting leaves the application as it is: UCCX needs some value
    there, and only the app's wish to set it goes away.
    """

    def parameter(self, params: list[dict[str, Any]], payload: dict[str, Any]) -> dict[str, Any] | None:
        """The script parameter this payload sets."""
        return next((p for p in params if p.get("name") == payload["parameter"]), None)

    def value(self, payload: dict[str, Any]) -> str:
        return str(payload["value"])

    def missing(self, payload: dict[str, Any]) -> str:
        """Why UCCX's application cannot take the payload (it lacks the parameter)."""
        return f"Application {payload['application']} has no script parameter {payload['parameter']}."

    def current_value(self, application: dict[str, Any], payload: dict[str, Any]) -> str | None:
        param = self.parameter(script_params(application), payload)
        return None if param is None else str(param.get("value", "")).strip().strip('"')

    def name_of(self, payload: dict[str, Any]) -> str:
        return payload["application"]

    def label(self, payload: dict[str, Any]) -> str:
        return f"{payload['application']}'s {payload['parameter']} parameter"

    def find(self, client: UccxClient, name: str) -> tuple[str, dict[str, Any]] | None:
        body = self.get(client, name)
        return None if body is None else (name, body)

    def get(self, client: UccxClient, remote_id: str) -> dict[str, Any] | None:
        """With `?allScriptParams`: a parameter still at its script default is left out of a plain GET, and
        the whole application is written back."""
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
        params = script_params(application)
        param = self.parameter(params, payload)
        if param is None:
            raise UccxValidationError(self.missing(payload), status=400)
        param["value"] = self.value(payload)
        param.pop("isDefaultValue", None)  # set explicitly now: it is written back
        application["ScriptApplication"]["scriptParams"] = params
        client.modify_application(payload["application"], application)

    def delete(self, client: UccxClient, remote_id: str) -> None:
        """Unsetting leaves the application as it is: UCCX needs some value there."""

    def same(self, current: dict[str, Any], desired: dict[str, Any]) -> bool:
        return self.current_value(current, desired) == self.value(desired)


class ApplicationCalendarAdapter(ApplicationParameterAdapter):
    """Points an application's CCCalendar parameter at a calendar: `{"application": ..., "calendar": ...}`."""

    def parameter(self, params: list[dict[str, Any]], payload: dict[str, Any]) -> dict[str, Any] | None:
        return next((p for p in params if p.get("type") == CCCALENDAR_TYPE), None)

    def value(self, payload: dict[str, Any]) -> str:
        return str(payload["calendar"])

    def missing(self, payload: dict[str, Any]) -> str:
        return f"Application {payload['application']} has no CCCalendar script parameter to bind."

    def label(self, payload: dict[str, Any]) -> str:
        return f"{payload['application']}'s CCCalendar"
