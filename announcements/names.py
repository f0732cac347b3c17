"""Names UCCX accepts in its prompt repository, announcement slot names and switch names.

UCCX's repository takes folder and file names of at most 64 characters; scripts and the adminapi paths
misbehave with spaces and punctuation, so (like the leading commercial tool) the safe set is letters,
digits, hyphen, underscore and, in file names, dots. Every refusal names the rule and, where it can, a
name that would pass.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError

NAME_MAX = 64  # UCCX: repository folder and file names
SLOT_NAME_MAX = 50
_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.(?i:wav)")
_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_LANGUAGE = re.compile(r"[a-z]{2,3}_[A-Z]{2}")
_SLOT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")

SWITCH_HELP = (
    "Up to 50 characters: letters, digits, hyphens, underscores and dots. Scripts read it by name: "
    "/ivr/v1/switches/<name>."
)
LANGUAGE_HELP = "A language folder as UCCX names them: en_US, de_DE, fr_CA, ..."
FILE_HELP = "Up to 64 characters ending in .wav: letters, digits, hyphens (-), underscores (_) and dots."
SLOT_HELP = (
    "Up to 50 characters: letters, digits, hyphens, underscores and dots. Scripts ask for it by name: "
    "/ivr/v1/announcements/<name>."
)


def _refuse_path(value: str, what: str) -> None:
    if "/" in value or "\\" in value or value in {".", ".."} or ".." in value:
        raise ValidationError(
            f"{value!r} is not a {what}: names may not contain '/', '\\' or '..' (no paths).",
            code="path",
        )
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise ValidationError(f"The {what} contains control characters.", code="control")


def suggest_file_name(original: str) -> str:
    """A name UCCX accepts, made from an upload's name: `Hello World!.mp3` -> `Hello_World.wav`."""
    stem = PurePosixPath(original.replace("\\", "/")).stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE.sub("_", ascii_stem).strip("._-")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)[: NAME_MAX - 4] or "prompt"
    return f"{cleaned}.wav"


def with_extension(name: str) -> str:
    """`welcome` -> `welcome.wav`: a name typed without an extension gets the one UCCX needs."""
    name = name.strip()
    return name if not name or "." in name else f"{name}.wav"


def validate_file_name(value: str) -> None:
    _refuse_path(value, "prompt file name")
    if len(value) > NAME_MAX:
        raise ValidationError(
            f"UCCX takes prompt names of at most {NAME_MAX} characters (this one has {len(value)}).",
            code="length",
        )
    if not value.lower().endswith(".wav"):
        raise ValidationError(
            f"A prompt name ends in .wav (e.g. {suggest_file_name(value)}).", code="extension"
        )
    if not _FILE.fullmatch(value):
        raise ValidationError(
            f"UCCX refuses the name {value!r}: use letters, digits, hyphens, underscores and dots only, "
            f"starting with a letter or digit (e.g. {suggest_file_name(value)}).",
            code="characters",
        )


def validate_folder_name(value: str) -> None:
    _refuse_path(value, "folder name")
    if not value or len(value) > NAME_MAX:
        raise ValidationError(f"A folder name has 1 to {NAME_MAX} characters.", code="length")
    if not _FOLDER.fullmatch(value):
        raise ValidationError(
            f"UCCX refuses the folder name {value!r}: use letters, digits, hyphens and underscores only, "
            "starting with a letter or digit.",
            code="characters",
        )


def validate_language(value: str) -> None:
    if not _LANGUAGE.fullmatch(value):
        raise ValidationError(
            f"{value!r} is not a language folder: top-level prompt folders are languages such as en_US.",
            code="language",
        )


def validate_slot_name(value: str) -> None:
    _refuse_path(value, "name")
    if not value or len(value) > SLOT_NAME_MAX or not _SLOT.fullmatch(value):
        raise ValidationError(
            f"{value!r} cannot be used: {SLOT_HELP}",
            code="name",
        )
