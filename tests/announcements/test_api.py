"""The management API: the same services and rules as the pages, field errors, prompt upload by multipart."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from announcements.models import Announcement, Prompt
from tests.announcements.audio_factory import make

pytestmark = pytest.mark.django_db
BASE = "/api/v1/announcements/"


def api_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_upload_convert_schedule_flip_and_preview_over_the_api(
    accounts: dict[str, Any], uccx: Any, en_us: Any, team_x: Any
) -> None:
    admin = api_for(accounts["admin"])
    data, _ = make("ogg-opus-48000-stereo", seconds=1.0)
    with_file = {"folder": en_us.pk, "file": ("x.ogg", data), "name": "closed", "normalise": "false"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    with_file["file"] = SimpleUploadedFile("x.ogg", data)
    answer = admin.post(f"{BASE}prompts/", with_file, format="multipart")
    assert answer.status_code in (201, 202), answer.content
    body = answer.json()
    assert body["path"] == "en_US/closed.wav"
    assert body["format"] == "G.711 µ-law"
    assert abs(body["duration_ms"] - 1000) <= 20
    prompt = Prompt.objects.get()
    assert admin.get(f"{BASE}prompts/{prompt.pk}/audio/").content == bytes(prompt.audio)

    service = admin.post(
        f"{BASE}services/", {"dn": "+1 800 555 0100", "name": "Support", "team": team_x.pk}, format="json"
    )
    assert service.status_code == 201, service.content
    region = admin.post(f"{BASE}regions/", {"name": "NYC", "prefixes": ["+1 212", "+1 646"]}, format="json")
    assert region.json()["prefixes"] == ["+1212", "+1646"]
    created = admin.post(
        BASE,
        {
            "name": "storm",
            "kind": "general",
            "prompt": prompt.pk,
            "services": [service.json()["id"]],
            "regions": [region.json()["id"]],
            "then": "stop",
            "recurrence": "once",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    preview = admin.get(f"{BASE}preview/", {"dn": "18005550100", "ani": "+1 212 555 0199"}).json()
    assert preview["count"] == 1
    assert preview["announcement"][0] == {
        **{"name": "storm", "kind": "general", "prompt": "en_US/closed.wav"},
        **{"language": "en_US", "order": 1, "then": "stop"},
    }
    assert preview["service"] == {"name": "Support", "calendar": "", "target": ""}
    assert admin.get(f"{BASE}preview/", {"dn": "18005550100", "ani": "+44 20"}).json()["count"] == 0

    switch = admin.post(f"{BASE}switches/", {"name": "survey", "team": team_x.pk}, format="json").json()
    flipped = api_for(accounts["supervisor_x"]).post(
        f"{BASE}switches/{switch['id']}/flip/", {"on": True, "hours": 1}
    )
    assert flipped.json()["effective_on"] is True
    assert (
        api_for(accounts["supervisor_y"])
        .post(f"{BASE}switches/{switch['id']}/flip/", {"on": False})
        .status_code
        == 403
    )


def test_field_errors_and_refusals(accounts: dict[str, Any], uccx: Any, en_us: Any) -> None:
    admin = api_for(accounts["admin"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad_audio = admin.post(
        f"{BASE}prompts/",
        {"folder": en_us.pk, "file": SimpleUploadedFile("a.mp3", b"\x00" * 400)},
        format="multipart",
    )
    assert bad_audio.status_code == 400
    assert "cannot be read as audio" in bad_audio.json()["file"][0]
    bad_name = admin.post(BASE, {"name": "no spaces please", "enabled": False}, format="json")
    assert bad_name.status_code == 400
    assert "cannot be used" in bad_name.json()["name"][0]
    assert not Announcement.objects.exists()
    viewer = api_for(accounts["viewer"])
    assert viewer.get(f"{BASE}prompts/").status_code == 200
    assert viewer.post(f"{BASE}switches/", {"name": "x"}, format="json").status_code == 403
    assert api_for(accounts["ivr"]).get(BASE).status_code == 403


def test_the_preview_refuses_bad_parameters_with_field_errors(accounts: dict[str, Any]) -> None:
    admin = api_for(accounts["admin"])
    assert admin.get(f"{BASE}preview/", {"at": "no-store"}).json()["at"][0].startswith("The parameter 'at'")
    assert "At most 64" in admin.get(f"{BASE}preview/", {"ani": "1" * 65}).json()["ani"][0]
    assert admin.get(f"{BASE}preview/", {"kind": "sometimes"}).status_code == 400
