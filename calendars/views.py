"""Pages of the calendars app: the dashboard with emergency switches, and per calendar its overview
(state now, emergency switch, preview, next 14 days), hours, holidays, special days, settings and history.

Each form posts to the page it is on with an `action`; the page calls one service and says plainly what
became of the save, in UCCX too (applied, waiting, refused). A refused save re-renders the page (400)
with the service's messages next to the inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from django.views.generic.detail import SingleObjectMixin

from calendars import services
from calendars.data import CalendarData
from calendars.engine import supported_countries
from calendars.forms import (
    CalendarForm,
    CopyDayForm,
    EmergencyForm,
    HolidayForm,
    HolidayImportForm,
    IcsImportForm,
    PreviewForm,
    ShiftPatternForm,
    SpecialDayForm,
    WeeklyHoursForm,
)
from calendars.ics import ics_from_rules
from calendars.models import Calendar
from calendars.parsing import weekly_summary
from calendars.rows import calendar_data, calendar_spec
from calendars.selectors import (
    SYNC_KIND,
    calendar_dashboard,
    calendar_preview,
    calendar_schedule,
    emergency_active,
    uccx_projection,
    upcoming_holidays,
)
from calendars.services import CalendarInvalid, ImportResult, SaveResult
from core.errors import show_errors
from core.selectors import history_of
from core.views import ObjectActionPage, PageMixin, TeamScopedMixin
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


def _data(form: CalendarForm, base: CalendarData | None, weekly: Any = None) -> CalendarData:
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


# --- dashboard and creation ------------------------------------------------------------------------


class CalendarListView(PageMixin, TemplateView):
    """Every calendar with its state now and a prominent emergency switch."""

    template_name = "calendars/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            rows=calendar_dashboard(user), can_add=user.has_perm("calendars.add_calendar"), **kwargs
        )


class CalendarCreateView(PageMixin, TemplateView):
    template_name = "calendars/create.html"
    permission_required = "calendars.add_calendar"

    def _forms(self, data: Any = None) -> tuple[CalendarForm, WeeklyHoursForm]:
        return CalendarForm(data, user=self.request.user), WeeklyHoursForm(data, prefix="hours")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if "form" not in kwargs:
            kwargs["form"], kwargs["hours_form"] = self._forms()
            teams = kwargs["form"].fields["team"].queryset
            if teams.count() == 1:
                kwargs["form"].initial["team"] = teams.first()
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        form, hours_form = self._forms(request.POST)
        if form.is_valid() and hours_form.is_valid():
            try:
                result = services.calendar_create(
                    actor=request.user, data=_data(form, None, hours_form.weekly())
                )
            except CalendarInvalid as error:
                show_errors(error, (form, CalendarForm.field_for), (hours_form, WeeklyHoursForm.field_for))
            else:
                flash_saved(request, result, f"Calendar {result.calendar.name} created.")
                return redirect("calendars:detail", pk=result.calendar.pk)
        return self.render_to_response(self.get_context_data(form=form, hours_form=hours_form), status=400)


class EmergencySwitchView(TeamScopedMixin, SingleObjectMixin, TemplateView):
    """The dashboard's one-click switch: `switch=on` (force closed, or the posted mode and note) or
    `switch=off`; then back to the dashboard."""

    model = Calendar
    object_action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        calendar = self.object = self.get_object()
        if request.POST.get("switch") == "off":
            result = services.emergency_switch_off(calendar=calendar, actor=request.user)
            flash_saved(request, result, f"Emergency switch of {calendar.name} is off.")
            return redirect("calendars:list")
        form = EmergencyForm(request.POST, zone=ZoneInfo(calendar.time_zone))
        problems = [str(e) for errors in form.errors.values() for e in errors]
        if not problems:
            try:
                result = services.emergency_switch_on(calendar=calendar, actor=request.user, **form.switch())
            except CalendarInvalid as error:
                problems = [problem.message for problem in error.field_errors]
            else:
                note = form.cleaned_data["note"]
                flash_saved(request, result, f"Emergency switch of {calendar.name} is ON: {note}.")
                return redirect("calendars:list")
        messages.error(
            request, f"The emergency switch of {calendar.name} was not turned on: {' '.join(problems)}"
        )
        return redirect("calendars:list")


# --- a calendar's pages ---------------------------------------------------------------------------------


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


class HoursView(CalendarPage):
    template_name = "calendars/hours.html"
    section = "hours"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        data = calendar_data(self.calendar)
        return super().get_context_data(
            weekly_form=kwargs.pop("weekly_form", None)
            or WeeklyHoursForm(initial=WeeklyHoursForm.initial_for(data.weekly)),
            copy_form=kwargs.pop("copy_form", None) or CopyDayForm(),
            pattern_form=kwargs.pop("pattern_form", None) or ShiftPatternForm(prefix="pattern"),
            patterns=[(pattern, weekly_summary(pattern.weekly)) for pattern in data.shift_patterns],
            **kwargs,
        )

    def do_weekly(self) -> HttpResponse | None:
        form = WeeklyHoursForm(self.request.POST)
        return self.saved(
            form,
            WeeklyHoursForm.field_for,
            lambda: services.weekly_hours_set(
                calendar=self.calendar, actor=self.request.user, weekly=form.weekly()
            ),
            "Weekly hours saved.",
        )

    def do_copy(self) -> HttpResponse | None:
        form = CopyDayForm(self.request.POST)
        return self.saved(
            form,
            lambda path: "to_days",
            lambda: services.weekly_hours_copy(
                calendar=self.calendar,
                actor=self.request.user,
                from_day=form.cleaned_data["from_day"],
                to_days=form.cleaned_data["to_days"],
            ),
            "Hours copied.",
        )

    def do_pattern(self) -> HttpResponse | None:
        form = ShiftPatternForm(self.request.POST, prefix="pattern")
        return self.saved(
            form,
            ShiftPatternForm.field_for,
            lambda: services.shift_pattern_save(
                calendar=self.calendar, actor=self.request.user, pattern=form.pattern()
            ),
            "Shift pattern added.",
        )

    def do_delete_pattern(self) -> HttpResponse | None:
        index = _index(self.request, len(calendar_data(self.calendar).shift_patterns))
        if index is None:
            return HttpResponseBadRequest("No such shift pattern.")
        flash_saved(
            self.request,
            services.shift_pattern_delete(calendar=self.calendar, actor=self.request.user, index=index),
            "Shift pattern removed.",
        )
        return None


def _index(request: HttpRequest, size: int) -> int | None:
    raw = request.POST.get("index", "")
    return int(raw) if raw.isdigit() and int(raw) < size else None


class HolidaysView(CalendarPage):
    template_name = "calendars/holidays.html"
    section = "holidays"
    dates_page = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        data = calendar_data(self.calendar)
        return super().get_context_data(
            holiday_form=kwargs.pop("holiday_form", None) or HolidayForm(prefix="holiday"),
            import_form=kwargs.pop("import_form", None) or HolidayImportForm(prefix="import"),
            ics_form=kwargs.pop("ics_form", None) or IcsImportForm(prefix="ics"),
            own=data.holidays,
            profiles=[(profile, profile.holidays.all()) for profile in data.holiday_profiles],
            upcoming=upcoming_holidays(self.calendar),
            subdivisions=supported_countries(),
            **kwargs,
        )

    def do_holiday(self) -> HttpResponse | None:
        form = HolidayForm(self.request.POST, prefix="holiday")
        return self.saved(
            form,
            HolidayForm.field_for,
            lambda: services.holiday_add(
                calendar=self.calendar, actor=self.request.user, rule=form.rule_value()
            ),
            "Holiday added.",
        )

    def do_import(self) -> HttpResponse | None:
        form = HolidayImportForm(self.request.POST, prefix="import")
        return self.saved(
            form,
            HolidayImportForm.field_for,
            lambda: services.holidays_import(
                calendar=self.calendar, actor=self.request.user, **form.cleaned_data
            ),
            "Public holidays imported:",
        )

    def do_ics(self) -> HttpResponse | None:
        form = IcsImportForm(self.request.POST, self.request.FILES, prefix="ics")
        return self.saved(
            form,
            IcsImportForm.field_for,
            lambda: services.ics_import(
                calendar=self.calendar, actor=self.request.user, data=form.cleaned_data["file"].read()
            ),
            "iCalendar file imported:",
        )

    def do_delete_holiday(self) -> HttpResponse | None:
        index = _index(self.request, len(calendar_data(self.calendar).holidays))
        if index is None:
            return HttpResponseBadRequest("No such holiday.")
        flash_saved(
            self.request,
            services.holiday_delete(calendar=self.calendar, actor=self.request.user, index=index),
            "Holiday removed.",
        )
        return None


class IcsExportView(CalendarPage):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        calendar = self.object = self.get_object()
        today = timezone.now().astimezone(self.zone).date()
        body = ics_from_rules(
            calendar.name, calendar.time_zone, list(calendar_spec(calendar).holidays), today
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{calendar.name}-holidays.ics"'
        return response


class SpecialDaysView(CalendarPage):
    template_name = "calendars/special_days.html"
    section = "special-days"
    dates_page = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            day_form=kwargs.pop("day_form", None) or SpecialDayForm(prefix="day"),
            days=calendar_data(self.calendar).special_days,
            **kwargs,
        )

    def do_day(self) -> HttpResponse | None:
        form = SpecialDayForm(self.request.POST, prefix="day")
        return self.saved(
            form,
            SpecialDayForm.field_for,
            lambda: services.special_day_set(calendar=self.calendar, actor=self.request.user, day=form.day()),
            "Special day saved.",
        )

    def do_delete_day(self) -> HttpResponse | None:
        try:
            day = date.fromisoformat(self.request.POST.get("date", ""))
        except ValueError:
            return HttpResponseBadRequest("No such special day.")
        flash_saved(
            self.request,
            services.special_day_delete(calendar=self.calendar, actor=self.request.user, day=day),
            "Special day removed.",
        )
        return None


_SETTINGS_FIELDS = (
    "name",
    "time_zone",
    "description",
    "team",
    "uccx_application",
    "prompt_closed",
    "prompt_after_hours",
    "prompt_holiday",
    "prompt_emergency",
)


class SettingsView(CalendarPage):
    template_name = "calendars/settings.html"
    section = "settings"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        calendar = self.calendar
        initial = {field: getattr(calendar, field) for field in _SETTINGS_FIELDS}
        initial["holiday_profiles"] = list(calendar.holiday_profiles.all())
        form = kwargs.pop("settings_form", None) or CalendarForm(initial=initial, user=self.request.user)
        return super().get_context_data(settings_form=form, **kwargs)

    def do_settings(self) -> HttpResponse | None:
        form = CalendarForm(self.request.POST, user=self.request.user)
        if self.calendar.team is not None and self.calendar.team not in form.fields["team"].queryset:
            form.fields["team"].queryset |= type(self.calendar.team).objects.filter(pk=self.calendar.team.pk)
        return self.saved(
            form,
            CalendarForm.field_for,
            lambda: services.calendar_update(
                calendar=self.calendar,
                actor=self.request.user,
                data=_data(form, calendar_data(self.calendar)),
                summary="Changed the settings",
            ),
            "Settings saved.",
        )

    def do_delete(self) -> HttpResponse | None:
        if self.request.POST.get("confirm") != self.calendar.name:
            messages.error(self.request, f"Type the calendar's name ({self.calendar.name}) to delete it.")
            return None
        if not self.request.user.has_perm("calendars.delete_calendar", self.calendar):
            return HttpResponseBadRequest("You may not delete this calendar.")
        name = self.calendar.name
        result = services.calendar_delete(calendar=self.calendar, actor=self.request.user)
        if result.state == "failed":
            messages.error(
                self.request,
                f"Calendar {name} was deleted here, but UCCX refused to delete its copy: {result.detail}",
            )
        elif result.state == "queued":
            messages.warning(
                self.request, f"Calendar {name} deleted here; UCCX's copy goes as soon as UCCX takes changes."
            )
        else:
            messages.success(self.request, f"Calendar {name} deleted, in UCCX too.")
        return redirect("calendars:list")


class HistoryView(CalendarPage):
    template_name = "calendars/history.html"
    section = "history"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        changes = changes_of(SYNC_KIND, self.calendar.pk)
        return super().get_context_data(history=history_of(self.calendar), changes=changes, **kwargs)
