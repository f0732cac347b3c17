"""A real Chromium: each role sees exactly its navigation and actions; the banner follows UCCX."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from core.models import Team
from core.nav import links_for
from sync.cluster import refresh_cluster_state
from tests.browser.helpers import sign_in
from tests.core.helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server: Any, uccx_settings: Any, uccx_sim: Any) -> Any:
    """The live app pointed at the simulator, with two teams and one account per role."""
    uccx_sim.add_team(1, "Support", "supervisor", ["alice"])
    uccx_sim.add_team(2, "Sales", "alice")
    support = Team.objects.create(uccx_id=1, name="Support")
    Team.objects.create(uccx_id=2, name="Sales")
    users = {
        "supervisor": make_user("supervisor", "Supervisor", teams=(support,), first_name="Sam"),
        "viewer": make_user("viewer", "Viewer", first_name="Vera"),
        "admin": make_user("admin", "Administrator", first_name="Ada"),
        "ivr": make_user("ivr", "IVR"),
    }
    refresh_cluster_state()
    return type("Site", (), {"url": live_server.url, "sim": uccx_sim, "users": users})


@pytest.fixture
def csp_violations(page: Page) -> list[str]:
    """Console errors (a script or style blocked by the CSP shows here) and failed loads, with their URL."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    return errors


def nav_labels(page: Page) -> list[str]:
    return page.get_by_role("navigation", name="Sections").get_by_role("link").all_inner_texts()


def visit_every_section(page: Page, site: Any, labels: list[str]) -> None:
    for label in labels:
        page.get_by_role("navigation", name="Sections").get_by_role("link", name=label).click()
        page.wait_for_load_state()
        expect(page.get_by_role("link", name=label, exact=True).first).to_have_attribute(
            "aria-current", "page"
        )
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator("#uccx-banner")).to_contain_text("UCCX is working normally.")


def test_a_supervisor_sees_their_sections_and_no_admin_actions(
    page: Page, site: Any, csp_violations, screenshot
):
    sign_in(page, site, "supervisor")
    expect(page.get_by_role("heading", name="Hello, Sam")).to_be_visible()
    expect(page.locator("main")).to_contain_text("your team Support")
    expected = [link.label for link in links_for(site.users["supervisor"], "")]
    assert nav_labels(page) == expected
    assert {"Changes", "Status"} <= set(expected)
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)
    screenshot(page, "dashboard-supervisor")
    visit_every_section(page, site, expected)

    page.goto(site.url + "/status/")
    expect(page.get_by_role("button", name="Sync teams now")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Support")
    expect(page.locator("main")).not_to_contain_text("Sales")  # another team's
    page.goto(site.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    assert csp_violations == []


def test_a_viewer_reads_everything_and_changes_nothing(page: Page, site: Any, csp_violations, screenshot):
    sign_in(page, site, "viewer")
    expect(page.locator("main")).to_contain_text(
        "You can look at everything here; you cannot change anything."
    )
    expected = [link.label for link in links_for(site.users["viewer"], "")]
    assert nav_labels(page) == expected
    screenshot(page, "dashboard-viewer")
    visit_every_section(page, site, expected)
    page.goto(site.url + "/changes/")
    screenshot(page, "changes-viewer")
    page.goto(site.url + "/status/")
    expect(page.locator("main")).to_contain_text("Sales")
    expect(page.get_by_role("button", name="Sync teams now")).to_have_count(0)
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)
    assert page.locator("main form[method=post]").count() == 0  # no action buttons for a viewer
    assert csp_violations == []


def test_an_administrator_syncs_teams_and_opens_the_admin(page: Page, site: Any, csp_violations, screenshot):
    sign_in(page, site, "admin")
    expect(page.get_by_role("link", name="Administration")).to_be_visible()
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Status").click()
    page.get_by_role("button", name="Sync teams now").click()
    expect(page.get_by_role("status").filter(has_text="Teams synchronised from UCCX")).to_be_visible()
    expect(page.locator("main")).to_contain_text("alice")  # a supervisor without an account here
    screenshot(page, "status-admin")
    page.get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()
    page.goto(site.url + "/admin/auth/user/")
    expect(page.locator("#result_list")).to_contain_text("Supervisor")
    screenshot(page, "admin-users")
    page.goto(site.url + "/api/docs/")
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/teams/")
    screenshot(page, "api-docs", full_page=False)
    assert csp_violations == []


def test_an_ivr_account_has_no_pages(page: Page, site: Any):
    sign_in(page, site, "ivr")
    expect(page.get_by_role("heading", name="You cannot open this")).to_be_visible()
    expect(page.get_by_role("navigation", name="Sections")).to_have_count(0)


def test_the_banner_changes_when_node_a_goes_down(page: Page, site: Any, csp_violations, screenshot):
    page.goto(site.url + "/login/")
    screenshot(page, "login")
    sign_in(page, site, "supervisor")
    banner = page.locator("#uccx-banner")
    expect(banner).to_contain_text("Node A: working · master")

    site.sim.set_node("A", "down")
    refresh_cluster_state()
    page.reload()
    expect(banner).to_contain_text("Node A: not reachable")
    expect(banner).to_contain_text("UCCX node A cannot be reached, so UCCX is read-only")
    screenshot(page, "banner-node-a-down")

    site.sim.set_node("B", "down")
    refresh_cluster_state()
    # htmx swaps the banner in place (what its poll does every few seconds), under the strict CSP.
    page.evaluate("htmx.ajax('GET', '/status/banner/', {target: '#uccx-banner', swap: 'outerHTML'})")
    expect(banner).to_contain_text(
        "UCCX cannot be reached right now — changes are saved here and will reach UCCX when it is back."
    )
    page.goto(site.url + "/status/")
    expect(page.locator("main")).to_contain_text("not reachable")
    screenshot(page, "status-uccx-down")
    assert csp_violations == []


def test_the_layout_works_on_a_phone(page: Page, site: Any, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, "supervisor")
    expect(page.get_by_role("navigation", name="Sections").get_by_role("link", name="Status")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    screenshot(page, "dashboard-phone")
