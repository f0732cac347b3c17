"""The optional binding of an announcement to a UCCX application's Playable script parameter, through the
application-parameter adapter of the sync contract, declared after its prompt's change so UCCX never plays
a prompt it does not have yet."""

from __future__ import annotations

from typing import Any

from announcements.models import Announcement, Prompt
from announcements.selectors import PLAYABLE_SYNC_KIND, PROMPT_SYNC_KIND
from sync.models import OutboxChange
from sync.outbox import SyncResult, commit_and_sync, enqueue_change
from sync.selectors import latest_change


def playable_value(prompt: Prompt) -> str:
    """A user prompt as a Playable script parameter value: `P[...]`, relative to the language folder,
    which UCCX picks by the call's locale."""
    return f"P[{prompt.path.split('/', 1)[1]}]"


def enqueue_binding(announcement: Announcement, actor: Any, after: OutboxChange | None) -> OutboxChange:
    """Point the announcement's application parameter at its prompt, after the prompt reached UCCX."""
    prompt = announcement.prompt
    assert prompt is not None
    return enqueue_change(
        kind=PLAYABLE_SYNC_KIND,
        key=f"{announcement.uccx_application}:{announcement.uccx_parameter}",
        operation=OutboxChange.Operation.UPSERT,
        payload={
            "application": announcement.uccx_application,
            "parameter": announcement.uccx_parameter,
            "value": playable_value(prompt),
        },
        actor=actor,
        summary=f"{announcement.uccx_application} {announcement.uccx_parameter} plays {prompt.path}",
        after=after or (),
    )


def binding_sync(*, actor: Any, announcement: Announcement) -> SyncResult | None:
    """Write the announcement's Playable binding (if it has one and a prompt) through the sync contract."""
    if not announcement.uccx_application or announcement.prompt is None:
        return None
    after = latest_change(PROMPT_SYNC_KIND, announcement.prompt.pk)
    return commit_and_sync(lambda: enqueue_binding(announcement, actor, after)).result
