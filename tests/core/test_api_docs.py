"""API docs a newcomer trusts (issue 11): every operation of the calendars and the frame says what it does,
and /api/schema/ opens in a browser instead of downloading."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.test import Client

from tests.core.helpers import make_user

pytestmark = pytest.mark.django_db
DOCUMENTED = ("/api/v1/calendars/", "/api/v1/teams/", "/api/v1/uccx/")
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def signed_in(db: Any) -> Client:
    client = Client()
    client.force_login(make_user("reader", "Viewer"))
    return client


def test_the_schema_opens_in_a_browser(signed_in: Client) -> None:
    page = signed_in.get("/api/schema/", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert page.status_code == 200
    assert page["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" not in page.get("Content-Disposition", "")
    assert yaml.safe_load(page.content)["info"]["title"] == "Supervisor Tools for Cisco UCCX"
    tools = signed_in.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert tools["Content-Type"].startswith("application/vnd.oai.openapi+json")


def test_every_operation_has_a_summary_and_a_description(signed_in: Client) -> None:
    schema = yaml.safe_load(signed_in.get("/api/schema/").content)
    operations = [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        if path.startswith(DOCUMENTED)
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert len(operations) >= 24
    undocumented = [
        f"{method} {path}"
        for method, path, op in operations
        if not (op.get("summary") and op.get("description"))
    ]
    assert undocumented == []
