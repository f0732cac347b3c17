"""Forms of a calendar's holidays: one holiday, a country's public holidays, an iCalendar file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from calendars.engine import (
    DateRange,
    EasterOffset,
    HolidayRule,
    Interval,
    NthWeekday,
    OnDate,
    RRuleDate,
    YearlyDate,
    supported_countries,
    validate_holiday,
)
from calendars.forms.fields import add_engine_errors, date_input, last_name
from calendars.models import WEEKDAYS, Holiday
from calendars.parsing import parse_interval
from calendars.selectors import country_names

_KIND_HELP = {
    Holiday.Kind.DATE: "the date",
    Holiday.Kind.RANGE: "the first date and the last date",
    Holiday.Kind.YEARLY: "the month and the day",
    Holiday.Kind.NTH_WEEKDAY: "the month, the weekday and which one (4 = 4th, -1 = last)",
    Holiday.Kind.EASTER: "the days after Easter Sunday (-2 = Good Friday, 1 = Easter Monday)",
    Holiday.Kind.RRULE: "the RRULE and its start date",
}


class HolidayForm(forms.Form):
    name = forms.CharField(max_length=80)
    kind = forms.ChoiceField(
        choices=Holiday.Kind.choices,
        label="Falls on",
        help_text="Fill in: "
        + "; ".join(f"{label} — {_KIND_HELP[kind]}" for kind, label in Holiday.Kind.choices)
        + ".",
    )
    date = forms.DateField(
        required=False, widget=date_input(), help_text="The date, first date or RRULE start."
    )
    end_date = forms.DateField(
        required=False, widget=date_input(), label="Last date", help_text="For a range."
    )
    month = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "—")] + [(m, m) for m in range(1, 13)]
    )
    day = forms.IntegerField(required=False, min_value=1, max_value=31, label="Day of the month")
    weekday = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "—"), *WEEKDAYS]
    )
    nth = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Which one",
        choices=[("", "—"), (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (5, "5th"), (-1, "last")],
    )
    offset = forms.IntegerField(required=False, label="Days after Easter", min_value=-365, max_value=365)
    rule = forms.CharField(required=False, label="RRULE", help_text="e.g. FREQ=YEARLY;BYMONTH=11;BYDAY=4TH")
    window = forms.CharField(
        required=False,
        label="Closed only",
        help_text="Partial-day closure as HH:MM-HH:MM (e.g. 12:00-00:00 for the afternoon); empty: all day.",
    )
    prompt = forms.CharField(
        required=False, help_text="Played on this holiday; empty: the calendar's holiday prompt."
    )

    def clean_window(self) -> Interval | None:
        text = self.cleaned_data["window"].strip()
        try:
            return parse_interval(text) if text else None
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        """What the chosen kind needs (a date, a month ...), even while another field is wrong."""
        cleaned = super().clean()
        if "kind" in cleaned:
            probe = {name: None for name in self.fields} | {"name": "-", "prompt": ""} | cleaned
            add_engine_errors(self, validate_holiday(self.rule_value(probe), "holiday"), self.field_for)
        return cleaned

    def rule_value(self, data: dict[str, Any] | None = None) -> HolidayRule:
        data = self.cleaned_data if data is None else data
        kind = data["kind"]
        when = {
            Holiday.Kind.DATE: lambda: OnDate(data["date"]),
            Holiday.Kind.RANGE: lambda: DateRange(data["date"], data["end_date"]),
            Holiday.Kind.YEARLY: lambda: YearlyDate(data["month"], data["day"]),
            Holiday.Kind.NTH_WEEKDAY: lambda: NthWeekday(data["month"], data["weekday"], data["nth"]),
            Holiday.Kind.EASTER: lambda: EasterOffset(data["offset"] if data["offset"] is not None else 0),
            Holiday.Kind.RRULE: lambda: RRuleDate(data["rule"], data["date"]),
        }[kind]()
        return HolidayRule(data["name"].strip(), when, (data["prompt"] or "").strip(), data["window"])

    @staticmethod
    def field_for(path: str) -> str | None:
        name = last_name(path)
        return {"start": "date", "dtstart": "date", "end": "end_date", "days": "offset"}.get(name, name)


def _year_choices() -> list[tuple[int, int]]:
    year = timezone.now().year
    return [(y, y) for y in range(year - 1, year + 4)]


def _country_choices() -> list[tuple[str, str]]:
    names = country_names()
    choices = sorted(
        ((code, f"{names.get(code, code)} ({code})") for code in supported_countries()), key=lambda c: c[1]
    )
    return [("", "Choose a country"), *choices]


class HolidayImportForm(forms.Form):
    country = forms.ChoiceField(
        choices=_country_choices,
        help_text="ISO code, e.g. CH, DE, US, GB.",
        error_messages={
            "invalid_choice": "%(value)s is not a country whose public holidays can be imported; "
            "choose one from the list.",
            "required": "Choose the country whose public holidays to import.",
        },
    )
    subdivision = forms.CharField(
        required=False,
        help_text="Optional region: its code, e.g. ZH (Zürich), BY (Bayern), CA (California), or pick it "
        "from the list.",
        widget=forms.TextInput(attrs={"list": "subdivision-options", "autocomplete": "off"}),
    )
    years = forms.TypedMultipleChoiceField(
        choices=_year_choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Which years to add.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = timezone.now().year
        self.fields["years"].initial = [year, year + 1]

    @staticmethod
    def field_for(path: str) -> str | None:
        return path if path in ("country", "subdivision", "years") else None


class IcsImportForm(forms.Form):
    file = forms.FileField(label=".ics file", help_text="An iCalendar file; each event becomes a holiday.")

    @staticmethod
    def field_for(path: str) -> str | None:
        return "file"
