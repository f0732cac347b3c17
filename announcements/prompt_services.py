"""Writes of the prompt library: folders, uploads (converted to what UCCX plays), rename, move, replace,
delete, and the optional binding of an announcement to a UCCX application's Playable script parameter.

UCCX's prompt repository is reached only through the sync contract (docs/sync.md): each prompt is one
synced object (kind `announcement_prompt`, key = the prompt's id) whose payload is the file's path and
bytes (the blob store keeps them); the repository-file adapter creates the folders a file needs, uploads
to the temporary folder and stores, deletes before replacing, and moves a renamed file. A binding is a
change of the application-parameter adapter declared `after=` the prompt's change, so UCCX never plays
a prompt it does not have yet.

Conversion happens before the transaction: bad audio is refused with its message and nothing is stored
or queued. An upload too long to convert in its request goes to the worker (announcements/upload_jobs.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from announcements import names
from announcements.audio import Limits, Options, Progress, TranscodedAudio, transcode
from announcements.bindings import enqueue_binding
from announcements.models import Prompt, PromptFolder
from announcements.publish import announcements_changed
from announcements.selectors import PROMPT_SYNC_KIND, prompt_usage
from announcements.services import Actor, Invalid, check_team, require
from sync.adapters import file_payload
from sync.models import OutboxChange
from sync.outbox import SyncResult, commit_and_sync, enqueue_change

MAX_FOLDER_DEPTH = 8
_FOLLOWS_RENAMES = {"announcement", "UCCX application parameter"}  # they hold the prompt itself, not its path


def prompt_limits() -> Limits:
    return Limits(
        max_input_bytes=int(settings.PROMPT_MAX_UPLOAD_MB * 1024 * 1024),
        max_seconds=settings.PROMPT_MAX_SECONDS,
        max_work_seconds=settings.PROMPT_MAX_WORK_SECONDS,
    )


def prompt_options(*, normalise: bool, trim_silence: bool) -> Options:
    return Options(encoding=settings.PROMPT_ENCODING, normalise=normalise, trim_silence=trim_silence)


def convert(
    data: bytes, *, normalise: bool, trim_silence: bool, progress: Progress | None = None
) -> TranscodedAudio:
    """`transcode()` with this installation's settings; AudioRejected says what is wrong."""
    options = prompt_options(normalise=normalise, trim_silence=trim_silence)
    return transcode(data, options=options, limits=prompt_limits(), progress=progress)


# --- folders ----------------------------------------------------------------------------------------


def folder_create(*, actor: Actor, parent: PromptFolder | None, name: str, team: Any) -> PromptFolder:
    """A language folder at the top (`en_US`) or a subfolder; it reaches UCCX with its first prompt."""
    require(actor, "add", None, PromptFolder)
    check_team(actor, team, what="folder")
    name = name.strip()
    _folder_name_errors(parent, name)
    if parent is not None and not actor.has_perm("announcements.view_promptfolder", parent):
        raise Invalid({"parent": ["You cannot use that folder."]})
    path = name if parent is None else f"{parent.path}/{name}"
    if path.count("/") >= MAX_FOLDER_DEPTH:
        raise Invalid({"parent": [f"Folders nest at most {MAX_FOLDER_DEPTH} deep."]})
    row = PromptFolder(parent=parent, name=name, path=path, team=team)
    row._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise Invalid({"name": [f"The folder {path} exists already."]}) from None
    return row


def named_by_path(prompt: Prompt) -> list[str]:
    """Who names the prompt's path (calendars, caller lists): a rename or move would lose them. (Announcements
    and their bindings hold the prompt itself and follow it.)"""
    return [str(usage) for usage in prompt_usage(prompt) if usage.what not in _FOLLOWS_RENAMES]


def _folder_name_errors(parent: PromptFolder | None, name: str) -> None:
    try:
        (names.validate_language if parent is None else names.validate_folder_name)(name)
    except ValidationError as error:
        raise Invalid({"name": list(error.messages)}) from None


