"""The demo data: a prompt library in UCCX, services, regions, a Christmas announcement for Zurich callers
of the Support line, two switches off; idempotent."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from announcements import demo
from announcements.models import Announcement, CallSwitch, Prompt, Region, Service
from announcements.selectors import call_preview
from uccx_simulator import Simulator
from uccx_simulator.wav import check_prompt

pytestmark = pytest.mark.django_db


def test_demo_seed_builds_the_library_and_runs_twice(uccx: Simulator, accounts: Any) -> None:
    demo.seed()
    demo.seed()
    assert sorted(Prompt.objects.values_list("path", flat=True)) == [
        "en_US/general/closed.wav",
        "en_US/general/survey.wav",
        "en_US/general/welcome.wav",
        "en_US/holidays/christmas.wav",
    ]
    for prompt in Prompt.objects.all():
        assert uccx.prompts[prompt.path] == bytes(prompt.audio)
        check_prompt(prompt.name, bytes(prompt.audio))
    assert (Service.objects.count(), Region.objects.count(), Announcement.objects.count()) == (2, 2, 2)
    assert not CallSwitch.objects.filter(on=True).exists()
    christmas = datetime(2031, 12, 25, 10, tzinfo=ZoneInfo("Europe/Zurich"))
    playing = call_preview(dn="8005550100", ani="+41 44 668 18 00", at=christmas).playing
    assert [spec.name for spec in playing] == ["welcome", "christmas"]
    assert [spec.name for spec in call_preview(dn="8005550200", ani="+41 44 1", at=christmas).playing] == [
        "welcome"
    ]
