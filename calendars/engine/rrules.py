"""RRULE holidays: parsing an RRULE body and expanding a year of its dates, bounded and remembered
(validation, compiling and the UCCX projection ask for the same years of the same rules)."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.rrule import rrule, rrulestr


def rrule_parts(rule: str) -> dict[str, str]:
    """``{"FREQ": "YEARLY", "BYMONTH": "11", ...}`` of an RRULE body (upper case, ``RRULE:`` dropped)."""
    body = re.sub(r"^RRULE:", "", rule.strip(), flags=re.IGNORECASE)
    return dict(part.partition("=")[::2] for part in body.upper().split(";"))


@lru_cache(maxsize=4096)
def parse_rrule(rule: str, dtstart: date) -> rrule:
    """Parse an RRULE body (``FREQ=YEARLY;BYMONTH=11;BYDAY=4TH``, an ``RRULE:`` prefix is allowed)
    against a start date; raises ``ValueError`` for a malformed rule."""
    parsed = rrulestr(rule.strip(), dtstart=datetime(dtstart.year, dtstart.month, dtstart.day))
    if not isinstance(parsed, rrule):
        raise ValueError("only a single RRULE is supported")
    return parsed


def _restart_before(rule: str, dtstart: date, year: int) -> rrule:
    """The rule restarted on its own phase as late as possible on or before 1 January of ``year``, so
    that expanding ``year`` walks at most about a year of the rule's periods instead of every period
    since ``dtstart`` (a daily rule from 1900 asked for 9000 would walk 2.6 million days).

    Moving the start by whole periods keeps every occurrence from the new start on: a daily or weekly
    rule moves by whole multiples of its interval in days or weeks; a monthly or yearly rule by whole
    years that are multiples of its interval, so the month and day that default from the start stay
    (a 29 February start moves to a leap year). A rule with COUNT counts from its real start and is not
    moved; validation keeps its dates within ``RRULE_SEARCH_YEARS``."""
    parsed = parse_rrule(rule, dtstart)
    parts = rrule_parts(rule)
    if "COUNT" in parts or year <= dtstart.year:
        return parsed
    interval = int(parts.get("INTERVAL") or 1)
    start: date | None = None
    if parts.get("FREQ") in ("DAILY", "WEEKLY"):
        step = interval * (7 if parts["FREQ"] == "WEEKLY" else 1)
        start = dtstart + timedelta(days=(date(year, 1, 1) - dtstart).days // step * step)
    else:
        step_years = interval if parts.get("FREQ") == "YEARLY" else math.lcm(interval, 12) // 12
        for steps in range((year - 1 - dtstart.year) // step_years, 0, -1):
            try:
                start = dtstart.replace(year=dtstart.year + steps * step_years)
                break
            except ValueError:  # 29 February in a common year: one step earlier
                continue
    if start is None or start <= dtstart:
        return parsed
    return parsed.replace(dtstart=datetime(start.year, start.month, start.day))


@lru_cache(maxsize=1024)
def _counted_dates(rule: str, dtstart: date) -> tuple[date, ...]:
    """Every date of a rule with COUNT (validation bounds them: at most ``MAX_RRULE_COUNT`` dates)."""
    return tuple(sorted({moment.date() for moment in parse_rrule(rule, dtstart)}))


@lru_cache(maxsize=4096)
def rrule_dates_in_year(rule: str, dtstart: date, year: int) -> tuple[date, ...]:
    """A year of an RRULE's dates, remembered: validation, compiling and the UCCX projection ask for
    the same years of the same rules."""
    parts = rrule_parts(rule)
    if "COUNT" in parts:
        dates = _counted_dates(rule, dtstart)
        return dates[bisect_left(dates, date(year, 1, 1)) : bisect_left(dates, date(year + 1, 1, 1))]
    if parts.get("FREQ") in ("DAILY", "WEEKLY") and set(parts) <= _PLAIN_DAILY_WEEKLY:
        plain = _plain_daily_weekly(parts, dtstart, year)
        if plain is not None:
            return plain
    found = _restart_before(rule, dtstart, year).between(
        datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59), inc=True
    )
    return tuple(sorted({moment.date() for moment in found}))


_PLAIN_DAILY_WEEKLY = {"FREQ", "INTERVAL", "UNTIL", "WKST", "BYMONTH", "BYDAY"}
_WEEKDAY_CODES = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def _plain_daily_weekly(parts: dict[str, str], dtstart: date, year: int) -> tuple[date, ...] | None:
    """A year of a DAILY or WEEKLY rule that only filters by month and weekday, by arithmetic: dateutil
    walks from one match to the next, so a rule matching in December only walked about 700 days for each
    year (the first answer of a year in the IVR built 20 such years). None: leave it to dateutil."""
    try:
        interval = int(parts.get("INTERVAL") or 1)
        months = {int(m) for m in parts["BYMONTH"].split(",")} if "BYMONTH" in parts else None
        weekdays = {_WEEKDAY_CODES[d] for d in parts["BYDAY"].split(",")} if "BYDAY" in parts else None
        wkst = _WEEKDAY_CODES[parts.get("WKST") or "MO"]
        until = datetime.strptime(parts["UNTIL"], "%Y%m%d").date() if "UNTIL" in parts else date.max
    except (KeyError, ValueError):
        return None
    if interval < 1:
        return None
    weekly = parts["FREQ"] == "WEEKLY"
    if weekly and weekdays is None:
        weekdays = {dtstart.weekday()}

    def week_start(day: date) -> int:
        return day.toordinal() - (day.weekday() - wkst) % 7

    first_week, start = week_start(dtstart), dtstart.toordinal()
    found = []
    for ordinal in range(
        max(date(year, 1, 1), dtstart).toordinal(), min(date(year, 12, 31), until).toordinal() + 1
    ):
        day = date.fromordinal(ordinal)
        if months is not None and day.month not in months:
            continue
        if weekdays is not None and day.weekday() not in weekdays:
            continue
        if (((week_start(day) - first_week) // 7) if weekly else (ordinal - start)) % interval == 0:
            found.append(day)
    return tuple(found)
