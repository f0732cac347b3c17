"""A calendar's pages: what every section shares (`CalendarPage`, the message after a save), its overview
and its history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from calendars import services
from calendars.data import CalendarData
from calendars.forms.calendar import CalendarForm, EmergencyForm, PreviewForm
from calendars.models import Calendar
from calendars.selectors import (
    SYNC_KIND,
    calendar_preview,
    calendar_schedule,
    emergency_active,
    uccx_projection,
    upcoming_holidays,
)
from calendars.services import CalendarInvalid, ImportResult, SaveResult
from core.errors import show_errors
from core.selectors import history_of
from core.views import ObjectActionPage
from sync.selectors import changes_of
from sync.views import flash_sync_result

SECTIONS = [
    ("detail", "Overview"),
    ("hours", "Hours"),
    ("holidays", "Holidays"),
    ("special-days", "Special days"),
    ("settings", "Settings"),
    ("history", "History"),
]


def flash_saved(request: HttpRequest, result: SaveResult, what: str, horizon: bool = False) -> None:
    """Tell the supervisor what became of the save, in UCCX too (`horizon`: and how far UCCX's copy of the
    dates reaches when UCCX's limits shorten it; said on saves of holidays and special days)."""
    flash_sync_result(request, result.syncs, what)
    projection = result.projection
    if horizon and projection.shortened:
        messages.info(
            request,
            "UCCX takes at most 40 holidays and 40 special days, so its own copy covers the days up to "
            f"{projection.horizon_end:%Y-%m-%d}; the copy moves on every day.",
        )
    for warning in projection.warnings:
        messages.warning(request, f"UCCX's own copy is approximate here: {warning}")


def form_data(form: CalendarForm, base: CalendarData | None, weekly: Any = None) -> CalendarData:
    """The calendar's new state from the settings form (over `base` when editing)."""
    values = form.cleaned_data
    settings = {
        "name": values["name"],
        "time_zone": values["time_zone"],
        "description": values["description"].strip(),
        "team": values["team"],
        "prompts": form.prompts(),
        "uccx_application": values["uccx_application"].strip(),
        "holiday_profiles": tuple(values.get("holiday_profiles", ())),
    }
    if base is None:
        return CalendarData(weekly=weekly, **settings)
    return CalendarData(**{**base.__dict__, **settings})


class CalendarPage(ObjectActionPage):
    """A section of one calendar: GET shows it, POST runs `do_<action>` (core.views.ObjectActionPage)."""

    model = Calendar
    section = "detail"
    dates_page = False  # its saves add dates: say how far UCCX's copy of them reaches

    @property
    def calendar(self) -> Calendar:
        return self.object

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.calendar.time_zone)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        calendar = self.calendar
        now = timezone.now()
        schedule = calendar_schedule(calendar)
        return super().get_context_data(
            calendar=calendar,
            schedule=schedule,
            until=schedule[1].evaluated_at if len(schedule) > 1 else None,
            sections=[
                (name, label, reverse(f"calendars:{name}", args=[calendar.pk])) for name, label in SECTIONS
            ],
            section=self.section,
            can_edit=self.request.user.has_perm("calendars.change_calendar", calendar),
            now_status=schedule[0],
            emergency_on=emergency_active(calendar, now),
            sync_kind=SYNC_KIND,
            **kwargs,
        )

    def saved(
        self, form: forms.Form, field_for: Callable[[str], str | None], call: Callable[[], Any], what: str
    ) -> HttpResponse | None:
        """Run a service for a valid form; refused: re-render with the errors (400); else flash the result."""
        if form.is_valid():
            try:
                result = call()
            except CalendarInvalid as error:
                show_errors(error, (form, field_for))
            else:
                if isinstance(result, ImportResult):
                    if result.saved is None:
                        messages.info(
                            self.request, f"{what} Nothing new: all {result.skipped} were already there."
                        )
                        return None
                    what = f"{what} {result.added} added" + (
                        f", {result.skipped} already there." if result.skipped else "."
                    )
                    result = result.saved
                flash_saved(self.request, result, what, horizon=self.dates_page)
                return None
        return self.refused(**{f"{self.request.POST.get('action', '')}_form": form})


class CalendarDetailView(CalendarPage):
    template_name = "calendars/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        calendar = self.calendar
        preview_form = kwargs.pop("preview_form", None) or PreviewForm(
            self.request.GET or None, zone=self.zone
        )
        preview = (
            calendar_preview(calendar, preview_form.instant())
            if preview_form.is_bound and preview_form.is_valid()
            else None
        )
        return super().get_context_data(
            emergency_form=kwargs.pop("emergency_form", None) or EmergencyForm(zone=self.zone),
            preview_form=preview_form,
            preview=preview,
            projection=uccx_projection(calendar),
            holidays=upcoming_holidays(calendar, days=120)[:8],
            **kwargs,
        )

    def do_emergency(self) -> HttpResponse | None:
        form = EmergencyForm(self.request.POST, zone=self.zone)
        return self.saved(
            form,
            EmergencyForm.field_for,
            lambda: services.emergency_switch_on(
                calendar=self.calendar, actor=self.request.user, **form.switch()
            ),
            "Emergency switch ON.",
        )

    def do_emergency_off(self) -> HttpResponse | None:
        result = services.emergency_switch_off(calendar=self.calendar, actor=self.request.user)
        flash_saved(self.request, result, "Emergency switch off.")
        return None


def posted_index(request: HttpRequest, size: int) -> int | None:
    raw = request.POST.get("index", "")
    return int(raw) if raw.isdigit() and int(raw) < size else None


class HistoryView(CalendarPage):
    template_name = "calendars/history.html"
    section = "history"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        changes = changes_of(SYNC_KIND, self.calendar.pk)
        return super().get_context_data(history=history_of(self.calendar), changes=changes, **kwargs)
