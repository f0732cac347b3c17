"""The transactional outbox: what the app wants UCCX to hold, and what happened to each wish.

A domain save writes its own rows and an `OutboxChange` in one transaction; the change row is the truth,
Celery messages are only nudges. `SyncObject` is one UCCX object the app manages: it carries the mapping
from the app's key to UCCX's id, the body last confirmed in UCCX (the drift baseline) and the claim that
keeps two workers from writing one object at the same time.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Change reasons of the audited operator actions (django-simple-history), shown on the Changes page.
RETRIED_BY_OPERATOR = "retried by an operator"
DISCARDED_BY_OPERATOR = "discarded by an operator"


class SyncObject(models.Model):
    """One UCCX object the app manages, identified by the app's own (kind, key)."""

    kind = models.CharField(max_length=50)
    key = models.CharField(max_length=200)
    remote_id = models.CharField(
        max_length=200, blank=True, help_text="UCCX's id; empty until created there."
    )
    last_written = models.JSONField(
        null=True, blank=True, help_text="The body UCCX confirmed last: what drift is measured against."
    )
    unconfirmed = models.JSONField(
        default=list,
        blank=True,
        help_text="Bodies sent but not confirmed (answer lost, worker killed, UCCX away): checked on retry.",
    )
    pending_since = models.DateTimeField(
        null=True, blank=True, help_text="Creation of the oldest queued change."
    )
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="Backoff: not replayed before this."
    )
    failures = models.PositiveIntegerField(default=0, help_text="Consecutive attempts UCCX did not take.")
    claimed_by = models.CharField(max_length=200, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When UCCX was last seen holding what the app wrote (a write, or the reconcile sweep).",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="sync_object_kind_key_unique")]
        indexes = [models.Index(fields=["pending_since", "next_attempt_at"], name="sync_object_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class OutboxChange(models.Model):
    """One supervisor save to carry to UCCX: the object's full desired state after that save."""

    class Operation(models.TextChoices):
        UPSERT = "upsert", "create or update"
        DELETE = "delete", "delete"

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        APPLIED = "applied", "applied"
        FAILED = "failed", "failed"
        CANCELLED = "cancelled", "cancelled (never reached UCCX, deleted before)"
        SUPERSEDED = "superseded", "superseded by a newer change"
        DISCARDED = "discarded", "discarded by an operator"

    target = models.ForeignKey(SyncObject, on_delete=models.PROTECT, related_name="changes")
    operation = models.CharField(max_length=10, choices=Operation.choices)
    payload = models.JSONField(default=dict, blank=True, help_text="The desired UCCX body (full state).")
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    summary = models.CharField(max_length=200, blank=True, help_text="Why: the supervisor's action.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, help_text="UCCX's own words for the last refusal or outage.")
    applied_at = models.DateTimeField(null=True, blank=True)
    coalesced_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The newer change whose write carried (or replaced) this one.",
    )
    after = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        help_text="Changes (of other objects) that must reach UCCX before this one is written.",
    )

    # Audit of operator actions (retry, discard) with who and why; the payload never changes, so no copy.
    history = HistoricalRecords(excluded_fields=["payload"])

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="sync_change_state_idx"),
            models.Index(fields=["target", "state"], name="sync_change_target_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.operation} {self.target} ({self.state})"

    @property
    def kind(self) -> str:
        return self.target.kind

    @property
    def key(self) -> str:
        return self.target.key

    def save_audited(self, actor: Any, reason: str) -> None:
        """Save with the audit's who (an authenticated user, else nobody) and why."""
        self._history_user = actor if getattr(actor, "is_authenticated", False) else None
        self._change_reason = reason
        self.save()


class Drift(models.Model):
    """UCCX held something other than what the app last wrote: someone changed it outside the app."""

    target = models.ForeignKey(SyncObject, on_delete=models.CASCADE, related_name="drifts")
    detected_at = models.DateTimeField(default=timezone.now)
    expected = models.JSONField(null=True, blank=True, help_text="What the app last wrote (none: never).")
    found = models.JSONField(
        null=True, blank=True, help_text="What UCCX held (none: deleted outside the app)."
    )
    change = models.ForeignKey(
        OutboxChange,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drifts",
        help_text="The change whose write put the app's state back.",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-detected_at"]

    def __str__(self) -> str:
        return f"drift on {self.target} at {self.detected_at:%Y-%m-%d %H:%M}"

    @property
    def description(self) -> str:
        if self.change_id is None:  # the reconcile sweep in report-only mode: nothing was re-written
            if self.found is None:
                return "missing in UCCX; reported only, not re-created"
            return "changed in UCCX outside the app; reported only, not overwritten"
        if self.found is None:
            return "deleted in UCCX outside the app; re-created"
        if self.expected is None:
            return "already existed in UCCX; adopted and overwritten"
        return "changed in UCCX outside the app; overwritten"


class Blob(models.Model):
    """File content an outbox payload refers to by its sha256 (a prompt's WAV, a document's XML).

    Content-addressed: the same bytes are stored once, whatever saved them and however often; a payload
    holds `{"sha256": ..., "size": ...}` and the adapter reads the bytes when it writes to UCCX.
    """

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.PositiveBigIntegerField()
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"blob {self.sha256[:12]} ({self.size} bytes)"


class UccxApplication(models.Model):
    """A UCCX application, mirrored like the teams: the choices for binding an object to one of its script
    parameters (only administrators bind; the app never creates or deletes applications)."""

    name = models.CharField(max_length=100, unique=True)
    in_uccx = models.BooleanField("still in UCCX", default=True)
    synced_at = models.DateTimeField("last synced", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "UCCX application"

    def __str__(self) -> str:
        return self.name
