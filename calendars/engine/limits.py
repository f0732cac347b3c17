"""The engine's limits on everything a user controls, so that no input can make validation, compiling or
an evaluation slow. Each limit is checked by ``validate_spec`` before any work that grows with it, with a
message that names the limit; docs/calendars.md ("Limits") lists them.

Why these values: they are far above what a contact centre uses (UCCX itself pushes at most 3 intervals
a day and 40 holidays), and at every one of them ``python -m bench.hostile_input`` keeps each request
under a second and each IVR answer under 50 ms.
"""

from __future__ import annotations

MIN_YEAR, MAX_YEAR = 1900, 9000
"""Instants that can be evaluated, and the years an RRULE may start in."""

MAX_INTERVALS_PER_DAY = 24
"""Intervals of one weekday (weekly hours, each shift pattern) or of one special day."""

MAX_SHIFT_PATTERNS = 10
MAX_PERIODS_PER_PATTERN = 10

MAX_HOLIDAYS = 500
"""Holiday rules of a calendar, its own and those of its shared profiles together; also per profile."""

MAX_SPECIAL_DAYS = 366

MAX_RRULE_HOLIDAYS = 20
"""Holidays given as an RRULE: each costs more to check and expand than any other kind."""

MAX_HOLIDAY_DATES_PER_YEAR = 1000
"""Dates all holiday rules together produce in one year (a range of 10 days counts 10, a daily RRULE
365): the size of the per-year expansion every evaluation of a new year builds."""

MAX_RRULE_LENGTH = 500
MAX_RRULE_INTERVAL = 1000
MAX_RRULE_COUNT = 1000
RRULE_SEARCH_YEARS = 30
"""An RRULE must produce its first date, and with COUNT all of its dates, within this many years."""
