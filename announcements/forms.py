"""Forms of the announcements pages. They parse what people type; the services judge the result, and
`show_errors()` puts the services' field-addressed messages next to the right inputs."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from announcements import names
from announcements.models import Announcement, Prompt, PromptFolder, Region, Service
from announcements.services import AnnouncementData, ServiceData, SwitchData, parse_prefixes
from calendars.models import WEEKDAYS, Calendar
from core.errors import InvalidInput
from core.errors import show_errors as core_show_errors
from core.models import Team
from core.rules import is_administrator
from core.selectors import editable_teams, visible_to
from core.validators import time_zone_choices


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal next to the form's inputs (core.errors.show_errors; paths are field names)."""
    if isinstance(error, InvalidInput):
        core_show_errors(error, (form, lambda path: path))
    else:
        form.add_error(None, error)


def _choices(form: forms.Form, name: str) -> forms.ModelChoiceField:
    """A form's model choice field (to narrow its queryset to what the user may use)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class TeamFormMixin:
    """A `team` field offering the user's teams (required unless administrator: null = shared)."""

    def setup_team(self, user: Any) -> None:
        field = _choices(self, "team")  # type: ignore[arg-type]
        field.queryset = editable_teams(user)
        field.required = not is_administrator(user)
        field.empty_label = "everyone (shared)" if is_administrator(user) else None


