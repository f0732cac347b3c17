"""The reconcile sweep: what UCCX lost or changed behind the app's back is found without an edit.

Real calendars (the calendars app's services) against the simulator over HTTP: the simulator's store is
emptied or edited directly, as a restore from an old backup, an edit in CCX Administration or a restart
of the demo would, and one sweep finds it, records the drift and puts the app's state back.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

import uccx_simulator.store
from calendars.data import CalendarData
from calendars.engine import Interval, WeeklyHours
from calendars.models import Calendar
from calendars.selectors import BINDING_KIND, SYNC_KIND
from calendars.services import calendar_create
from sync import tasks
from sync.cluster import refresh_cluster_state
from sync.models import Drift, OutboxChange, SyncObject
from sync.reconcile import last_reconcile, reconcile
from sync.replay import drain
from sync.selectors import sync_state_for
from tests.core.helpers import make_user
from uccx_simulator import Simulator
from uccx_simulator.seed import script_application

pytestmark = pytest.mark.django_db
NAMES = ("Support", "Sales", "Billing")


@pytest.fixture
def uccx(uccx_settings: Any, uccx_sim: Simulator) -> Simulator:
    return uccx_sim


def data(name: str, **changes: Any) -> CalendarData:
    week = WeeklyHours(monday=(Interval.parse("08:00-17:00"),), friday=(Interval.parse("08:00-12:00"),))
    return CalendarData(name=name, time_zone="Europe/Zurich", description="Hotline", weekly=week, **changes)


def support_app(uccx: Simulator, *params: tuple[str, str, str]) -> None:
    """UCCX's SupportApp with these script parameters (name, value, type)."""
    uccx.add_application(script_application(1, "SupportApp", "support.aef", list(params)))


def saved(uccx: Simulator, *names: str) -> list[Calendar]:
    calendars = [calendar_create(actor=None, data=data(name)).calendar for name in names]
    assert sorted(cal["name"] for cal in uccx.calendars.values()) == sorted(names)
    return calendars


def test_after_uccx_lost_everything_one_sweep_puts_every_calendar_back_and_records_the_drift(uccx) -> None:
    calendars = saved(uccx, *NAMES)
    before = {row.key: row.remote_id for row in SyncObject.objects.filter(kind=SYNC_KIND)}
    uccx.store.reset()  # behind the app's back: a restore, or the demo's simulator restarted

    report = reconcile(reason="test")

    assert sorted(cal["name"] for cal in uccx.calendars.values()) == sorted(NAMES)
    assert (report.checked, report.seen, report.requeued, report.applied, report.error) == (3, 0, 3, 3, "")
    assert sorted(report.drifted) == sorted(f"{SYNC_KIND} {cal.pk}: missing in UCCX" for cal in calendars)
    drifts = list(Drift.objects.order_by("pk"))
    assert len(drifts) == 3  # one each: the re-write's replay does not record it a second time
    assert all(d.found is None and d.change is not None and d.change.state == "applied" for d in drifts)
    assert {d.description for d in drifts} == {"deleted in UCCX outside the app; re-created"}
    after = {row.key: row.remote_id for row in SyncObject.objects.filter(kind=SYNC_KIND)}
    assert set(after) == set(before)
    assert sorted(int(calId) for calId in after.values()) == sorted(uccx.calendars)  # UCCX's new ids

    again = reconcile(reason="test")  # nothing left to put back
    assert (again.checked, again.seen, again.drifted, again.requeued) == (3, 3, [], 0)
    assert Drift.objects.count() == 3


def test_a_calendar_changed_in_ccx_administration_is_written_back(uccx) -> None:
    (calendar,) = saved(uccx, "Support")
    cal_id = next(iter(uccx.calendars))
    with uccx.store.lock:
        uccx.store.calendars[cal_id]["description"] = "edited in CCX Administration"
        uccx.store.calendars[cal_id]["holidays"] = {"holiday": []}

    report = reconcile(reason="test")

    assert report.drifted == [f"{SYNC_KIND} {calendar.pk}: changed in UCCX"]
    assert uccx.calendars[cal_id]["description"] == "Hotline"  # same id: updated in place
    drift = Drift.objects.get()
    assert drift.found["description"] == "edited in CCX Administration"
    assert drift.expected["description"] == "Hotline"
    assert drift.description == "changed in UCCX outside the app; overwritten"


