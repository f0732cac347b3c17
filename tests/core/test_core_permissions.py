"""Permission matrix: every role against every page and endpoint of the frame, and the object rules."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from core.models import Team
from core.rules import can_edit, can_view
from core.selectors import editable_teams, visible_to

ROLES = ["anonymous", "viewer", "supervisor_x", "supervisor_y", "admin", "ivr"]
LOGIN, ADMIN_LOGIN, OK, DENIED, DONE = "login", "admin-login", 200, 403, "done"
UNAUTHENTICATED = 401  # the API challenges anonymous callers (WWW-Authenticate: Basic)

# endpoint -> (method, path template, expected per role in ROLES order); {x} is team X's id.
MATRIX = {
    "dashboard": ("get", "/", [LOGIN, OK, OK, OK, OK, DENIED]),
    "status page": ("get", "/status/", [LOGIN, OK, OK, OK, OK, DENIED]),
    "status banner": ("get", "/status/banner/", [LOGIN, OK, OK, OK, OK, DENIED]),
    "sync teams button": ("post", "/teams/sync/", [LOGIN, DENIED, DENIED, DENIED, DONE, DENIED]),
    "password change": ("get", "/password/", [LOGIN, OK, OK, OK, OK, OK]),
    "admin": ("get", "/admin/", [ADMIN_LOGIN] * 4 + [OK, ADMIN_LOGIN]),
    "admin team page": ("get", "/admin/core/team/{x}/change/", [ADMIN_LOGIN] * 4 + [OK, ADMIN_LOGIN]),
    "admin team history": ("get", "/admin/core/team/{x}/history/", [ADMIN_LOGIN] * 4 + [OK, ADMIN_LOGIN]),
    "api schema": ("get", "/api/schema/", [UNAUTHENTICATED, OK, OK, OK, OK, DENIED]),
    "api docs": ("get", "/api/docs/", [LOGIN, OK, OK, OK, OK, DENIED]),
    "api uccx status": ("get", "/api/v1/uccx/status", [UNAUTHENTICATED, DENIED, DENIED, DENIED, OK, DENIED]),
    "api teams": ("get", "/api/v1/teams/", [UNAUTHENTICATED, OK, OK, OK, OK, DENIED]),
    "api team X by id": ("get", "/api/v1/teams/{x}/", [UNAUTHENTICATED, OK, OK, DENIED, OK, DENIED]),
}


def client_for(account: Any) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account)
    return client


def check(response: Any, expected: Any, path: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    elif expected == DONE:
        assert response.status_code == 302
        assert response["Location"] == reverse("sync:status")
    else:
        assert response.status_code == expected, f"{path}: {response.status_code}"


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
@pytest.mark.parametrize("endpoint", MATRIX)
def test_permission_matrix(endpoint: str, role_index: int, accounts: dict, team_x: Team, uccx_settings: Any):
    method, template, expected = MATRIX[endpoint]
    path = template.format(x=team_x.pk)
    response = getattr(client_for(accounts[ROLES[role_index]]), method)(path)
    check(response, expected[role_index], path)


@pytest.mark.parametrize("role", ROLES)
def test_changes_page_follows_the_page_roles(role: str, accounts: dict):
    """The Changes page (sync app) extends the frame; every page role may read it, IVR may not."""
    try:
        path = reverse("sync:changes")
    except NoReverseMatch:
        pytest.skip("the sync app has no Changes page yet")
    expected = {"anonymous": LOGIN, "ivr": DENIED}.get(role, OK)
    check(client_for(accounts[role]).get(path), expected, path)


def test_a_supervisor_cannot_open_or_edit_another_teams_object_by_id(accounts, team_x, team_y):
    sup_x = accounts["supervisor_x"]
    assert can_view(sup_x, team_x)
    assert can_edit(sup_x, team_x)
    assert not can_view(sup_x, team_y)
    assert not can_edit(sup_x, team_y)
    assert sup_x.has_perm("core.view_team", team_x)
    assert not sup_x.has_perm("core.view_team", team_y)
    # A domain object of team Y (anything carrying `team`): readable and editable by Y's supervisor only.
    of_y = SimpleNamespace(team=team_y)
    assert not can_view(sup_x, of_y)
    assert not can_edit(sup_x, of_y)
    assert can_view(accounts["supervisor_y"], of_y)
    assert can_edit(accounts["supervisor_y"], of_y)


def test_shared_objects_are_read_by_all_and_changed_by_administrators_only(accounts):
    shared = SimpleNamespace(team=None)
    for role in ("viewer", "supervisor_x", "admin"):
        assert can_view(accounts[role], shared), role
    assert not can_edit(accounts["supervisor_x"], shared)
    assert can_edit(accounts["admin"], shared)
    assert not can_view(accounts["ivr"], shared)
    assert not can_edit(accounts["ivr"], shared)


def test_viewers_read_everything_and_change_nothing(accounts, team_x, team_y):
    viewer = accounts["viewer"]
    for team in (team_x, team_y, None):
        obj = SimpleNamespace(team=team)
        assert can_view(viewer, obj)
        assert not can_edit(viewer, obj)


def test_lists_and_team_choices_are_scoped(accounts, team_x, team_y):
    teams = Team.objects.all()
    assert list(visible_to(accounts["supervisor_x"], teams)) == [team_x]
    assert set(visible_to(accounts["viewer"], teams)) == {team_x, team_y}
    assert set(visible_to(accounts["admin"], teams)) == {team_x, team_y}
    assert not visible_to(accounts["ivr"], teams).exists()
    assert list(editable_teams(accounts["supervisor_x"])) == [team_x]
    assert not editable_teams(accounts["viewer"]).exists()


@pytest.mark.urls("tests.core.scoped_urls")
def test_team_scoped_pages_list_open_and_edit_by_the_rules(accounts, team_x, team_y):
    sup_x = client_for(accounts["supervisor_x"])
    assert sup_x.get("/teams/").content == b"Support"
    assert sup_x.get(f"/teams/{team_x.pk}/").status_code == 200
    refused = sup_x.get(f"/teams/{team_y.pk}/")
    assert refused.status_code == 403
    assert b"team you do not supervise" in refused.content
    # Teams themselves are edited by administrators only (the sync owns them).
    assert sup_x.get(f"/teams/{team_x.pk}/edit/").status_code == 403
    assert client_for(accounts["admin"]).get(f"/teams/{team_y.pk}/edit/").status_code == 200
    assert client_for(accounts["viewer"]).get("/teams/").content == b"Sales,Support"
    assert client_for(accounts["ivr"]).get("/teams/").status_code == 403
    assert client_for(None).get("/teams/").status_code == 302


@pytest.mark.urls("tests.core.scoped_urls")
def test_forms_offer_only_the_teams_the_user_may_assign(accounts, team_x, team_y):
    assert client_for(accounts["supervisor_x"]).get("/owner/").content == b"Support (required)"
    assert client_for(accounts["admin"]).get("/owner/").content == b"Sales,Support (optional)"  # or everyone
    assert client_for(accounts["viewer"]).get("/owner/").content == b" (required)"


def test_api_lists_only_the_teams_a_supervisor_sees(accounts, team_x):
    answer = client_for(accounts["supervisor_x"]).get("/api/v1/teams/").json()
    assert [(team["name"], team["supervisors"]) for team in answer] == [("Support", ["sup_x"])]


def test_api_accepts_token_and_basic_authentication(accounts, team_x):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=accounts["viewer"])
    by_token = Client().get("/api/v1/teams/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert by_token.status_code == 200
    import base64

    basic = base64.b64encode(b"sup_x:sup_x-pw").decode()
    by_basic = Client().get(f"/api/v1/teams/{team_x.pk}/", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert by_basic.status_code == 200
    assert by_basic.json()["name"] == "Support"


def test_writes_through_the_api_are_refused_without_the_rule(accounts, team_x):
    """The teams API is read-only; a method the view lacks is refused before any rule is bypassed."""
    response = client_for(accounts["supervisor_x"]).delete(f"/api/v1/teams/{team_x.pk}/")
    assert response.status_code in (403, 405)
    assert Team.objects.filter(pk=team_x.pk).exists()
