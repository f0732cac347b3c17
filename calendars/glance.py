"""The calendars' section of the dashboard (core/glance.py): every visible calendar's state now and until
when, and the emergency switches that are on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from calendars.selectors import calendar_dashboard
from core.glance import Fact, Glance


def calendars_glance(user: Any, now: datetime) -> Glance | None:
    if not user.has_perm("core.use_pages"):
        return None
    rows = calendar_dashboard(user, now)
    if not rows:
        return Glance("calendars", "Calendars", "calendars/_glance.html", [], {"rows": rows})
    emergencies = [row for row in rows if row.emergency_active]
    open_now = [row for row in rows if row.status.is_open]
    refused = [row for row in rows if row.sync is not None and row.sync.state == "failed"]
    url = reverse("calendars:list")
    facts = [
        Fact(
            "ok" if len(open_now) == len(rows) else "info",
            f"{len(open_now)} of {len(rows)} calendar{'s' if len(rows) != 1 else ''} open now",
            url,
        )
    ]
    facts += [
        Fact("danger", f"Emergency switch ON for {row.calendar.name}: {row.calendar.emergency_note}", url)
        for row in emergencies
    ]
    if refused:
        names = ", ".join(row.calendar.name for row in refused)
        facts.append(Fact("danger", f"UCCX refused the latest change of {names}", url))
    return Glance("calendars", "Calendars", "calendars/_glance.html", facts, {"rows": rows})
