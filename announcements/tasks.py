"""Celery tasks of the announcements app."""

from celery import shared_task

from announcements.prompt_services import convert_waiting_upload


@shared_task(name="announcements.convert_upload", ignore_result=True)
def convert_upload(job_id: int) -> None:
    """Convert an upload too long to convert in its request (announcements.models.PromptUpload)."""
    convert_waiting_upload(job_id)
