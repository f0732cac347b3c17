"""The business-calendar engine: pure functions over frozen dataclasses (no Django, no I/O).

Describe a calendar with ``CalendarSpec``, check it with ``validate_spec`` (field-addressed
``FieldError`` list for forms and the API), compile it once with ``compile_calendar`` and call
``CompiledCalendar.evaluate(at)`` on every IVR request. ``transitions`` previews changes,
``concrete_holidays`` / ``weekly_intervals_for`` / ``open_intervals_for`` / ``split_at_midnight``
feed the UCCX projection, ``import_country_holidays`` turns national holidays into rules.

Semantics (the IVR contract's ``calendars/{name}/status``):

- Precedence, first match wins: active emergency > holiday > special day > weekly hours > closed.
- An emergency is active until ``expires_at`` (exclusive); its expiry is a change point. Force open
  is state ``emergency`` with ``is_open`` true and plays only its own prompt; force closed falls back
  to the default emergency prompt.
- A holiday covers its local date from 00:00 to 24:00, including the spill of the previous evening's
  overnight interval; a partial-day holiday only its window. When several rules match, the first listed
  wins. Feb 29 yearly rules occur only in leap years; ranges bounded by Feb 29 compare month/day.
- A special day replaces its date's hours in the same way (no intervals: closed all day).
- Hours belong to the day they start on: weekly intervals follow the shift pattern in force on the day
  they start and may run past midnight; a date's own intervals win over the previous day's spill, and
  a date whose hours a special day or an all-day holiday replaces has no spill into the next date
  either (a holiday Friday does not open Saturday 00:00-02:00 from Friday's 22:00-02:00).
- Reasons: a holiday's or special day's name, the override's note, the shift pattern's name or
  ``business hours`` while open, ``after hours`` on a day with hours, ``closed`` on a day without.
  Open states carry no prompt; ``after_hours`` falls back to the ``closed`` prompt.
- Local times: a time in a DST fold names its first occurrence, a time in a DST gap the moment the clock
  jumps past it.
- ``next_change`` is the first instant at which ``state`` or ``is_open`` differ (reason or prompt alone
  do not count); ``next_open`` the first instant at which ``is_open`` becomes true (None while open);
  each None when there is none within 366 days. ``transitions`` lists every change of what callers
  get, reason and prompt included.
"""

from calendars.engine.compiled import (
    HORIZON,
    CompiledCalendar,
    compile_calendar,
    concrete_holidays,
    evaluate,
    transitions,
)
from calendars.engine.countries import import_country_holidays, supported_countries
from calendars.engine.holiday_dates import (
    DateRange,
    EasterOffset,
    HolidayDate,
    NthWeekday,
    OnDate,
    RRuleDate,
    ShiftPeriod,
    YearlyDate,
    YearlyRange,
)
from calendars.engine.holiday_validation import validate_holiday, validate_holidays
from calendars.engine.hours import Interval, Weekday, WeeklyHours
from calendars.engine.spec import (
    FORCE_CLOSED,
    FORCE_OPEN,
    CalendarSpec,
    Emergency,
    EmergencyMode,
    HolidayRule,
    Prompts,
    ShiftPattern,
    SpecialDay,
)
from calendars.engine.status import (
    REASON_AFTER_HOURS,
    REASON_BUSINESS_HOURS,
    REASON_CLOSED,
    CalendarStatus,
    CalendarValidationError,
    ConcreteHoliday,
    FieldError,
    State,
    Verdict,
)
from calendars.engine.timeline import split_at_midnight
from calendars.engine.validation import (
    UCCX_MAX_INTERVALS_PER_DAY,
    UCCX_MAX_NAME_LENGTH,
    uccx_limit_errors,
    validate_emergency,
    validate_shift_patterns,
    validate_spec,
    validate_special_days,
    validate_time_zone,
    validate_weekly,
)

__all__ = [
    "FORCE_CLOSED",
    "FORCE_OPEN",
    "HORIZON",
    "REASON_AFTER_HOURS",
    "REASON_BUSINESS_HOURS",
    "REASON_CLOSED",
    "UCCX_MAX_INTERVALS_PER_DAY",
    "UCCX_MAX_NAME_LENGTH",
    "CalendarSpec",
    "CalendarStatus",
    "CalendarValidationError",
    "CompiledCalendar",
    "ConcreteHoliday",
    "DateRange",
    "EasterOffset",
    "Emergency",
    "EmergencyMode",
    "FieldError",
    "HolidayDate",
    "HolidayRule",
    "Interval",
    "NthWeekday",
    "OnDate",
    "Prompts",
    "RRuleDate",
    "ShiftPattern",
    "ShiftPeriod",
    "SpecialDay",
    "State",
    "Verdict",
    "Weekday",
    "WeeklyHours",
    "YearlyDate",
    "YearlyRange",
    "compile_calendar",
    "concrete_holidays",
    "evaluate",
    "import_country_holidays",
    "split_at_midnight",
    "supported_countries",
    "transitions",
    "uccx_limit_errors",
    "validate_emergency",
    "validate_holiday",
    "validate_holidays",
    "validate_shift_patterns",
    "validate_spec",
    "validate_special_days",
    "validate_time_zone",
    "validate_weekly",
]