class LocalDateTimeField(forms.DateTimeField):
    """A `datetime-local` input, read in the time zone the form gives it."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)

    def localise(self, value: datetime | None, zone: str) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=None).replace(tzinfo=ZoneInfo(zone))


class AnnouncementForm(TeamFormMixin, forms.Form):
    name = forms.CharField(max_length=names.SLOT_NAME_MAX, help_text=names.SLOT_HELP)
    description = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(choices=Announcement.Kind.choices)
    enabled = forms.BooleanField(required=False, initial=True)
    prompt = forms.ModelChoiceField(queryset=Prompt.objects.none(), required=False)
    team: forms.ModelChoiceField = forms.ModelChoiceField(queryset=Team.objects.none())
    services = forms.ModelMultipleChoiceField(
        queryset=Service.objects.none(), required=False, help_text="None: every service.",
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.none(), required=False, help_text="None: every caller.",
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    order = forms.IntegerField(min_value=0, max_value=999, initial=1, help_text="Lower plays first.")
    then = forms.ChoiceField(choices=Announcement.Then.choices, label="After playing")
    time_zone = forms.ChoiceField(choices=time_zone_choices, initial="UTC")
    recurrence = forms.ChoiceField(choices=Announcement.Recurrence.choices, initial="daily", label="Repeats")
    starts_at = LocalDateTimeField(required=False, label="From", help_text="In the time zone above.")
    ends_at = LocalDateTimeField(required=False, label="Until", help_text="Empty: no end.")
    days_of_week = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Days"
    )
    window_start = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    window_end = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    uccx_application = forms.CharField(max_length=30, required=False, label="UCCX application")
    uccx_parameter = forms.CharField(max_length=50, required=False, label="Playable script parameter")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_team(user)
        _choices(self, "prompt").queryset = visible_to(user, Prompt.objects.defer("audio"))
        _choices(self, "services").queryset = visible_to(user, Service.objects.all())
        _choices(self, "regions").queryset = visible_to(user, Region.objects.all())
        if not is_administrator(user):  # only administrators bind to UCCX's applications
            for name in ("uccx_application", "uccx_parameter"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Set by an administrator."

    @classmethod
    def initial_from(cls, row: Announcement) -> dict[str, Any]:
        zone = ZoneInfo(row.time_zone)
        return {
            **{
                name: getattr(row, name)
                for name in (
                    "name",
                    "description",
                    "kind",
                    "enabled",
                    "prompt",
                    "team",
                    "order",
                    "then",
                    "time_zone",
                    "recurrence",
                    "days_of_week",
                    "window_start",
                    "window_end",
                    "uccx_application",
                    "uccx_parameter",
                )
            },
            "services": list(row.services.all()),
            "regions": list(row.regions.all()),
            "starts_at": row.starts_at.astimezone(zone).replace(tzinfo=None) if row.starts_at else None,
            "ends_at": row.ends_at.astimezone(zone).replace(tzinfo=None) if row.ends_at else None,
        }

    def data_for_service(self) -> AnnouncementData:
        values = self.cleaned_data
        zone = values["time_zone"]
        field = self.fields["starts_at"]
        assert isinstance(field, LocalDateTimeField)
        return AnnouncementData(
            name=values["name"].strip(),
            kind=values["kind"],
            description=values["description"],
            enabled=values["enabled"],
            prompt=values["prompt"],
            team=values["team"],
            services=tuple(values["services"]),
            regions=tuple(values["regions"]),
            order=values["order"],
            then=values["then"],
            time_zone=zone,
            starts_at=field.localise(values["starts_at"], zone),
            ends_at=field.localise(values["ends_at"], zone),
            recurrence=values["recurrence"],
            days_of_week=tuple(values["days_of_week"]),
            window_start=values["window_start"],
            window_end=values["window_end"],
            uccx_application=values["uccx_application"],
            uccx_parameter=values["uccx_parameter"],
        )


class ServiceForm(TeamFormMixin, forms.Form):
    dn = forms.CharField(max_length=50, label="Directory number (DN)")
    name = forms.CharField(max_length=100)
    team: forms.ModelChoiceField = forms.ModelChoiceField(queryset=Team.objects.none())
    calendar = forms.ModelChoiceField(queryset=Calendar.objects.none(), required=False)
    default_target = forms.CharField(max_length=50, required=False, label="Default routing target")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_team(user)
        _choices(self, "calendar").queryset = visible_to(user, Calendar.objects.all())

    def data_for_service(self) -> ServiceData:
        return ServiceData(**self.cleaned_data)


class RegionForm(TeamFormMixin, forms.Form):
    name = forms.CharField(max_length=100)
    prefixes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Number prefixes separated by commas or new lines, e.g. +41 44, +41 43.",
    )
    team: forms.ModelChoiceField = forms.ModelChoiceField(queryset=Team.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_team(user)

    def clean_prefixes(self) -> list[str]:
        return parse_prefixes(self.cleaned_data["prefixes"])


class SwitchForm(TeamFormMixin, forms.Form):
    name = forms.CharField(max_length=names.SLOT_NAME_MAX, help_text=names.SWITCH_HELP)
    on = forms.BooleanField(required=False)
    value = forms.CharField(max_length=100, required=False, help_text="Optional: a CSQ name or a number.")
    note = forms.CharField(max_length=200, required=False)
    expires_at = LocalDateTimeField(required=False, label="Turns off at", help_text="In UTC; empty: never.")
    team: forms.ModelChoiceField = forms.ModelChoiceField(queryset=Team.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_team(user)

    def data_for_service(self) -> SwitchData:
        values = self.cleaned_data
        field = self.fields["expires_at"]
        assert isinstance(field, LocalDateTimeField)
        return SwitchData(
            name=values["name"].strip(),
            on=values["on"],
            value=values["value"],
            note=values["note"],
            expires_at=field.localise(values["expires_at"], "UTC"),
            team=values["team"],
        )


class FlipForm(forms.Form):
    on = forms.BooleanField(required=False)
    note = forms.CharField(max_length=200, required=False)
    hours = forms.FloatField(required=False, min_value=0.1, max_value=24 * 90, label="For (hours)")


class PreviewForm(forms.Form):
    dn = forms.CharField(max_length=50, required=False, label="Call to (DN)")
    ani = forms.CharField(max_length=50, required=False, label="From (caller)")
    at = LocalDateTimeField(required=False, label="At", help_text="In the time zone beside; empty: now.")
    time_zone = forms.ChoiceField(choices=time_zone_choices, initial="UTC")
    kind = forms.ChoiceField(choices=[("", "all kinds"), *Announcement.Kind.choices], required=False)

    def instant(self) -> datetime:
        values = self.cleaned_data
        field = self.fields["at"]
        assert isinstance(field, LocalDateTimeField)
        return field.localise(values.get("at"), values.get("time_zone") or "UTC") or timezone.now()


class FolderForm(TeamFormMixin, forms.Form):
    parent = forms.ModelChoiceField(
        queryset=PromptFolder.objects.none(), required=False, empty_label="(a new language at the top)"
    )
    name = forms.CharField(max_length=names.NAME_MAX, help_text="A language such as en_US at the top.")
    team: forms.ModelChoiceField = forms.ModelChoiceField(queryset=Team.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_team(user)
        _choices(self, "parent").queryset = visible_to(user, PromptFolder.objects.all())


class FolderEditForm(forms.Form):
    parent = forms.ModelChoiceField(
        queryset=PromptFolder.objects.none(), required=False, empty_label="(top: a language)"
    )
    name = forms.CharField(max_length=names.NAME_MAX)

    def __init__(self, *args: Any, user: Any, folder: PromptFolder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = visible_to(user, PromptFolder.objects.exclude(pk=folder.pk))
        _choices(self, "parent").queryset = others.exclude(path__startswith=f"{folder.path}/")


class UploadForm(TeamFormMixin, forms.Form):
    folder = forms.ModelChoiceField(queryset=PromptFolder.objects.none())
    file = forms.FileField(help_text="WAV, MP3, OGG/Opus, FLAC, M4A or WebM; converted to what UCCX plays.")
    name = forms.CharField(
        max_length=names.NAME_MAX,
        required=False,
        help_text="Empty: made from the file's name. " + names.FILE_HELP,
    )
    description = forms.CharField(max_length=200, required=False)
    normalise = forms.BooleanField(required=False, initial=True, label="Even out the loudness")
    trim_silence = forms.BooleanField(required=False, initial=True, label="Trim silence at both ends")
    team: forms.ModelChoiceField = forms.ModelChoiceField(queryset=Team.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_team(user)
        _choices(self, "folder").queryset = visible_to(user, PromptFolder.objects.all())


class PromptEditForm(forms.Form):
    folder = forms.ModelChoiceField(queryset=PromptFolder.objects.none())
    name = forms.CharField(max_length=names.NAME_MAX, help_text=names.FILE_HELP)
    description = forms.CharField(max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "folder").queryset = visible_to(user, PromptFolder.objects.all())
