"""UCCX's copy of each list: one document per list in the simulator's repository, built by the worker
after the change (never in the supervisor's save), replaced on change, one build and one write for a
burst of edits or a bulk import, kept while UCCX is read-only, deleted with the list; a copy left behind
(a lost nudge, a killed builder) is caught up by beat's sweep."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from django.db.models import F
from django.utils import timezone

from callers.imports import import_start
from callers.models import CallerList
from callers.publish import DOCUMENT_KIND, document_refresh
from callers.services import EntryData, ListData, caller_entry_save, caller_list_delete, caller_list_save
from callers.transfers import transfer_run
from sync.replay import drain, wake_pending
from sync.selectors import changes_of, sync_state_for
from tests.callers.worker import build_lagging_copies
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def uccx(uccx_settings: Any, uccx_sim: Simulator) -> Simulator:
    return uccx_sim


def replay() -> int:
    """The worker's part: build the copies of changed lists, then write what waits to UCCX."""
    build_lagging_copies()
    wake_pending()
    return drain(budget=10)


def document(sim: Simulator, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(sim.documents[f"callers/{name}.xml"])


def test_a_list_and_its_changes_reach_uccx_as_one_document(uccx: Simulator) -> None:
    vip = caller_list_save(
        caller_list=None, data=ListData(name="VIP customers", kind="vip", target="CSQ_Gold"), actor=None
    )
    caller_entry_save(
        caller_list=vip, entry=None, data=EntryData("+1 (555) 010-0100", name="Ann"), actor=None
    )
    caller_entry_save(caller_list=vip, entry=None, data=EntryData("+4930*", name="Berlin"), actor=None)
    replay()
    root = document(uccx, "VIP_customers")
    assert root.get("version") == "3"
    assert root.findtext("defaults/target") == "CSQ_Gold"
    assert root.find("entry[national='5550100100']").findtext("name") == "Ann"
    assert sync_state_for(DOCUMENT_KIND, vip.pk).state == "applied"
    assert len(changes_of(DOCUMENT_KIND, vip.pk)) == 1  # three saves, one build of the latest ...
    assert sorted(uccx.documents) == ["callers/VIP_customers.xml"]  # ... one file


def test_a_bulk_import_is_one_change(uccx: Simulator) -> None:
    vip = caller_list_save(caller_list=None, data=ListData(name="VIP", kind="vip"), actor=None)
    replay()
    rows = "number,name\n" + "".join(f"+1555010{n:04d},Caller {n}\n" for n in range(500))
    transfer = import_start(
        caller_list=vip,
        upload=io.BytesIO(rows.encode()),
        size=len(rows),
        file_name="vip.csv",
        mode="all",
        replace=False,
        encoding="auto",
        actor=None,
    )
    transfer_run(transfer.pk)
    replay()
    assert len(changes_of(DOCUMENT_KIND, vip.pk)) == 2  # the creation, and the whole import
    assert len(document(uccx, "VIP").findall("entry")) == 500


def test_uccx_read_only_keeps_the_document_queued_until_it_takes_writes(uccx: Simulator) -> None:
    blocked = caller_list_save(caller_list=None, data=ListData(name="Blocked", kind="blocked"), actor=None)
    replay()
    uccx.set_cluster("read_only")
    caller_entry_save(caller_list=blocked, entry=None, data=EntryData("5550100199"), actor=None)
    replay()
    assert sync_state_for(DOCUMENT_KIND, blocked.pk).state == "queued"
    assert document(uccx, "Blocked").find("entry") is None
    uccx.set_cluster("normal")
    replay()
    assert document(uccx, "Blocked").find("entry/number").text == "+15550100199"


def test_renaming_and_deleting_a_list_moves_and_removes_its_document(uccx: Simulator) -> None:
    custom = caller_list_save(caller_list=None, data=ListData(name="Partners"), actor=None)
    replay()
    caller_list_save(caller_list=custom, data=ListData(name="Key partners"), actor=None)
    replay()
    assert sorted(uccx.documents) == ["callers/Key_partners.xml"]
    caller_list_delete(caller_list=CallerList.objects.get(pk=custom.pk), actor=None)
    replay()
    assert uccx.documents == {}


def test_a_list_too_large_for_uccx_says_so_and_keeps_working(
    uccx: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("callers.document.MAX_BYTES", 600)
    vip = caller_list_save(caller_list=None, data=ListData(name="Huge", kind="vip"), actor=None)
    for n in range(10):
        caller_entry_save(caller_list=vip, entry=None, data=EntryData(f"+1555010{n:04d}"), actor=None)
    replay()
    vip.refresh_from_db()
    assert "UCCX takes documents of at most" in vip.document_note
    assert vip.entries.count() == 10
    assert vip.document_version == vip.version  # not rebuilt again and again
    monkeypatch.setattr("callers.document.MAX_BYTES", 20 * 1024 * 1024)
    caller_entry_save(caller_list=vip, entry=None, data=EntryData("+15550100999"), actor=None)
    replay()
    vip.refresh_from_db()
    assert vip.document_note == ""
    assert len(document(uccx, "Huge").findall("entry")) == 11


def test_a_save_records_no_document_the_worker_builds_it(uccx: Simulator) -> None:
    """The supervisor's save stays cheap at any list size: it records the list's new version only."""
    vip = caller_list_save(caller_list=None, data=ListData(name="VIP", kind="vip"), actor=None)
    caller_entry_save(caller_list=vip, entry=None, data=EntryData("+15550100100"), actor=None)
    vip.refresh_from_db()
    assert not changes_of(DOCUMENT_KIND, vip.pk)
    assert (vip.version, vip.document_version) == (2, 0)
    assert document_refresh(vip.pk) is True
    vip.refresh_from_db()
    assert vip.document_version == 2
    assert [change.summary for change in changes_of(DOCUMENT_KIND, vip.pk)] == [
        "UCCX's copy, version 2: Added +15550100100 on VIP"
    ]
    assert document_refresh(vip.pk) is True  # already there: nothing more is recorded
    assert len(changes_of(DOCUMENT_KIND, vip.pk)) == 1


def test_the_worker_task_builds_and_writes_the_copy(uccx: Simulator, eager_tasks: None) -> None:
    """The save's nudge (sent after the commit) runs the build; the outbox's drain writes it to UCCX."""
    vip = caller_list_save(caller_list=None, data=ListData(name="VIP", kind="vip"), actor=None)
    caller_entry_save(caller_list=vip, entry=None, data=EntryData("+15550100100"), actor=None)
    vip.refresh_from_db()
    assert vip.document_version == vip.version == 2
    wake_pending()
    drain(budget=10)
    assert document(uccx, "VIP").findtext("entry/number") == "+15550100100"
    assert sync_state_for(DOCUMENT_KIND, vip.pk).state == "applied"


def test_a_change_committed_during_a_build_is_built_next_not_left_behind(
    uccx: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second builder leaves the list to the one holding its lease; that one looks again after its
    build, so the change that committed meanwhile reaches UCCX without waiting for beat's sweep."""
    vip = caller_list_save(caller_list=None, data=ListData(name="VIP", kind="vip"), actor=None)
    from callers import publish

    build, builds, second = publish.list_document, [], []

    def slow_build(caller_list: CallerList) -> bytes:
        builds.append(caller_list.version)
        if len(builds) == 1:  # mid-build: a supervisor saves, and its nudge finds the lease taken
            caller_entry_save(caller_list=vip, entry=None, data=EntryData("+15550100100"), actor=None)
            second.append(document_refresh(vip.pk))
        return build(caller_list)

    monkeypatch.setattr(publish, "list_document", slow_build)
    assert document_refresh(vip.pk) is True
    assert second == [False]
    assert builds == [1, 2]
    replay()
    assert document(uccx, "VIP").get("version") == "2"
    assert document(uccx, "VIP").findtext("entry/number") == "+15550100100"


def test_a_builder_killed_mid_build_is_replaced_once_its_lease_ends(uccx: Simulator) -> None:
    vip = caller_list_save(caller_list=None, data=ListData(name="VIP", kind="vip"), actor=None)
    held = timezone.now() + timedelta(minutes=4)
    CallerList.objects.filter(pk=vip.pk).update(document_building_until=held)  # a builder, then SIGKILL
    assert build_lagging_copies() == 0
    assert not changes_of(DOCUMENT_KIND, vip.pk)
    CallerList.objects.filter(pk=vip.pk).update(document_building_until=timezone.now())  # the lease ends
    assert build_lagging_copies() == 1
    replay()
    assert document(uccx, "VIP").get("version") == "1"


def test_a_list_deleted_during_its_build_is_not_written_back(
    uccx: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    vip = caller_list_save(caller_list=None, data=ListData(name="VIP", kind="vip"), actor=None)
    replay()
    caller_entry_save(caller_list=vip, entry=None, data=EntryData("+15550100100"), actor=None)
    from callers import publish

    build = publish.list_document

    def build_then_delete(caller_list: CallerList) -> bytes:
        content = build(caller_list)
        caller_list_delete(caller_list=CallerList.objects.get(pk=vip.pk), actor=None)
        return content

    monkeypatch.setattr(publish, "list_document", build_then_delete)
    document_refresh(vip.pk)
    assert [change.operation for change in changes_of(DOCUMENT_KIND, vip.pk)] == ["delete", "upsert"]
    replay()
    assert uccx.documents == {}


def test_a_page_save_does_not_undo_what_the_worker_recorded(uccx: Simulator) -> None:
    """The page's list object was read before the worker built the copy: saving it must not write the
    worker's fields back (the copy would be rebuilt, or its note lost)."""
    vip = caller_list_save(caller_list=None, data=ListData(name="VIP", kind="vip"), actor=None)
    build_lagging_copies()
    caller_list_save(caller_list=vip, data=ListData(name="VIP", kind="vip", priority=5), actor=None)
    vip.refresh_from_db()
    assert (vip.version, vip.document_version) == (2, 1)


def test_beats_sweep_rebuilds_each_lagging_copy_in_its_own_task(
    uccx: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy whose nudge was lost (the broker was down after the save) is built from beat's sweep, one
    task per list, so each build has the task's own time limit and the workers share them."""
    from callers.tasks import catch_up, publish_document

    sent: list[int] = []

    def run_as_a_worker(args: tuple[int], **_options: Any) -> None:
        sent.append(args[0])
        publish_document.run(*args)

    monkeypatch.setattr(publish_document, "apply_async", run_as_a_worker)

    lists = [
        caller_list_save(caller_list=None, data=ListData(name=name, kind="vip"), actor=None)
        for name in ("VIP", "Gold")
    ]
    assert all(document_refresh(caller_list.pk) for caller_list in lists)  # built, then changed again:
    CallerList.objects.update(version=F("version") + 1)  # ... a save whose nudge was lost
    sent.clear()
    catch_up()
    assert sorted(sent) == [caller_list.pk for caller_list in lists]
    assert [(c.version, c.document_version) for c in CallerList.objects.order_by("pk")] == [(2, 2), (2, 2)]
    replay()
    assert sorted(uccx.documents) == ["callers/Gold.xml", "callers/VIP.xml"]
