"""What every browser test does the same way: sign in through the login page."""

from typing import Any

from playwright.sync_api import Page


def sign_in(page: Page, site: Any, username: str = "supervisor") -> None:
    """Through the login page, as a person would (the demo accounts' password is `<username>-pw`)."""
    page.goto(site.url + "/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"{username}-pw")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
