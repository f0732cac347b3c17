"""UCCX's section of the dashboard (core/glance.py): whether UCCX is working, and whether it has every
change: how many wait and for how long, and how many it refused."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from core.glance import Fact, Glance
from sync.selectors import queue_stats, uccx_banner

_BANNER_LEVELS = {"ok": "ok", "warning": "warning", "danger": "danger", "unknown": "warning"}


def uccx_glance(user: Any, now: datetime) -> Glance | None:
    if not user.has_perm("core.use_pages"):
        return None
    banner, queue = uccx_banner(), queue_stats()
    changes = reverse("sync:changes") if user.has_perm("sync.view_outboxchange") else ""
    facts = [Fact(_BANNER_LEVELS.get(banner.level, "warning"), banner.sentence, reverse("sync:status"))]
    waiting, failed = queue["depth"], queue["failed"]
    oldest = None
    if waiting:
        oldest = now - timedelta(seconds=queue["oldest_age_seconds"] or 0)
        age = "a moment" if now - oldest < timedelta(seconds=10) else timesince(oldest, now)
        facts.append(
            Fact(
                "warning",
                f"{waiting} change{'s' if waiting != 1 else ''} waiting for UCCX, the oldest for {age}",
                changes,
            )
        )
    else:
        facts.append(Fact("ok", "UCCX has every change", changes))
    if failed:
        facts.append(Fact("danger", f"{failed} change{'s' if failed != 1 else ''} refused by UCCX", changes))
    context = {
        "banner": banner,
        "queue": queue,
        "oldest": oldest,
        "changes_url": changes,
        "now": timezone.now(),
    }
    return Glance("uccx", "UCCX", "sync/_glance.html", facts, context)
