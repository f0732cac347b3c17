"""A wrong UCCX password is its own cluster state ("UCCX refuses our credentials"), never "ok (writable)".

With a wrong password both nodes answer 401: the monitor used to print `ok (writable)`. Now the monitor's
output, the banner on every page, the status page and GET /api/v1/uccx/status all say what is wrong.
"""

import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from sync.cluster import get_cluster_state, refresh_cluster_state
from tests.core.helpers import make_user


@pytest.fixture
def wrong_password(uccx_settings):
    uccx_settings.UCCX_PASSWORD = "not-the-password"
    return uccx_settings


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_both_nodes_refusing_is_credentials_refused_not_writable(wrong_password, uccx_sim) -> None:
    state = refresh_cluster_state()

    assert (state.mode, state.writable) == ("credentials_refused", False)
    assert [(node.reachable, node.credentials_refused) for node in state.nodes] == [
        (True, True),
        (True, True),
    ]
    assert "Authentication failed" in state.nodes[0].error
    assert get_cluster_state().mode == "credentials_refused"


def test_the_monitor_says_uccx_refuses_our_credentials(wrong_password, uccx_sim) -> None:
    out = StringIO()
    call_command("uccx_monitor", "--once", stdout=out)
    text = out.getvalue()

    assert "ok (writable)" not in text
    assert "UCCX cluster: credentials_refused (not writable): UCCX refuses our credentials" in text
    assert f"node A {uccx_sim.url('A')}: reachable, credentials refused" in text


@pytest.mark.django_db
def test_banner_status_page_and_status_api_say_so(wrong_password, uccx_sim) -> None:
    refresh_cluster_state()
    admin = Client()
    admin.force_login(make_user("admin", "Administrator", is_staff=True))

    banner = text_of(admin.get("/status/banner/").content.decode())
    assert "UCCX refuses this app's credentials" in banner
    assert "Node A: refuses our credentials" in banner
    page = text_of(admin.get("/status/").content.decode())
    assert "UCCX refuses this app's credentials" in page
    assert "refuses our credentials" in page
    body = admin.get("/api/v1/uccx/status").json()
    assert body["cluster"]["mode"] == "credentials_refused"
    assert body["cluster"]["writable"] is False
    assert all(node["credentials_refused"] for node in body["cluster"]["nodes"])


def test_fixing_the_password_makes_it_writable_and_drains(wrong_password, uccx_sim, monkeypatch) -> None:
    from sync import cluster

    calls: list[str] = []
    monkeypatch.setattr(cluster, "_writable_hooks", [lambda: calls.append("drain")])
    assert refresh_cluster_state().mode == "credentials_refused"
    assert calls == []

    wrong_password.UCCX_PASSWORD = "ciscopsdt"
    assert refresh_cluster_state().mode == "ok"
    assert calls == ["drain"]
