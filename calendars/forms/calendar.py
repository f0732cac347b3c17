"""Forms of the calendar itself: its settings, its emergency override and the preview of what callers get."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from calendars.engine import Prompts
from calendars.forms.fields import LocalDateTimeField, last_name
from calendars.models import Calendar
from calendars.selectors import holiday_profile_list
from calendars.validators import NAME_HELP, validate_calendar_name
from core.rules import is_administrator
from core.selectors import editable_teams
from core.validators import PROMPT_HELP, time_zone_choices
from sync.models import UccxApplication


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