def folder_change(
    *, actor: Actor, folder: PromptFolder, name: str, parent: PromptFolder | None
) -> list[SyncResult]:
    """Rename or move a folder with everything in it: each prompt below moves in UCCX too (refused while a
    calendar or caller list names one of them by path). Returns the prompts' sync results."""
    require(actor, "change", folder, PromptFolder)
    name = name.strip()
    _folder_name_errors(parent, name)
    if parent is not None:
        if not actor.has_perm("announcements.view_promptfolder", parent):
            raise Invalid({"parent": ["You cannot use that folder."]})
        if parent.pk == folder.pk or parent.path.startswith(f"{folder.path}/"):
            raise Invalid({"parent": ["A folder cannot move into itself."]})
    new_path = name if parent is None else f"{parent.path}/{name}"
    if new_path == folder.path:
        return []
    if new_path.count("/") >= MAX_FOLDER_DEPTH:
        raise Invalid({"parent": [f"Folders nest at most {MAX_FOLDER_DEPTH} deep."]})
    if PromptFolder.objects.filter(path=new_path).exists():
        raise Invalid({"name": [f"The folder {new_path} exists already."]})
    below = PromptFolder.objects.filter(path__startswith=f"{folder.path}/")
    prompts = list(Prompt.objects.filter(folder__in=[folder, *below]))
    named = sorted(
        {
            f"{prompt.path} ({usage})"
            for prompt in prompts
            for usage in prompt_usage(prompt)
            if usage.what not in _FOLLOWS_RENAMES
        }
    )
    if named:
        raise Invalid({"name": [f"Named by path elsewhere: {', '.join(named[:5])}; change those first."]})
    old_path = folder.path

    def moved(path: str) -> str:
        return new_path + path[len(old_path) :]

    def write() -> None:
        folder.name, folder.parent, folder.path = name, parent, new_path
        folder._history_user = actor  # type: ignore[attr-defined]
        folder.save()
        for child in below:
            child.path = moved(child.path)
            child._history_user = actor  # type: ignore[attr-defined]
            child.save()
        for prompt in prompts:
            prompt.path = moved(prompt.path)
            prompt._history_user = actor  # type: ignore[attr-defined]
            prompt.save()
            change = _enqueue_prompt(prompt, actor, f"prompt moved with folder {old_path} to {prompt.path}")
            _enqueue_bindings(prompt, actor, change)
        announcements_changed()

    return list(commit_and_sync(write).results)


def folder_delete(*, actor: Actor, folder: PromptFolder) -> None:
    require(actor, "delete", folder, PromptFolder)
    if folder.children.exists() or folder.prompts.exists():
        raise Invalid(
            {"__all__": [f"The folder {folder.path} is not empty: move or delete what it holds first."]}
        )
    folder._history_user = actor  # type: ignore[attr-defined]
    folder.delete()


# --- prompts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PromptSaved:
    prompt: Prompt
    sync: SyncResult
    audio: TranscodedAudio | None = None


def _path(folder: PromptFolder, name: str) -> str:
    return f"{folder.path}/{name}"


def _check_name(folder: PromptFolder, name: str, prompt: Prompt | None) -> None:
    try:
        names.validate_file_name(name)
    except Exception as error:
        raise Invalid({"name": list(getattr(error, "messages", [str(error)]))}) from None
    path = _path(folder, name)
    if len(path) > 255:
        raise Invalid({"name": ["The folder path and name together may have at most 255 characters."]})
    clash = Prompt.objects.filter(path__iexact=path)
    if prompt is not None:
        clash = clash.exclude(pk=prompt.pk)
    if clash.exists():
        raise Invalid(
            {"name": [f"There is already a prompt {path}; choose another name or replace that one."]}
        )


def _enqueue_prompt(prompt: Prompt, actor: Actor, summary: str) -> OutboxChange:
    return enqueue_change(
        kind=PROMPT_SYNC_KIND,
        key=prompt.pk,
        operation=OutboxChange.Operation.UPSERT,
        payload=file_payload(prompt.path, bytes(prompt.audio)),
        actor=actor,
        summary=summary,
    )


def _enqueue_bindings(prompt: Prompt, actor: Actor, after: OutboxChange | None) -> None:
    for announcement in prompt.announcements.exclude(uccx_application=""):
        enqueue_binding(announcement, actor, after)


def checked_upload(actor: Actor, folder: PromptFolder, name: str, source_name: str, team: Any) -> str:
    """The checks of an upload that need no conversion; returns the prompt's file name."""
    require(actor, "add", None, Prompt)
    check_team(actor, team, what="prompt")
    if not actor.has_perm("announcements.view_promptfolder", folder):
        raise Invalid({"folder": ["You cannot use that folder."]})
    name = names.with_extension(name) or names.suggest_file_name(source_name)
    _check_name(folder, name, None)
    return name


