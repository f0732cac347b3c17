"""A new supervisor in a real Chromium (issue 11): every form error is seen without scrolling, the week
reads from the picture as it is typed, and an emergency closure asks first."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from calendars.data import CalendarData
from calendars.engine import HolidayRule, Interval, OnDate, WeeklyHours
from calendars.models import Calendar
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.fixture
def site(site: Any) -> Any:
    """The shared site, with the team's calendar (office hours and 24 bridge days)."""
    from calendars.services import calendar_create  # after Django's setup: DRF settings import core

    office = (Interval.parse("08:00-12:00"), Interval.parse("13:00-17:00"))
    weekly = WeeklyHours(
        monday=office, tuesday=office, wednesday=office, thursday=office, friday=office, saturday=office[:1]
    )
    holidays = tuple(HolidayRule(f"Bridge day {n}", OnDate(_date(n))) for n in range(1, 25))
    calendar = calendar_create(
        actor=None,
        data=CalendarData(
            name="Support Line",
            time_zone="Europe/Zurich",
            team=site.support,
            weekly=weekly,
            holidays=holidays,
        ),
    ).calendar
    site.calendar = calendar
    return site


def _date(n: int) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now().date() + timedelta(days=7 * n)


def test_a_failed_upload_far_down_the_page_is_seen_at_once(page: Page, site: Any, screenshot: Any) -> None:
    sign_in(page, site)
    page.goto(f"{site.url}/calendars/{site.calendar.pk}/holidays/")
    page.locator("#ics").get_by_label(".ics file").set_input_files(
        {"name": "logo.ics", "mimeType": "text/calendar", "buffer": PNG}
    )
    page.get_by_role("button", name="Import the file").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("1 problem to fix")
    expect(summary).to_contain_text(
        "Import an .ics file \u203a .ics file: This is not an iCalendar file: it looks like a PNG image."
    )
    upload = page.locator("#ics").get_by_label(".ics file")
    expect(upload).to_be_focused()
    expect(page.locator("#ics .errorlist")).to_be_in_viewport()
    # ... below the summary, which stays at the top of the window, not hidden under it
    field = page.locator("#ics .field--error").bounding_box()
    assert field["y"] >= summary.bounding_box()["y"] + summary.bounding_box()["height"]
    screenshot(page, "errors-ics-upload", full_page=False)


def test_every_error_of_a_form_is_listed_and_leads_to_its_field(
    page: Page, site: Any, screenshot: Any
) -> None:
    sign_in(page, site)
    page.goto(f"{site.url}/calendars/new/")
    page.get_by_label("Name").fill("Hot/line")
    page.get_by_label("Monday").fill("12:00-12:00")
    page.get_by_label("Tuesday").fill("08:00-25:00")
    page.get_by_role("button", name="Create the calendar").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("3 problems to fix")
    expect(summary).to_contain_text("UCCX would refuse the name")
    expect(summary).to_contain_text("12:00-12:00 has no length")
    expect(summary).to_contain_text("25:00 is not a time of day")
    expect(page.get_by_label("Name")).to_be_focused()
    # The picture draws nothing it cannot read: no overnight spill out of a zero-length interval.
    week = page.locator("figure.week-view")
    expect(week.locator("[data-weekday='0'] [data-text]")).to_have_text("cannot read this yet")
    expect(week.locator("[data-weekday='1'] rect")).to_have_count(0)
    screenshot(page, "errors-create-calendar", full_page=False)
    summary.get_by_role("link", name="25:00").click()
    expect(page.get_by_label("Tuesday")).to_be_focused()
    expect(page.get_by_label("Tuesday")).to_be_in_viewport()


def test_a_failed_form_inside_a_folded_section_is_opened(page: Page, site: Any) -> None:
    sign_in(page, site)
    page.goto(f"{site.url}/calendars/{site.calendar.pk}/hours/")
    page.get_by_text("Add a shift pattern").click()
    page.locator("#patterns").get_by_label("Name").fill("Summer")
    page.locator("#patterns").get_by_label("Monday").fill("07:00-07:00")
    page.get_by_role("button", name="Add the shift pattern").click()

    expect(page.locator(".error-summary")).to_be_in_viewport()
    expect(page.locator("#patterns details")).to_have_attribute("open", "")
    expect(page.locator(".error-summary")).to_contain_text(
        "Add a shift pattern \u203a From: This field is required."
    )
    expect(page.locator(".error-summary")).to_contain_text("07:00-07:00 has no length")
    expect(page.locator("#patterns").get_by_label("From")).to_be_focused()


