"""CSV import and export: checked before anything is written, all or nothing or good rows, clear reports."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from callers.csvfile import safe_cell
from callers.exports import export_start
from callers.imports import import_start
from callers.models import CallerEntry, CallerList, CallerTransfer
from callers.services import CallersInvalid, EntryData, caller_entry_save
from callers.transfers import transfer_run, transfers_resume

pytestmark = pytest.mark.django_db
NEXT_YEAR = (timezone.now() + timedelta(days=365)).date().isoformat()

GOOD = f"""number,name,reason,expires_at,priority,target,prompt,language
+1 (555) 010-0100,Ann Example,key account,,9,,,
5550100101,Bob Example,,{NEXT_YEAR},,CSQ_Gold,,en_US
+4930*,Berlin office,,,,,,de_DE
anonymous,,withheld numbers,,,,,
"""
BAD_ROWS = f"""number,name,expires_at
5550100102,Good One,
call me,Bad Number,
15550100102,Same As Line 2,
+1*,Everyone,
5550100103,Expired,2020-01-01
5550100104,Bad Date,next week
5550100105,Good Two,{NEXT_YEAR}
"""


def queued_import(caller_list: CallerList, text: str | bytes = GOOD, **options: Any) -> CallerTransfer:
    """An import as the page or the API starts it: kept, and sent to the worker after the commit."""
    content = text.encode() if isinstance(text, str) else text
    options = {"mode": "all", "replace": False, "encoding": "auto", "actor": None, **options}
    return import_start(
        caller_list=caller_list, upload=io.BytesIO(content), size=len(content), file_name="c.csv", **options
    )


def run_import(caller_list: CallerList, text: str | bytes, **options: Any) -> CallerTransfer:
    return transfer_run(queued_import(caller_list, text, **options).pk)


def test_a_good_file_is_imported_in_one_change_with_audit(
    vip_list: CallerList, accounts: dict[str, Any]
) -> None:
    version = vip_list.version
    transfer = run_import(vip_list, GOOD, actor=accounts["supervisor_x"])
    assert transfer.state == "done", transfer.message
    assert (transfer.added, transfer.rejected) == (4, 0)
    entries = {str(e): e for e in vip_list.entries.all()}
    assert set(entries) == {"+15550100100", "+15550100101", "+4930*", "anonymous"}
    assert entries["+15550100100"].priority == 9
    assert entries["+15550100101"].target == "CSQ_Gold"
    assert entries["+15550100101"].expires_at is not None
    audit = entries["+15550100100"].history.get()
    assert (audit.history_type, audit.history_user) == ("+", accounts["supervisor_x"])
    assert audit.history_change_reason == "Import of c.csv"
    assert audit.name == "Ann Example"
    vip_list.refresh_from_db()
    assert vip_list.version == version + 1  # one change: one UCCX document write, one snapshot
    assert bytes(CallerTransfer.objects.get(pk=transfer.pk).content) == b""  # the upload is not kept


def test_all_or_nothing_refuses_the_file_and_reports_every_bad_line(vip_list: CallerList) -> None:
    transfer = run_import(vip_list, BAD_ROWS)
    assert transfer.state == "refused"
    assert not vip_list.entries.exists()
    assert "5 of 7 rows are wrong, so nothing was imported" in transfer.message
    reasons = {line: reason for line, _, reason in transfer.rejections}
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "not a phone number" in reasons[3]
    assert reasons[4] == "+15550100102 is already on line 2 of this file"
    assert "every caller" in reasons[5]
    assert "in the past" in reasons[6]
    assert "is not a date" in reasons[7]


def test_good_rows_mode_imports_the_good_ones_and_lists_the_bad(vip_list: CallerList) -> None:
    transfer = run_import(vip_list, BAD_ROWS, mode="good")
    assert transfer.state == "done"
    assert (transfer.added, transfer.rejected) == (2, 5)
    assert sorted(vip_list.entries.values_list("number", flat=True)) == ["+15550100102", "+15550100105"]
    assert "5 bad rows were left out" in transfer.message


def test_existing_numbers_are_updated_and_replace_removes_the_rest(vip_list: CallerList) -> None:
    caller_entry_save(
        caller_list=vip_list, entry=None, data=EntryData("+15550100100", name="Old"), actor=None
    )
    caller_entry_save(caller_list=vip_list, entry=None, data=EntryData("+15550100199"), actor=None)
    transfer = run_import(vip_list, "number,name\n5550100100,New\n")
    assert (transfer.added, transfer.updated, transfer.removed) == (0, 1, 0)
    assert vip_list.entries.get(number="+15550100100").name == "New"
    transfer = run_import(vip_list, "number,name\n5550100100,New\n", replace=True)
    assert (transfer.added, transfer.updated, transfer.removed) == (0, 0, 1)
    assert list(vip_list.entries.values_list("number", flat=True)) == ["+15550100100"]
    removal = CallerEntry.history.get(number="+15550100199", history_type="-")
    assert removal.history_change_reason == "Import of c.csv"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("phone_number,name\n+15550100100,Ann\n", "unknown column 'phone_number'"),
        ("name,reason\nAnn,x\n", "must be the header with a number column"),
        ("+15550100100,Ann\n", "which looks like data: add the header line first"),
        ("", "The file is empty"),
        ("number,name,number\n1,2,3\n", "twice"),
    ],
)
def test_a_wrong_header_refuses_the_file(vip_list: CallerList, text: str, words: str) -> None:
    transfer = run_import(vip_list, text)
    assert transfer.state == "refused"
    assert words in transfer.message
    assert not vip_list.entries.exists()


def test_a_windows_1252_file_is_detected(vip_list: CallerList) -> None:
    content = "number;name\n+15550100100;José Müller\n+15550100101;François Straße\n".encode("cp1252")
    transfer = run_import(vip_list, content)
    assert transfer.state == "done", transfer.message
    assert transfer.encoding_used == "windows-1252"
    assert "read as Windows-1252" in transfer.message
    assert vip_list.entries.get(number="+15550100100").name == "José Müller"


def test_an_encoding_that_cannot_be_told_is_asked_for(vip_list: CallerList) -> None:
    content = "number,name\n+15550100100,Иван Петров\n".encode("cp1251")
    transfer = run_import(vip_list, content)
    assert transfer.state == "refused"
    assert "Choose the encoding" in transfer.message
    chosen = run_import(vip_list, content, encoding="windows-1251")
    assert chosen.state == "done"
    assert vip_list.entries.get().name == "Иван Петров"


def test_a_binary_file_is_refused(vip_list: CallerList) -> None:
    transfer = run_import(vip_list, b"PK\x03\x04\x00\x00binary")
    assert "not a text file" in transfer.message


class _HugeUpload(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise AssertionError("a file over the limit must not be read")


def test_a_2_gb_file_is_refused_before_it_is_read(vip_list: CallerList) -> None:
    with pytest.raises(CallersInvalid) as refused:
        import_start(
            caller_list=vip_list,
            upload=_HugeUpload(),
            size=2 * 1024**3,
            file_name="huge.csv",
            mode="all",
            replace=False,
            encoding="auto",
            actor=None,
        )
    assert "The file is 2.0 GB; an import takes at most 32.0 MB" in refused.value.message_dict["file"][0]
    assert not CallerTransfer.objects.exists()


def test_too_many_rows_are_refused(vip_list: CallerList, settings: Any) -> None:
    settings.CALLERS_IMPORT_MAX_ROWS = 2
    transfer = run_import(vip_list, "number\n5550100100\n5550100101\n5550100102\n")
    assert transfer.state == "refused"
    assert "at most 2" in transfer.message


def test_a_transfer_runs_once(vip_list: CallerList) -> None:
    transfer = run_import(vip_list, GOOD)
    assert transfer_run(transfer.pk).added == 4
    assert vip_list.entries.count() == 4


def test_export_guards_formulas_and_round_trips(vip_list: CallerList, blocked_list: CallerList) -> None:
    run_import(vip_list, GOOD)
    caller_entry_save(
        caller_list=vip_list,
        entry=None,
        data=EntryData("5550100177", name='=HYPERLINK("x")', reason="@SUM(1)"),
        actor=None,
    )
    export = transfer_run(export_start(caller_list=vip_list, actor=None).pk)
    assert export.state == "done"
    text = bytes(export.content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "number,name,reason,expires_at,priority,target,prompt,language"
    assert "'+15550100100,Ann Example,key account,,9,,," in lines
    assert any(line.startswith('\'+15550100177,"\'=HYPERLINK(""x"")",\'@SUM(1)') for line in lines)
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line.split(","))
    copy = run_import(blocked_list, bytes(export.content))
    assert copy.state == "done", copy.message
    fields = ["number", "prefix", "name", "reason", "expires_at", "priority", "target", "language"]
    assert sorted(blocked_list.entries.values_list(*fields)) == sorted(vip_list.entries.values_list(*fields))


@pytest.mark.parametrize(("value", "cell"), [("=1+1", "'=1+1"), ("-2", "'-2"), ("@x", "'@x"), ("ok", "ok")])
def test_safe_cell(value: str, cell: str) -> None:
    assert safe_cell(value) == cell


def test_a_transfer_that_vanished_is_left_alone() -> None:
    assert transfer_run(987654) is None  # e.g. a message left in the broker by another database


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(30)
def test_an_import_is_kept_when_the_worker_cannot_be_reached(stopped_broker: Any) -> None:
    """The transfer is sent after the commit through sync's best-effort send: a stopped broker is
    logged, never an error of the supervisor's import (the transfer row is kept for a later run)."""
    transfer = queued_import(CallerList.objects.create(name="VIP", kind="vip"))
    assert CallerTransfer.objects.get(pk=transfer.pk).state == CallerTransfer.State.PENDING
    assert transfer_run(transfer.pk).state == CallerTransfer.State.DONE


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(30)
def test_an_import_queued_while_the_broker_was_down_is_sent_again_by_beat(
    vip_list: CallerList, stopped_broker: Any
) -> None:
    transfer = queued_import(vip_list)  # its message was lost with the broker
    CallerTransfer.objects.filter(pk=transfer.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert transfers_resume() == (0, 0)  # still no broker: kept waiting, not lost
    assert CallerTransfer.objects.get(pk=transfer.pk).state == CallerTransfer.State.PENDING


@pytest.mark.django_db(transaction=True)
def test_beat_runs_a_waiting_import_once_the_worker_can_be_reached(
    vip_list: CallerList, eager_tasks: None
) -> None:
    transfer = CallerTransfer.objects.create(  # queued, but its message never reached a worker
        kind="import", caller_list=vip_list, file_name="c.csv", mode="all", content=GOOD.encode()
    )
    assert transfers_resume() == (0, 0)  # just queued: the worker may simply not have taken it yet
    CallerTransfer.objects.filter(pk=transfer.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert transfers_resume() == (1, 0)
    transfer.refresh_from_db()
    assert (transfer.state, transfer.added) == (CallerTransfer.State.DONE, 4)
    assert transfers_resume() == (0, 0)


def test_a_transfer_whose_worker_died_mid_run_is_ended_with_a_message(vip_list: CallerList) -> None:
    transfer = queued_import(vip_list)
    CallerTransfer.objects.filter(pk=transfer.pk).update(
        state=CallerTransfer.State.CHECKING, started_at=timezone.now() - timedelta(minutes=10)
    )
    running = queued_import(vip_list)
    CallerTransfer.objects.filter(pk=running.pk).update(
        state=CallerTransfer.State.SAVING, started_at=timezone.now() - timedelta(minutes=1)
    )
    assert transfers_resume() == (0, 1)
    transfer.refresh_from_db()
    assert transfer.state == CallerTransfer.State.FAILED
    assert transfer.message.startswith("The worker running this import stopped before it finished")
    assert bytes(transfer.content) == b""  # the upload is not kept forever
    assert CallerTransfer.objects.get(pk=running.pk).state == CallerTransfer.State.SAVING  # still in time


def test_a_transfer_another_worker_took_is_not_run_twice(vip_list: CallerList) -> None:
    """The same message delivered twice (or sent again by beat) runs the import once."""
    transfer = queued_import(vip_list)
    CallerTransfer.objects.filter(pk=transfer.pk).update(state=CallerTransfer.State.CHECKING)
    assert transfer_run(transfer.pk).state == CallerTransfer.State.CHECKING
    assert not vip_list.entries.exists()


def test_an_import_that_fails_after_writing_leaves_nothing_and_says_so(
    vip_list: CallerList, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The result is recorded in the import's own transaction: a failure at the very end (a dying worker)
    cannot leave entries written under a message that says nothing was changed."""

    def broken_summary(*_args: Any) -> str:
        raise RuntimeError("the worker died here")

    monkeypatch.setattr("callers.imports._summary", broken_summary)
    transfer = run_import(vip_list, GOOD)
    assert transfer.state == CallerTransfer.State.FAILED
    assert "nothing was changed" in transfer.message
    assert not vip_list.entries.exists()
