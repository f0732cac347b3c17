"""Caller lists (VIP, blocked, custom) and their entries, plus the bulk transfers (CSV import/export).

Rows are written only by `callers.services` (and the CSV transfers, `callers.imports` and
`callers.exports`, for bulk work), which validate first and record the audit (django-simple-history) with
the change. A list belongs to a team like a calendar; its entries follow the list's rules.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from core.rules import TEAM_SCOPED_PERMISSIONS
from core.validators import PROMPT_HELP, validate_prompt_path

LIST_NAME_MAX = 50
LIST_NAME_HELP = (
    "1 to 50 characters: letters, digits, spaces, hyphens (-) and underscores (_), starting with a letter or "
    "digit. Unique, whatever the case. IVR scripts see it in the caller profile's lists."
)
_LIST_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,49}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
TARGET_MAX = 50
TARGET_HELP = "A CSQ name or number the IVR script routes the call to; empty: the script's default."
LANGUAGE_HELP = "A UCCX language such as en_US or de_DE; empty: the script's default."


def validate_list_name(value: str) -> None:
    if not _LIST_NAME.fullmatch(value or "") or value != value.strip():
        raise ValidationError(
            f"{value!r} is not a list name: 1 to 50 letters, digits, spaces, hyphens or underscores, "
            "starting with a letter or digit and not ending with a space.",
            code="list_name",
        )


def validate_language(value: str) -> None:
    if value and not _LANGUAGE.fullmatch(value):
        raise ValidationError(
            f"{value!r} is not a language: write it as UCCX does, e.g. en_US.", code="language"
        )


def validate_target(value: str) -> None:
    if value and (len(value) > TARGET_MAX or not value.isprintable() or value != value.strip()):
        raise ValidationError(
            f"A routing target is a CSQ name or number of at most {TARGET_MAX} printable characters.",
            code="target",
        )


DOCUMENT_FIELDS = (
    "document_version",
    "document_note",
    "document_building_until",
)  # the worker's, not the page's


class CallerList(RulesModel):
    class Kind(models.TextChoices):
        VIP = "vip", "VIP"
        BLOCKED = "blocked", "blocked"
        CUSTOM = "custom", "custom"

    name = models.CharField(
        max_length=LIST_NAME_MAX, validators=[validate_list_name], help_text=LIST_NAME_HELP
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CUSTOM)
    order = models.PositiveSmallIntegerField(
        default=100, help_text="Lists with a lower number come first when a caller is on several."
    )
    description = models.CharField(max_length=200, blank=True)
    team = models.ForeignKey(
        "core.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caller_lists",
        help_text="The team whose supervisors may change it; empty: only administrators may.",
    )
    priority = models.SmallIntegerField(
        default=0, help_text="Routing priority of its callers: 0 = normal, higher = sooner (0 to 100)."
    )
    target = models.CharField(
        max_length=TARGET_MAX, blank=True, validators=[validate_target], help_text=TARGET_HELP
    )
    prompt = models.CharField(
        max_length=200, blank=True, validators=[validate_prompt_path], help_text=PROMPT_HELP
    )
    language = models.CharField(
        max_length=10, blank=True, validators=[validate_language], help_text=LANGUAGE_HELP
    )
    vip_beats_blocked = models.BooleanField(
        "VIP beats blocked",
        default=False,
        help_text="VIP lists only: a caller on this list is served even when a blocked list names them.",
    )
    last_change = models.CharField(max_length=200, blank=True, help_text="What the last change did.")
    version = models.PositiveIntegerField(
        default=0, help_text="Bumped by every change of the list or its entries."
    )
    # UCCX's copy of the list is built by the worker, after the change (callers/publish.py):
    document_version = models.PositiveIntegerField(
        default=0, help_text="The version UCCX's copy was last built from (behind `version`: being built)."
    )
    document_note = models.CharField(
        "UCCX copy", max_length=300, blank=True, help_text="Why UCCX's copy could not follow the last change."
    )
    document_building_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker builds UCCX's copy until then (a lease: one builder)."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["version", "updated_at", *DOCUMENT_FIELDS])

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="caller_list_name_unique_ci")]
        rules_permissions = TEAM_SCOPED_PERMISSIONS

    def __str__(self) -> str:
        return self.name

    @property
    def document_name(self) -> str:
        """The file name of the list's XML document in UCCX's document repository."""
        return f"{self.name.replace(' ', '_')}.xml"


class CallerEntry(models.Model):
    """One number, prefix (`+4930*`) or the anonymous entry of a list, with the caller's own values."""

    caller_list = models.ForeignKey(CallerList, on_delete=models.CASCADE, related_name="entries")
    number = models.CharField(
        max_length=20, help_text="Normalised: +E.164, a short number's digits, or anonymous."
    )
    prefix = models.BooleanField(default=False, help_text="Matches every number that starts with `number`.")
    name = models.CharField(max_length=100, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="The entry stops matching then; empty: never."
    )
    priority = models.SmallIntegerField(null=True, blank=True, help_text="Empty: the list's priority.")
    target = models.CharField(max_length=TARGET_MAX, blank=True, validators=[validate_target])
    prompt = models.CharField(max_length=200, blank=True, validators=[validate_prompt_path])
    language = models.CharField(max_length=10, blank=True, validators=[validate_language])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "caller entries"
        constraints = [
            models.UniqueConstraint(
                fields=["caller_list", "number", "prefix"], name="caller_entry_unique_number"
            )
        ]
        indexes = [models.Index(fields=["number"], name="caller_entry_number")]

    def __str__(self) -> str:
        return f"{self.number}*" if self.prefix else self.number

    @property
    def pattern_text(self) -> str:
        return str(self)


class CallerTransfer(models.Model):
    """A CSV import into a list or an export of it, run by a worker; the page follows its progress."""

    class Kind(models.TextChoices):
        IMPORT = "import", "import"
        EXPORT = "export", "export"

    class State(models.TextChoices):
        PENDING = "pending", "waiting for a worker"
        CHECKING = "checking", "checking rows"
        SAVING = "saving", "saving"
        DONE = "done", "done"
        REFUSED = "refused", "refused: nothing changed"
        FAILED = "failed", "failed: nothing changed"

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all", "all or nothing: any bad row refuses the whole file"
        GOOD_ROWS = "good", "import the good rows and list the bad ones"

    kind = models.CharField(max_length=6, choices=Kind.choices)
    caller_list = models.ForeignKey(CallerList, on_delete=models.CASCADE, related_name="transfers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    mode = models.CharField(max_length=4, choices=Mode.choices, default=Mode.ALL_OR_NOTHING)
    replace = models.BooleanField(
        default=False, help_text="Import: the file replaces every entry of the list."
    )
    encoding = models.CharField(
        max_length=20, default="auto", help_text="Import: the file's encoding or auto."
    )
    encoding_used = models.CharField(max_length=20, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(default=b"", help_text="The uploaded file, or the export once written.")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    rejections = models.JSONField(default=list, blank=True, help_text="[line, value, reason] of bad rows.")
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker took it; a run past the task's time limit died."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.caller_list} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.REFUSED, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
