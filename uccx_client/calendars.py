"""UCCX calendars (`/adminapi/calendar`): list, read, create, modify, delete."""

from uccx_client import shapes
from uccx_client.transport import Transport, adminapi_path


class CalendarOperations(Transport):
    """The client's calendar operations."""

    def list_calendars(self, *, brief: bool = False, with_associations: bool = False) -> list[dict]:
        """Every calendar with its full body (one request); `brief`: the summary with the applications
        using each; `with_associations`: full bodies plus `associations`."""
        query = "?detail=brief" if brief else "?withAssociations" if with_associations else ""
        return shapes.calendar_list(self._read_json(adminapi_path("calendar") + query))

    def get_calendar(self, cal_id: int) -> dict:
        return shapes.calendar(self._read_json(adminapi_path("calendar", cal_id)))

    def find_calendar_by_name(self, name: str) -> dict | None:
        return next((cal for cal in self.list_calendars() if cal.get("name") == name), None)

    def create_calendar(self, body: dict) -> int:
        def find() -> int | None:
            found = self.find_calendar_by_name(body.get("name", ""))
            return None if found is None else found["calId"]

        return self._create(adminapi_path("calendar"), body, find)

    def modify_calendar(self, cal_id: int, body: dict) -> None:
        self._write("PUT", adminapi_path("calendar", cal_id), json=body)

    def delete_calendar(self, cal_id: int, forced: bool = False) -> None:
        self._write(
            "DELETE", adminapi_path("calendar", cal_id), params={"forced": "true"} if forced else None
        )