def test_one_list_call_per_kind_and_the_badge_says_when_uccx_was_seen_holding_it(uccx) -> None:
    calendars = saved(uccx, *NAMES)
    SyncObject.objects.update(seen_at=None)
    uccx.clear_requests()

    report = reconcile(reason="test")

    assert (report.checked, report.seen, report.drifted) == (3, 3, [])
    assert [(r.method, r.path) for r in uccx.requests] == [("GET", "/adminapi/calendar")]
    state = sync_state_for(SYNC_KIND, calendars[0].pk)
    assert state.state == "applied"
    assert state.seen_at == SyncObject.objects.get(kind=SYNC_KIND, key=str(calendars[0].pk)).seen_at
    assert state.seen_at is not None


def test_report_only_records_the_drift_and_writes_nothing(uccx, settings) -> None:
    settings.SYNC_RECONCILE_REPORT_ONLY = True
    calendars = saved(uccx, "Support", "Sales")
    uccx.store.reset()
    uccx.clear_requests()

    report = reconcile(reason="test")

    assert (report.report_only, len(report.drifted), report.requeued) == (True, 2, 0)
    assert uccx.calendars == {}
    assert [r.method for r in uccx.requests] == ["GET"]
    assert not OutboxChange.objects.filter(state="queued").exists()
    assert {d.description for d in Drift.objects.all()} == {"missing in UCCX; reported only, not re-created"}
    state = sync_state_for(SYNC_KIND, calendars[0].pk)
    assert (state.state, state.detail) == ("drift", "missing in UCCX; reported only, not re-created")
    html = Client()
    html.force_login(make_user("viewer", "Viewer"))
    badge = html.get(f"/changes/badge/{SYNC_KIND}/{calendars[0].pk}/").content.decode()
    assert "not in UCCX as saved" in badge


def test_an_object_with_a_change_still_queued_is_left_to_the_replay(uccx) -> None:
    (support,) = saved(uccx, "Support")
    uccx.set_cluster("read_only")
    calendar_create(actor=None, data=data("Sales"))  # queued: UCCX takes no writes
    uccx.set_cluster("normal")
    SyncObject.objects.filter(kind=SYNC_KIND, key=str(support.pk)).update(pending_since="2026-01-01T00:00Z")

    report = reconcile(reason="test")

    assert (report.checked, report.drifted) == (0, [])


def test_a_uccx_that_cannot_be_read_ends_the_sweep_with_nothing_recorded(uccx) -> None:
    saved(uccx, "Support")
    uccx.set_node("A", "down")
    uccx.set_node("B", "down")

    report = reconcile(reason="test")

    assert "UCCX could not be read for calendar" in report.error
    assert (report.checked, report.drifted) == (0, [])
    assert not Drift.objects.exists()
    assert last_reconcile()["error"] == report.error


def test_the_monitor_seeing_uccx_come_back_asks_for_a_sweep(uccx, monkeypatch) -> None:
    asked: list[dict[str, Any]] = []
    monkeypatch.setattr(tasks.reconcile_uccx, "apply_async", lambda **options: asked.append(options))
    uccx.set_node("A", "down")
    uccx.set_node("B", "down")
    assert refresh_cluster_state().mode == "down"
    assert asked == []

    uccx.set_node("A", "up")
    uccx.set_node("B", "up")
    assert refresh_cluster_state().mode == "ok"

    assert [options["kwargs"] for options in asked] == [{"reason": "UCCX back"}]


def test_the_schedule_runs_it_every_15_minutes_by_default(settings) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["sync-reconcile"]
    assert (entry["task"], entry["schedule"]) == ("sync.reconcile", 900.0)
    assert settings.SYNC_RECONCILE_REPORT_ONLY is False


