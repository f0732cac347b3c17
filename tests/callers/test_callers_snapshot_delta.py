"""A change of one entry reaches a process's live index as a delta, without rebuilding the set; any gap
in the deltas falls back to a full rebuild with the right answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from callers.models import CallerEntry, CallerList
from callers.services import (
    EntryData,
    ListData,
    caller_entry_delete,
    caller_entry_save,
    caller_list_save,
)
from callers.snapshot import build_callers, callers_snapshot
from core import snapshots
from core.snapshots import reset_for_tests

pytestmark = pytest.mark.django_db


def profile(number: str) -> dict[str, Any]:
    reading = callers_snapshot.read()
    return reading.value.profile(number, at=timezone.now(), record=False)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How often the set is built from the database or compiled whole (the rebuild path)."""
    calls: list[str] = []
    build, compile = callers_snapshot._build, callers_snapshot._compile

    def counted_build() -> Any:
        calls.append("build")
        return build()

    def counted_compile(data: Any) -> Any:
        calls.append("compile")
        return compile(data)

    monkeypatch.setattr(callers_snapshot, "_build", counted_build)
    monkeypatch.setattr(callers_snapshot, "_compile", counted_compile)
    return calls


def another_process_at(data: Any, version: int) -> None:
    """This test becomes a process that loaded the set at `version` and has not looked since."""
    reset_for_tests()
    callers_snapshot._install(data, version)


def committed(capture: Callable[..., Any], change: Callable[[], Any]) -> Any:
    with capture(execute=True):
        return change()


@pytest.fixture
def vip(vip_list: CallerList, django_capture_on_commit_callbacks: Callable[..., Any]) -> CallerList:
    committed(
        django_capture_on_commit_callbacks,
        lambda: caller_entry_save(
            caller_list=vip_list, entry=None, data=EntryData("+15550100100"), actor=None
        ),
    )
    return vip_list


def test_an_added_entry_reaches_a_process_one_version_behind_without_a_rebuild(
    vip: CallerList, builds: list[str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    before, version = build_callers(), callers_snapshot.read().version
    data = EntryData("+15550100200", name="Bea", priority=7)
    committed(
        django_capture_on_commit_callbacks,
        lambda: caller_entry_save(caller_list=vip, entry=None, data=data, actor=None),
    )
    another_process_at(before, version)
    builds.clear()

    answer = profile("+1 555 010 0200")

    assert answer["found"]
    assert answer["name"] == "Bea"
    assert answer["priority"] == 7
    assert callers_snapshot.read().version == version + 1
    assert builds == []  # the delta was applied: no database read, no compile


def test_a_changed_and_a_deleted_entry_reach_a_process_two_versions_behind(
    vip: CallerList, builds: list[str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    before, version = build_callers(), callers_snapshot.read().version
    entry = CallerEntry.objects.get(number="+15550100100")
    committed(
        django_capture_on_commit_callbacks,
        lambda: caller_entry_save(
            caller_list=vip, entry=entry, data=EntryData("+4930*", name="Berlin"), actor=None
        ),
    )
    committed(
        django_capture_on_commit_callbacks,
        lambda: caller_entry_save(caller_list=vip, entry=None, data=EntryData("+15550100300"), actor=None),
    )
    gone = CallerEntry.objects.get(number="+15550100300")
    committed(django_capture_on_commit_callbacks, lambda: caller_entry_delete(entry=gone, actor=None))
    another_process_at(before, version)
    builds.clear()

    assert not profile("+15550100100")["found"]  # the entry moved to a prefix: its old number went
    assert profile("+49 30 1234567")["name"] == "Berlin"
    assert not profile("+15550100300")["found"]
    assert callers_snapshot.read().version == version + 3
    assert len(callers_snapshot.read().value.index) == 1
    assert builds == []


def test_the_process_that_made_the_change_applies_it_in_place(
    vip: CallerList, builds: list[str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    index = callers_snapshot.read().value.index
    builds.clear()
    committed(
        django_capture_on_commit_callbacks,
        lambda: caller_entry_save(caller_list=vip, entry=None, data=EntryData("+15550100400"), actor=None),
    )

    assert profile("+15550100400")["found"]
    assert callers_snapshot.read().value.index is index
    assert builds == []


def test_a_missing_delta_falls_back_to_a_full_rebuild_with_the_right_answer(
    vip: CallerList, builds: list[str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    before, version = build_callers(), callers_snapshot.read().version
    for number in ("+15550100500", "+15550100600"):
        committed(
            django_capture_on_commit_callbacks,
            lambda number=number: caller_entry_save(
                caller_list=vip, entry=None, data=EntryData(number), actor=None
            ),
        )
    cache.delete(snapshots._delta_key("callers", version + 1))  # evicted, or Redis restarted
    another_process_at(before, version)
    builds.clear()

    assert profile("+15550100500")["found"]
    assert profile("+15550100600")["found"]
    assert callers_snapshot.read().version == version + 2
    assert builds == ["build", "compile"]


def test_a_list_settings_change_has_no_delta_and_rebuilds(
    vip: CallerList, builds: list[str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    before, version = build_callers(), callers_snapshot.read().version
    data = ListData(name=vip.name, kind="vip", order=10, team=vip.team, priority=5, target="CSQ_Gold")
    committed(
        django_capture_on_commit_callbacks, lambda: caller_list_save(caller_list=vip, data=data, actor=None)
    )
    another_process_at(before, version)
    builds.clear()

    assert profile("+15550100100")["target"] == "CSQ_Gold"
    assert builds == ["compile"]  # compiled whole from the shared copy the commit published


def test_a_process_too_far_behind_rebuilds(
    vip: CallerList,
    builds: list[str],
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(snapshots, "DELTA_MAX_STEPS", 1)
    before, version = build_callers(), callers_snapshot.read().version
    for number in ("+15550100700", "+15550100800"):
        committed(
            django_capture_on_commit_callbacks,
            lambda number=number: caller_entry_save(
                caller_list=vip, entry=None, data=EntryData(number), actor=None
            ),
        )
    another_process_at(before, version)
    builds.clear()

    assert profile("+15550100800")["found"]
    assert builds == ["build", "compile"]


def test_a_new_list_and_its_first_entry(
    vip: CallerList, builds: list[str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """A list created since the process's copy is no delta (rebuild); its entries afterwards are."""
    berlin = committed(
        django_capture_on_commit_callbacks,
        lambda: caller_list_save(caller_list=None, data=ListData(name="Berlin", order=50), actor=None),
    )
    before, version = build_callers(), callers_snapshot.read().version
    committed(
        django_capture_on_commit_callbacks,
        lambda: caller_entry_save(caller_list=berlin, entry=None, data=EntryData("+4930*"), actor=None),
    )
    another_process_at(before, version)
    builds.clear()

    assert profile("+49301234567")["lists"] == ["Berlin"]
    assert builds == []


def test_a_cold_process_compiles_the_shared_copy_and_applies_the_deltas_since(
    vip: CallerList, builds: list[str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    committed(django_capture_on_commit_callbacks, callers_snapshot.changed)  # the set published whole
    committed(
        django_capture_on_commit_callbacks,
        lambda: caller_entry_save(caller_list=vip, entry=None, data=EntryData("+15550100900"), actor=None),
    )
    reset_for_tests()  # a process just started: nothing loaded
    builds.clear()

    assert profile("+15550100900")["found"]
    assert builds == ["compile"]  # the shared copy compiled, the delta applied: no database read
