"""Operator actions on the outbox (Changes page and admin): retry, discard, acknowledge drift; audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sync.claims import wake_dependents
from sync.models import DISCARDED_BY_OPERATOR, RETRIED_BY_OPERATOR, Drift, OutboxChange, SyncObject
from sync.replay import refresh_pending
from sync.tasks import nudge_drain

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

State = OutboxChange.State


def retry_change(*, change: OutboxChange, actor: AbstractBaseUser) -> OutboxChange:
    """Queue a failed change again (after its cause was fixed in UCCX or in the app); audited."""
    with transaction.atomic():
        change = OutboxChange.objects.select_for_update().get(pk=change.pk)
        if change.state != State.FAILED:
            raise ValidationError(
                f"Only failed changes can be retried; change #{change.pk} is {change.state}."
            )
        change.state = State.QUEUED
        change.last_error = ""
        change.save_audited(actor, RETRIED_BY_OPERATOR)
        refresh_pending(change.target_id)
        SyncObject.objects.filter(pk=change.target_id).update(next_attempt_at=timezone.now(), failures=0)
        transaction.on_commit(lambda: nudge_drain(), robust=True)
    return change


def discard_change(*, change: OutboxChange, actor: AbstractBaseUser) -> OutboxChange:
    """Give up on a queued or failed change: UCCX will not get it; audited."""
    with transaction.atomic():
        change = OutboxChange.objects.select_for_update().get(pk=change.pk)
        if change.state not in (State.QUEUED, State.FAILED):
            raise ValidationError(
                f"Only queued or failed changes can be discarded; change #{change.pk} is {change.state}."
            )
        change.state = State.DISCARDED
        change.save_audited(actor, DISCARDED_BY_OPERATOR)
        refresh_pending(change.target_id)
    wake_dependents(change.target_id)  # they tell why they still wait
    return change


def acknowledge_drift(*, drift: Drift, actor: AbstractBaseUser) -> Drift:
    """An admin has seen the drift record (who and when are kept)."""
    Drift.objects.filter(pk=drift.pk, acknowledged_at__isnull=True).update(
        acknowledged_by=actor, acknowledged_at=timezone.now()
    )
    drift.refresh_from_db()
    return drift
