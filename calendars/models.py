"""Business calendars: weekly hours, shift patterns, holidays (own and shared profiles), special days,
the emergency switch, and the precomputed snapshot the IVR API answers from.

Rows are only written by `calendars.services`, which replaces a calendar's rows, rebuilds the snapshot and
queues the UCCX change in one transaction, so the snapshot never lags the rows. The audit trail is the
calendar's history (who, when, what the save changed in `last_change`) and the outbox's changes.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from calendars.validators import DAY_NAME_MAX, DESCRIPTION_MAX, NAME_HELP, NAME_MAX, validate_calendar_name
from core.rules import TEAM_SCOPED_PERMISSIONS
from core.validators import PROMPT_HELP, validate_prompt_path, validate_time_zone

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


def _prompt_field(verbose_name: str, help_text: str = PROMPT_HELP) -> models.CharField:
    return models.CharField(
        verbose_name, max_length=200, blank=True, validators=[validate_prompt_path], help_text=help_text
    )


class HolidayProfile(RulesModel):
    """A named list of holidays that several calendars share (e.g. "US federal", "Company days")."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)
    team = models.ForeignKey(
        "core.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holiday_profiles",
        help_text="The team that may change it; empty: everyone may use it, only administrators change it.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        rules_permissions = TEAM_SCOPED_PERMISSIONS

    def __str__(self) -> str:
        return self.name


class Calendar(RulesModel):
    class EmergencyMode(models.TextChoices):
        OFF = "", "off"
        FORCE_CLOSED = "force_closed", "force closed"
        FORCE_OPEN = "force_open", "force open"

    name = models.CharField(max_length=NAME_MAX, validators=[validate_calendar_name], help_text=NAME_HELP)
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text="The IANA time zone of the hours, e.g. Europe/Zurich; daylight saving is automatic.",
    )
    description = models.CharField(max_length=DESCRIPTION_MAX, blank=True, help_text="At most 70 characters.")
    team = models.ForeignKey(
        "core.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendars",
        help_text="The team whose supervisors may change it; empty: only administrators may.",
    )
    prompt_closed = _prompt_field("prompt when closed")
    prompt_after_hours = _prompt_field(
        "prompt after hours", "Played outside the weekly hours; empty: the closed prompt. " + PROMPT_HELP
    )
    prompt_holiday = _prompt_field("prompt on a holiday", "Unless the holiday names its own. " + PROMPT_HELP)
    prompt_emergency = _prompt_field(
        "prompt in an emergency", "Unless the emergency switch names its own. " + PROMPT_HELP
    )
    uccx_application = models.CharField(
        "UCCX application",
        max_length=30,
        blank=True,
        help_text="Optional: the UCCX application whose CCCalendar script parameter names this calendar.",
    )
    holiday_profiles = models.ManyToManyField(HolidayProfile, blank=True, related_name="calendars")

    emergency_mode = models.CharField(
        "emergency switch", max_length=12, choices=EmergencyMode.choices, blank=True, default=""
    )
    emergency_note = models.CharField(
        max_length=200, blank=True, help_text="Why: callers' scripts receive it as the reason."
    )
    emergency_prompt = _prompt_field("emergency prompt")
    emergency_expires_at = models.DateTimeField(
        "emergency ends", null=True, blank=True, help_text="Empty: until someone turns the switch off."
    )
    emergency_since = models.DateTimeField(null=True, blank=True)

    last_change = models.CharField(max_length=200, blank=True, help_text="What the last save changed.")
    version = models.PositiveIntegerField(
        default=0, help_text="Bumped by every save; keys the snapshot caches."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["version", "updated_at"], m2m_fields=[holiday_profiles])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="calendar_name_unique_ci"),
            # One application's calendar parameter names one calendar (issue 9).
            models.UniqueConstraint(
                fields=["uccx_application"],
                condition=~models.Q(uccx_application=""),
                name="calendar_application_unique",
            ),
        ]
        rules_permissions = TEAM_SCOPED_PERMISSIONS

    def __str__(self) -> str:
        return self.name


class ShiftPattern(models.Model):
    """Alternative weekly hours (e.g. "Summer") in force on the dates of its periods; the first pattern
    (by position) wins where several apply."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="shift_patterns")
    name = models.CharField(max_length=50)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class ShiftPeriod(models.Model):
    pattern = models.ForeignKey(ShiftPattern, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField()
    end = models.DateField()
    every_year = models.BooleanField(
        default=False, help_text="Repeat the month/day range every year (the years of the dates are ignored)."
    )

    class Meta:
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.start} to {self.end}{' every year' if self.every_year else ''}"


class WeeklyInterval(models.Model):
    """Open from `start` to `end` on `weekday`; `end` at or before `start` runs past midnight."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="weekly_intervals")
    pattern = models.ForeignKey(
        ShiftPattern, null=True, blank=True, on_delete=models.CASCADE, related_name="intervals"
    )
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday", "start", "id"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class Holiday(models.Model):
    """A closure rule of a calendar or of a shared profile (exactly one of the two)."""

    class Kind(models.TextChoices):
        DATE = "date", "one date"
        RANGE = "range", "date range"
        YEARLY = "yearly", "same date every year"
        NTH_WEEKDAY = "nth_weekday", "nth weekday of a month"
        EASTER = "easter", "relative to Easter"
        RRULE = "rrule", "iCalendar RRULE"

    calendar = models.ForeignKey(
        Calendar, null=True, blank=True, on_delete=models.CASCADE, related_name="holidays"
    )
    profile = models.ForeignKey(
        HolidayProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="holidays"
    )
    name = models.CharField(max_length=DAY_NAME_MAX)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.DateField(
        null=True, blank=True, help_text="The date; the first day of a range; an RRULE's start."
    )
    end_date = models.DateField(null=True, blank=True, help_text="The last day of a range.")
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    day = models.PositiveSmallIntegerField(null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(null=True, blank=True, choices=WEEKDAYS)
    nth = models.SmallIntegerField(
        null=True, blank=True, help_text="1..5 from the start of the month, -1 = last."
    )
    offset = models.SmallIntegerField(
        null=True, blank=True, help_text="Days after Easter Sunday (-2 = Good Friday)."
    )
    rule = models.CharField("RRULE", max_length=500, blank=True)
    window_start = models.TimeField(
        null=True, blank=True, help_text="Partial-day closure from; empty: all day."
    )
    window_end = models.TimeField(
        null=True, blank=True, help_text="Partial-day closure until (00:00 = midnight)."
    )
    prompt = _prompt_field("prompt", "Played on this holiday instead of the calendar's holiday prompt.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(calendar__isnull=False, profile__isnull=True)
                | models.Q(calendar__isnull=True, profile__isnull=False),
                name="holiday_of_calendar_xor_profile",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SpecialDay(models.Model):
    """A date with exceptional hours replacing the weekly hours; no intervals: closed all day."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="special_days")
    date = models.DateField()
    name = models.CharField(max_length=DAY_NAME_MAX)
    intervals = models.JSONField(
        default=list,
        blank=True,
        help_text='Opening intervals as ["08:00-12:00", ...]; empty: closed all day.',
    )
    prompt = _prompt_field("prompt", "Played while the day keeps the centre closed.")

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="special_day_unique_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class CalendarSnapshot(models.Model):
    """The calendar's compiled engine spec as JSON, rebuilt with every save: all the IVR API reads."""

    calendar = models.OneToOneField(Calendar, on_delete=models.CASCADE, related_name="snapshot")
    name = models.CharField(max_length=NAME_MAX, unique=True)
    version = models.PositiveIntegerField()
    spec = models.JSONField()
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"
