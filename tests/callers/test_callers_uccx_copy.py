"""UCCX's copy of each list: one document per list in the simulator's repository, replaced on change,
one write for a bulk import, kept while UCCX is read-only, deleted with the list."""

from __future__ import annotations

import io
from typing import Any
from xml.etree import ElementTree

import pytest

from callers.models import CallerList
from callers.publish import DOCUMENT_KIND
from callers.services import EntryData, ListData, caller_entry_save, caller_list_delete, caller_list_save
from callers.transfers import import_start, transfer_run
from sync.replay import drain, wake_pending
from sync.selectors import changes_of, sync_state_for
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def uccx(uccx_settings: Any, uccx_sim: Simulator) -> Simulator:
    return uccx_sim


def replay() -> int:
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
    assert len(changes_of(DOCUMENT_KIND, vip.pk)) == 3  # three changes queued ...
    assert sorted(uccx.documents) == ["callers/VIP_customers.xml"]  # ... one file, the latest


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
    assert len(changes_of(DOCUMENT_KIND, vip.pk)) == 2  # the creation, and the whole import
    replay()
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
    vip.refresh_from_db()
    assert "UCCX takes documents of at most" in vip.document_note
    assert vip.entries.count() == 10
    monkeypatch.setattr("callers.document.MAX_BYTES", 20 * 1024 * 1024)
    caller_entry_save(caller_list=vip, entry=None, data=EntryData("+15550100999"), actor=None)
    vip.refresh_from_db()
    assert vip.document_note == ""
    replay()
    assert len(document(uccx, "Huge").findall("entry")) == 11