def test_an_administrator_runs_it_from_the_status_page_and_the_api(uccx) -> None:
    saved(uccx, "Support")
    uccx.store.reset()
    admin = Client()
    admin.force_login(make_user("admin", "Administrator", is_staff=True))
    supervisor = Client()
    supervisor.force_login(make_user("sup", "Supervisor"))

    assert "Check UCCX now" in admin.get("/status/").content.decode()
    assert "Check UCCX now" not in supervisor.get("/status/").content.decode()
    assert supervisor.post("/status/reconcile/").status_code == 403
    assert supervisor.post("/api/v1/uccx/reconcile").status_code == 403

    page = admin.post("/status/reconcile/", follow=True).content.decode()
    assert "1 not as the app wrote them (written to UCCX again)" in page
    assert [cal["name"] for cal in uccx.calendars.values()] == ["Support"]

    body = admin.post("/api/v1/uccx/reconcile").json()
    assert (body["checked"], body["seen"], body["drifted"]) == (1, 1, [])
    status = admin.get("/api/v1/uccx/status").json()
    assert status["reconcile"]["reason"] == "asked by admin"
    assert "Last check a moment ago (asked by admin): 1 object checked, 1 in UCCX as written." in " ".join(
        admin.get("/status/").content.decode().split()
    )


def test_a_binding_waiting_for_its_calendar_holds_up_nothing_else(uccx, monkeypatch) -> None:
    """Defect: the binding adapter raised UccxUnavailableError while its calendar was not in UCCX, which
    made the whole queue wait. It now waits on its own (declared after the calendar's change)."""
    support_app(uccx, ("Hours", "Old", "com.cisco.cccalendar.CCCalendar"))
    monkeypatch.setattr(uccx_simulator.store, "MAX_CALENDARS", 0)  # UCCX refuses this calendar
    calendar_create(actor=None, data=data("Support", uccx_application="SupportApp"))
    binding = OutboxChange.objects.get(target__kind=BINDING_KIND)
    assert binding.state == "queued"
    monkeypatch.setattr(uccx_simulator.store, "MAX_CALENDARS", 50)

    other = calendar_create(actor=None, data=data("Sales")).calendar  # flows at once
    drain(budget=5)  # the worker does not stop at the waiting binding either

    assert sync_state_for(SYNC_KIND, other.pk).state == "applied"
    assert [cal["name"] for cal in uccx.calendars.values()] == ["Sales"]
    binding.refresh_from_db()
    assert binding.state == "queued"
    assert "Waiting for change" in binding.last_error
    assert uccx.applications["SupportApp"]["ScriptApplication"]["scriptParams"][0]["value"] == "Old"


def test_prompt_files_and_application_parameters_are_reconciled_too(uccx) -> None:
    """Any kind an app registers gets the sweep: here a prompt file (one flat list call proves it is there)
    and the application parameter that plays it (read with ?allScriptParams), as announcements use them."""
    from tests.syncprobe.services import GREETING_KIND, GREETING_PARAMETER_KIND, greeting_save

    support_app(uccx, ("WelcomePrompt", "P[welcome.wav]", "com.cisco.prompt.Playable"))
    greeting, _ = greeting_save(name="hello")
    uccx.clear_requests()
    assert reconcile(reason="test").seen == 2
    assert sorted((r.method, r.path.split("?")[0]) for r in uccx.requests) == [
        ("GET", "/adminapi/application/SupportApp"),
        ("GET", "/adminapi/files/prompts"),
    ]

    uccx.store.repository("prompt").delete(("en_US", "probe"))  # the folder and the prompt, outside the app
    with uccx.store.lock:  # and the parameter set back in CCX Administration
        uccx.store.applications["SupportApp"]["ScriptApplication"]["scriptParams"][0]["value"] = (
            "P[welcome.wav]"
        )

    report = reconcile(reason="test")

    assert sorted(report.drifted) == [
        f"{GREETING_KIND} {greeting.pk}: missing in UCCX",
        f"{GREETING_PARAMETER_KIND} SupportApp: changed in UCCX",
    ]
    assert "en_US/probe/hello.wav" in uccx.store.files("prompt")
    params = uccx.applications["SupportApp"]["ScriptApplication"]["scriptParams"]
    assert params[0]["value"] == "P[probe/hello.wav]"
