"""The dashboard answers "is everything open and in UCCX?" at a glance, for what the user may see."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from calendars.data import CalendarData
from calendars.engine import Interval, WeeklyHours
from calendars.services import calendar_create, emergency_switch_on
from core.glance import Fact, Glance, glance_for, headline, register
from sync.cluster import refresh_cluster_state
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db

ALWAYS = WeeklyHours.from_mapping({day: [Interval.parse("00:00-00:00")] for day in range(7)})


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def calendars(uccx: Simulator, accounts: dict, team_x: Any, team_y: Any) -> dict[str, Any]:
    refresh_cluster_state()
    support = CalendarData(name="Support", time_zone="Europe/Zurich", team=team_x, weekly=ALWAYS)
    sales = CalendarData(name="Sales", time_zone="UTC", team=team_y, weekly=ALWAYS)
    return {
        "support": calendar_create(actor=None, data=support).calendar,
        "sales": calendar_create(actor=None, data=sales).calendar,
    }


def test_all_is_well_when_everything_is_open_and_in_uccx(calendars: dict, accounts: dict) -> None:
    html = browser(accounts["supervisor_x"]).get("/").content.decode()
    page = text(html)
    assert "All is well" in page
    assert "1 of 1 calendar open now" in page  # Sales belongs to another team
    assert "UCCX has every change" in page
    assert "UCCX is working normally." in page
    glance = html[html.index('id="glance"') :]
    assert 'hx-get="/glance/"' in html
    assert 'hx-trigger="every 10s, sync-changed from:body"' in html
    assert "Support" in glance
    assert "Sales" not in glance
    assert "in UCCX" in glance


def test_an_emergency_and_waiting_changes_need_attention(
    calendars: dict, accounts: dict, uccx: Simulator
) -> None:
    uccx.set_cluster("read_only")
    refresh_cluster_state()
    emergency_switch_on(calendar=calendars["support"], actor=None, mode="force_closed", note="Fire drill")
    page = text(browser(accounts["admin"]).get("/glance/").content.decode())
    assert "Needs attention now" in page
    assert "Emergency switch ON for Support: Fire drill" in page
    assert "1 of 2 calendars open now" in page
    assert re.search(r"1 change waiting for UCCX, the oldest for (a moment|\d+\xa0seconds?)", page)
    assert "UCCX is read-only right now" in page
    assert "Emergency: forced closed" in page
    assert "waiting for UCCX since a moment ago" in page


def test_other_apps_add_their_sections_and_facts() -> None:
    """The hook announcements and call switches (issue 13) use."""

    def switches(user: Any, now: Any) -> Glance:
        return Glance(
            "switches", "Call switches", "core/_glance_test.html", [Fact("warning", "Overflow is on")]
        )

    register("test-switches", 40, switches)
    try:
        sections = glance_for(type("U", (), {"has_perm": lambda self, perm: False})())
        assert [section.title for section in sections] == ["Call switches"]
        level, facts = headline(sections)
        assert (level, [fact.text for fact in facts]) == ("warning", ["Overflow is on"])
    finally:
        from core import glance

        del glance._providers["test-switches"]
