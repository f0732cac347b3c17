"""The frame: navigation registry, status banner, security headers, roles migration and demo data."""

import re
import sys
from importlib.machinery import ModuleSpec
from io import StringIO
from types import ModuleType

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from core import nav
from core.models import Team
from core.roles import DOMAIN_APPS
from sync.cluster import refresh_cluster_state

SAVED_HERE = "changes are saved here and will reach UCCX when it is back"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(html: str) -> str:
    """What a reader sees: tags dropped, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def registry(monkeypatch):
    """The real registry's entries, restored after the test."""
    monkeypatch.setattr(nav, "_entries", dict(nav._entries))
    return nav


def test_a_section_appears_only_when_its_page_exists_and_the_user_may_open_it(registry, accounts):
    registry.register(nav.NavEntry("Not built yet", "no-such-page", 10))
    registry.register(nav.NavEntry("Secret", "dashboard", 5, permission="core.sync_teams"))
    viewer_labels = [link.label for link in nav.links_for(accounts["viewer"], "/status/")]
    assert "Not built yet" not in viewer_labels
    assert "Secret" not in viewer_labels
    assert "Calendars" in viewer_labels  # a real section, with a page the viewer may open
    assert viewer_labels[-1] == "Status"
    admin_links = nav.links_for(accounts["admin"], "/status/")
    assert admin_links[0].label == "Secret"  # ordered by `order`
    assert [link.label for link in admin_links if link.active] == ["Status"]
    assert nav.links_for(accounts["ivr"], "/") == []


@pytest.mark.parametrize(
    ("role", "says", "not_says"),
    [
        ("supervisor_x", "your team Support", "Administration"),
        ("viewer", "you cannot change anything", "Administration"),
        ("admin", "manage accounts under Administration", "cannot change anything"),
    ],
)
def test_the_start_page_tells_each_role_what_it_may_do(accounts, role, says, not_says):
    html = signed_in(accounts[role]).get("/").content.decode()
    assert says in text_of(html)
    assert not_says not in text_of(html)
    assert 'href="/status/"' in html


def test_an_ivr_account_gets_a_plain_refusal_page(accounts):
    response = signed_in(accounts["ivr"]).get("/")
    assert response.status_code == 403
    assert "Your account does not allow this page" in response.content.decode()
    assert "uccx-banner" not in response.content.decode()


def banner_of(client: Client) -> str:
    return text_of(client.get("/status/banner/").content.decode())


def test_the_banner_follows_the_cluster_state(uccx_settings, uccx_sim, accounts):
    client = signed_in(accounts["supervisor_x"])
    assert "has not been checked yet" in banner_of(client)

    refresh_cluster_state()
    text = banner_of(client)
    assert "UCCX is working normally." in text
    assert "Node A: working · master" in text
    assert "Node B: working" in text

    uccx_sim.set_node("A", "down")
    refresh_cluster_state()
    text = banner_of(client)
    assert "Node A: not reachable" in text
    # With a peer down, UCCX takes no configuration changes: the banner says so and why.
    assert "UCCX node A cannot be reached, so UCCX is read-only — " + SAVED_HERE in text

    uccx_sim.set_node("A", "up")
    uccx_sim.set_cluster("island")  # both nodes claim to be master: writes are refused
    refresh_cluster_state()
    assert "UCCX is read-only right now — " + SAVED_HERE in banner_of(client)

    uccx_sim.set_cluster("normal")
    uccx_sim.set_node("A", "down")
    uccx_sim.set_node("B", "down")
    refresh_cluster_state()
    text = banner_of(client)
    assert "UCCX cannot be reached right now — " + SAVED_HERE in text
    assert "Node B: not reachable" in text
    # Every page carries it, polled by htmx.
    page = client.get("/").content.decode()
    assert 'id="uccx-banner"' in page
    assert 'hx-get="/status/banner/"' in page
    assert SAVED_HERE in page


def test_pages_send_a_strict_content_security_policy_and_no_inline_script(accounts):
    response = signed_in(accounts["viewer"]).get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"\son[a-z]+=", html) == []  # no inline event handlers
    assert 'src="/static/django_htmx/htmx-2.min.js"' in html


def test_static_assets_are_vendored():
    for asset in (
        "core/app.css",
        "django_htmx/htmx-2.min.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
    ):
        assert finders.find(asset), asset


def test_swagger_ui_is_served_from_vendored_files_without_inline_script(accounts):
    client = signed_in(accounts["viewer"])
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http://" not in html
    assert "https://" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/teams/" in schema["paths"]


def test_friendly_not_found_page(accounts):
    response = signed_in(accounts["viewer"]).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_roles_migration_gives_each_role_its_model_permissions(db):
    def perms(role: str) -> set[str]:
        return {
            f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()
        }

    admin, supervisor, viewer, ivr = (
        perms(role) for role in ("Administrator", "Supervisor", "Viewer", "IVR")
    )
    assert {"auth.change_user", "core.change_team", "core.view_loginevent"} <= admin
    assert "core.view_team" in viewer
    assert "core.change_team" not in viewer
    assert "core.view_team" in supervisor
    assert not any(p.startswith("auth.") for p in supervisor)
    assert ivr == set()
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS).exclude(
        content_type__model__startswith="historical"
    )
    for permission in domain:
        name = f"{permission.content_type.app_label}.{permission.codename}"
        assert name in supervisor, name
        assert (name in viewer) == permission.codename.startswith("view_"), name


@pytest.fixture
def app_demo(monkeypatch):
    """A demo module of a domain app, as `callers/demo.py` would provide it."""
    calls = []
    module = ModuleType("callers.demo")
    module.__spec__ = ModuleSpec("callers.demo", None)
    module.seed = lambda: calls.append("seeded")
    monkeypatch.setitem(sys.modules, "callers.demo", module)
    return calls


def run_seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_reads_teams_from_the_simulator_and_is_idempotent(uccx_settings, uccx_sim, db, app_demo):
    uccx_sim.seed_demo()
    output = run_seed_demo()
    for line in ("admin ", "admin-demo", "supervisor-demo", "viewer-demo", "ivr-demo"):
        assert line in output
    assert app_demo == ["seeded"]
    assert set(Team.objects.values_list("name", flat=True)) == {"Support", "Sales", "Billing"}
    assert list(Team.objects.get(name="Support").supervisors.values_list("username", flat=True)) == [
        "supervisor"
    ]
    token = Token.objects.get(user__username="ivr").key
    assert token in output
    run_seed_demo()
    assert Team.objects.count() == 3
    assert Token.objects.get(user__username="ivr").key == token
    assert signed_in_with_password("supervisor", "supervisor-demo").get("/").status_code == 200
    assert signed_in_with_password("ivr", "ivr-demo").get("/").status_code == 403


def signed_in_with_password(username: str, password: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_seed_demo_without_uccx_uses_local_teams(uccx_settings, uccx_sim, db, app_demo):
    uccx_sim.set_node("A", "down")
    uccx_sim.set_node("B", "down")
    output = run_seed_demo()
    assert "using local demo teams" in output
    assert Team.objects.get(name="Support").supervisors.get().username == "supervisor"
