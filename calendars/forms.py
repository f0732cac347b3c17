"""Forms of the calendar pages. They parse what people type into engine values; the services judge the
result, and `core.errors.show_errors()` puts the services' field-addressed messages next to the right
inputs."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from calendars.engine import (
    CalendarSpec,
    DateRange,
    EasterOffset,
    FieldError,
    HolidayRule,
    Interval,
    NthWeekday,
    OnDate,
    Prompts,
    RRuleDate,
    ShiftPattern,
    SpecialDay,
    WeeklyHours,
    YearlyDate,
    YearlyRange,
    supported_countries,
    uccx_limit_errors,
    validate_holiday,
    validate_special_days,
    validate_weekly,
)
from calendars.models import WEEKDAYS, Calendar, Holiday
from calendars.parsing import INTERVAL_HELP, intervals_text, parse_interval, parse_intervals
from calendars.selectors import country_names, holiday_profile_list
from calendars.validators import NAME_HELP, validate_calendar_name
from core.rules import is_administrator
from core.selectors import editable_teams
from core.validators import PROMPT_HELP, time_zone_choices
from sync.models import UccxApplication

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


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CalendarForm(forms.Form):
    """The calendar's own settings (hours, holidays and special days have their own forms)."""

    name = forms.CharField(help_text=NAME_HELP, strip=False, validators=[validate_calendar_name])
    time_zone = forms.ChoiceField(
        choices=time_zone_choices, initial="Europe/Zurich", help_text="Hours are local to it."
    )
    description = forms.CharField(required=False, max_length=200, help_text="At most 70 characters.")
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label="Everyone (administrators only)")
    prompt_closed = forms.CharField(required=False, label="Prompt when closed", help_text=PROMPT_HELP)
    prompt_after_hours = forms.CharField(
        required=False, label="Prompt after hours", help_text="Empty: the closed prompt."
    )
    prompt_holiday = forms.CharField(
        required=False, label="Prompt on holidays", help_text="Unless a holiday has its own."
    )
    prompt_emergency = forms.CharField(
        required=False, label="Prompt in an emergency", help_text="Unless the switch names one."
    )
    uccx_application = forms.ChoiceField(
        required=False,
        label="UCCX application",
        help_text=(
            "Optional: the application whose CCCalendar script parameter uses this calendar. The list comes "
            "from UCCX; only administrators bind or re-bind."
        ),
    )
    holiday_profiles = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, help_text="Shared holiday lists."
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = editable_teams(user)
        self.fields["team"].required = not is_administrator(user)  # "everyone": administrators only
        self.fields["holiday_profiles"].queryset = holiday_profile_list(user)
        bound = str(self.initial.get("uccx_application") or "")
        names = list(UccxApplication.objects.filter(in_uccx=True).values_list("name", flat=True))
        self.fields["uccx_application"].choices = [("", "None")] + [
            (n, n) for n in sorted({*names, bound} - {""})
        ]
        self.fields["uccx_application"].disabled = not is_administrator(user)  # the value stays as it is
        if not self.fields["holiday_profiles"].queryset.exists():
            del self.fields["holiday_profiles"]  # nothing to choose from yet

    def prompts(self) -> Prompts:
        data = self.cleaned_data
        return Prompts(
            closed=data["prompt_closed"].strip(),
            after_hours=data["prompt_after_hours"].strip(),
            holiday=data["prompt_holiday"].strip(),
            emergency=data["prompt_emergency"].strip(),
        )

    @staticmethod
    def field_for(path: str) -> str | None:
        if path.startswith("prompts."):
            return f"prompt_{path.split('.', 1)[1]}"
        return path.split(".", 1)[0].split("[", 1)[0]


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
    start = forms.DateField(widget=_date_input(), label="From")
    end = forms.DateField(widget=_date_input(), label="Until (included)")
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
        required=False, widget=_date_input(), help_text="The date, first date or RRULE start."
    )
    end_date = forms.DateField(
        required=False, widget=_date_input(), label="Last date", help_text="For a range."
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


class SpecialDayForm(forms.Form):
    date = forms.DateField(widget=_date_input())
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


def _in_zone(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A naive local date-time from the form, in the calendar's time zone (aware values pass through)."""
    if value is None:
        return None
    return value.replace(tzinfo=zone) if timezone.is_naive(value) else value.astimezone(zone)


class EmergencyForm(forms.Form):
    mode = forms.ChoiceField(
        choices=[
            (Calendar.EmergencyMode.FORCE_CLOSED, "Force closed"),
            (Calendar.EmergencyMode.FORCE_OPEN, "Force open"),
        ],
        widget=forms.RadioSelect,
        initial=Calendar.EmergencyMode.FORCE_CLOSED,
    )
    note = forms.CharField(
        max_length=200, initial="Emergency closure", help_text="Why; IVR scripts receive it as the reason."
    )
    prompt = forms.CharField(required=False, help_text="Empty: the calendar's emergency prompt.")
    expires_at = LocalDateTimeField(
        required=False, label="Until", help_text="Empty: until someone turns it off."
    )

    def __init__(self, *args: Any, zone: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["expires_at"].help_text += f" Local time ({zone.key})."

    def switch(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "mode": data["mode"],
            "note": data["note"],
            "prompt": data["prompt"],
            "expires_at": _in_zone(data["expires_at"], self.zone),
        }

    @staticmethod
    def field_for(path: str) -> str | None:
        return last_name(path)


class PreviewForm(forms.Form):
    at = LocalDateTimeField(label="What will callers get at", help_text="Local time of the calendar.")

    def __init__(self, *args: Any, zone: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def instant(self) -> datetime:
        return _in_zone(self.cleaned_data["at"], self.zone)
