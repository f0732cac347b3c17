"""A supervisor sees queued → applied happen by itself: real Chromium against the real processes
(gunicorn, Celery worker with beat, UCCX monitor, a private Redis) while UCCX is read-only, then recovers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bench.stack import RedisServer, Stack
from calendars.engine import Interval, WeeklyHours
from calendars.services import calendar_create
from core.models import Team
from tests.calendars.test_calendar_services import support_data, uccx_copy
from tests.core.helpers import make_user
from uccx_simulator import Simulator

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not RedisServer.available(), reason="redis-server is not on PATH (private broker)"),
]


@pytest.fixture
def stack(app_stack: Callable[..., Stack]) -> Stack:
    return app_stack()


def test_an_emergency_saved_while_uccx_is_read_only_reaches_it_by_itself(
    page: Page, uccx_sim: Simulator, stack: Stack, screenshot: Any
) -> None:
    support = Team.objects.create(uccx_id=1, name="Support")
    make_user("supervisor", "Supervisor", teams=(support,), first_name="Sam")
    weekly = WeeklyHours(monday=(Interval.parse("08:00-17:00"),))
    calendar_create(actor=None, data=support_data(team=support, weekly=weekly, holidays=()))
    uccx_sim.set_cluster("read_only")

    page.goto(stack.web_url + "/login/")
    page.get_by_label("Username").fill("supervisor")
    page.get_by_label("Password").fill("supervisor-pw")
    page.get_by_role("button", name="Sign in").click()
    page.goto(stack.web_url + "/calendars/")
    page.get_by_text("Emergency: close now").click()
    page.get_by_role("button", name="Yes, close Support now").click()

    card = page.get_by_role("article", name="Support")
    expect(card).to_contain_text("Emergency switch ON")
    expect(card.locator(".badge--queued")).to_contain_text("waiting for UCCX")
    screenshot(page, "calendars-queued-while-read-only")
    assert not any(day["name"] == "Emergency closure" for day in _special_days(uccx_copy(uccx_sim)))

    uccx_sim.set_cluster("normal")  # no reload from here on: the badge polls, the worker replays

    expect(card.locator(".badge--applied")).to_contain_text("in UCCX", timeout=30_000)
    # The banner turns green with the badge, not seconds later (it refreshes when a badge stops waiting).
    expect(page.locator("#uccx-banner")).to_have_class(re.compile(r"\bbanner--ok\b"), timeout=2_000)
    assert any(day["name"] == "Emergency closure" for day in _special_days(uccx_copy(uccx_sim)))
    screenshot(page, "calendars-applied-after-recovery")


def _special_days(copy: dict[str, Any]) -> list[dict[str, Any]]:
    days = (copy.get("specialDays") or {}).get("specialDay") or []
    return days if isinstance(days, list) else [days]
