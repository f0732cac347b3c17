"""Celery tasks of the core app."""

from celery import shared_task

from core.snapshots import republish_all


@shared_task(name="core.republish_snapshots", ignore_result=True)
def republish_snapshots() -> int:
    """Beat, every minute: snapshots and versions the cache missed (Redis down or restarted) go back."""
    return republish_all()
