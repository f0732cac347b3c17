"""A calendar's holidays: its own, imports (public holidays, iCalendar files) and the iCalendar export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone

from calendars import services
from calendars.engine import supported_countries
from calendars.forms.holidays import HolidayForm, HolidayImportForm, IcsImportForm
from calendars.ics import ics_from_rules
from calendars.rows import calendar_data, calendar_spec
from calendars.selectors import (
    upcoming_holidays,
)
from calendars.views.pages import CalendarPage, flash_saved, posted_index


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
        index = posted_index(self.request, len(calendar_data(self.calendar).holidays))
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
