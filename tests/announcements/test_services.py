"""Writes of announcements, services, regions and switches: validation, team rules, overlaps, audit."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from announcements.models import Announcement, CallSwitch
from announcements.selectors import call_preview
from announcements.services import (
    AnnouncementData,
    ServiceData,
    SwitchData,
    announcement_save,
    region_delete,
    region_save,
    service_delete,
    service_save,
    switch_flip,
    switch_save,
)

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_holiday_announcement_for_one_service_and_region_plays_only_there(
    accounts: dict[str, Any], upload: Any, support_line: Any, team_x: Any
) -> None:
    prompt = upload("xmas")
    zurich = region_save(
        actor=accounts["supervisor_x"], name="Zurich", prefixes="+41 44, +41 43", team=team_x
    )
    result = announcement_save(
        actor=accounts["supervisor_x"],
        data=AnnouncementData(
            name="xmas",
            kind="holiday",
            prompt=prompt,
            team=team_x,
            services=(support_line,),
            regions=(zurich,),
            time_zone="Europe/Zurich",
            starts_at=datetime(2026, 12, 24, tzinfo=UTC),
            recurrence="yearly",
            then="stop",
        ),
    )
    assert result.overlaps == []
    christmas = datetime(2027, 12, 24, 10, tzinfo=UTC)
    hit = call_preview(dn="800 555 0100", ani="+41 44 668 18 00", at=christmas)
    assert [(s.name, s.prompt, s.then) for s in hit.playing] == [("xmas", "en_US/xmas.wav", "stop")]
    assert hit.service.name == "Support line"
    assert call_preview(dn="8005550100", ani="+33 1 23", at=christmas).playing == []
    assert call_preview(dn="8005550199", ani="+41 44 1", at=christmas).playing == []
    assert call_preview(dn="8005550100", ani="+41 44 1", at=christmas + timedelta(days=1)).playing == []


def test_supervisors_work_on_their_teams_services_only(
    accounts: dict[str, Any], upload: Any, support_line: Any, team_x: Any, team_y: Any
) -> None:
    prompt = upload("welcome")
    with pytest.raises(ValidationError) as caught:
        announcement_save(
            actor=accounts["supervisor_y"],
            data=AnnouncementData(name="steal", prompt=prompt, team=team_y, services=(support_line,)),
        )
    assert "cannot use the service" in str(messages_of(caught.value)["services"])
    with pytest.raises(ValidationError) as caught:
        announcement_save(
            actor=accounts["supervisor_x"], data=AnnouncementData(name="w", prompt=prompt, team=team_y)
        )
    assert "do not supervise team Sales" in str(caught.value)
    with pytest.raises(PermissionDenied):
        announcement_save(actor=accounts["viewer"], data=AnnouncementData(name="w", prompt=prompt))
    row = announcement_save(
        actor=accounts["supervisor_x"],
        data=AnnouncementData(name="welcome", prompt=prompt, team=team_x, services=(support_line,)),
    ).announcement
    with pytest.raises(PermissionDenied):
        announcement_save(
            actor=accounts["supervisor_y"],
            data=AnnouncementData(name="welcome", prompt=prompt, team=team_y),
            announcement=row,
        )
    assert row.history.first().history_user == accounts["supervisor_x"]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"name": "bad name"}, "name", "cannot be used"),
        ({"name": "../x"}, "name", "no paths"),
        ({"prompt": None}, "prompt", "Choose the prompt"),
        ({"recurrence": "weekly"}, "days_of_week", "Choose the days"),
        ({"recurrence": "yearly"}, "starts_at", "give a start"),
        ({"window_start": time(8)}, "window_end", "both ends"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "IANA"),
        (
            {"starts_at": datetime(2026, 2, 1, tzinfo=UTC), "ends_at": datetime(2026, 1, 1, tzinfo=UTC)},
            "ends_at",
            "after",
        ),
        ({"order": 5000}, "order", "0 to 999"),
        ({"uccx_application": "App"}, "uccx_parameter", "both"),
        ({"description": "bell\x07"}, "description", "Control characters"),
    ],
)
def test_bad_announcements_are_refused_field_by_field(
    accounts: dict[str, Any], upload: Any, fields: dict[str, Any], field: str, words: str
) -> None:
    data = {"name": "welcome", "prompt": upload("welcome"), **fields}
    with pytest.raises(ValidationError) as caught:
        announcement_save(actor=accounts["admin"], data=AnnouncementData(**data))
    assert words in " ".join(messages_of(caught.value)[field])
    assert not Announcement.objects.exists()


def test_overlap_of_the_same_order_on_a_shared_service_is_a_warning(
    accounts: dict[str, Any], upload: Any, support_line: Any
) -> None:
    prompt = upload("welcome")
    mornings = {"window_start": time(8), "window_end": time(12), "services": (support_line,)}
    announcement_save(actor=accounts["admin"], data=AnnouncementData(name="first", prompt=prompt, **mornings))
    second = announcement_save(
        actor=accounts["admin"], data=AnnouncementData(name="second", prompt=prompt, **mornings)
    )
    assert [o.other for o in second.overlaps] == ["first"]
    third = announcement_save(
        actor=accounts["admin"], data=AnnouncementData(name="third", prompt=prompt, order=2, **mornings)
    )
    assert third.overlaps == []


def test_services_and_regions_in_use_cannot_be_deleted(
    accounts: dict[str, Any], upload: Any, support_line: Any
) -> None:
    region = region_save(actor=accounts["admin"], name="Paris", prefixes=["+33 1"], team=None)
    assert region.prefixes == ["+331"]
    announcement_save(
        actor=accounts["admin"],
        data=AnnouncementData(name="a", prompt=upload("a"), services=(support_line,), regions=(region,)),
    )
    with pytest.raises(ValidationError, match="used by the announcement"):
        service_delete(actor=accounts["admin"], service=support_line)
    with pytest.raises(ValidationError, match="used by the announcement"):
        region_delete(actor=accounts["admin"], region=region)


def test_service_numbers_are_unique_and_well_formed(accounts: dict[str, Any], support_line: Any) -> None:
    for dn, words in [("800 555 0100", "already has"), ("800-abc", "digits"), ("", "digits")]:
        with pytest.raises(ValidationError, match=words):
            service_save(actor=accounts["admin"], data=ServiceData(dn=dn, name="x"))
    with pytest.raises(ValidationError, match="prefix"):
        region_save(actor=accounts["admin"], name="Bad", prefixes="+41 abc", team=None)


def test_switch_flip_expiry_and_audit(accounts: dict[str, Any], team_x: Any) -> None:
    switch = switch_save(
        actor=accounts["supervisor_x"], data=SwitchData(name="overflow", value="PartnerCSQ", team=team_x)
    )
    later = timezone.now() + timedelta(hours=2)
    switch_flip(actor=accounts["supervisor_x"], switch=switch, on=True, note="storm", expires_at=later)
    switch.refresh_from_db()
    assert (switch.on, switch.note, switch.expires_at) == (True, "storm", later)
    with pytest.raises(PermissionDenied):
        switch_flip(actor=accounts["supervisor_y"], switch=switch, on=False)
    switch_flip(actor=accounts["supervisor_x"], switch=switch, on=False)
    switch.refresh_from_db()
    assert (switch.on, switch.expires_at) == (False, None)
    assert [h.on for h in switch.history.all()] == [False, True, False]
    assert {h.history_user for h in switch.history.all()} == {accounts["supervisor_x"]}
    with pytest.raises(ValidationError, match="already a switch"):
        switch_save(actor=accounts["admin"], data=SwitchData(name="OVERFLOW"))
    with pytest.raises(ValidationError, match="future"):
        switch_save(
            actor=accounts["admin"],
            data=SwitchData(name="x", on=True, expires_at=timezone.now() - timedelta(1)),
        )
    assert CallSwitch.objects.count() == 1
