"""Holidays from and to iCalendar (.ics, RFC 5545) files, with the `icalendar` package (pure, no Django).

Import: each VEVENT becomes a holiday rule named after its SUMMARY. An all-day event of one day is a date,
of several days a range; with an RRULE it recurs. A timed event closes part of its date (it must end by
midnight, in the calendar's time zone; floating times are the calendar's local time). RDATE and EXDATE
cannot be expressed as holiday rules and are refused with the event named.

Export: one VEVENT per rule. Dates, ranges, yearly dates, nth weekdays and RRULEs keep their recurrence;
Easter-relative rules have no RRULE form, so their dates of this year and the next four are written.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from calendars.engine import (
    DateRange,
    EasterOffset,
    HolidayRule,
    Interval,
    NthWeekday,
    OnDate,
    RRuleDate,
    YearlyDate,
    limits,
    validate_holiday,
)
from calendars.engine.field_checks import control_character_error

MAX_ICS_BYTES = 256 * 1024
"""An .ics file larger than this is refused before it is parsed (parsing costs about 1 s a MB)."""
MAX_EVENTS = limits.MAX_HOLIDAYS
"""Events of one file: each becomes a holiday, and a calendar holds at most this many."""
EASTER_YEARS = 5
NAME_MAX = 50
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ONE_DAY = timedelta(days=1)


class IcsError(ValueError):
    """The file cannot be imported; the message says why and names the event."""


# --- import ---------------------------------------------------------------------------------------


def rules_from_ics(data: bytes, zone: ZoneInfo) -> list[HolidayRule]:
    """The holiday rules of an .ics file; raises `IcsError` for a malformed file or an unsupported event.
    Size and number of events are checked on the bytes, before any parsing."""
    if len(data) > MAX_ICS_BYTES:
        raise IcsError(f"The file has {len(data):,} bytes; at most {MAX_ICS_BYTES:,} can be imported.")
    found = data.upper().count(b"BEGIN:VEVENT")
    if found > MAX_EVENTS:
        raise IcsError(f"The file has {found:,} events; at most {MAX_EVENTS:,} can be imported at once.")
    _refuse_other_files(data)
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError, OverflowError) as exc:
        raise IcsError(f"This is not a valid iCalendar (.ics) file: {exc}") from exc
    if isinstance(calendar, list) or calendar.name != "VCALENDAR":
        raise IcsError("This is not an iCalendar file: it must start with BEGIN:VCALENDAR.")
    events = calendar.walk("VEVENT")
    if not events:
        raise IcsError("The file has no events (VEVENT) to import.")
    if len(events) > MAX_EVENTS:
        raise IcsError(f"The file has {len(events)} events; at most {MAX_EVENTS} can be imported at once.")
    return [_read_rule(event, number, zone) for number, event in enumerate(events, start=1)]


_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive or an Office document",
    b"RIFF": "a WAVE sound",
}


def _refuse_other_files(data: bytes) -> None:
    """Say plainly when the upload is some other kind of file, instead of quoting its bytes."""
    what = next((kind for signature, kind in _SIGNATURES.items() if data.startswith(signature)), None)
    if what is None and (b"\x00" in data[:1024] or not _is_text(data[:1024])):
        what = "a binary file, not text"
    if what is not None:
        raise IcsError(
            f"This is not an iCalendar file: it looks like {what}. Choose an .ics file (a text file that "
            "starts with BEGIN:VCALENDAR), e.g. one exported from Outlook or Google Calendar."
        )


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:  # a character cut at the end of the sample is still text
        return error.start >= len(head) - 3
    return True


def _read_rule(event: Event, number: int, zone: ZoneInfo) -> HolidayRule:
    """One event's rule; a value no date can hold (DURATION:P100000000D) is a message, not a crash."""
    summary = str(event.get("SUMMARY", ""))
    problem = control_character_error(summary, "summary")
    if problem:
        raise IcsError(f"Event {number}: its SUMMARY holds a control character. {problem[0].message}")
    name = " ".join(summary.split())[:NAME_MAX] or "Holiday"
    where = f"Event {number} ({name})"
    try:
        return _rule(event, name, where, zone)
    except IcsError:
        raise
    except (ValueError, OverflowError, TypeError, KeyError, AttributeError) as exc:
        raise IcsError(f"{where}: its dates cannot be used ({exc}).") from exc


def _rule(event: Event, name: str, where: str, zone: ZoneInfo) -> HolidayRule:
    if event.errors:
        prop, problem = event.errors[0]
        raise IcsError(f"{where}: its {prop} cannot be read ({problem}).")
    for prop in ("RDATE", "EXDATE"):
        if prop in event:
            raise IcsError(f"{where} uses {prop}, which cannot be imported; remove it or split the event.")
    if "DTSTART" not in event:
        raise IcsError(f"{where} has no start (DTSTART).")
    start = event.decoded("DTSTART")
    end = _end(event, start)
    recur = event.get("RRULE")
    if isinstance(start, datetime):
        rule = _timed(start, end, zone, name, where, recur)
    elif recur is not None:
        if end - start != _ONE_DAY:
            raise IcsError(
                f"{where} recurs and lasts {(end - start).days} days; only one-day events can recur."
            )
        rule = HolidayRule(name, RRuleDate(_rrule_text(recur), start))
    elif end - start <= _ONE_DAY:
        rule = HolidayRule(name, OnDate(start))
    else:
        rule = HolidayRule(name, DateRange(start, end - _ONE_DAY))
    problems = validate_holiday(rule, "event")
    if problems:
        raise IcsError(f"{where}: {problems[0].message}")
    return rule


