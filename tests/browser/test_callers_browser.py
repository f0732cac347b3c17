"""A supervisor, as a new user would, in a real Chromium: imports a realistic CSV with a few bad rows into
a VIP list, blocks a caller who just called, marks another one VIP; the IVR endpoint and UCCX's copy of
the lists (documents in the simulator) then agree on every number."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Page, expect

from callers.lookups import flush_lookups
from callers.models import CallerTransfer
from callers.transfers import transfer_run
from sync.replay import drain, wake_pending
from tests.browser.helpers import sign_in
from tests.callers.worker import build_lagging_copies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = """Number;Name;Reason;Expires_at;Priority;Target;Prompt;Language
+1 (555) 010-0100;Ann Example (Acme Corp);Key account;;20;;;
555-010-0101;Bob Müller (Globex);Key account;2030-12-31;;CSQ_Platinum;;
15550100102;Chloé Dubois;Reseller;;;;;fr_FR
+44 20 7946 0958;Sterling & Sons Ltd;UK partner;;;;;en_GB
+4930*;Berlin office;All of Berlin;;;;;de_DE
call me maybe;Bad Number;;;;;;
5550100104;Expired Ltd;Contract ended;2020-01-31;;;;
+1*;Everyone;Oops;;;;;
5550100100;Ann again;Duplicate;;;;;
"""


def ivr_caller(site: Any, number: str, dn: str = "8000") -> dict[str, Any]:
    token = base64.b64encode(b"ivr:ivr-pw").decode()
    url = f"{site.url}/ivr/v1/callers/{urllib.parse.quote(number)}?dn={dn}"
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        return json.load(answer)


def create_list(page: Page, name: str, kind: str, **fields: str) -> None:
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Callers").click()
    page.get_by_role("link", name="New list").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Kind").select_option(kind)
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Create the list").click()
    expect(page.get_by_text(f"The caller list {name} was created.")).to_be_visible()


def in_document(site: Any, name: str, national: str) -> bool:
    root = ElementTree.fromstring(site.sim.documents[f"callers/{name}.xml"])
    return root.find(f"entry[national='{national}']") is not None


def test_a_supervisor_imports_blocks_and_marks_a_vip(
    page: Page, site: Any, screenshot: Any, tmp_path: Path
) -> None:
    sign_in(page, site)
    create_list(page, "Blocked", "blocked", Order="10", Prompt="en_US/callers/blocked.wav")
    create_list(page, "VIP customers", "vip", Order="20", Priority="10", Target="CSQ_Gold")

    # Import a spreadsheet's export: semicolons, accents, a header in capitals, four bad rows.
    page.get_by_role("navigation", name="List sections").get_by_role("link", name="Import / export").click()
    upload = tmp_path / "vip-customers.csv"
    upload.write_text(CSV, encoding="cp1252")
    page.locator("#id_file").set_input_files(str(upload))
    page.get_by_label("import the good rows and list the bad ones").check()
    screenshot(page, "callers-import")
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#transfer-state")).to_have_text("Waiting for a worker")
    transfer_run(CallerTransfer.objects.get().pk)  # the worker's part; the open page follows by itself
    expect(page.locator("#transfer-state")).to_have_text("Done", timeout=10_000)
    expect(page.locator("#transfer-message")).to_contain_text("Imported: 5 added, 0 changed. 4 bad rows")
    expect(page.locator("#transfer-message")).to_contain_text("read as Windows-1252")
    rejections = page.locator("#rejections")
    expect(rejections).to_contain_text("not a phone number")
    expect(rejections).to_contain_text("in the past")
    expect(rejections).to_contain_text("would match every caller")
    expect(rejections).to_contain_text("+15550100100 is already on line 2 of this file")
    screenshot(page, "callers-import-report")

    # Two callers ring; one is unknown and abusive: block them from the recent calls.
    assert ivr_caller(site, "5550100199")["found"] is False
    assert ivr_caller(site, "5550100177")["found"] is False
    flush_lookups()  # the log's own thread does this within a second
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Callers").click()
    row = page.locator("#recent-lookups tr", has_text="+15550100199")
    expect(row).to_be_visible(timeout=10_000)
    screenshot(page, "callers-home")
    row.get_by_role("button", name="Block this caller").click()
    expect(page.get_by_text("+15550100199 is blocked now (Blocked).")).to_be_visible()

    # The other one is a new key account: mark them VIP.
    page.get_by_role("link", name="VIP customers").first.click()
    add = page.get_by_role("region", name="Add a caller")
    add.get_by_label("Number").fill("(555) 010-0177")
    add.get_by_label("Name").fill("Dana New (Initech)")
    page.get_by_role("button", name="Add to VIP customers").click()
    expect(page.get_by_text("+15550100177 was added to VIP customers.")).to_be_visible()
    expect(page.locator("#entries")).to_contain_text("Dana New (Initech)")
    screenshot(page, "callers-vip-list")

    # The worker's part: it builds UCCX's copies of both lists (the badge follows by itself), then
    # writes them to UCCX.
    badge = page.locator(".callers-defaults")
    expect(badge).to_contain_text("being built")
    build_lagging_copies()
    expect(badge).to_contain_text("waiting for UCCX", timeout=10_000)
    wake_pending()
    drain(budget=20)
    page.reload()
    expect(page.get_by_text("in UCCX")).to_be_visible()

    # What does a caller from Berlin who is also a key account get? The search shows the IVR's answer.
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Callers").click()
    page.get_by_label("Number, prefix, name or reason").fill("+44 20 7946 0958")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#effective-profile")).to_contain_text("What the IVR answers for +442079460958: VIP")
    expect(page.locator("#effective-profile")).to_contain_text("Sterling & Sons Ltd")
    screenshot(page, "callers-search")

    blocked, vip, unknown = (ivr_caller(site, n) for n in ("555 010 0199", "+15550100177", "5550100155"))
    assert (blocked["blocked"], blocked["vip"], blocked["prompt"]) == (
        True,
        False,
        "en_US/callers/blocked.wav",
    )
    assert (vip["vip"], vip["priority"], vip["target"], vip["name"]) == (
        True,
        10,
        "CSQ_Gold",
        "Dana New (Initech)",
    )
    assert unknown["found"] is False
    berlin = ivr_caller(site, "+49 30 1234567")
    assert (berlin["vip"], berlin["language"], berlin["lists"]) == (True, "de_DE", ["VIP customers"])
    assert in_document(site, "Blocked", "5550100199")
    assert in_document(site, "VIP_customers", "5550100177")
    assert not in_document(site, "VIP_customers", "5550100155")
    for number, national in (("+15550100100", "5550100100"), ("+15550100101", "5550100101")):
        assert ivr_caller(site, number)["vip"] is in_document(site, "VIP_customers", national) is True
