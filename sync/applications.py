"""UCCX's applications mirrored into `sync.UccxApplication` (refreshed with the teams): what a calendar or
a prompt may be bound to. Binding checks a name here, reading UCCX again when the name is not known yet."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from sync.cluster import get_uccx_client
from sync.models import UccxApplication
from uccx_client import UccxError

log = logging.getLogger(__name__)


def applications_sync() -> list[str]:
    """Read UCCX's applications; the names now in UCCX. Raises the client's UccxError when UCCX cannot be
    read (nothing changes then); an application gone from UCCX is kept, marked gone."""
    names = sorted(
        {str(item.get("applicationName") or "") for item in get_uccx_client().list_applications()} - {""}
    )
    now = timezone.now()
    with transaction.atomic():
        for name in names:
            UccxApplication.objects.update_or_create(name=name, defaults={"in_uccx": True, "synced_at": now})
        UccxApplication.objects.exclude(name__in=names).update(in_uccx=False, synced_at=now)
    log.info("UCCX applications synchronised: %d in UCCX.", len(names))
    return names


def application_problem(name: str) -> str | None:
    """Why `name` cannot be bound (None: UCCX has it). An unknown name is looked up in UCCX once more."""
    if UccxApplication.objects.filter(name=name, in_uccx=True).exists():
        return None
    try:
        known = applications_sync()
    except UccxError as error:
        return f"UCCX cannot be read to check application {name!r} ({error.message}); try again later."
    if name in known:
        return None
    listed = ", ".join(known[:10]) or "none"
    return f"UCCX has no application called {name!r} (it has: {listed})."
