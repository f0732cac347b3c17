"""A supervisor, as a new user would, in a real Chromium: uploads an MP3 and a recording made in the
browser, plays them, schedules a holiday announcement for one service and one caller region, flips a call
switch, and checks the preview; the IVR endpoints, the preview and UCCX's prompt repository agree."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserType, Page, expect

from announcements.models import Prompt
from announcements.prompt_services import folder_create
from announcements.services import ServiceData, region_save, service_save
from tests.announcements.audio_factory import make
from tests.browser.conftest import CHROMIUM
from tests.browser.helpers import sign_in
from tests.core.helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CALL = {"dn": "800 555 0100", "ani": "+41 44 668 18 00", "at": "2030-12-25T10:00:00+01:00"}


@pytest.fixture
def site(site: Any) -> Any:
    """The shared site, with a prompt folder, two services and a region."""
    admin = make_user("admin", "Administrator")
    folder_create(actor=admin, parent=None, name="en_US", team=None)
    service_save(actor=admin, data=ServiceData(dn="8005550100", name="Support line", team=site.support))
    service_save(actor=admin, data=ServiceData(dn="8005550200", name="Sales desk"))
    region_save(actor=admin, name="Zurich", prefixes="+41 44, +41 43", team=None)
    return site


@pytest.fixture
def mic_browser(browser_type: BrowserType) -> Any:
    """Chromium with a fake microphone (a beep) that the page may use without asking."""
    browser: Browser = browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
        ],
    )
    yield browser
    browser.close()


def ivr(site: Any, path: str, **query: str) -> Any:
    token = base64.b64encode(b"ivr:ivr-pw").decode()
    url = f"{site.url}/ivr/v1/{path}?{urllib.parse.urlencode(query)}"
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        body = answer.read()
    return body if query.get("format") == "xml" else json.loads(body)


def section(page: Page, name: str) -> Any:
    """A link of the top navigation (the page's own tabs may carry the same names)."""
    return page.get_by_role("navigation", name="Sections", exact=True).get_by_role("link", name=name)


def test_upload_record_schedule_flip_and_preview(
    mic_browser: Browser, site: Any, screenshot: Any, tmp_path: Path
) -> None:
    context = mic_browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.grant_permissions(["microphone"], origin=site.url)
    page = context.new_page()
    sign_in(page, site)
    section(page, "Prompts").click()
    expect(page.get_by_role("heading", name="Prompts", level=1)).to_be_visible()

    # An MP3 with a name UCCX would refuse: the page suggests one; then upload it under a good name.
    mp3 = tmp_path / "Christmas greeting!.mp3"
    mp3.write_bytes(make("mp3-44100-stereo", seconds=2.0)[0])
    form = page.locator("#upload-form")
    form.get_by_label("Folder").select_option(label="en_US")
    form.get_by_label("File").set_input_files(str(mp3))
    form.get_by_label("Name").fill("christmas greeting.wav")
    form.get_by_label("Team").select_option(label="Support")
    form.get_by_role("button", name="Upload").click()
    expect(
        page.locator(".errorlist").get_by_text("UCCX refuses the name 'christmas greeting.wav'")
    ).to_be_visible()
    form = page.locator("#upload-form")
    form.get_by_label("Folder").select_option(label="en_US")
    form.get_by_label("File").set_input_files(str(mp3))
    form.get_by_label("Name").fill("christmas")
    form.get_by_label("Team").select_option(label="Support")
    form.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Prompt en_US/christmas.wav (2.0 s). Saved, and UCCX has it.")).to_be_visible()
    player = page.locator("audio[data-player]")
    expect(player).to_be_visible()
    duration = page.evaluate(
        """() => new Promise((done) => { const a = document.querySelector('audio[data-player]');
        if (a.readyState >= 1) done(a.duration); a.addEventListener('loadedmetadata', () => done(a.duration));
        a.load(); })"""
    )
    assert abs(duration - 2.0) < 0.05  # the browser plays the rendition
    screenshot(page, "announcements-prompt")

    # A recording made in the browser (fake microphone), uploaded as WebM/Opus and converted.
    section(page, "Prompts").click()
    form = page.locator("#upload-form")
    form.get_by_role("button", name="Record in the browser").click()
    expect(form.get_by_text("Recording")).to_be_visible()
    page.wait_for_timeout(1500)
    form.get_by_role("button", name="Stop").click()
    expect(form.get_by_text("Recorded")).to_be_visible()
    form.get_by_label("Folder").select_option(label="en_US")
    form.get_by_label("Name").fill("recorded")
    form.get_by_label("Trim silence at both ends").uncheck()  # keep the whole 1.5 s of beeps
    form.get_by_label("Team").select_option(label="Support")
    form.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Saved, and UCCX has it.")).to_be_visible()
    section(page, "Prompts").click()
    expect(page.locator('[data-prompt="en_US/recorded.wav"]')).to_be_visible()
    screenshot(page, "announcements-library")
    recorded = Prompt.objects.get(name="recorded.wav")
    assert recorded.source_format.startswith("WebM")
    assert 1200 <= recorded.duration_ms <= 4000

    # A holiday announcement for the Support line and Zurich callers, every 25 December.
    section(page, "Announcements").click()
    page.get_by_role("link", name="New announcement").click()
    page.locator("#id_name").fill("christmas")
    page.get_by_label("Kind").select_option("holiday")
    page.locator("#id_prompt").select_option(label="en_US/christmas.wav")
    page.get_by_label("Team").select_option(label="Support")
    page.get_by_label("Support line (8005550100)").check()
    page.get_by_label("Zurich").check()
    page.get_by_label("After playing").select_option("stop")
    page.get_by_label("Time zone").select_option("Europe/Zurich")
    page.locator("#id_recurrence").select_option("yearly")
    page.locator("#id_starts_at").fill("2030-12-25T00:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Announcement christmas saved; scripts get it now.")).to_be_visible()
    screenshot(page, "announcements-edit")

    # Flip the overflow switch (made by the supervisor) on, from the switches board.
    page.get_by_role("navigation", name="Announcements sections").get_by_role(
        "link", name="Call switches"
    ).click()
    page.get_by_label("Name").fill("overflow")
    page.get_by_label("Value").fill("PartnerCSQ")
    page.get_by_label("Team").select_option(label="Support")
    page.get_by_role("button", name="Create switch").click()
    card = page.locator('[data-switch="overflow"]')
    card.get_by_label("Note").fill("Storm: partner takes the calls")
    card.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("Switch overflow is ON")).to_be_visible()
    screenshot(page, "announcements-switches")
    page.get_by_role("link", name="Supervisor Tools").click()  # the dashboard shows it prominently
    expect(page.locator("#glance")).to_contain_text("Switch overflow is ON: Storm: partner takes the calls")
    expect(page.locator("#glance-switches")).to_contain_text("ON")
    screenshot(page, "dashboard-switch-on")

    # The preview of a call on Christmas Day from Zurich.
    section(page, "Announcements").click()
    page.get_by_role("navigation", name="Announcements sections").get_by_role(
        "link", name="Preview a call"
    ).click()
    page.get_by_label("Call to (DN)").fill(CALL["dn"])
    page.get_by_label("From (caller)").fill(CALL["ani"])
    page.locator("#id_at").fill("2030-12-25T10:00")
    page.get_by_label("Time zone").select_option("Europe/Zurich")
    page.get_by_role("button", name="Preview").click()
    result = page.locator("#preview-result-card")
    expect(result.locator('[data-announcement="christmas"]')).to_contain_text("en_US/christmas.wav")
    expect(result).to_contain_text("then the call ends")
    expect(page.locator('[data-switch="overflow"]')).to_contain_text("ON")
    screenshot(page, "announcements-preview")
    context.close()

    # The IVR endpoints say the same, and UCCX holds the exact bytes.
    answer = ivr(site, "announcements", **CALL)
    assert answer["count"] == 1
    assert answer["announcement"][0]["prompt"] == "en_US/christmas.wav"
    assert answer["announcement"][0]["then"] == "stop"
    assert ivr(site, "announcements", **{**CALL, "ani": "+33 1 23 45 67 89"})["count"] == 0
    xml = ivr(site, "announcements", **CALL, format="xml")
    assert b"<prompt>en_US/christmas.wav</prompt>" in xml
    assert ivr(site, "switches/overflow")["on"] is True
    assert ivr(site, "announcements/christmas", at=CALL["at"])["enabled"] is True
    christmas = Prompt.objects.get(name="christmas.wav")
    assert site.sim.prompts["en_US/christmas.wav"] == bytes(christmas.audio)
    assert site.sim.prompts["en_US/recorded.wav"] == bytes(recorded.audio)