def prompt_upload(
    *,
    actor: Actor,
    folder: PromptFolder,
    data: bytes,
    source_name: str,
    name: str = "",
    team: Any = None,
    description: str = "",
    normalise: bool = True,
    trim_silence: bool = True,
    progress: Progress | None = None,
) -> PromptSaved:
    """A new prompt from any supported audio; written to UCCX (or queued) with its folders."""
    name = checked_upload(actor, folder, name, source_name, team)
    audio = convert(data, normalise=normalise, trim_silence=trim_silence, progress=progress)
    prompt = Prompt(
        folder=folder, name=name, path=_path(folder, name), team=team, description=description.strip()
    )
    _set_audio(prompt, audio, source_name)

    def write() -> Prompt:
        prompt._history_user = actor  # type: ignore[attr-defined]
        prompt.save()
        _enqueue_prompt(prompt, actor, f"prompt {prompt.path} uploaded")
        return prompt

    synced = _commit(write, prompt.path)
    return PromptSaved(synced.value, synced.result, audio)


def _set_audio(prompt: Prompt, audio: TranscodedAudio, source_name: str) -> None:
    prompt.audio = audio.data
    prompt.sha256 = hashlib.sha256(audio.data).hexdigest()
    prompt.size_bytes = len(audio.data)
    prompt.duration_ms = audio.duration_ms
    prompt.encoding = audio.encoding
    prompt.source_name = source_name[:255]
    prompt.source_format = audio.source_format[:120]
    prompt.waveform = audio.waveform


def _commit(write: Any, path: str) -> Any:
    try:
        return commit_and_sync(write)
    except IntegrityError:
        raise Invalid({"name": [f"There is already a prompt {path}."]}) from None


def prompt_replace(
    *,
    actor: Actor,
    prompt: Prompt,
    data: bytes,
    source_name: str,
    normalise: bool = True,
    trim_silence: bool = True,
    progress: Progress | None = None,
) -> PromptSaved:
    """New audio under the same path: everything that plays the prompt plays the new recording."""
    require(actor, "change", prompt, Prompt)
    audio = convert(data, normalise=normalise, trim_silence=trim_silence, progress=progress)
    _set_audio(prompt, audio, source_name)

    def write() -> Prompt:
        prompt._history_user = actor  # type: ignore[attr-defined]
        prompt.save()
        _enqueue_prompt(prompt, actor, f"prompt {prompt.path} replaced")
        return prompt

    synced = commit_and_sync(write)
    return PromptSaved(synced.value, synced.result, audio)


def prompt_change(
    *, actor: Actor, prompt: Prompt, folder: PromptFolder, name: str, description: str = ""
) -> PromptSaved | None:
    """Rename or move a prompt (UCCX's copy moves too); refused while calendars or caller lists name its
    path, since they would lose it. Only the description changed: nothing goes to UCCX (None)."""
    require(actor, "change", prompt, Prompt)
    name = names.with_extension(name)
    moving = (folder.pk, name) != (prompt.folder_id, prompt.name)
    if moving:
        if not actor.has_perm("announcements.view_promptfolder", folder):
            raise Invalid({"folder": ["You cannot use that folder."]})
        _check_name(folder, name, prompt)
        named = named_by_path(prompt)
        if named:
            raise Invalid(
                {
                    "name": [
                        f"{prompt.path} is named by {', '.join(named)}: change those first, then rename it."
                    ]
                }
            )
    old_path = prompt.path
    prompt.folder, prompt.name, prompt.path = folder, name, _path(folder, name)
    prompt.description = description.strip()
    if not moving:
        prompt._history_user = actor  # type: ignore[attr-defined]
        prompt.save()
        return None

    def write() -> Prompt:
        prompt._history_user = actor  # type: ignore[attr-defined]
        prompt.save()
        change = _enqueue_prompt(prompt, actor, f"prompt {old_path} moved to {prompt.path}")
        _enqueue_bindings(prompt, actor, change)
        announcements_changed()
        return prompt

    synced = _commit(write, prompt.path)
    return PromptSaved(synced.value, synced.result)


def prompt_delete(*, actor: Actor, prompt: Prompt) -> SyncResult:
    """Delete a prompt here and in UCCX; refused, naming them, while anything plays it."""
    require(actor, "delete", prompt, Prompt)
    used = prompt_usage(prompt)
    if used:
        raise Invalid(
            {
                "__all__": [
                    f"{prompt.path} is in use by {', '.join(str(u) for u in used)}; it was not deleted."
                ]
            }
        )
    key = prompt.pk

    def write() -> None:
        enqueue_change(
            kind=PROMPT_SYNC_KIND,
            key=key,
            operation=OutboxChange.Operation.DELETE,
            payload={"path": prompt.path},
            actor=actor,
            summary=f"prompt {prompt.path} deleted",
        )
        prompt._history_user = actor  # type: ignore[attr-defined]
        prompt.delete()

    return commit_and_sync(write).result
