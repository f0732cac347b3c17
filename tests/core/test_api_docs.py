"""API docs a newcomer trusts (issue 11): every operation of the management and IVR APIs says what it does,
and /api/schema/ opens in a browser instead of downloading."""

from __future__ import annotations

import os
from typing import Any

import pytest
import yaml
from django.test import Client

from tests.core.helpers import make_user

pytestmark = pytest.mark.django_db
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
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


def schema_operations(client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    schema = yaml.safe_load(client.get("/api/schema/").content)
    return [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def test_every_operation_has_a_summary_and_a_description(signed_in: Client) -> None:
    """Every operation in the schema, so an endpoint added without docs fails here."""
    operations = schema_operations(signed_in)
    paths = {path for _, path, _ in operations}
    for area in ("calendars", "announcements", "callers", "teams", "uccx"):
        assert any(path.startswith(f"/api/v1/{area}/") for path in paths), area
    assert any(path.startswith("/ivr/v1/") for path in paths)
    assert len(operations) >= 80
    undocumented = [
        f"{method} {path}"
        for method, path, op in operations
        if not (op.get("summary", "").strip() and op.get("description", "").strip())
    ]
    assert undocumented == []


def test_operation_ids_are_unique(signed_in: Client) -> None:
    """Client generators name methods after operationId: two operations sharing one collide."""
    ids = [op["operationId"] for _, _, op in schema_operations(signed_in)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_the_schema_generates_without_a_warning() -> None:
    """Each warning is a part of the API the schema describes wrongly or not at all: the throttled Basic
    scheme was missing from every operation, list answers were free-form objects, an enum had a made-up
    name."""
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", os.devnull)
