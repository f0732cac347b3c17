"""What operators see and do: the Changes page, retry/discard with audit, admin, badges, status API."""

from typing import Any

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from sync.models import Drift, OutboxChange
from sync.outbox import commit_and_sync, enqueue_change
from sync.tasks import record_heartbeat
from tests.syncprobe.services import KIND, probe_bump, probe_create
from uccx_simulator import Simulator

from .conftest import make_user

pytestmark = pytest.mark.django_db

State = OutboxChange.State


def refused_change(actor: Any = None) -> OutboxChange:
    """A change UCCX refuses for good (bad time zone)."""

    def write() -> OutboxChange:
        body = {"name": "Broken", "timeZone": "Mars/Olympus", "calendarType": "FULLTIME"}
        return enqueue_change(
            kind=KIND,
            key="broken",
            operation="upsert",
            payload=body,
            actor=actor,
            summary="new opening hours",
        )

    result = commit_and_sync(write).result
    return OutboxChange.objects.get(pk=result.change)


@pytest.fixture
def admin(db: Any) -> Client:
    client = Client()
    client.force_login(make_user("boss", "Administrator"))
    return client


@pytest.fixture
def viewer(db: Any) -> Client:
    client = Client()
    client.force_login(make_user("watcher", "Viewer"))
    return client


def test_changes_page_lists_waiting_refused_and_applied_changes_with_who_and_why(
    uccx: Simulator, admin: Client
) -> None:
    alice = make_user("alice", "Supervisor")
    probe, _ = probe_create(name="Support", actor=alice)
    uccx.set_cluster("read_only")
    probe_bump(probe_id=probe.pk, actor=alice)
    uccx.set_cluster("normal")
    refused_change(actor=alice)

    page = admin.get(reverse("sync:changes")).content.decode()

    assert "1 change waiting" in page
    assert "UCCX is read-only: Configuration datastore on peer node is not reachable" in page
    assert "Invalid time zone" in page
    assert "new opening hours" in page
    assert "created Support" in page
    assert "alice" in page
    assert page.count('class="btn btn--secondary" type="submit">Retry') == 1  # only the refused one
    assert page.count(">Discard</button>") == 2


def test_retry_and_discard_are_audited_with_who(uccx: Simulator, admin: Client) -> None:
    change = refused_change()

    retry = admin.post(reverse("sync:change-retry", args=[change.pk]), follow=True)
    assert "is queued again" in retry.content.decode()
    change.refresh_from_db()
    assert change.state == State.QUEUED

    admin.post(reverse("sync:change-discard", args=[change.pk]))
    change.refresh_from_db()
    assert change.state == State.DISCARDED

    audit = list(
        change.history.order_by("history_date").values_list("history_change_reason", "history_user__username")
    )
    assert audit[1:] == [("retried by an operator", "boss"), ("discarded by an operator", "boss")]
    page = admin.get(reverse("sync:changes")).content.decode()
    assert "retried by an operator" in page
    assert "discarded by an operator" in page


def test_only_failed_changes_can_be_retried(uccx: Simulator, admin: Client) -> None:
    _, result = probe_create(name="Support")

    answer = admin.post(reverse("sync:change-retry", args=[result.change]), follow=True)

    assert (
        f"Only failed changes can be retried; change #{result.change} is applied." in answer.content.decode()
    )


def test_viewers_see_the_page_but_cannot_retry_or_discard(uccx: Simulator, viewer: Client) -> None:
    change = refused_change()

    page = viewer.get(reverse("sync:changes"))
    assert page.status_code == 200
    assert ">Retry<" not in page.content.decode()
    assert viewer.post(reverse("sync:change-retry", args=[change.pk])).status_code == 403
    assert viewer.post(reverse("sync:change-discard", args=[change.pk])).status_code == 403
    change.refresh_from_db()
    assert change.state == State.FAILED


def test_anonymous_visitors_are_sent_to_sign_in(db: Any) -> None:
    answer = Client().get(reverse("sync:changes"))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("login"))


