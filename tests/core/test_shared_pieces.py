"""Shared glue lives in core: one app never borrows another app's validators, admin mixins, templates or
styles (callers has no reason to know calendars at all; announcements only binds to calendars' models)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BORROWED = ("calendars.validators", "calendars.admin", "calendars/_fields.html", "calendars/calendars.css")


def _sources(app: str) -> list[Path]:
    return [
        path
        for path in (ROOT / app).rglob("*")
        if path.suffix in {".py", ".html", ".css", ".js"} and "migrations" not in path.parts
    ]


@pytest.mark.parametrize("app", ["callers", "announcements"])
def test_apps_use_cores_shared_pieces_not_calendars(app: str) -> None:
    borrowed = [
        f"{path.relative_to(ROOT)}: {piece}"
        for path in _sources(app)
        for piece in BORROWED
        if piece in path.read_text(encoding="utf-8")
    ]
    assert borrowed == []


def test_callers_know_nothing_of_calendars() -> None:
    assert [str(p.relative_to(ROOT)) for p in _sources("callers") if "calendars" in p.read_text()] == []
