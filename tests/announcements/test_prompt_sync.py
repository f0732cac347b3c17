"""Prompts in UCCX's repository through the sync contract (the simulator over real HTTP): upload with its
folders, replace, rename/move, delete, refusals for prompts in use, an upload while UCCX is down replayed
with the exact bytes, and the Playable binding written after its prompt."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from announcements.models import Prompt
from announcements.prompt_services import (
    folder_change,
    folder_create,
    prompt_change,
    prompt_delete,
    prompt_replace,
)
from announcements.selectors import call_preview
from announcements.services import AnnouncementData, announcement_save
from calendars.models import Calendar
from callers.models import CallerEntry, CallerList
from sync.applications import applications_sync
from sync.models import OutboxChange
from sync.replay import drain, wake_pending
from tests.announcements.audio_factory import make
from uccx_simulator import Simulator
from uccx_simulator.seed import seed_demo
from uccx_simulator.wav import check_prompt

pytestmark = pytest.mark.django_db


def test_an_upload_lands_in_uccx_with_its_folders_byte_for_byte(
    uccx: Simulator, upload: Any, accounts: Any, en_us: Any
) -> None:
    holidays = folder_create(actor=accounts["admin"], parent=en_us, name="holidays", team=None)
    prompt = upload("xmas", "m4a-aac-44100-stereo", folder=holidays)
    assert uccx.prompts["en_US/holidays/xmas.wav"] == bytes(prompt.audio)
    check_prompt("xmas.wav", uccx.prompts["en_US/holidays/xmas.wav"])


def test_an_upload_while_uccx_is_down_is_queued_then_applied_with_the_exact_bytes(
    uccx: Simulator, upload: Any
) -> None:
    uccx.set_node("A", "down")
    uccx.set_node("B", "down")
    prompt = upload("storm", "webm-opus-48000-mono")
    change = OutboxChange.objects.filter(target__key=str(prompt.pk)).get()
    assert change.state == "queued"
    assert uccx.prompts.get("en_US/storm.wav") is None
    uccx.set_node("A", "up")
    uccx.set_node("B", "up")
    wake_pending()
    drain(budget=5.0)
    change.refresh_from_db()
    assert change.state == "applied"
    assert uccx.prompts["en_US/storm.wav"] == bytes(Prompt.objects.get().audio)


def test_replace_rename_and_delete_follow_in_uccx(
    uccx: Simulator, upload: Any, accounts: Any, en_us: Any
) -> None:
    admin = accounts["admin"]
    prompt = upload("welcome")
    first = bytes(prompt.audio)
    data, _ = make("flac-48000-mono", seconds=2.0)
    replaced = prompt_replace(actor=admin, prompt=prompt, data=data, source_name="new.flac")
    assert replaced.sync.state == "applied"
    assert uccx.prompts["en_US/welcome.wav"] == bytes(prompt.audio) != first
    general = folder_create(actor=admin, parent=en_us, name="general", team=None)
    moved = prompt_change(actor=admin, prompt=prompt, folder=general, name="hello")
    assert moved is not None
    assert moved.sync.state == "applied"
    assert "en_US/welcome.wav" not in uccx.prompts
    assert uccx.prompts["en_US/general/hello.wav"] == bytes(prompt.audio)
    assert prompt_delete(actor=admin, prompt=prompt).state == "applied"
    assert "en_US/general/hello.wav" not in uccx.prompts
    assert not Prompt.objects.exists()


def test_a_prompt_in_use_is_not_deleted_and_a_path_others_name_is_not_renamed(
    uccx: Simulator, upload: Any, accounts: Any, en_us: Any
) -> None:
    admin = accounts["admin"]
    prompt = upload("closed")
    announcement_save(actor=admin, data=AnnouncementData(name="after-hours", prompt=prompt))
    Calendar.objects.create(name="Support Hours", time_zone="Europe/Zurich", prompt_closed="en_US/closed.wav")
    blocked = CallerList.objects.create(name="Blocked", kind="blocked")
    CallerEntry.objects.create(caller_list=blocked, number="41446681800", prompt="en_US/closed.wav")
    with pytest.raises(ValidationError) as caught:
        prompt_delete(actor=admin, prompt=prompt)
    message = " ".join(caught.value.messages)
    assert 'announcement "after-hours"' in message
    assert 'calendar "Support Hours"' in message
    assert 'caller list "Blocked"' in message  # an entry's prompt names its list
    with pytest.raises(ValidationError, match='named by calendar "Support Hours"'):
        prompt_change(actor=admin, prompt=prompt, folder=en_us, name="shut")
    assert uccx.prompts["en_US/closed.wav"] == bytes(prompt.audio)


def test_a_playable_binding_is_written_after_its_prompt(uccx: Simulator, upload: Any, accounts: Any) -> None:
    seed_demo(uccx.store)
    applications_sync()  # UCCX's applications, mirrored with the teams, are what may be bound
    uccx.set_node("A", "down")
    uccx.set_node("B", "down")
    prompt = upload("welcome2")
    result = announcement_save(
        actor=accounts["admin"],
        data=AnnouncementData(
            name="welcome", prompt=prompt, uccx_application="SupportApp", uccx_parameter="WelcomePrompt"
        ),
    )
    assert result.binding is not None
    assert result.binding.state == "queued"
    uccx.set_node("A", "up")
    uccx.set_node("B", "up")
    wake_pending()
    drain(budget=5.0)
    params = {
        p["name"]: p["value"] for p in uccx.applications["SupportApp"]["ScriptApplication"]["scriptParams"]
    }
    assert params["WelcomePrompt"] == "P[welcome2.wav]"
    assert "en_US/welcome2.wav" in uccx.prompts
    binding = OutboxChange.objects.get(pk=result.binding.change)
    prompt_change_row = OutboxChange.objects.filter(target__kind="announcement_prompt").get()
    assert binding.applied_at >= prompt_change_row.applied_at


def test_only_administrators_bind_and_only_to_an_application_uccx_has(
    uccx: Simulator, upload: Any, accounts: Any, team_x: Any, support_line: Any
) -> None:
    seed_demo(uccx.store)
    prompt = upload("welcome2", team=team_x)
    data = AnnouncementData(
        name="welcome",
        prompt=prompt,
        team=team_x,
        services=(support_line,),
        uccx_application="SupportApp",
        uccx_parameter="WelcomePrompt",
    )
    with pytest.raises(ValidationError, match="Only administrators bind"):
        announcement_save(actor=accounts["supervisor_x"], data=data)
    with pytest.raises(ValidationError, match="UCCX has no application called 'NoSuchApp'"):
        announcement_save(actor=accounts["admin"], data=replace(data, uccx_application="NoSuchApp"))
    row = announcement_save(actor=accounts["admin"], data=data).announcement
    with pytest.raises(ValidationError, match="already plays announcement welcome"):
        announcement_save(actor=accounts["admin"], data=replace(data, name="other"))
    kept = announcement_save(actor=accounts["supervisor_x"], data=replace(data, order=2), announcement=row)
    assert kept.announcement.order == 2  # a supervisor edits it; the binding they did not touch stays


def test_a_folder_moves_with_its_prompts_in_uccx(
    uccx: Simulator, upload: Any, accounts: Any, en_us: Any
) -> None:
    admin = accounts["admin"]
    holidays = folder_create(actor=admin, parent=en_us, name="holidays", team=None)
    eve = folder_create(actor=admin, parent=holidays, name="eve", team=None)
    first, second = upload("xmas", folder=holidays), upload("eve", folder=eve)
    announcement_save(actor=admin, data=AnnouncementData(name="xmas", prompt=first))
    de_de = folder_create(actor=admin, parent=None, name="de_DE", team=None)
    results = folder_change(actor=admin, folder=holidays, name="feiertage", parent=de_de)
    assert [r.state for r in results] == ["applied", "applied"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.path, second.path) == ("de_DE/feiertage/xmas.wav", "de_DE/feiertage/eve/eve.wav")
    assert uccx.prompts["de_DE/feiertage/eve/eve.wav"] == bytes(second.audio)
    assert not any(path.startswith("en_US/holidays") for path in uccx.prompts)
    assert call_preview(dn="", ani="", at=timezone.now()).playing[0].prompt == "de_DE/feiertage/xmas.wav"
    Calendar.objects.create(name="Support Hours", time_zone="UTC", prompt_holiday="de_DE/feiertage/xmas.wav")
    with pytest.raises(
        ValidationError, match=re.escape('de_DE/feiertage/xmas.wav (calendar "Support Hours")')
    ):
        folder_change(actor=admin, folder=holidays, name="holidays", parent=en_us)
    eve.refresh_from_db()
    with pytest.raises(ValidationError, match="into itself"):
        folder_change(actor=admin, folder=holidays, name="x", parent=eve)
