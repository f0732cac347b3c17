"""The calendar pages: forms save through the services, refusals come back next to the inputs (400), the
emergency switch is one click, and another team's supervisor is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from calendars.data import CalendarData
from calendars.engine import Interval, WeeklyHours
from calendars.models import Calendar
from calendars.rows import calendar_data
from calendars.services import calendar_create
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def calendar(uccx: Simulator, accounts: dict, team_x: Any) -> Calendar:
    weekly = WeeklyHours(monday=(Interval.parse("08:00-17:00"),), friday=(Interval.parse("22:00-02:00"),))
    data = CalendarData(name="Support", time_zone="Europe/Zurich", team=team_x, weekly=weekly)
    return calendar_create(actor=None, data=data).calendar


def test_create_page_saves_and_shows_errors_next_to_the_inputs(
    uccx: Simulator, accounts: dict, team_x: Any
) -> None:
    client = browser(accounts["supervisor_x"])
    assert client.get("/calendars/new/").status_code == 200
    form = {"name": "Hotline", "time_zone": "Europe/Zurich", "team": team_x.pk, "hours-friday": "22:00-02:00"}

    bad = client.post("/calendars/new/", {**form, "hours-monday": "08:00-25:00", "name": "Hot/line"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "25:00 is not a time of day" in html
    assert "UCCX would refuse the name" in html
    assert not Calendar.objects.exists()

    overlap = client.post("/calendars/new/", {**form, "hours-saturday": "01:00-03:00"})
    assert overlap.status_code == 400
    assert "overlaps Friday 22:00-02:00" in overlap.content.decode()

    good = client.post("/calendars/new/", form, follow=True)
    assert good.redirect_chain[-1][0] == f"/calendars/{Calendar.objects.get().pk}/"
    assert "Calendar Hotline created. Saved, and UCCX has it." in good.content.decode()
    assert len(uccx.calendars) == 1


def test_dashboard_emergency_switch_is_one_click_each_way(calendar: Calendar, accounts: dict) -> None:
    client = browser(accounts["supervisor_x"])
    page = client.get("/calendars/").content.decode()
    assert "Emergency: close now" in page

    on = client.post(
        f"/calendars/{calendar.pk}/emergency/",
        {"switch": "on", "mode": "force_closed", "note": "Emergency closure"},
        follow=True,
    )
    calendar.refresh_from_db()
    assert calendar.emergency_mode == "force_closed"
    html = on.content.decode()
    assert "Emergency switch of Support is ON" in html
    assert "Turn emergency off" in html
    assert "Emergency: forced closed" in html

    client.post(f"/calendars/{calendar.pk}/emergency/", {"switch": "off"})
    calendar.refresh_from_db()
    assert calendar.emergency_mode == ""


def test_overview_preview_and_emergency_form(calendar: Calendar, accounts: dict) -> None:
    client = browser(accounts["supervisor_x"])
    preview = client.get(f"/calendars/{calendar.pk}/", {"at": "2030-01-05T01:30"})  # a Saturday night
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Saturday 5 January 2030, 01:30" in html
    assert "state--open" in html
    assert "The next 14 days" in html

    bad = client.post(
        f"/calendars/{calendar.pk}/",
        {"action": "emergency", "mode": "force_open", "note": "", "expires_at": "2001-01-01T10:00"},
    )
    assert bad.status_code == 400
    assert "This field is required." in bad.content.decode()
    past = client.post(
        f"/calendars/{calendar.pk}/",
        {"action": "emergency", "mode": "force_open", "note": "Drill", "expires_at": "2001-01-01T10:00"},
    )
    assert past.status_code == 400
    assert "The end must be in the future." in past.content.decode()

    client.post(
        f"/calendars/{calendar.pk}/",
        {"action": "emergency", "mode": "force_open", "note": "All hands", "expires_at": ""},
    )
    calendar.refresh_from_db()
    assert (calendar.emergency_mode, calendar.emergency_note) == ("force_open", "All hands")


def test_preview_says_until_when_and_when_callers_are_routed_again(
    calendar: Calendar, accounts: dict
) -> None:
    """Contract, second edition: Saturday 02:30 stays closed until Monday 08:00 (Monday's midnight only
    changes the reason), and a closed preview says when callers are routed again."""
    client = browser(accounts["viewer"])
    html = client.get(f"/calendars/{calendar.pk}/", {"at": "2030-01-05T02:30"}).content.decode()
    assert "<dt>Until</dt><dd>Monday 7 January 2030, 08:00</dd>" in html
    assert "<dt>Opens again</dt><dd>Monday 7 January 2030, 08:00</dd>" in html
    open_now = client.get(f"/calendars/{calendar.pk}/", {"at": "2030-01-07T09:00"}).content.decode()
    assert "Opens again" not in open_now


def test_hours_page_saves_copies_and_refuses_overlaps(calendar: Calendar, accounts: dict) -> None:
    client = browser(accounts["supervisor_x"])
    url = f"/calendars/{calendar.pk}/hours/"
    assert 'value="22:00-02:00"' in client.get(url).content.decode()

    refused = client.post(url, {"action": "weekly", "monday": "08:00-12:00, 11:00-13:00"})
    assert refused.status_code == 400
    assert "Monday 11:00-13:00 overlaps Monday 08:00-12:00." in refused.content.decode()

    client.post(url, {"action": "weekly", "monday": "08:00-12:00, 13:00-17:00", "friday": "22:00-02:00"})
    client.post(url, {"action": "copy", "from_day": 0, "to_days": [1, 2]})
    weekly = calendar_data(calendar).weekly
    assert (
        weekly.tuesday == weekly.wednesday == (Interval.parse("08:00-12:00"), Interval.parse("13:00-17:00"))
    )

    pattern = client.post(
        url,
        {
            "action": "pattern",
            "pattern-name": "Summer",
            "pattern-start": "2027-07-01",
            "pattern-end": "2027-08-31",
            "pattern-monday": "07:00-15:00",
        },
    )
    assert pattern.status_code == 302
    assert calendar_data(calendar).shift_patterns[0].name == "Summer"


def test_holidays_page_imports_adds_and_refuses(calendar: Calendar, accounts: dict) -> None:
    client = browser(accounts["supervisor_x"])
    url = f"/calendars/{calendar.pk}/holidays/"
    assert client.get(url).status_code == 200

    imported = client.post(
        url,
        {"action": "import", "import-country": "CH", "import-subdivision": "ZH", "import-years": [2027]},
        follow=True,
    )
    assert "Public holidays imported: 9 added." in imported.content.decode()
    wrong_region = client.post(
        url, {"action": "import", "import-country": "CH", "import-subdivision": "QQ", "import-years": [2027]}
    )
    assert wrong_region.status_code == 400
    assert "CH has no subdivision &#x27;QQ&#x27;" in wrong_region.content.decode()

    bad_rule = client.post(
        url,
        {
            "action": "holiday",
            "holiday-name": "Odd",
            "holiday-kind": "rrule",
            "holiday-rule": "FREQ=NEVER",
            "holiday-date": "2027-01-01",
        },
    )
    assert bad_rule.status_code == 400
    assert "FREQ=NEVER is not allowed" in bad_rule.content.decode()

    added = client.post(
        url,
        {
            "action": "holiday",
            "holiday-name": "Thanksgiving",
            "holiday-kind": "nth_weekday",
            "holiday-month": 11,
            "holiday-weekday": 3,
            "holiday-nth": 4,
        },
    )
    assert added.status_code == 302
    assert calendar_data(calendar).holidays[-1].when.describe() == "4th Thursday of November"

    exported = client.get(f"/calendars/{calendar.pk}/holidays.ics")
    assert b"RRULE:FREQ=YEARLY;BYDAY=4TH;BYMONTH=11" in exported.content


def test_special_days_and_settings(calendar: Calendar, accounts: dict) -> None:
    client = browser(accounts["supervisor_x"])
    days = f"/calendars/{calendar.pk}/special-days/"
    bad = client.post(
        days, {"action": "day", "day-date": "2030-12-24", "day-name": "Eve", "day-intervals": "12:00-08:00"}
    )
    assert bad.status_code == 400
    assert "runs past midnight" in bad.content.decode()
    client.post(
        days, {"action": "day", "day-date": "2030-12-24", "day-name": "Eve", "day-intervals": "08:00-12:00"}
    )
    assert calendar_data(calendar).special_days[0].name == "Eve"

    settings = f"/calendars/{calendar.pk}/settings/"
    form = {"action": "settings", "name": "Support 2", "time_zone": "Europe/Zurich", "team": calendar.team_id}
    assert client.post(settings, {**form, "description": "d" * 71}).status_code == 400
    client.post(settings, form)
    calendar.refresh_from_db()
    assert calendar.name == "Support 2"
    history = client.get(f"/calendars/{calendar.pk}/history/").content.decode()
    assert "Changed the settings" in history

    kept = client.post(settings, {"action": "delete", "confirm": "wrong"}, follow=True)
    assert "Type the calendar" in kept.content.decode()
    client.post(settings, {"action": "delete", "confirm": "Support 2"})
    assert not Calendar.objects.exists()


def test_another_teams_supervisor_is_refused_and_a_viewer_cannot_edit(
    calendar: Calendar, accounts: dict
) -> None:
    other = browser(accounts["supervisor_y"])
    assert other.get(f"/calendars/{calendar.pk}/").status_code == 403
    assert (
        other.post(
            f"/calendars/{calendar.pk}/emergency/", {"switch": "on", "mode": "force_closed", "note": "x"}
        ).status_code
        == 403
    )
    assert other.post(f"/calendars/{calendar.pk}/hours/", {"action": "weekly"}).status_code == 403
    assert "Support" not in other.get("/calendars/").content.decode().split("<main")[1]
    viewer = browser(accounts["viewer"])
    page = viewer.get(f"/calendars/{calendar.pk}/hours/")
    assert page.status_code == 200
    assert "Save the weekly hours" not in page.content.decode()
    assert viewer.post(f"/calendars/{calendar.pk}/hours/", {"action": "weekly"}).status_code == 403
    assert viewer.get("/calendars/new/").status_code == 403
