"""Lists and entries through the services: validation with clear messages, duplicates, audit, expiry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from callers.models import CallerEntry, CallerList
from callers.services import (
    CallersInvalid,
    EntryData,
    ListData,
    caller_block,
    caller_entry_delete,
    caller_entry_save,
    caller_list_save,
    expired_entries_purge,
)

pytestmark = pytest.mark.django_db


def test_adding_entries_normalises_and_refuses_duplicates(
    vip_list: CallerList, accounts: dict[str, Any]
) -> None:
    actor = accounts["supervisor_x"]
    entry = caller_entry_save(
        caller_list=vip_list, entry=None, data=EntryData("+1 (555) 010-0100", name="Ann"), actor=actor
    )
    assert (entry.number, entry.prefix) == ("+15550100100", False)
    for same in ("15550100100", "5550100100"):
        with pytest.raises(CallersInvalid) as refused:
            caller_entry_save(caller_list=vip_list, entry=None, data=EntryData(same), actor=actor)
        assert refused.value.message_dict["number"] == [
            "+15550100100 (Ann) is already on the list VIP customers."
        ]
    assert entry.history.first().history_user == actor
    vip_list.refresh_from_db()
    assert vip_list.version == 2
    assert vip_list.last_change == "Added +15550100100 on VIP customers"


def test_the_same_number_may_be_on_two_lists(vip_list: CallerList, blocked_list: CallerList) -> None:
    for caller_list in (vip_list, blocked_list):
        caller_entry_save(caller_list=caller_list, entry=None, data=EntryData("+15550100100"), actor=None)
    assert CallerEntry.objects.filter(number="+15550100100").count() == 2


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (EntryData("nope"), "number", "not a phone number"),
        (EntryData("+1*"), "number", "every caller"),
        (
            EntryData("+15550100100", expires_at=timezone.now() - timedelta(days=1)),
            "expires_at",
            "in the past",
        ),
        (EntryData("+15550100100", priority=101), "priority", "0 (normal) to 100"),
        (EntryData("+15550100100", prompt="../x.wav"), "prompt", "not a UCCX prompt path"),
        (EntryData("+15550100100", language="english"), "language", "en_US"),
        (EntryData("+15550100100", name="a\tb"), "name", "Control characters"),
    ],
)
def test_bad_entries_are_refused_with_a_clear_message(
    vip_list: CallerList, data: EntryData, field: str, words: str
) -> None:
    with pytest.raises(CallersInvalid) as refused:
        caller_entry_save(caller_list=vip_list, entry=None, data=data, actor=None)
    assert words in " ".join(refused.value.message_dict[field])
    assert not vip_list.entries.exists()


def test_list_rules(vip_list: CallerList, team_x: Any) -> None:
    with pytest.raises(CallersInvalid) as refused:
        caller_list_save(caller_list=None, data=ListData(name="vip CUSTOMERS", kind="vip"), actor=None)
    assert "already called" in refused.value.message_dict["name"][0]
    with pytest.raises(CallersInvalid) as refused:
        caller_list_save(caller_list=None, data=ListData(name="X", vip_beats_blocked=True), actor=None)
    assert "Only a VIP list" in refused.value.message_dict["vip_beats_blocked"][0]
    with pytest.raises(CallersInvalid) as refused:
        caller_list_save(caller_list=None, data=ListData(name="VIP_customers", kind="vip"), actor=None)
    assert "share UCCX's document" in refused.value.message_dict["name"][0]
    with pytest.raises(CallersInvalid):
        caller_list_save(caller_list=None, data=ListData(name=" bad<name>"), actor=None)


def test_block_this_caller_adds_the_exact_number(blocked_list: CallerList, vip_list: CallerList) -> None:
    entry = caller_block(caller_list=blocked_list, number="555 010 0199", reason="abusive", actor=None)
    assert (entry.number, entry.reason) == ("+15550100199", "abusive")
    with pytest.raises(CallersInvalid, match="not a blocked list"):
        caller_block(caller_list=vip_list, number="5550100199", reason="", actor=None)


def test_expired_entries_are_purged_and_the_list_changes(vip_list: CallerList) -> None:
    entry = caller_entry_save(
        caller_list=vip_list,
        entry=None,
        data=EntryData("+15550100100", expires_at=timezone.now() + timedelta(minutes=1)),
        actor=None,
    )
    caller_entry_save(caller_list=vip_list, entry=None, data=EntryData("+15550100101"), actor=None)
    assert expired_entries_purge() == 0
    assert expired_entries_purge(now=timezone.now() + timedelta(minutes=2)) == 1
    assert not CallerEntry.objects.filter(pk=entry.pk).exists()
    vip_list.refresh_from_db()
    assert vip_list.last_change == "Removed 1 expired entries"


def test_deleting_an_entry_is_audited(vip_list: CallerList, accounts: dict[str, Any]) -> None:
    entry = caller_entry_save(caller_list=vip_list, entry=None, data=EntryData("+15550100100"), actor=None)
    entry_id = entry.pk
    caller_entry_delete(entry=entry, actor=accounts["admin"])
    record = CallerEntry.history.filter(id=entry_id).order_by("-history_date").first()
    assert record.history_type == "-"
    assert record.history_user == accounts["admin"]


def test_an_expiry_past_2100_and_control_characters_in_a_description_are_refused(
    vip_list: CallerList,
) -> None:
    far = timezone.now().replace(year=9999)
    with pytest.raises(CallersInvalid) as refused:
        caller_entry_save(
            caller_list=vip_list, entry=None, data=EntryData("+15550100100", expires_at=far), actor=None
        )
    assert "at most in 2100" in refused.value.message_dict["expires_at"][0]
    with pytest.raises(CallersInvalid) as refused:
        caller_list_save(caller_list=None, data=ListData(name="Tabs", description="a\x00b"), actor=None)
    assert "Control characters" in refused.value.message_dict["description"][0]
