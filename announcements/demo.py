"""Demo announcements (run by `manage.py seed_demo`): an en_US prompt library made of generated tones,
two services (the Support line bound to the Support Hours calendar, the Sales desk), two caller regions,
a welcome for every call, a Christmas holiday announcement for Zurich callers of the Support line, and
two call switches, both off. Idempotent: what exists is left as it is."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import av
import numpy as np
from django.contrib.auth import get_user_model
from django.utils import timezone

from announcements.models import Announcement, CallSwitch, Prompt, PromptFolder, Service
from announcements.prompt_services import folder_create, prompt_upload
from announcements.services import (
    AnnouncementData,
    ServiceData,
    SwitchData,
    announcement_save,
    region_save,
    service_save,
    switch_save,
)
from calendars.models import Calendar
from core.models import Team

RATE = 16000
TUNES = {  # name: notes (Hz) of a short jingle standing in for a recorded voice
    "welcome": (523.25, 659.25, 783.99),
    "christmas": (659.25, 659.25, 659.25, 523.25, 783.99),
    "closed": (783.99, 659.25, 523.25),
    "survey": (587.33, 880.0),
}


def jingle(notes: tuple[float, ...], note_seconds: float = 0.35) -> bytes:
    """The notes as a FLAC file, each with a soft attack and decay."""
    t = np.arange(int(RATE * note_seconds)) / RATE
    envelope = np.minimum(1.0, t / 0.02) * np.exp(-3 * t)
    samples = np.concatenate([0.5 * envelope * np.sin(2 * np.pi * f * t) for f in notes]).astype(np.float32)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="flac") as output:
        stream = output.add_stream("flac", rate=RATE, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.rate = RATE
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            output.mux(packet)
    return buffer.getvalue()


def _folder(admin: object, parent: PromptFolder | None, name: str) -> PromptFolder:
    path = name if parent is None else f"{parent.path}/{name}"
    existing = PromptFolder.objects.filter(path=path).first()
    return existing or folder_create(actor=admin, parent=parent, name=name, team=None)


def _prompt(admin: object, folder: PromptFolder, name: str) -> Prompt:
    existing = Prompt.objects.filter(path=f"{folder.path}/{name}.wav").first()
    if existing:
        return existing
    return prompt_upload(
        actor=admin, folder=folder, data=jingle(TUNES[name]), source_name=f"{name}.flac", name=name
    ).prompt


def seed() -> None:
    admin = get_user_model().objects.filter(username="admin").first()
    if admin is None:
        return
    support = Team.objects.filter(name="Support").first()
    sales = Team.objects.filter(name="Sales").first()
    en_us = _folder(admin, None, "en_US")
    general, holidays = _folder(admin, en_us, "general"), _folder(admin, en_us, "holidays")
    welcome, christmas = _prompt(admin, general, "welcome"), _prompt(admin, holidays, "christmas")
    _prompt(admin, general, "closed")
    _prompt(admin, general, "survey")
    if not Service.objects.exists():
        line = service_save(
            actor=admin,
            data=ServiceData(
                dn="8005550100",
                name="Support line",
                team=support,
                calendar=Calendar.objects.filter(name="Support Hours").first(),
                default_target="SupportCSQ",
            ),
        )
        service_save(actor=admin, data=ServiceData(dn="8005550200", name="Sales desk", team=sales))
        zurich = region_save(actor=admin, name="Zurich", prefixes="+41 44, +41 43", team=None)
        region_save(actor=admin, name="New York", prefixes="+1 212, +1 646, +1 917", team=None)
        if not Announcement.objects.exists():
            announcement_save(actor=admin, data=AnnouncementData(name="welcome", prompt=welcome, order=1))
            announcement_save(
                actor=admin,
                data=AnnouncementData(
                    name="christmas",
                    kind="holiday",
                    prompt=christmas,
                    team=support,
                    services=(line,),
                    regions=(zurich,),
                    order=2,
                    then="stop",
                    time_zone="Europe/Zurich",
                    starts_at=datetime(timezone.now().year, 12, 25, tzinfo=ZoneInfo("Europe/Zurich")),
                    recurrence="yearly",
                ),
            )
    if not CallSwitch.objects.exists():
        switch_save(
            actor=admin,
            data=SwitchData(
                name="overflow", value="PartnerCSQ", note="Send callers to the partner", team=support
            ),
        )
        switch_save(
            actor=admin, data=SwitchData(name="survey", note="Offer the survey after the call", team=sales)
        )
