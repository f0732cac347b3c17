"""A supervisor, as a new user would, in a real Chromium: builds a calendar with overnight hours, imports
the national holidays, turns the emergency switch on from the dashboard, and checks the preview; the IVR
endpoint and UCCX's copy say the same."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from calendars.models import Calendar
from tests.browser.helpers import sign_in
from tests.calendars.uccx_eval import uccx_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ivr_status(site: Any, name: str, at: str) -> dict[str, Any]:
    token = base64.b64encode(b"ivr:ivr-pw").decode()
    url = f"{site.url}/ivr/v1/calendars/{urllib.parse.quote(name)}/status?at={urllib.parse.quote(at)}"
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        return json.load(answer)


def test_a_supervisor_builds_a_calendar_and_switches_an_emergency(
    page: Page, site: Any, screenshot: Any
) -> None:
    sign_in(page, site)
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Calendars").click()
    expect(page.get_by_role("heading", name="Calendars", level=1)).to_be_visible()
    page.get_by_role("link", name="New calendar").click()

    # A first try with a typo: the form says what is wrong, next to the input.
    page.get_by_label("Name").fill("Support Line")
    page.get_by_label("Time zone").select_option("Europe/Zurich")
    page.get_by_label("Monday").fill("08:00-12:00, 13:00-17:00")
    page.get_by_label("Friday").fill("08:00-12:00, 22:00-26:00")
    page.get_by_role("button", name="Create the calendar").click()
    expect(page.locator(".field--error").get_by_text("26:00 is not a time of day")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("Friday: 26:00 is not a time of day")
    page.get_by_label("Friday").fill("08:00-12:00, 22:00-02:00")
    page.get_by_label("Saturday").fill("09:00-12:00")
    screenshot(page, "calendars-new")
    page.get_by_role("button", name="Create the calendar").click()
    expect(page.get_by_text("Calendar Support Line created. Saved, and UCCX has it.")).to_be_visible()

    page.get_by_role("navigation", name="Calendar sections").get_by_role("link", name="Hours").click()
    page.get_by_label("Copy the hours of").select_option("Monday")
    page.locator("#copy").get_by_label("Tuesday").check()
    page.get_by_role("button", name="Copy the hours").click()
    expect(page.get_by_text("Hours copied. Saved, and UCCX has it.")).to_be_visible()
    expect(page.locator("#weekly").get_by_label("Tuesday")).to_have_value("08:00-12:00, 13:00-17:00")
    screenshot(page, "calendars-hours")

    page.get_by_role("navigation", name="Calendar sections").get_by_role("link", name="Holidays").click()
    page.get_by_label("Country").select_option("CH")
    page.get_by_label("Subdivision").fill("ZH")
    page.get_by_role("button", name="Import the holidays").click()
    expect(page.get_by_text("Public holidays imported: 18 added.")).to_be_visible()
    expect(page.get_by_role("cell", name="National Day").first).to_be_visible()
    screenshot(page, "calendars-holidays")

    page.get_by_role("navigation", name="Calendar sections").get_by_role("link", name="Overview").click()
    page.get_by_label("What will callers get at").fill(
        "2030-01-05T01:30"
    )  # Friday night's shift, Saturday 01:30
    page.get_by_role("button", name="Show what callers get").click()
    result = page.locator("#preview-result")
    expect(result.get_by_text("Open", exact=True)).to_be_visible()
    expect(result.get_by_text("Saturday 5 January 2030, 02:00")).to_be_visible()  # until the shift ends
    screenshot(page, "calendars-overview")

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Calendars").click()
    page.get_by_text("Emergency: close now").click()
    page.get_by_role("button", name="Yes, close Support Line now").click()
    expect(page.get_by_text("Emergency switch of Support Line is ON")).to_be_visible()
    expect(page.get_by_text("Emergency: forced closed")).to_be_visible()
    screenshot(page, "calendars-dashboard")

    calendar = Calendar.objects.get(name="Support Line")
    now = calendar.emergency_since.isoformat()
    answer = ivr_status(site, "Support Line", now)
    assert (answer["state"], answer["is_open"], answer["reason"]) == ("emergency", False, "Emergency closure")
    [copy] = site.sim.calendars.values()
    assert uccx_state(copy, calendar.emergency_since) == "closed"

    page.get_by_role("link", name="Support Line").click()
    expect(page.get_by_role("alert")).to_contain_text("Emergency switch is ON")
    page.get_by_role("button", name="Turn the emergency switch off").first.click()
    expect(page.get_by_text("Emergency switch off. Saved, and UCCX has it.")).to_be_visible()
    assert ivr_status(site, "Support Line", "2030-01-05T01:30:00+01:00")["state"] == "open"
