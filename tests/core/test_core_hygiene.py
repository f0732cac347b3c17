"""Issue 9, leaks and hygiene: the admin's token list shows key prefixes only; a refused page is one log
line, not a traceback."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from core.models import Team
from tests.core.helpers import make_user

pytestmark = pytest.mark.django_db


def test_the_admin_token_list_shows_a_key_prefix_only() -> None:
    admin = make_user("root", is_staff=True, is_superuser=True)
    token = Token.objects.create(user=make_user("ivr", "IVR"))
    client = Client()
    client.force_login(admin)

    page = client.get("/admin/authtoken/tokenproxy/").content.decode()

    assert token.key not in page
    assert f"{token.key[:6]}…" in page


def test_a_new_token_s_key_is_shown_once_to_the_admin_who_made_it() -> None:
    admin = make_user("root", is_staff=True, is_superuser=True)
    user = make_user("ivr", "IVR")
    client = Client()
    client.force_login(admin)

    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": user.pk}, follow=True)

    key = Token.objects.get(user=user).key
    assert f"new token is {key}" in response.content.decode()
    assert key not in client.get("/admin/authtoken/tokenproxy/").content.decode()


def test_a_refused_page_is_logged_as_one_line(caplog: Any) -> None:
    team = Team.objects.create(uccx_id=7, name="Sales")
    client = Client()
    client.force_login(make_user("viewer", "Viewer"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/teams/sync/")  # a POST-only page for administrators
        assert response.status_code in (403, 405)
        client.get(f"/admin/core/team/{team.pk}/change/")
    refused = [r for r in caplog.records if r.name == "django.request"]
    assert refused
    assert all(r.exc_info is None and not r.exc_text for r in refused)


def test_a_supervisor_sees_the_changes_of_their_teams_only(settings: Any) -> None:
    """Issue 9: every team's changes were on every supervisor's Changes page."""
    from calendars.data import CalendarData
    from calendars.services import calendar_create

    settings.UCCX_PRIMARY_URL, settings.UCCX_SECONDARY_URL, settings.UCCX_TIMEOUT = (
        "http://127.0.0.1:9",
        "",
        0.2,
    )
    support, sales = (
        Team.objects.create(uccx_id=1, name="Support"),
        Team.objects.create(uccx_id=2, name="Sales"),
    )
    supervisor = make_user("sup", "Supervisor", teams=(support,))
    admin = make_user("boss", "Administrator")
    calendar_create(actor=supervisor, data=CalendarData(name="Support Hours", time_zone="UTC", team=support))
    calendar_create(actor=admin, data=CalendarData(name="Sales Hours", time_zone="UTC", team=sales))
    pages = {}
    for user in (supervisor, admin):
        client = Client()
        client.force_login(user)
        pages[user.username] = client.get("/changes/").content.decode()

    assert "Support Hours" in pages["sup"]
    assert "Sales Hours" not in pages["sup"]
    assert "Sales Hours" in pages["boss"]
    assert "Support Hours" in pages["boss"]
