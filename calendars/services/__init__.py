"""Writes of the calendars app, one module per section; the functions pages, the API, admin and tasks call
are all importable from here.

- `saving`: the one way to save (validate, then rows + snapshot + outbox in one transaction), create,
  update, delete, the daily re-projection;
- `hours`: weekly hours, shift patterns, special days; `holidays`: holidays, imports, holiday profiles;
  `emergency`: the emergency switch; `checks`: what a new state must pass (`CalendarInvalid`).
"""

from calendars.services.checks import CalendarInvalid
from calendars.services.emergency import emergency_switch_off, emergency_switch_on
from calendars.services.holidays import (
    ImportResult,
    holiday_add,
    holiday_delete,
    holiday_profile_delete,
    holiday_profile_save,
    holidays_import,
    ics_import,
)
from calendars.services.hours import (
    shift_pattern_delete,
    shift_pattern_save,
    special_day_delete,
    special_day_set,
    weekly_hours_copy,
    weekly_hours_set,
)
from calendars.services.saving import (
    SaveResult,
    calendar_create,
    calendar_delete,
    calendar_reproject,
    calendar_update,
    calendars_reproject_all,
)

__all__ = [
    "CalendarInvalid",
    "ImportResult",
    "SaveResult",
    "calendar_create",
    "calendar_delete",
    "calendar_reproject",
    "calendar_update",
    "calendars_reproject_all",
    "emergency_switch_off",
    "emergency_switch_on",
    "holiday_add",
    "holiday_delete",
    "holiday_profile_delete",
    "holiday_profile_save",
    "holidays_import",
    "ics_import",
    "shift_pattern_delete",
    "shift_pattern_save",
    "special_day_delete",
    "special_day_set",
    "weekly_hours_copy",
    "weekly_hours_set",
]
