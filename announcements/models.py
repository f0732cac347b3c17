"""Prompts (audio in UCCX's prompt repository), announcements, services, regions and call switches.

Rows are only written by `announcements.services`. Every model a supervisor changes is team-owned like the
calendars (`team` null: shared, administrators change it) and audited with django-simple-history.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from announcements import names
from announcements.audio import ALAW, MULAW
from announcements.matching import KINDS, THEN
from announcements.schedule import Recurrence as ScheduleRecurrence
from core.rules import TEAM_SCOPED_PERMISSIONS
from core.validators import validate_time_zone

TEAM_HELP = "The team whose supervisors may change it; empty: shared, only administrators change it."
PATH_MAX = 255


def _team(related_name: str) -> Any:  # a ForeignKey to core.Team, nullable (shared)
    return models.ForeignKey(
        "core.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text=TEAM_HELP,
    )


class PromptFolder(RulesModel):
    """A folder of UCCX's prompt repository: a language (`en_US`) at the top, any subfolders below."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=names.NAME_MAX)
    path = models.CharField(max_length=PATH_MAX, unique=True, editable=False)
    team = _team("prompt_folders")
    history = HistoricalRecords()

    class Meta:
        ordering = ["path"]
        rules_permissions = TEAM_SCOPED_PERMISSIONS

    def __str__(self) -> str:
        return self.path

    @property
    def language(self) -> str:
        return self.path.split("/", 1)[0]

    @property
    def depth(self) -> int:
        return self.path.count("/")


class Prompt(RulesModel):
    """One audio prompt as UCCX stores it: the G.711 WAVE bytes are exactly what UCCX receives."""

    class Encoding(models.TextChoices):
        MULAW = MULAW, "G.711 µ-law"
        ALAW = ALAW, "G.711 A-law"

    folder = models.ForeignKey(PromptFolder, on_delete=models.PROTECT, related_name="prompts")
    name = models.CharField(max_length=names.NAME_MAX, help_text=names.FILE_HELP)
    path = models.CharField(max_length=PATH_MAX, unique=True, editable=False)
    description = models.CharField(max_length=200, blank=True)
    team = _team("prompts")
    audio = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    size_bytes = models.PositiveIntegerField(editable=False)
    duration_ms = models.PositiveIntegerField(editable=False)
    encoding = models.CharField(max_length=8, choices=Encoding.choices, editable=False)
    source_name = models.CharField("uploaded file", max_length=255, blank=True, editable=False)
    source_format = models.CharField(max_length=120, blank=True, editable=False)
    waveform = models.JSONField(default=list, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["audio", "waveform", "updated_at"])

    class Meta:
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["folder", "name"], name="prompt_unique_in_folder")]
        rules_permissions = TEAM_SCOPED_PERMISSIONS

    def __str__(self) -> str:
        return self.path

    @property
    def language(self) -> str:
        return self.path.split("/", 1)[0]


class PromptUpload(models.Model):
    """An upload long enough to be converted by the worker (the page shows its progress): the file waits
    here until it became a prompt or was refused; its bytes are dropped then."""

    class State(models.TextChoices):
        WAITING = "waiting", "waiting for the worker"
        CONVERTING = "converting", "converting"
        DONE = "done", "done"
        REFUSED = "refused", "refused"

    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    folder = models.ForeignKey(PromptFolder, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=names.NAME_MAX)
    team = models.ForeignKey("core.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=200, blank=True)
    normalise = models.BooleanField(default=True)
    trim_silence = models.BooleanField(default=True)
    source_name = models.CharField(max_length=255)
    data = models.BinaryField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    started_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker took it; a run past the task's time limit died."
    )
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=500, blank=True)
    prompt = models.ForeignKey(Prompt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source_name} -> {self.folder.path}/{self.name} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.REFUSED)


