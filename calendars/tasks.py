"""Celery tasks of the calendars app."""

from celery import shared_task

from calendars.services import calendars_reproject_all


@shared_task(name="calendars.reproject_all", ignore_result=True)
def reproject_all() -> int:
    """Beat, hourly: re-project every calendar onto UCCX so the holiday horizon moves with each calendar's
    local date (whatever its time zone); a calendar whose copy did not change queues nothing."""
    return calendars_reproject_all()
