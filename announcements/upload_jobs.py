"""Uploads too long to convert in their request: checked and kept as a `PromptUpload`, converted by the
worker (`announcements.convert_upload`) with its progress saved, and beat's safety net for the ones whose
message was lost or whose worker died (docs/announcements.md). A short upload is converted at once by
`prompt_services.prompt_upload()`, which the worker runs too.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from announcements.audio import AudioRejected, estimated_seconds
from announcements.models import PromptFolder, PromptUpload
from announcements.prompt_services import PromptSaved, checked_upload, convert, prompt_limits, prompt_upload
from announcements.services import Actor
from core import jobs
from sync.tasks import send_on_commit

UPLOAD_RESEND_SECONDS = 60.0  # an upload no worker took by then is sent to the worker again


def prompt_upload_or_queue(
    *, actor: Actor, folder: PromptFolder, data: bytes, source_name: str, **options: Any
) -> PromptSaved | PromptUpload:
    """`prompt_upload()` at once when the audio is short (its conversion takes well under a second);
    a longer one is checked, kept and converted by the worker: the returned job shows its progress."""
    if estimated_seconds(data) <= settings.PROMPT_INLINE_SECONDS:
        return prompt_upload(actor=actor, folder=folder, data=data, source_name=source_name, **options)
    name = checked_upload(actor, folder, options.get("name", ""), source_name, options.get("team"))
    limits = prompt_limits()
    if len(data) > limits.max_input_bytes:
        convert(data, normalise=False, trim_silence=False)  # raises the size refusal, nothing is kept
    job = PromptUpload.objects.create(
        actor=actor,
        folder=folder,
        name=name,
        team=options.get("team"),
        description=options.get("description", ""),
        normalise=options.get("normalise", True),
        trim_silence=options.get("trim_silence", True),
        source_name=source_name[:255],
        data=data,
    )
    send_on_commit(convert_upload_task(), job.pk)  # best effort: beat sends it again if the broker is away
    return job


def convert_upload_task() -> Any:
    from announcements.tasks import convert_upload

    return convert_upload


def uploads_resume(*, now: datetime | None = None) -> tuple[int, int]:
    """Beat's safety net (core/jobs.py): send again the uploads no worker took (their message was lost
    with the broker), and end the ones whose worker died converting them. Returns (resent, ended)."""
    task = convert_upload_task()
    now = now or timezone.now()
    converting = PromptUpload.objects.filter(state=PromptUpload.State.CONVERTING)
    ended = jobs.abandoned(converting, task, now=now).update(
        state=PromptUpload.State.REFUSED,
        message="The worker converting this upload stopped before it finished (restarted or out of "
        "memory); nothing was saved. Upload the file again.",
        data=b"",
    )
    resent = jobs.resend_waiting(
        PromptUpload.objects.filter(state=PromptUpload.State.WAITING),
        task,
        created_before=now - timedelta(seconds=UPLOAD_RESEND_SECONDS),
    )
    return resent, ended


def convert_waiting_upload(job_id: int) -> PromptUpload | None:
    """The worker's part: convert a kept upload, saving its progress; done or refused, the bytes go."""
    claimed = PromptUpload.objects.filter(pk=job_id, state=PromptUpload.State.WAITING).update(
        state=PromptUpload.State.CONVERTING, started_at=timezone.now()
    )
    if not claimed:
        return None  # finished, or another worker has it
    job = PromptUpload.objects.select_related("actor", "folder", "team").get(pk=job_id)
    last = [0.0]

    def progress(fraction: float) -> None:
        if fraction - last[0] >= 0.05:
            last[0] = fraction
            PromptUpload.objects.filter(pk=job_id).update(progress=round(fraction, 3))

    try:
        saved = prompt_upload(
            actor=job.actor,
            folder=job.folder,
            data=bytes(job.data),
            source_name=job.source_name,
            name=job.name,
            team=job.team,
            description=job.description,
            normalise=job.normalise,
            trim_silence=job.trim_silence,
            progress=progress,
        )
    except (AudioRejected, ValidationError) as error:
        message = str(error) if isinstance(error, AudioRejected) else " ".join(error.messages)
        PromptUpload.objects.filter(pk=job_id).update(
            state=PromptUpload.State.REFUSED, message=message[:500], data=b""
        )
    else:
        PromptUpload.objects.filter(pk=job_id).update(
            state=PromptUpload.State.DONE,
            progress=1.0,
            prompt=saved.prompt,
            data=b"",
            message=f"{saved.prompt.path}: {saved.sync.detail}"[:500],
        )
    return PromptUpload.objects.get(pk=job_id)
