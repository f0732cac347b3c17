"""Demo caller lists (run by `manage.py seed_demo`): a blocked list with a nuisance caller and withheld
numbers, a VIP list of key accounts routed to a gold queue, and a custom list for Berlin callers who get
German. Idempotent: existing lists are left as they are."""

from __future__ import annotations

from callers.models import CallerList
from callers.services import EntryData, ListData, caller_entry_save, caller_list_save
from core.models import Team

DEMO = [
    (
        ListData(
            name="Blocked",
            kind=CallerList.Kind.BLOCKED,
            order=10,
            prompt="en_US/callers/blocked.wav",
            description="Nuisance callers: the script plays the prompt and ends the call.",
        ),
        [
            EntryData("+1 (555) 010-0666", name="Repeated prank calls", reason="Ticket 4711"),
            EntryData("anonymous", reason="Withheld numbers are not served on this line"),
        ],
    ),
    (
        ListData(
            name="VIP customers",
            kind=CallerList.Kind.VIP,
            order=20,
            priority=10,
            target="CSQ_Gold",
            description="Key accounts: queued first, to the gold team.",
        ),
        [
            EntryData("+1 555 010 0100", name="Ann Example (Acme Corp)", reason="Key account"),
            EntryData("+1 555 010 0101", name="Bob Example (Globex)", reason="Key account", priority=20),
        ],
    ),
    (
        ListData(
            name="Berlin",
            kind=CallerList.Kind.CUSTOM,
            order=30,
            language="de_DE",
            description="Callers from Berlin hear German prompts.",
        ),
        [EntryData("+4930*", name="Berlin", reason="Area code 030")],
    ),
]


def seed() -> None:
    support = Team.objects.filter(name="Support").first()
    for data, entries in DEMO:
        if CallerList.objects.filter(name__iexact=data.name).exists():
            continue
        caller_list = caller_list_save(
            caller_list=None, data=ListData(**{**data.__dict__, "team": support}), actor=None
        )
        for entry in entries:
            caller_entry_save(caller_list=caller_list, entry=None, data=entry, actor=None)
