"""Forms of a calendar's hours: weekly hours, copying a day, shift patterns and special days."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone

from calendars.engine import (
    CalendarSpec,
    DateRange,
    Interval,
    ShiftPattern,
    SpecialDay,
    WeeklyHours,
    YearlyRange,
    uccx_limit_errors,
    validate_special_days,
    validate_weekly,
)
from calendars.forms.fields import DAY_FIELDS, IntervalsField, add_engine_errors, date_input, last_name
from calendars.models import WEEKDAYS
from calendars.parsing import intervals_text, parse_intervals


class WeeklyHoursForm(forms.Form):
    monday = IntervalsField(label="Monday", help_text="")
    tuesday = IntervalsField(label="Tuesday", help_text="")
    wednesday = IntervalsField(label="Wednesday", help_text="")
    thursday = IntervalsField(label="Thursday", help_text="")
    friday = IntervalsField(label="Friday", help_text="")
    saturday = IntervalsField(label="Saturday", help_text="")
    sunday = IntervalsField(label="Sunday", help_text="")

    @classmethod
    def initial_for(cls, weekly: WeeklyHours) -> dict[str, str]:
        return {day: intervals_text(weekly.for_weekday(i)) for i, day in enumerate(DAY_FIELDS)}

    def weekly(self) -> WeeklyHours:
        return WeeklyHours(**{day: tuple(self.cleaned_data[day]) for day in DAY_FIELDS})

    def clean(self) -> dict[str, Any]:
        """Zero-length and overlapping intervals and UCCX's 3 intervals a day, on the days that read."""
        cleaned = super().clean()
        weekly = WeeklyHours(**{day: tuple(cleaned[day]) for day in DAY_FIELDS if day in cleaned})
        errors = validate_weekly(weekly)
        if not errors:
            errors = uccx_limit_errors(CalendarSpec(name="-", time_zone="UTC", weekly=weekly))
        add_engine_errors(self, errors, WeeklyHoursForm.field_for)
        return cleaned

    @staticmethod
    def field_for(path: str) -> str | None:
        match = re.search(r"weekly\.(\w+)", path)
        return match.group(1) if match else None


class CopyDayForm(forms.Form):
    from_day = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label="Copy the hours of")
    to_days = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, label="to"
    )


class ShiftPatternForm(WeeklyHoursForm):
    name = forms.CharField(max_length=60, help_text='e.g. "Summer hours"')
    start = forms.DateField(widget=date_input(), label="From")
    end = forms.DateField(widget=date_input(), label="Until (included)")
    every_year = forms.BooleanField(required=False, help_text="Repeat these dates every year.")
    field_order = ["name", "start", "end", "every_year", *DAY_FIELDS]

    def pattern(self) -> ShiftPattern:
        data = self.cleaned_data
        start, end = data["start"], data["end"]
        period = (
            YearlyRange(start.month, start.day, end.month, end.day)
            if data["every_year"]
            else DateRange(start, end)
        )
        return ShiftPattern(data["name"].strip(), self.weekly(), (period,))

    @staticmethod
    def field_for(path: str) -> str | None:
        name = last_name(path)
        if ".weekly." in path:
            return WeeklyHoursForm.field_for(path)
        return {"start_month": "start", "start_day": "start", "end_month": "end", "end_day": "end"}.get(
            name, name
        )


class SpecialDayForm(forms.Form):
    date = forms.DateField(widget=date_input())
    name = forms.CharField(max_length=80, help_text='e.g. "Inventory" or "Early close"')
    intervals = forms.CharField(
        required=False,
        label="Open",
        help_text="Opening hours that day, e.g. 08:00-12:00; empty: closed all day.",
    )
    prompt = forms.CharField(required=False, help_text="Played while closed that day.")

    def clean_intervals(self) -> list[Interval]:
        try:
            return parse_intervals(self.cleaned_data["intervals"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        """The intervals' own mistakes (no length, overlaps), even while the date or name is wrong."""
        cleaned = super().clean()
        if "intervals" in cleaned:
            probe = SpecialDay(cleaned.get("date") or timezone.now().date(), "-", tuple(cleaned["intervals"]))
            add_engine_errors(self, validate_special_days([probe], "day"), self.field_for)
        return cleaned

    def day(self) -> SpecialDay:
        data = self.cleaned_data
        return SpecialDay(
            data["date"], data["name"].strip(), tuple(data["intervals"]), data["prompt"].strip()
        )

    @staticmethod
    def field_for(path: str) -> str | None:
        return last_name(path)
