"""Defects a new supervisor met on the calendar pages (issue 11), each with its own test."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from calendars.data import CalendarData
from calendars.engine import HolidayRule, Interval, OnDate, WeeklyHours, YearlyDate
from calendars.models import Calendar
from calendars.selectors import subdivision_names
from calendars.services import calendar_create
from calendars.week_view import week_bars
from core.templatetags.core_tags import ago
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


def errors_of(html: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*><li>(.*?)</li>', html)


def test_the_create_form_reports_every_error_at_once(uccx: Simulator, accounts: dict, team_x: Any) -> None:
    """`12:00-12:00` was only flagged on a second submit, once the name was fixed."""
    client = browser(accounts["supervisor_x"])
    form = {
        "name": "Hot/line",
        "time_zone": "Europe/Zurich",
        "team": team_x.pk,
        "hours-monday": "12:00-12:00",
    }
    html = client.post("/calendars/new/", form).content.decode()
    assert "UCCX would refuse the name" in html
    assert "12:00-12:00 has no length" in html


def test_the_special_day_form_reports_interval_errors_with_a_missing_date(
    calendar: Calendar, accounts: dict
) -> None:
    client = browser(accounts["supervisor_x"])
    page = client.post(
        f"/calendars/{calendar.pk}/special-days/",
        {"action": "day", "day-date": "", "day-name": "Inventory", "day-intervals": "10:00-10:00"},
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert "This field is required." in html
    assert "10:00-10:00 has no length" in html


def test_the_holiday_form_reports_what_the_kind_needs_with_a_missing_name(
    calendar: Calendar, accounts: dict
) -> None:
    client = browser(accounts["supervisor_x"])
    page = client.post(
        f"/calendars/{calendar.pk}/holidays/",
        {"action": "holiday", "holiday-name": "", "holiday-kind": "date"},
    )
    errors = errors_of(page.content.decode())
    assert "This field is required." in errors
    assert "Enter a date." in errors


def test_a_binary_file_as_ics_says_it_is_not_an_icalendar_file(calendar: Calendar, accounts: dict) -> None:
    png = SimpleUploadedFile("holidays.ics", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "text/calendar")
    page = browser(accounts["supervisor_x"]).post(
        f"/calendars/{calendar.pk}/holidays/", {"action": "ics", "ics-file": png}
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert "This is not an iCalendar file: it looks like a PNG image." in html
    assert "PNG&#x27;" not in html
    assert "\\x89" not in html


def test_a_forged_country_code_gets_a_clear_message(calendar: Calendar, accounts: dict) -> None:
    page = browser(accounts["supervisor_x"]).post(
        f"/calendars/{calendar.pk}/holidays/",
        {"action": "import", "import-country": "XX", "import-years": [timezone.now().year]},
    )
    html = page.content.decode()
    assert "XX is not a country whose public holidays can be imported" in html
    assert "Select a valid choice" not in html


def test_subdivisions_are_offered_by_name_with_their_code() -> None:
    germany = dict(subdivision_names()["DE"])
    assert germany["BY"] == "Bayern"
    assert germany["Augsburg"] == "Augsburg"  # a city the package lists: named, not mixed with codes
    assert dict(subdivision_names()["CH"])["ZH"] == "Zürich"


def test_waiting_since_a_moment_ago_not_since_now() -> None:
    assert ago(timezone.now()) == "a moment ago"
    assert ago(timezone.now() + timedelta(seconds=2)) == "a moment ago"
    assert ago(timezone.now() - timedelta(minutes=5)) == "5\xa0minutes ago"


def test_the_status_page_shows_each_nodes_port(uccx: Simulator, accounts: dict) -> None:
    from sync.cluster import refresh_cluster_state

    refresh_cluster_state()
    html = browser(accounts["viewer"]).get("/status/").content.decode()
    ports = re.findall(r"<td>127\.0\.0\.1:(\d+)</td>", html)
    assert len(ports) == 2
    assert ports[0] != ports[1]


def test_viewer_pages_drop_the_editing_instructions(calendar: Calendar, accounts: dict) -> None:
    client = browser(accounts["viewer"])
    hours = client.get(f"/calendars/{calendar.pk}/hours/").content.decode()
    assert "Write intervals as" not in hours
    assert "data-week-view" not in hours  # the picture, read-only
    holidays = client.get(f"/calendars/{calendar.pk}/holidays/").content.decode()
    assert "import your country" not in holidays
    editor = browser(accounts["supervisor_x"]).get(f"/calendars/{calendar.pk}/hours/").content.decode()
    assert "Write intervals as" in editor
    assert 'data-week-view="live"' in editor


def test_past_holidays_are_folded_away_and_no_ics_download_when_empty(
    uccx: Simulator, accounts: dict, team_x: Any
) -> None:
    client = browser(accounts["supervisor_x"])
    empty = calendar_create(
        actor=None, data=CalendarData(name="Empty", time_zone="UTC", team=team_x)
    ).calendar
    assert "Download the holidays" not in client.get(f"/calendars/{empty.pk}/holidays/").content.decode()

    today = timezone.now().date()
    rules = (
        HolidayRule("Last year's party", OnDate(today - timedelta(days=300))),
        HolidayRule("Last month's fair", OnDate(today - timedelta(days=30))),
        HolidayRule("Christmas", YearlyDate(12, 25)),
        HolidayRule("Next fair", OnDate(today + timedelta(days=30))),
    )
    data = CalendarData(name="Dated", time_zone="UTC", team=team_x, holidays=rules)
    dated = calendar_create(actor=None, data=data).calendar
    html = client.get(f"/calendars/{dated.pk}/holidays/").content.decode()
    folded = html[html.index('<details class="past-holidays">') : html.index("</details>")]
    shown = html[: html.index('<details class="past-holidays">')]
    assert "2 past holidays" in folded
    assert "Last year&#x27;s party" in folded
    assert "Last month&#x27;s fair" in folded
    assert "Christmas" in shown
    assert "Next fair" in shown
    assert "party" not in shown
    # "remove" keeps each rule's own index
    assert re.search(r"value=\"1\"><button[^>]*aria-label=\"Remove Last month", folded)
    assert "Download the holidays" in html


def test_the_list_asks_before_an_emergency_closure(calendar: Calendar, accounts: dict) -> None:
    html = browser(accounts["supervisor_x"]).get("/calendars/").content.decode()
    confirm = html[html.index('<details class="emergency-switch emergency-confirm">') :]
    confirm = confirm[: confirm.index("</details>")]
    assert '<summary class="btn btn--danger btn--block">Emergency: close now</summary>' in confirm
    assert "Close Support for every caller now?" in confirm
    assert 'name="note" value="Emergency closure"' in confirm
    assert "Yes, close Support now" in confirm


def test_the_overview_draws_the_week_with_the_overnight_part_on_the_next_day(
    calendar: Calendar, accounts: dict
) -> None:
    html = browser(accounts["viewer"]).get(f"/calendars/{calendar.pk}/").content.decode()
    week = html[html.index('<figure class="week-view"') : html.index("</figure>")]
    assert 'aria-label="Mon: open 08:00-17:00"' in week
    assert 'aria-label="Fri: open 22:00-02:00"' in week
    assert 'aria-label="Sat: open 22:00-02:00 from Fri"' in week
    assert '<rect class="week-view__open" x="480" y="1" width="540"' in week
    assert '<rect class="week-view__open week-view__open--spill" x="0" y="1" width="120"' in week


def test_the_week_marks_the_coming_holidays_and_special_days(
    uccx: Simulator, accounts: dict, team_x: Any
) -> None:
    today = timezone.now().date()
    fair = today + timedelta(days=9)
    data = CalendarData(
        name="Marked",
        time_zone="UTC",
        team=team_x,
        weekly=WeeklyHours.from_mapping({day: [Interval.parse("08:00-17:00")] for day in range(7)}),
        holidays=(HolidayRule("Town fair", OnDate(fair)),),
    )
    marked = calendar_create(actor=None, data=data).calendar
    html = browser(accounts["viewer"]).get(f"/calendars/{marked.pk}/").content.decode()
    assert f'{fair:%a} {fair.day} {fair:%b}</strong> Town fair <span class="muted">(closed)</span>' in html
    assert 'class="month-grid__day is-holiday" title="Town fair: closed"' in html


def test_week_bars_of_a_whole_day_and_a_sunday_night() -> None:
    bars = week_bars(
        WeeklyHours(sunday=(Interval.parse("22:00-06:00"),), wednesday=(Interval.parse("00:00-00:00"),))
    )
    assert [(s.start, s.end, s.spill) for s in bars[0].spans] == [(0, 360, True)]  # Monday, from Sunday
    assert [(s.start, s.end) for s in bars[2].spans] == [(0, 1440)]
    assert bars[3].spans == ()  # a whole day does not spill
    assert bars[6].summary == "Sun: open 22:00-06:00"