def test_the_week_is_drawn_as_the_supervisor_types(page: Page, site: Any, screenshot: Any) -> None:
    console_errors: list[str] = []  # a script or style the strict CSP blocked shows here
    page.on(
        "console", lambda message: console_errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, site)
    page.goto(f"{site.url}/calendars/{site.calendar.pk}/hours/")
    week = page.locator("figure.week-view")
    saturday = week.locator("[data-weekday='5'] svg")
    expect(saturday).to_have_attribute("aria-label", "Sat: open 08:00-12:00")

    page.locator("#weekly").get_by_label("Friday").fill("08:00-12:00, 13:00-17:00, 22:00-02:00")
    expect(week.locator("[data-weekday='4'] svg")).to_have_attribute(
        "aria-label", "Fri: open 08:00-12:00, 13:00-17:00, 22:00-02:00"
    )
    expect(saturday).to_have_attribute("aria-label", "Sat: open 22:00-02:00 from Fri, 08:00-12:00")
    spill = saturday.locator("rect.week-view__open--spill")
    expect(spill).to_have_attribute("x", "0")
    expect(spill).to_have_attribute("width", "120")
    # To scale: the spill's two hours are a twelfth of the day's bar.
    bar, drawn = saturday.bounding_box(), spill.bounding_box()
    assert drawn["width"] == pytest.approx(bar["width"] / 12, rel=0.05)
    page.locator("#weekly").get_by_label("Sunday").fill("10:00-")
    expect(week.locator("[data-weekday='6'] [data-text]")).to_have_text("cannot read this yet")
    page.locator("#weekly").get_by_label("Sunday").fill("10:00-14:00")
    expect(week.locator("[data-weekday='6'] svg")).to_have_attribute("aria-label", "Sun: open 10:00-14:00")
    screenshot(page, "week-view-hours", full_page=False)

    page.get_by_role("button", name="Save the weekly hours").click()
    expect(page.get_by_text("Weekly hours saved.")).to_be_visible()
    page.get_by_role("navigation", name="Calendar sections").get_by_role("link", name="Overview").click()
    overview = page.locator("#week figure.week-view")
    expect(overview.locator("[data-weekday='5'] svg")).to_have_attribute(
        "aria-label", "Sat: open 22:00-02:00 from Fri, 08:00-12:00"
    )
    expect(overview.locator(".week-view__marked")).to_contain_text("Bridge day 1")
    expect(overview.locator(".month-grid .is-holiday").first).to_be_visible()
    overview.scroll_into_view_if_needed()
    screenshot(page, "week-view-overview", full_page=False)
    assert console_errors == []


def test_an_emergency_closure_asks_first_with_the_note(page: Page, site: Any, screenshot: Any) -> None:
    sign_in(page, site)
    page.goto(f"{site.url}/calendars/")
    page.get_by_text("Emergency: close now").click()
    confirm = page.locator(".emergency-confirm__form")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Close Support Line for every caller now?")
    assert Calendar.objects.get().emergency_mode == ""  # one click changed nothing

    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    assert Calendar.objects.get().emergency_mode == ""

    page.get_by_text("Emergency: close now").click()
    note = confirm.get_by_label("Note")
    expect(note).to_be_focused()
    note.fill("Storm: office evacuated")
    screenshot(page, "emergency-confirm", full_page=False)
    confirm.get_by_role("button", name="Yes, close Support Line now").click()
    expect(
        page.get_by_text("Emergency switch of Support Line is ON: Storm: office evacuated.")
    ).to_be_visible()
    calendar = Calendar.objects.get()
    assert (calendar.emergency_mode, calendar.emergency_note) == ("force_closed", "Storm: office evacuated")


def test_the_dashboard_answers_is_everything_open_and_in_uccx(page: Page, site: Any, screenshot: Any) -> None:
    from sync.cluster import refresh_cluster_state

    refresh_cluster_state()
    sign_in(page, site)
    glance = page.locator("#glance")
    headline = glance.locator(".glance__headline")
    expect(headline).to_be_in_viewport()
    expect(headline).to_contain_text("UCCX has every change")
    expect(headline).to_contain_text("UCCX is working normally.")
    expect(headline).to_contain_text("of 1 calendar open now")
    row = glance.locator("#glance-calendars tbody tr", has_text="Support Line")
    expect(row.locator(".state")).to_be_visible()
    expect(row).to_contain_text("in UCCX")
    expect(glance.locator("#glance-uccx")).to_contain_text("Node A (127.0.0.1:")
    screenshot(page, "dashboard-all-is-well", full_page=False)

    # UCCX goes read-only and an emergency is switched on elsewhere: the open page follows by itself.
    site.sim.set_cluster("read_only")
    refresh_cluster_state()
    from calendars.services import emergency_switch_on

    emergency_switch_on(calendar=site.calendar, actor=None, mode="force_closed", note="Flooded office")
    expect(headline).to_contain_text("Needs attention now", timeout=15_000)
    expect(headline).to_contain_text("Emergency switch ON for Support Line: Flooded office")
    expect(headline).to_contain_text("1 change waiting for UCCX")
    expect(headline).to_contain_text("UCCX is read-only right now")
    expect(row).to_contain_text("Emergency: forced closed")
    expect(row).to_contain_text("waiting for UCCX since")
    screenshot(page, "dashboard-needs-attention", full_page=False)
