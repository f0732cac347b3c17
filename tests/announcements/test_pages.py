"""The pages: every section renders for each role, forms save through the services, refusals show."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from announcements.models import Announcement, CallSwitch, Prompt
from tests.announcements.audio_factory import make

pytestmark = pytest.mark.django_db

PAGES = [
    "announcements:list",
    "announcements:announcement-create",
    "announcements:preview",
    "announcements:switches",
    "announcements:services",
    "announcements:regions",
    "announcements:prompts",
]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["viewer", "supervisor_x", "admin"])
def test_every_page_renders(accounts: dict[str, Any], role: str, page: str) -> None:
    assert client_for(accounts[role]).get(reverse(page)).status_code == 200


def test_ivr_accounts_get_no_pages(accounts: dict[str, Any]) -> None:
    assert client_for(accounts["ivr"]).get(reverse("announcements:list")).status_code == 403


def test_upload_play_and_refusals_through_the_page(accounts: dict[str, Any], uccx: Any, en_us: Any) -> None:
    client = client_for(accounts["admin"])
    data, _ = make("mp3-44100-stereo", seconds=1.5)
    answer = client.post(
        reverse("announcements:prompts"),
        {"folder": en_us.pk, "file": SimpleUploadedFile("Hello World!.mp3", data), "normalise": "on"},
        follow=True,
    )
    prompt = Prompt.objects.get()
    assert prompt.path == "en_US/Hello_World.wav"
    assert b"Hello_World.wav" in answer.content
    audio = client.get(reverse("announcements:prompt-audio", args=[prompt.pk]))
    assert audio["Content-Type"] == "audio/wav"
    assert audio.content[20:22] == b"\x01\x00"  # PCM: plays in every browser
    original = client.get(reverse("announcements:prompt-audio", args=[prompt.pk]) + "?original=1")
    assert original.content == bytes(prompt.audio)
    refused = client.post(
        reverse("announcements:prompts"),
        {"folder": en_us.pk, "file": SimpleUploadedFile("notes.mp3", b"not audio at all" * 10), "name": "x"},
    )
    assert refused.status_code == 400
    assert b"cannot be read as audio" in refused.content
    traversal = client.post(
        reverse("announcements:prompts"),
        {"folder": en_us.pk, "file": SimpleUploadedFile("a.mp3", data), "name": "../../evil.wav"},
    )
    assert traversal.status_code == 400
    assert b"no paths" in traversal.content
    assert Prompt.objects.count() == 1


def test_flip_a_switch_and_see_it_in_the_preview(accounts: dict[str, Any], team_x: Any) -> None:
    client = client_for(accounts["supervisor_x"])
    created = client.post(
        reverse("announcements:switches"), {"name": "overflow", "value": "PartnerCSQ", "team": team_x.pk}
    )
    assert created.status_code == 302
    switch = CallSwitch.objects.get()
    client.post(
        reverse("announcements:switch-flip", args=[switch.pk]), {"on": "1", "note": "storm", "hours": "2"}
    )
    switch.refresh_from_db()
    assert switch.on
    assert switch.note == "storm"
    preview = client.get(reverse("announcements:preview"), {"dn": "1", "ani": "2", "time_zone": "UTC"})
    assert b'data-switch="overflow"' in preview.content
    assert b"ON" in preview.content
    other = client_for(accounts["supervisor_y"])
    assert other.post(reverse("announcements:switch-flip", args=[switch.pk]), {"on": ""}).status_code == 403


def test_announcement_form_saves_and_shows_its_next_days(
    accounts: dict[str, Any], upload: Any, support_line: Any, team_x: Any
) -> None:
    prompt = upload("welcome")
    client = client_for(accounts["supervisor_x"])
    form = {
        "name": "welcome",
        "kind": "general",
        "enabled": "on",
        "prompt": prompt.pk,
        "team": team_x.pk,
        "services": [support_line.pk],
        "order": "1",
        "then": "continue",
        "time_zone": "Europe/Zurich",
        "recurrence": "weekly",
        "days_of_week": ["0", "1", "2", "3", "4"],
        "window_start": "08:00",
        "window_end": "12:00",
    }
    answer = client.post(reverse("announcements:announcement-create"), form, follow=True)
    assert answer.status_code == 200
    row = Announcement.objects.get()
    assert row.days_of_week == [0, 1, 2, 3, 4]
    assert b"Next 14 days" in answer.content
    upcoming = answer.content.split(b'class="upcoming"')[1].split(b"</ul>")[0]
    assert 10 <= upcoming.count(b"<li>") <= 11  # ten weekday mornings in 14 days (11: one cut at now)
    bad = client.post(reverse("announcements:announcement-create"), {**form, "name": "welcome"})
    assert bad.status_code == 400
    assert b"already an announcement" in bad.content


def test_switches_and_what_plays_are_on_the_dashboard(
    accounts: dict[str, Any], upload: Any, team_x: Any
) -> None:
    from announcements.services import AnnouncementData, SwitchData, announcement_save, switch_save

    announcement_save(
        actor=accounts["admin"], data=AnnouncementData(name="welcome", prompt=upload("welcome"))
    )
    switch = switch_save(
        actor=accounts["admin"], data=SwitchData(name="overflow", on=True, note="storm", team=team_x)
    )
    client = client_for(accounts["supervisor_x"])
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Switch overflow is ON: storm" in dashboard  # a fact of the headline
    assert 'data-switch="overflow"' in dashboard
    assert "1 announcement playing now" in dashboard
    flipped = client.post(reverse("announcements:switch-flip", args=[switch.pk]), {"on": "", "next": "/"})
    assert flipped["Location"] == "/"
    switch.refresh_from_db()
    assert not switch.on


def test_rename_a_folder_through_its_page(accounts: dict[str, Any], upload: Any, en_us: Any) -> None:
    prompt = upload("welcome")
    client = client_for(accounts["admin"])
    page = reverse("announcements:folder-edit", args=[en_us.pk])
    assert client.get(page).status_code == 200
    assert client.post(page, {"name": "en_GB"})["Location"] == reverse("announcements:prompts")
    prompt.refresh_from_db()
    assert prompt.path == "en_GB/welcome.wav"
    assert client.post(page, {"name": "English"}).status_code == 400  # not a language folder
