"""The sync badge: a queued badge polls its own URL until UCCX has the change."""

from typing import Any

import pytest
from django.test import Client

from sync.replay import drain, wake_pending
from tests.syncprobe.services import KIND, probe_create
from uccx_simulator import Simulator

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(db: Any) -> Client:
    client = Client()
    client.force_login(make_user("watcher", "Viewer"))
    return client


def test_a_queued_badge_polls_until_the_change_is_applied(uccx: Simulator, viewer: Client) -> None:
    uccx.set_cluster("read_only")
    probe, _ = probe_create(name="Support", actor=None)
    url = f"/changes/badge/{KIND}/{probe.pk}/"

    waiting = viewer.get(url)
    assert "HX-Trigger" not in waiting
    queued = waiting.content.decode()
    assert "waiting for UCCX" in queued
    assert f'hx-get="{url}"' in queued

    uccx.set_cluster("normal")
    wake_pending()  # what the monitor's on_writable hook does: retry now, not after the backoff
    drain(budget=10)
    settled = viewer.get(url)
    assert settled["HX-Trigger"] == "sync-changed"  # the banner refreshes with it (issue 11)
    applied = settled.content.decode()
    assert "in UCCX" in applied
    assert "hx-get" not in applied  # settled: the polling stops


def test_the_badge_needs_a_page_account(db: Any) -> None:
    ivr = Client()
    ivr.force_login(make_user("script", "IVR"))
    assert ivr.get(f"/changes/badge/{KIND}/1/").status_code == 403
    assert Client().get(f"/changes/badge/{KIND}/1/").status_code == 302
