"""Long uploads are converted by the worker with a progress page; short ones at once in the request."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from announcements.models import Prompt, PromptUpload
from announcements.upload_jobs import convert_waiting_upload, uploads_resume
from tests.announcements.audio_factory import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(accounts: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(accounts["admin"])
    return client


def post_upload(client: Client, folder: Any, data: bytes, name: str) -> Any:
    return client.post(
        reverse("announcements:prompts"), {"folder": folder.pk, "file": SimpleUploadedFile(name, data)}
    )


def test_a_long_upload_goes_to_the_worker_and_shows_its_progress(
    client: Client, uccx: Any, en_us: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PROMPT_INLINE_SECONDS = 2
    data, _ = make("mp3-44100-stereo", seconds=3.0)
    with django_capture_on_commit_callbacks() as callbacks:
        answer = post_upload(client, en_us, data, "long message.mp3")
    job = PromptUpload.objects.get()
    assert answer["Location"] == reverse("announcements:upload", args=[job.pk])
    assert len(callbacks) == 1  # the worker is asked once the job is committed
    assert not Prompt.objects.exists()
    waiting = client.get(answer["Location"])
    assert b"every 1s" in waiting.content
    assert b"<progress" in waiting.content
    convert_waiting_upload(job.pk)  # what the worker's task runs
    job.refresh_from_db()
    assert job.state == "done"
    assert bytes(job.data) == b""
    assert job.prompt.path == "en_US/long_message.wav"
    assert abs(job.prompt.duration_ms - 3000) <= 20
    done = client.get(answer["Location"], headers={"HX-Request": "true"})
    assert b"Converted and saved" in done.content
    assert b"every 1s" not in done.content
    assert convert_waiting_upload(job.pk) is None  # a second delivery does nothing


def test_a_long_upload_the_worker_refuses_keeps_nothing(
    client: Client, uccx: Any, en_us: Any, settings: Any
) -> None:
    settings.PROMPT_INLINE_SECONDS = 2
    data, _ = make("mp3-44100-stereo", seconds=6.0)
    post_upload(client, en_us, data[: len(data) // 2], "cut.mp3")
    job = convert_waiting_upload(PromptUpload.objects.get().pk)
    assert job is not None
    assert job.state == "refused"
    assert "truncated" in job.message
    assert bytes(job.data) == b""
    assert not Prompt.objects.exists()


def test_short_uploads_are_converted_in_the_request(client: Client, uccx: Any, en_us: Any) -> None:
    data, _ = make("flac-48000-mono", seconds=2.0)
    answer = post_upload(client, en_us, data, "short.flac")
    assert answer["Location"] == reverse("announcements:prompt", args=[Prompt.objects.get().pk])
    assert not PromptUpload.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(60)
def test_a_long_upload_while_the_broker_is_down_is_kept_and_answered(
    client: Client, uccx: Any, en_us: Any, settings: Any, stopped_broker: Any
) -> None:
    """The worker is asked after the commit, best effort: a stopped broker must not turn the kept
    upload into an error page (beat sends it again later)."""
    settings.PROMPT_INLINE_SECONDS = 2
    data, _ = make("mp3-44100-stereo", seconds=3.0)
    answer = post_upload(client, en_us, data, "long message.mp3")
    job = PromptUpload.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("announcements:upload", args=[job.pk])
    assert job.state == PromptUpload.State.WAITING
    assert uploads_resume(now=timezone.now() + timedelta(minutes=5)) == (0, 0)  # still no broker: kept
    assert PromptUpload.objects.get().state == PromptUpload.State.WAITING


@pytest.mark.django_db(transaction=True)
def test_beat_sends_a_waiting_upload_again(uccx: Any, en_us: Any, accounts: Any, eager_tasks: None) -> None:
    data, _ = make("mp3-44100-stereo", seconds=3.0)
    job = PromptUpload.objects.create(  # kept, but its message never reached a worker
        actor=accounts["admin"], folder=en_us, name="long_message", source_name="long message.mp3", data=data
    )
    assert uploads_resume() == (0, 0)  # just kept: the worker may simply not have taken it yet
    assert uploads_resume(now=timezone.now() + timedelta(minutes=2)) == (1, 0)
    job.refresh_from_db()
    assert job.state == PromptUpload.State.DONE
    assert job.prompt.path == "en_US/long_message.wav"


def test_a_conversion_whose_worker_died_is_ended_with_a_message(en_us: Any, accounts: Any) -> None:
    job = PromptUpload.objects.create(
        actor=accounts["admin"],
        folder=en_us,
        name="long_message",
        source_name="long message.mp3",
        data=b"kept",
        state=PromptUpload.State.CONVERTING,
        started_at=timezone.now() - timedelta(minutes=10),
    )
    assert uploads_resume() == (0, 1)
    job.refresh_from_db()
    assert job.state == PromptUpload.State.REFUSED
    assert job.message.startswith("The worker converting this upload stopped before it finished")
    assert bytes(job.data) == b""
