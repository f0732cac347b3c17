"""A calendar's hours: weekly hours, shift patterns and special days."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse, HttpResponseBadRequest

from calendars import services
from calendars.forms.hours import CopyDayForm, ShiftPatternForm, SpecialDayForm, WeeklyHoursForm
from calendars.parsing import weekly_summary
from calendars.rows import calendar_data
from calendars.views.pages import CalendarPage, flash_saved, posted_index


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
        index = posted_index(self.request, len(calendar_data(self.calendar).shift_patterns))
        if index is None:
            return HttpResponseBadRequest("No such shift pattern.")
        flash_saved(
            self.request,
            services.shift_pattern_delete(calendar=self.calendar, actor=self.request.user, index=index),
            "Shift pattern removed.",
        )
        return None


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
