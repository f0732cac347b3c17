"""Celery tasks of the announcements app."""

from celery import shared_task

from announcements.upload_jobs import convert_waiting_upload, uploads_resume


@shared_task(name="announcements.convert_upload", ignore_result=True)
def convert_upload(job_id: int) -> None:
    """Convert an upload too long to convert in its request (announcements.models.PromptUpload)."""
    convert_waiting_upload(job_id)


@shared_task(name="announcements.resume_uploads", ignore_result=True)
def resume_uploads() -> None:
    """Beat: uploads whose message was lost are sent again; ones whose worker died are ended."""
    uploads_resume()
