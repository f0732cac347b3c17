"""The answers every app gives after a save, from sync: the API's status and body, the page's message."""

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from sync.api import sync_response, sync_status
from sync.outbox import SyncResult
from sync.views import flash_sync_result

APPLIED = SyncResult("applied", 1, "UCCX took the change.", 200)
QUEUED = SyncResult("queued", 2, "UCCX is read-only: try later", 202)
FAILED = SyncResult("failed", 3, "Invalid time zone", 400)


@pytest.mark.parametrize(
    ("results", "created", "expected"),
    [
        ([APPLIED], True, 201),
        ([APPLIED], False, 200),
        ([APPLIED, QUEUED], True, 202),
        ([QUEUED, APPLIED], False, 202),
        ([APPLIED, FAILED], False, 400),
        ([QUEUED, FAILED], True, 400),
    ],
)
def test_status_of_a_save(results: list[SyncResult], created: bool, expected: int) -> None:
    assert sync_status(results, created=created) == expected


def test_the_api_answer_is_the_document_with_sync() -> None:
    answer = sync_response({"id": 7, "name": "Support"}, QUEUED, created=True)

    assert answer.status_code == 202
    assert answer.data == {
        "id": 7,
        "name": "Support",
        "sync": {"state": "queued", "change": 2, "detail": QUEUED.detail},
    }


def flashed(results: Any) -> list[tuple[str, str]]:
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    flash_sync_result(request, results, "Calendar Support saved.")
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_the_page_says_whether_uccx_has_the_save() -> None:
    assert flashed(APPLIED) == [("success", "Calendar Support saved. Saved, and UCCX has it.")]
    assert flashed([QUEUED]) == [
        (
            "warning",
            "Calendar Support saved. Saved here, and callers already get it. UCCX cannot take it right now "
            "(UCCX is read-only: try later); it is written to UCCX as soon as UCCX takes changes again "
            "(change #2).",
        )
    ]
    assert flashed([FAILED]) == [
        ("error", "Calendar Support saved. Saved here, but UCCX refused it: Invalid time zone")
    ]


def test_a_related_change_is_mentioned_only_when_uccx_refused_it() -> None:
    assert flashed([APPLIED, QUEUED]) == [("success", "Calendar Support saved. Saved, and UCCX has it.")]
    assert flashed([APPLIED, FAILED])[1] == ("error", "UCCX refused a related change (#3): Invalid time zone")