def test_drift_is_shown_and_can_be_marked_seen(uccx: Simulator, admin: Client, outsider: Any) -> None:
    probe, _ = probe_create(name="Support")
    cal_id = next(iter(uccx.calendars))
    outsider.modify_calendar(cal_id, {**outsider.get_calendar(cal_id), "description": "by hand"})
    probe_bump(probe_id=probe.pk)
    drift = Drift.objects.get()

    page = admin.get(reverse("sync:changes")).content.decode()
    assert "changed in UCCX outside the app; overwritten" in page

    admin.post(reverse("sync:drift-acknowledge", args=[drift.pk]))
    drift.refresh_from_db()
    assert drift.acknowledged_by.username == "boss"
    assert drift.acknowledged_at is not None


def test_admin_lists_changes_and_retries_through_the_service(uccx: Simulator, admin_client: Client) -> None:
    change = refused_change()

    listing = admin_client.get(reverse("admin:sync_outboxchange_changelist"))
    assert listing.status_code == 200
    assert "Invalid time zone" in listing.content.decode()
    admin_client.post(
        reverse("admin:sync_outboxchange_changelist"), {"action": "retry", "_selected_action": [change.pk]}
    )
    change.refresh_from_db()
    assert change.state == State.QUEUED
    assert change.history.latest().history_change_reason == "retried by an operator"
    assert admin_client.get(reverse("admin:sync_outboxchange_change", args=[change.pk])).status_code == 200
    assert admin_client.get(reverse("admin:sync_drift_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:sync_syncobject_changelist")).status_code == 200


def render_badge(key: Any) -> str:
    return Template("{% load sync_tags %}{% sync_badge kind key %}").render(
        Context({"kind": KIND, "key": key})
    )


def test_badge_shows_applied_queued_and_failed(uccx: Simulator) -> None:
    probe, _ = probe_create(name="Support")
    assert 'class="badge badge--applied"' in render_badge(probe.pk)

    uccx.set_cluster("read_only")
    probe_bump(probe_id=probe.pk)
    queued = render_badge(probe.pk)
    assert 'class="badge badge--queued"' in queued
    assert "waiting for UCCX since" in queued
    assert "UCCX is read-only" in queued

    uccx.set_cluster("normal")
    refused_change()
    assert 'class="badge badge--failed"' in render_badge("broken")
    assert "Invalid time zone" in render_badge("broken")
    assert render_badge("never-saved").strip() == ""


def test_status_api_reports_the_queue_and_the_worker(uccx: Simulator, admin: Client) -> None:
    probe, _ = probe_create(name="Support")
    uccx.set_cluster("read_only")
    probe_bump(probe_id=probe.pk)
    probe_bump(probe_id=probe.pk)
    uccx.set_cluster("normal")
    refused_change()
    cache.clear()

    before = admin.get("/api/v1/uccx/status").json()
    record_heartbeat()
    after = admin.get("/api/v1/uccx/status").json()

    assert "cluster" in before
    queue = before["queue"]
    assert (queue["depth"], queue["objects_waiting"], queue["failed"]) == (2, 1, 1)
    assert queue["oldest_age_seconds"] >= 0
    assert queue["oldest_queued_at"]
    assert before["worker"]["last_heartbeat"] is None
    assert before["worker"]["alive"] is False
    assert after["worker"]["alive"] is True
    assert after["worker"]["heartbeat_age_seconds"] < 5


def test_sync_result_in_the_api_answer(uccx: Simulator, admin_client: Client, settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.syncprobe.urls"

    created = admin_client.post("/probe-api/calendars/", {"name": "Support"}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["sync"] == {
        "state": "applied",
        "change": created.json()["sync"]["change"],
        "detail": "UCCX took the change.",
    }

    uccx.set_cluster("read_only")
    edited = admin_client.patch(f"/probe-api/calendars/{created.json()['id']}/")
    assert edited.status_code == 202
    assert edited.json()["sync"]["state"] == "queued"
    assert edited.json()["sync"]["detail"].startswith("UCCX is read-only: ")

    bad = admin_client.post("/probe-api/calendars/", {}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json() == {"name": ["This field is required."]}
    assert admin_client.patch("/probe-api/calendars/999/").status_code == 404
