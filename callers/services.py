"""Writes of the callers app: lists and entries, one at a time (bulk work is in `callers.imports`).

Every write validates first and raises `CallersInvalid` with field-addressed messages before anything is
written; then, in one transaction, it writes the rows (with their audit records) and marks the list
changed (`list_changed`: a new version, what changed and by whom), which is what the UCCX copy and the
IVR snapshot follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from callers.engine import BLOCKED, NumberError, NumberPattern, normalise_number, parse_pattern
from callers.models import (
    DOCUMENT_FIELDS,
    CallerEntry,
    CallerList,
    validate_language,
    validate_list_name,
    validate_target,
)
from callers.publish import list_published, list_unpublished
from callers.snapshot import entry_delta
from core.errors import FieldError, InvalidInput
from core.services import team_assignment_errors
from core.validators import validate_prompt_path

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from core.models import Team

    Actor = AbstractBaseUser | None

PRIORITY_MIN, PRIORITY_MAX = 0, 100
NAME_MAX, REASON_MAX, DESCRIPTION_MAX = 100, 200, 200
EXPIRY_YEAR_MAX = 2100  # the index keeps expiries as 32-bit epoch seconds


class CallersInvalid(InvalidInput):
    """The change is refused; `field_errors` address each problem (`message_dict`: messages by field).
    Nothing was saved."""

    def __init__(self, errors: dict[str, list[str]] | list[FieldError]) -> None:
        if isinstance(errors, dict):
            errors = [
                FieldError(field, message) for field, messages in errors.items() for message in messages
            ]
        super().__init__(errors)


def default_region() -> str:
    return settings.CALLERS_DEFAULT_REGION


def prefix_min_digits() -> int:
    return settings.CALLERS_PREFIX_MIN_DIGITS


# --- lists ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListData:
    name: str
    kind: str = CallerList.Kind.CUSTOM
    order: int = 100
    description: str = ""
    team: Team | None = None
    priority: int = 0
    target: str = ""
    prompt: str = ""
    language: str = ""
    vip_beats_blocked: bool = False


class _Errors(dict[str, list[str]]):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def check(self, field: str, validator: Any, value: Any) -> None:
        try:
            validator(value)
        except ValidationError as error:
            for message in error.messages:
                self.add(field, message)

    def raise_if_any(self) -> None:
        if self:
            raise CallersInvalid(dict(self))


def _check_values(errors: _Errors, *, priority: int | None, target: str, prompt: str, language: str) -> None:
    if priority is not None and not PRIORITY_MIN <= priority <= PRIORITY_MAX:
        errors.add(
            "priority", f"A priority is a whole number from {PRIORITY_MIN} (normal) to {PRIORITY_MAX}."
        )
    errors.check("target", validate_target, target)
    errors.check("prompt", validate_prompt_path, prompt)
    errors.check("language", validate_language, language)


def _list_errors(data: ListData, caller_list: CallerList | None) -> _Errors:
    errors = _Errors()
    errors.check("name", validate_list_name, data.name)
    clash = CallerList.objects.filter(name__iexact=data.name)
    if caller_list is not None:
        clash = clash.exclude(pk=caller_list.pk)
    if clash.exists():
        errors.add("name", f"Another caller list is already called {data.name!r} (whatever the case).")
    same_document = [
        other.name
        for other in CallerList.objects.exclude(pk=caller_list.pk if caller_list else None)
        if other.document_name.lower() == data.name.replace(" ", "_").lower() + ".xml"
    ]
    if same_document and not clash.exists():
        errors.add("name", f"{data.name!r} would share UCCX's document with the list {same_document[0]!r}.")
    if data.kind not in CallerList.Kind.values:
        errors.add("kind", f"The kind is one of {', '.join(CallerList.Kind.values)}.")
    if data.vip_beats_blocked and data.kind != CallerList.Kind.VIP:
        errors.add("vip_beats_blocked", "Only a VIP list can beat the blocked lists.")
    if len(data.description) > DESCRIPTION_MAX:
        errors.add("description", f"A description has at most {DESCRIPTION_MAX} characters.")
    if not data.description.isprintable():
        errors.add("description", "Control characters (tabs, line breaks) are not allowed.")
    if caller_list is None and CallerList.objects.count() >= settings.CALLERS_MAX_LISTS:
        errors.add(
            NON_FIELD_ERRORS,
            f"There are at most {settings.CALLERS_MAX_LISTS} caller lists; delete one first.",
        )
    _check_values(
        errors, priority=data.priority, target=data.target, prompt=data.prompt, language=data.language
    )
    return errors


def list_changed(
    caller_list: CallerList, summary: str, actor: Actor, *, delta: list[tuple[Any, ...]] | None = None
) -> None:
    """Inside the write's transaction: a new version of the list, with what changed and by whom, and
    what follows it (the IVR snapshot, and UCCX's copy of the list from the worker: callers/publish.py).
    `delta`: the snapshot's delta when only entries changed (`callers.snapshot.entry_delta`); None
    rebuilds it."""
    caller_list.version += 1
    caller_list.last_change = summary[:200]
    if getattr(actor, "is_authenticated", False):
        caller_list._history_user = actor  # type: ignore[attr-defined]
    if caller_list.pk is None:
        caller_list.save()
    else:  # the worker's fields (UCCX's copy) are not this object's to write back
        caller_list.save(update_fields=_PAGE_FIELDS)
    list_published(caller_list, delta=delta)


_PAGE_FIELDS = [
    field.name
    for field in CallerList._meta.concrete_fields
    if not field.primary_key and field.name not in DOCUMENT_FIELDS
]


def caller_list_save(*, caller_list: CallerList | None, data: ListData, actor: Actor) -> CallerList:
    """Create (`caller_list` None) or change a list's settings."""
    errors = _list_errors(data, caller_list)
    for problem in team_assignment_errors(actor, data.team, existing=caller_list, what="caller list"):
        errors.add(problem.field, problem.message)
    errors.raise_if_any()
    row = caller_list or CallerList()
    for field in ListData.__dataclass_fields__:
        setattr(row, field, getattr(data, field))
    summary = f"{'Changed' if caller_list else 'Created'} the caller list {data.name}"
    try:
        with transaction.atomic():
            list_changed(row, summary, actor)
    except IntegrityError as error:
        raise CallersInvalid({"name": ["Another caller list was just saved with this name."]}) from error
    return row


def caller_list_delete(*, caller_list: CallerList, actor: Actor) -> None:
    with transaction.atomic():
        # The list's row first, as the worker recording UCCX's copy locks it (then the outbox's object).
        CallerList.objects.select_for_update().filter(pk=caller_list.pk).first()
        list_unpublished(caller_list, actor=actor)
        if getattr(actor, "is_authenticated", False):
            caller_list._history_user = actor  # type: ignore[attr-defined]
        caller_list.delete()


# --- entries --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryData:
    number: str  # as written: a number, a prefix ending in *, or "anonymous"
    name: str = ""
    reason: str = ""
    expires_at: datetime | None = None
    priority: int | None = None
    target: str = ""
    prompt: str = ""
    language: str = ""


def entry_pattern(raw: str) -> NumberPattern:
    """The pattern of a number as a supervisor writes it; raises NumberError."""
    return parse_pattern(raw, default_region(), min_digits=prefix_min_digits())


def entry_field_errors(data: EntryData, *, now: datetime) -> tuple[NumberPattern | None, _Errors]:
    """Every check of one entry that needs no database (shared with the CSV import)."""
    errors = _Errors()
    pattern = None
    try:
        pattern = entry_pattern(data.number)
    except NumberError as error:
        errors.add("number", str(error))
    if len(data.name) > NAME_MAX:
        errors.add("name", f"A name has at most {NAME_MAX} characters.")
    if len(data.reason) > REASON_MAX:
        errors.add("reason", f"A reason has at most {REASON_MAX} characters.")
    for field in ("name", "reason"):
        if not getattr(data, field).isprintable():
            errors.add(field, "Control characters (tabs, line breaks) are not allowed.")
    if data.expires_at is not None and data.expires_at <= now:
        errors.add("expires_at", f"The expiry {data.expires_at:%Y-%m-%d %H:%M} is in the past.")
    elif data.expires_at is not None and data.expires_at.year > EXPIRY_YEAR_MAX:
        errors.add("expires_at", f"An expiry is at most in {EXPIRY_YEAR_MAX}; leave it empty for never.")
    _check_values(
        errors, priority=data.priority, target=data.target, prompt=data.prompt, language=data.language
    )
    return pattern, errors


def _duplicate_message(caller_list: CallerList, existing: CallerEntry) -> str:
    who = f" ({existing.name})" if existing.name else ""
    return f"{existing.pattern_text}{who} is already on the list {caller_list.name}."


def entry_values(data: EntryData) -> dict[str, Any]:
    return {
        "name": data.name,
        "reason": data.reason,
        "expires_at": data.expires_at,
        "priority": data.priority,
        "target": data.target,
        "prompt": data.prompt,
        "language": data.language,
    }


def caller_entry_save(
    *, caller_list: CallerList, entry: CallerEntry | None, data: EntryData, actor: Actor
) -> CallerEntry:
    """Add (`entry` None) or change one entry; a number already on the list is refused."""
    pattern, errors = entry_field_errors(data, now=timezone.now())
    if pattern is not None:
        clash = CallerEntry.objects.filter(caller_list=caller_list, number=pattern.key, prefix=pattern.prefix)
        if entry is not None:
            clash = clash.exclude(pk=entry.pk)
        existing = clash.first()
        if existing is not None:
            errors.add("number", _duplicate_message(caller_list, existing))
    if entry is None and CallerEntry.objects.count() >= settings.CALLERS_MAX_ENTRIES:
        errors.add(
            NON_FIELD_ERRORS, f"All lists together hold at most {settings.CALLERS_MAX_ENTRIES} entries."
        )
    errors.raise_if_any()
    assert pattern is not None
    row = entry or CallerEntry(caller_list=caller_list)
    was = (row.number, row.prefix) if entry else None
    row.number, row.prefix = pattern.key, pattern.prefix
    for field, value in entry_values(data).items():
        setattr(row, field, value)
    verb = "Changed" if entry else "Added"
    try:
        with transaction.atomic():
            if getattr(actor, "is_authenticated", False):
                row._history_user = actor  # type: ignore[attr-defined]
            row.save()
            delta = entry_delta(row, list_id=caller_list.pk, removed=was)
            list_changed(caller_list, f"{verb} {pattern} on {caller_list.name}", actor, delta=delta)
    except IntegrityError as error:
        raise CallersInvalid({"number": [f"{pattern} was just added to {caller_list.name}."]}) from error
    return row


def caller_entry_delete(*, entry: CallerEntry, actor: Actor) -> None:
    caller_list = entry.caller_list
    with transaction.atomic():
        if getattr(actor, "is_authenticated", False):
            entry._history_user = actor  # type: ignore[attr-defined]
        entry.delete()
        delta = entry_delta(None, list_id=caller_list.pk, removed=(entry.number, entry.prefix))
        list_changed(caller_list, f"Removed {entry.pattern_text} from {caller_list.name}", actor, delta=delta)


def caller_block(
    *, caller_list: CallerList, number: str, reason: str, actor: Actor, expires_at: datetime | None = None
) -> CallerEntry:
    """ "Block this caller" (from a recent lookup): add the exact number to a blocked list."""
    if caller_list.kind != BLOCKED:
        raise CallersInvalid({"caller_list": [f"{caller_list.name} is not a blocked list."]})
    try:
        key = normalise_number(number, default_region())
    except NumberError as error:
        raise CallersInvalid({"number": [str(error)]}) from error
    return caller_entry_save(
        caller_list=caller_list,
        entry=None,
        data=EntryData(number=key, reason=reason, expires_at=expires_at),
        actor=actor,
    )


def expired_entries_purge(*, now: datetime | None = None) -> int:
    """Beat: delete the entries whose expiry has passed (they stopped matching already)."""
    now = now or timezone.now()
    purged = 0
    for caller_list in CallerList.objects.filter(entries__expires_at__lte=now).distinct():
        with transaction.atomic():
            expired = CallerEntry.objects.filter(caller_list=caller_list, expires_at__lte=now)
            count = expired.count()
            expired.delete()
            list_changed(caller_list, f"Removed {count} expired entries", None)
        purged += count
    return purged