def _end(event: Event, start: date) -> date:
    if "DTEND" in event:
        return event.decoded("DTEND")
    if "DURATION" in event:
        return start + event.decoded("DURATION")
    return start if isinstance(start, datetime) else start + _ONE_DAY


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _timed(
    start: datetime, end: date, zone: ZoneInfo, name: str, where: str, recur: vRecur | None
) -> HolidayRule:
    if not isinstance(end, datetime):
        end = datetime.combine(end, time(0), tzinfo=start.tzinfo)
    start, end = _local(start, zone), _local(end, zone)
    midnight = datetime.combine(start.date() + _ONE_DAY, time(0), tzinfo=zone)
    if not start < end <= midnight:
        raise IcsError(
            f"{where} runs from {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} ({zone.key}): a partial-day "
            "closure must end after it starts and by midnight of the same day."
        )
    window = Interval(
        start.time().replace(second=0, microsecond=0), end.time().replace(second=0, microsecond=0)
    )
    when = RRuleDate(_rrule_text(recur), start.date()) if recur is not None else OnDate(start.date())
    return HolidayRule(name, when, window=window)


def _rrule_text(recur: vRecur) -> str:
    """The RRULE body; an UNTIL with a time becomes its date (holiday rules recur by date)."""
    recur = vRecur(recur)
    if "UNTIL" in recur:
        recur["UNTIL"] = [u.date() if isinstance(u, datetime) else u for u in recur["UNTIL"]]
    return recur.to_ical().decode()


# --- export ---------------------------------------------------------------------------------------


def ics_from_rules(calendar_name: str, time_zone: str, rules: list[HolidayRule], today: date) -> bytes:
    """An .ics file with one event per rule (Easter-relative rules: their next dates)."""
    zone = ZoneInfo(time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//Supervisor Tools for Cisco UCCX//Calendars//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{calendar_name} holidays")
    calendar.add("x-wr-timezone", time_zone)
    for index, rule in enumerate(rules):
        for number, (first, last, recur) in enumerate(_occurrences(rule, today)):
            event = Event()
            event.add("uid", f"{calendar_name}-{index}-{number}@supervisor-tools")
            event.add("summary", rule.name)
            event.add("dtstamp", datetime.combine(today, time(0), tzinfo=ZoneInfo("UTC")))
            if rule.window is None:
                event.add("dtstart", first)
                event.add("dtend", last + _ONE_DAY)
            else:
                window_end = datetime.combine(first, rule.window.end, tzinfo=zone)
                if rule.window.end == time(0):
                    window_end += _ONE_DAY
                event.add("dtstart", datetime.combine(first, rule.window.start, tzinfo=zone))
                event.add("dtend", window_end)
                if last != first:  # a range with a window: the window every day of the range
                    recur = vRecur({"FREQ": "DAILY", "UNTIL": last})
            if recur is not None:
                event.add("rrule", recur)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _occurrences(rule: HolidayRule, today: date) -> list[tuple[date, date, vRecur | None]]:
    """(first date, last date, recurrence) of each event that stands for the rule."""
    when = rule.when
    match when:
        case OnDate():
            return [(when.date, when.date, None)]
        case DateRange():
            return [(when.start, when.end, None)]
        case YearlyDate():
            first = _next_date(when, today)
            return [(first, first, vRecur({"FREQ": "YEARLY", "BYMONTH": when.month, "BYMONTHDAY": when.day}))]
        case NthWeekday():
            first = _next_date(when, today)
            byday = f"{when.nth}{_BYDAY[when.weekday]}"
            return [(first, first, vRecur({"FREQ": "YEARLY", "BYMONTH": when.month, "BYDAY": byday}))]
        case EasterOffset():
            days = [
                d for year in range(today.year, today.year + EASTER_YEARS) for d in when.dates_in_year(year)
            ]
            return [(d, d, None) for d in days]
        case RRuleDate():
            return [(when.dtstart, when.dtstart, vRecur.from_ical(_strip_prefix(when.rule)))]
    raise TypeError(f"unknown holiday date {when!r}")


def _next_date(when: YearlyDate | NthWeekday, today: date) -> date:
    """The first occurrence from this year on (Feb 29 waits for a leap year)."""
    year = today.year
    while not (found := when.dates_in_year(year)):
        year += 1
    return found[0]


def _strip_prefix(rule: str) -> str:
    rule = rule.strip()
    return rule[6:] if rule.upper().startswith("RRULE:") else rule
