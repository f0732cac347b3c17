"""The recent-lookups log: bounded per list, newest first, unknown callers kept apart."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from callers.engine import neutral_profile
from callers.lookups import UNMATCHED, flush_lookups, lookup_record, recent_lookups


def test_lookups_are_kept_per_list_bounded_and_newest_first(settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
    settings.CALLERS_RECENT_LOOKUPS = 3
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    for second in range(5):
        profile = {**neutral_profile(f"+1555010010{second}"), "found": True, "lists": ["VIP"], "vip": True}
        lookup_record(
            profile=profile,
            raw=f"555010010{second}",
            dn="8000",
            list_ids=[7],
            at=start + timedelta(seconds=second),
        )
    lookup_record(profile=neutral_profile("+15550100199"), raw="5550100199", dn="", list_ids=[], at=start)
    flush_lookups()
    assert [r["number"] for r in recent_lookups(7)] == ["+15550100104", "+15550100103", "+15550100102"]
    assert recent_lookups(7)[0]["vip"] is True
    assert [r["number"] for r in recent_lookups(UNMATCHED)] == ["+15550100199"]
    assert recent_lookups(8) == []
