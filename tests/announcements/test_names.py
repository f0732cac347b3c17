"""Names UCCX's prompt repository accepts; every refusal says why and, where it can, what would pass."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from announcements.names import (
    suggest_file_name,
    validate_file_name,
    validate_folder_name,
    validate_language,
    validate_slot_name,
)


@pytest.mark.parametrize("name", ["welcome.wav", "Welcome_2.WAV", "closed-early.v2.wav", "a" * 60 + ".wav"])
def test_good_file_names(name: str) -> None:
    validate_file_name(name)


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("../../etc/passwd.wav", "path", "no paths"),
        ("en_US/welcome.wav", "path", "'/'"),
        ("..\\welcome.wav", "path", "no paths"),
        ("a..b.wav", "path", ".."),
        ("welcome.mp3", "extension", "e.g. welcome.wav"),
        ("hello world.wav", "characters", "e.g. hello_world.wav"),
        ("grüezi.wav", "characters", "e.g. gruezi.wav"),
        ("-dash.wav", "characters", "starting with a letter or digit"),
        ("bell\x07.wav", "control", "control characters"),
        ("a" * 61 + ".wav", "length", "at most 64"),
    ],
)
def test_refused_file_names(name: str, code: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_file_name(name)
    assert caught.value.code == code
    assert words in caught.value.messages[0]


def test_suggested_names_pass() -> None:
    for original in [
        "Welcome Message!.mp3",
        "C:\\Users\\me\\Grüße (final).m4a",
        "../..",
        "....ogg",
        "x" * 200,
    ]:
        validate_file_name(suggest_file_name(original))
    assert suggest_file_name("Welcome Message!.mp3") == "Welcome_Message.wav"


def test_folder_language_and_slot_names() -> None:
    validate_folder_name("holidays_2026")
    validate_language("en_US")
    validate_slot_name("welcome")
    for bad, check in [
        ("hol idays", validate_folder_name),
        ("..", validate_folder_name),
        ("english", validate_language),
        ("en-us", validate_language),
        ("welcome message", validate_slot_name),
        ("", validate_slot_name),
    ]:
        with pytest.raises(ValidationError):
            check(bad)
