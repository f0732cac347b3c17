"""The callers pages: lists, search, entries with clear refusals, import with progress, export, block."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from callers.engine import neutral_profile
from callers.lookups import flush_lookups, lookup_record
from callers.models import CallerEntry, CallerList, CallerTransfer
from callers.services import EntryData, caller_entry_save
from callers.transfers import transfer_run
from tests.callers.worker import build_lagging_copies

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_home_lists_and_search_finds_the_prefix_a_number_falls_under(
    accounts: dict[str, Any], vip_list: CallerList
) -> None:
    caller_entry_save(caller_list=vip_list, entry=None, data=EntryData("+4930*", name="Berlin"), actor=None)
    page = signed_in(accounts["viewer"]).get("/callers/", {"q": "+49 30 1234567"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "VIP customers" in html
    assert 'data-number="+4930*"' in html
    assert "New list" not in html  # viewers read only


def test_create_a_list_and_add_entries_with_clear_refusals(accounts: dict[str, Any], team_x: Any) -> None:
    client = signed_in(accounts["supervisor_x"])
    created = client.post(
        "/callers/new/", {"name": "Blocked", "kind": "blocked", "order": 1, "team": team_x.pk, "priority": 0}
    )
    assert created.status_code == 302
    caller_list = CallerList.objects.get(name="Blocked")
    added = client.post(
        f"/callers/{caller_list.pk}/", {"action": "add", "number": "555 010 0199", "reason": "abuse"}
    )
    assert added.status_code == 302
    refused = client.post(f"/callers/{caller_list.pk}/", {"action": "add", "number": "+1*"})
    assert refused.status_code == 400
    assert "would match every caller" in refused.content.decode()
    detail = client.get(f"/callers/{caller_list.pk}/").content.decode()
    assert 'data-number="+15550100199"' in detail
    entry = CallerEntry.objects.get()
    client.post(f"/callers/{caller_list.pk}/", {"action": "remove", "entry": entry.pk})
    assert not CallerEntry.objects.exists()


def test_another_team_cannot_change_the_list(accounts: dict[str, Any], vip_list: CallerList) -> None:
    answer = signed_in(accounts["supervisor_y"]).post(
        f"/callers/{vip_list.pk}/", {"action": "add", "number": "5550100100"}
    )
    assert answer.status_code == 403
    assert not vip_list.entries.exists()


def test_import_page_shows_progress_and_the_rejected_rows(
    accounts: dict[str, Any], vip_list: CallerList
) -> None:
    client = signed_in(accounts["supervisor_x"])
    upload = SimpleUploadedFile(
        "vip.csv", b"number,name\n5550100100,Ann\ncall me,Bad\n", content_type="text/csv"
    )
    answer = client.post(
        f"/callers/{vip_list.pk}/import/",
        {"action": "import", "file": upload, "mode": "good", "encoding": "auto"},
    )
    assert answer.status_code == 302
    transfer = CallerTransfer.objects.get()
    waiting = client.get(f"/callers/transfers/{transfer.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in waiting
    transfer_run(transfer.pk)
    done = client.get(f"/callers/transfers/{transfer.pk}/progress/").content.decode()
    assert "hx-trigger" not in done
    assert "1 added" in done
    assert "<td>3</td><td>call me</td>" in done


def test_export_page_downloads_a_guarded_file(accounts: dict[str, Any], vip_list: CallerList) -> None:
    caller_entry_save(
        caller_list=vip_list, entry=None, data=EntryData("5550100100", name="=cmd|x"), actor=None
    )
    client = signed_in(accounts["viewer"])
    answer = client.post(f"/callers/{vip_list.pk}/import/", {"action": "export"})
    transfer = CallerTransfer.objects.get()
    assert answer["Location"] == f"/callers/transfers/{transfer.pk}/"
    transfer_run(transfer.pk)
    download = client.get(f"/callers/transfers/{transfer.pk}/download/")
    assert b"'+15550100100,'=cmd|x" in download.content


def test_block_this_caller_from_a_recent_call(
    accounts: dict[str, Any], blocked_list: CallerList, settings: Any
) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
    lookup_record(
        profile=neutral_profile("+15550100177"),
        raw="5550100177",
        dn="8000",
        list_ids=[],
        at=datetime.now(UTC),
    )
    flush_lookups()
    client = signed_in(accounts["supervisor_x"])
    home = client.get("/callers/").content.decode()
    assert "Block this caller" in home
    blocked = client.post(
        "/callers/block/", {"number": "+15550100177", "caller_list": blocked_list.pk, "next": "/callers/"}
    )
    assert blocked.status_code == 302
    assert blocked_list.entries.get().number == "+15550100177"
    again = client.get("/callers/").content.decode()
    assert "blocked now" in again  # the recent call stays listed, without a second "block" button
    assert "Block this caller" not in again
    assert (
        signed_in(accounts["viewer"])
        .post("/callers/block/", {"number": "+15550100178", "caller_list": blocked_list.pk})
        .status_code
        == 403
    )


def test_settings_history_and_entry_pages_render(accounts: dict[str, Any], vip_list: CallerList) -> None:
    entry = caller_entry_save(caller_list=vip_list, entry=None, data=EntryData("5550100100"), actor=None)
    client = signed_in(accounts["supervisor_x"])
    for url in (
        f"/callers/{vip_list.pk}/settings/",
        f"/callers/{vip_list.pk}/history/",
        f"/callers/{vip_list.pk}/entries/{entry.pk}/",
    ):
        assert client.get(url).status_code == 200, url
    saved = client.post(
        f"/callers/{vip_list.pk}/entries/{entry.pk}/",
        {"action": "save", "number": "5550100100", "name": "Ann"},
    )
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert entry.name == "Ann"


def test_the_uccx_copy_badge_says_being_built_until_the_worker_built_it(
    accounts: dict[str, Any], vip_list: CallerList
) -> None:
    client = signed_in(accounts["viewer"])
    detail = client.get(f"/callers/{vip_list.pk}/").content.decode()
    assert f'hx-get="/callers/{vip_list.pk}/uccx-copy/"' in detail
    assert ">being built</span>" in detail
    build_lagging_copies()
    badge = client.get(f"/callers/{vip_list.pk}/uccx-copy/").content.decode()
    assert "being built" not in badge
    assert "waiting for UCCX" in badge  # recorded for UCCX; the outbox's own badge polls from here
    other_team = signed_in(accounts["supervisor_y"])
    for page in ("", "uccx-copy/"):  # the badge is as private as the list's own page
        assert other_team.get(f"/callers/{vip_list.pk}/{page}").status_code == 403
