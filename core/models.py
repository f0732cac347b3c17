"""Teams read from UCCX (they scope what a supervisor may edit) and the login audit trail."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from rules.contrib.models import RulesModel
from simple_history import register
from simple_history.models import HistoricalRecords

from core.rules import can_view, is_administrator


class Team(RulesModel):
    """A UCCX team; its primary and secondary supervisors are the local users of the same username."""

    uccx_id = models.PositiveIntegerField("UCCX team id", unique=True)
    name = models.CharField(max_length=49)
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="supervised_teams",
        blank=True,
        help_text="Filled by the team sync from the team's primary and secondary supervisors in UCCX.",
    )
    in_uccx = models.BooleanField(
        "still in UCCX", default=True, help_text="Cleared when the team disappears from UCCX."
    )
    synced_at = models.DateTimeField("last synced", null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[supervisors])

    class Meta:
        ordering = ["name"]
        rules_permissions = {
            "view": can_view,
            "add": is_administrator,
            "change": is_administrator,
            "delete": is_administrator,
        }

    def __str__(self) -> str:
        return self.name


class LoginEvent(models.Model):
    """One sign-in, sign-out, failed sign-in or lock-out, kept for the audit."""

    class Kind(models.TextChoices):
        LOGIN = "login", "signed in"
        LOGOUT = "logout", "signed out"
        FAILED = "failed", "failed sign-in"
        LOCKED = "locked", "locked out"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    username = models.CharField(max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M:%S}"


# Account changes (active flag, staff, names) are audited too; the password hash is never copied.
register(get_user_model(), app="core", excluded_fields=["password", "last_login"])


class SnapshotVersion(models.Model):
    """The version of one published name (a snapshot, or the IVR accounts): bumped in the transaction that
    changes it, so every process learns of the change (core/snapshots.py)."""

    name = models.CharField(max_length=100, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"