class Service(RulesModel):
    """A service number (DN) callers dial: its calendar decides its hours, its target is where calls go."""

    dn = models.CharField(
        "directory number", max_length=50, unique=True, help_text="The number callers dial."
    )
    name = models.CharField(max_length=100)
    team = _team("services")
    calendar = models.ForeignKey(
        "calendars.Calendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
        help_text="The business calendar that decides this service's opening hours.",
    )
    default_target = models.CharField(
        "default routing target",
        max_length=50,
        blank=True,
        help_text="Optional: the CSQ name or number calls go to unless a caller profile says otherwise.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "dn"]
        rules_permissions = TEAM_SCOPED_PERMISSIONS

    def __str__(self) -> str:
        return f"{self.name} ({self.dn})"


class Region(RulesModel):
    """Callers grouped by the start of their number (e.g. Zurich: +41 44, +41 43)."""

    name = models.CharField(max_length=100)
    prefixes = models.JSONField(
        default=list, help_text="Number prefixes, e.g. +41 44; longest first is fine."
    )
    team = _team("regions")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="region_name_unique_ci")]
        rules_permissions = TEAM_SCOPED_PERMISSIONS

    def __str__(self) -> str:
        return self.name


class Announcement(RulesModel):
    """A named slot scripts ask for (`welcome`), which is also an "easy announcement": a kind, the services
    and caller regions it is for, a schedule, an order and what the script does after playing it."""

    class Kind(models.TextChoices):
        GENERAL = KINDS[0], "general"
        HOLIDAY = KINDS[1], "holiday"
        WORKING = KINDS[2], "working hours"

    class Then(models.TextChoices):
        CONTINUE = THEN[0], "continue routing"
        STOP = THEN[1], "stop after playing"

    class Recurrence(models.TextChoices):
        ONCE = ScheduleRecurrence.ONCE.value, "once, from start to end"
        DAILY = ScheduleRecurrence.DAILY.value, "every day"
        WEEKLY = ScheduleRecurrence.WEEKLY.value, "every week on the chosen days"
        MONTHLY = ScheduleRecurrence.MONTHLY.value, "every month on the start's day"
        YEARLY = ScheduleRecurrence.YEARLY.value, "every year on the start's date"

    name = models.CharField(max_length=names.SLOT_NAME_MAX, help_text=names.SLOT_HELP)
    description = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.GENERAL)
    enabled = models.BooleanField(default=True)
    prompt = models.ForeignKey(
        Prompt, null=True, blank=True, on_delete=models.PROTECT, related_name="announcements"
    )
    team = _team("announcements")
    services = models.ManyToManyField(
        Service, blank=True, related_name="announcements", help_text="None: every service."
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="announcements", help_text="None: every caller."
    )
    order = models.PositiveSmallIntegerField(default=1, help_text="Lower plays first.")
    then = models.CharField(max_length=8, choices=Then.choices, default=Then.CONTINUE)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    starts_at = models.DateTimeField(null=True, blank=True, help_text="Empty: from now on.")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until it is changed.")
    recurrence = models.CharField(max_length=8, choices=Recurrence.choices, default=Recurrence.DAILY)
    days_of_week = models.JSONField(default=list, blank=True, help_text="0 = Monday ... 6 = Sunday.")
    window_start = models.TimeField(null=True, blank=True, help_text="Empty: the whole day.")
    window_end = models.TimeField(
        null=True, blank=True, help_text="At or before the start: runs past midnight."
    )
    uccx_application = models.CharField(
        "UCCX application",
        max_length=30,
        blank=True,
        help_text="Optional: a UCCX application whose Playable script parameter should play this prompt.",
    )
    uccx_parameter = models.CharField(
        "script parameter", max_length=50, blank=True, help_text="The Playable parameter's name."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[services, regions])

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="announcement_name_unique_ci")]
        rules_permissions = TEAM_SCOPED_PERMISSIONS

    def __str__(self) -> str:
        return self.name

    @property
    def days_label(self) -> str:
        """`Mon, Wed` for the chosen days of the week."""
        return ", ".join(
            ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day] for day in sorted(self.days_of_week)
        )


class CallSwitch(RulesModel):
    """A switch supervisors flip and scripts read: overflow to a partner, offer a survey, voicemail."""

    name = models.CharField(max_length=names.SLOT_NAME_MAX, help_text=names.SWITCH_HELP)
    on = models.BooleanField(default=False)
    value = models.CharField(
        max_length=100, blank=True, help_text="Optional: a CSQ name or a number that goes with it."
    )
    note = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Turns itself off then; empty: stays as it is."
    )
    team = _team("call_switches")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "call switches"
        constraints = [models.UniqueConstraint(Lower("name"), name="call_switch_name_unique_ci")]
        rules_permissions = TEAM_SCOPED_PERMISSIONS

    def __str__(self) -> str:
        return self.name
