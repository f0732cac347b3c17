"""What the engine answers: the evaluated status, concrete holidays and validation errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, NamedTuple

from calendars.engine.hours import Interval
from core.errors import FieldError  # the engine reports with the type every app uses

State = Literal["open", "closed", "holiday", "emergency"]

REASON_BUSINESS_HOURS = "business hours"
REASON_AFTER_HOURS = "after hours"
REASON_CLOSED = "closed"


class Verdict(NamedTuple):
    """What callers get: the observable part of a status."""

    state: State
    is_open: bool
    reason: str
    prompt: str


@dataclass(frozen=True, slots=True)
class CalendarStatus:
    """A calendar's state at ``evaluated_at``, with the fields of the IVR contract (second edition).

    ``next_change`` is the first later instant at which ``state`` or ``is_open`` differ (a change of
    ``reason`` or ``prompt`` alone is not a change), ``next_open`` the first instant from which callers
    are routed to agents again (None while open); each None when there is none within 366 days.
    Datetimes carry the calendar's time zone; compare them in UTC, because Python compares two
    datetimes of one zone by wall time, which a DST fold repeats.
    """

    calendar: str
    state: State
    is_open: bool
    reason: str
    prompt: str
    next_change: datetime | None
    next_open: datetime | None
    time_zone: str
    evaluated_at: datetime

    @property
    def verdict(self) -> Verdict:
        return Verdict(self.state, self.is_open, self.reason, self.prompt)


@dataclass(frozen=True, slots=True)
class ConcreteHoliday:
    """One date on which a holiday rule closes the calendar (``window`` None: the whole date)."""

    date: date
    name: str
    prompt: str
    window: Interval | None
    rule_index: int


class CalendarValidationError(ValueError):
    """Raised when compiling an invalid spec; ``errors`` lists every problem found."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(map(str, errors)))
