"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"  # Debian's package: apt-get install -y chromium
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}, "locale": "en-US"}


@pytest.fixture
def screenshot() -> Any:
    """`screenshot(page, "name")` saves docs/screenshots/name.png when SAVE_SCREENSHOTS=1 (else nothing)."""

    def save(page: Any, name: str, full_page: bool = True) -> None:
        if os.environ.get("SAVE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return save


@pytest.fixture
def site(live_server: Any, uccx_settings: Any, uccx_sim: Any) -> Any:
    """The live app pointed at the simulator: the team Support with its supervisor (Sam, `supervisor`),
    and the IVR account (`ivr`). A test module adds what it needs by asking for `site` in its own."""
    from core.models import Team
    from tests.core.helpers import make_user

    support = Team.objects.create(uccx_id=1, name="Support")
    make_user("supervisor", "Supervisor", teams=(support,), first_name="Sam")
    make_user("ivr", "IVR")
    return SimpleNamespace(url=live_server.url, sim=uccx_sim, support=support)
