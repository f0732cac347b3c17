"""What the calendar forms share: interval and local date-time fields, and engine errors on form fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms

from calendars.engine import FieldError, Interval
from calendars.parsing import INTERVAL_HELP, intervals_text, parse_intervals

DAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def add_engine_errors(
    form: forms.Form, errors: list[FieldError], field_for: Callable[[str], str | None]
) -> None:
    """Report the engine's errors on fields that read well, in the same round as the form's own errors
    (a supervisor should not fix one mistake only to be shown the next)."""
    for error in errors:
        name = field_for(error.field)
        if name in form.fields and name not in form.errors and error.message not in form.errors.get(name, []):
            form.add_error(name, error.message)


def last_name(path: str) -> str:
    """`holidays[3].when.rule` -> `rule`: the innermost attribute of a path."""
    return re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1]


class IntervalsField(forms.CharField):
    """Any number of intervals, comma-separated."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)  # 24 intervals a day need about 300 characters
        kwargs.setdefault("help_text", INTERVAL_HELP)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[Interval]:
        try:
            return parse_intervals(super().to_python(value) or "")
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def prepare_value(self, value: Any) -> Any:
        return intervals_text(value) if isinstance(value, list | tuple) else value


class LocalDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read in the calendar's time zone (given by the form)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    formats = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")

    def to_python(self, value: Any) -> datetime | None:
        """Naive local time: Django's own field would read it in the server's time zone instead."""
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        for layout in self.formats:
            try:
                return datetime.strptime(str(value).strip(), layout)
            except ValueError:
                continue
        raise forms.ValidationError("Enter a date and a time, e.g. 2026-12-24 09:30.", code="invalid")


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
