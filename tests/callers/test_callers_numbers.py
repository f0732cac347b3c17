"""Number normalisation: one caller whatever the writing, prefixes, anonymous, clear refusals."""

from __future__ import annotations

import pytest

from callers.engine import ANONYMOUS, NumberError, NumberPattern, lookup_key, normalise_number, parse_pattern


@pytest.mark.parametrize(
    "raw", ["+1 (555) 010-0100", "15550100100", "5550100100", "555.010.0100", "'+15550100100"]
)
def test_the_issue_examples_are_one_caller(raw: str) -> None:
    assert normalise_number(raw, "US") == "+15550100100"


def test_national_form_uses_the_default_region() -> None:
    assert normalise_number("030 1234567", "DE") == "+49301234567"
    assert normalise_number("0049 30 1234567", "DE") == "+49301234567"
    assert normalise_number("011 49 30 1234567", "US") == "+49301234567"


@pytest.mark.parametrize("raw", ["", "  ", "anonymous", "Withheld", "PRIVATE", "restricted", "unknown"])
def test_withheld_numbers_are_the_anonymous_caller(raw: str) -> None:
    assert normalise_number(raw, "US") == ANONYMOUS


def test_a_short_internal_number_is_kept_as_dialled() -> None:
    assert normalise_number("4001", "US") == "4001"
    assert normalise_number("0123", "US") == "0123"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("call me", "not a phone number"),
        ("+999 123", "country code"),
        ("555-0100", "too short"),
        ("+1 555 010 0100 1234 5678 99", "at most 15"),
    ],
)
def test_unparseable_numbers_get_a_clear_message(raw: str, words: str) -> None:
    with pytest.raises(NumberError, match=words):
        normalise_number(raw, "US")


def test_a_lookup_never_fails() -> None:
    assert lookup_key("call me", "US") == "callme"  # never an error: it matches nothing
    assert lookup_key("+1 555 010 0100", "US") == "+15550100100"


@pytest.mark.parametrize(
    ("raw", "region", "key"),
    [
        ("+4930*", "US", "+4930"),
        ("030*", "DE", "+4930"),
        ("0049 30*", "DE", "+4930"),
        ("555*", "US", "+1555"),
    ],
)
def test_prefixes_are_normalised_like_numbers(raw: str, region: str, key: str) -> None:
    assert parse_pattern(raw, region) == NumberPattern(key, prefix=True)


@pytest.mark.parametrize("raw", ["*", "+*", "+1*", "+49*", "0*"])
def test_a_prefix_that_would_match_everyone_is_refused(raw: str) -> None:
    with pytest.raises(NumberError, match="every caller"):
        parse_pattern(raw, "DE")


def test_a_prefix_with_a_star_inside_is_refused() -> None:
    with pytest.raises(NumberError, match="not a prefix"):
        parse_pattern("+49*30*", "DE")


def test_patterns_of_numbers_and_anonymous() -> None:
    assert parse_pattern("+1 555 010 0100", "US") == NumberPattern("+15550100100")
    assert parse_pattern("Anonymous", "US").anonymous
    with pytest.raises(NumberError, match="empty"):
        parse_pattern(" ", "US")


def test_a_refusal_quotes_the_number_as_written() -> None:
    with pytest.raises(NumberError, match="'call me maybe' is not a phone number"):
        normalise_number("call me maybe", "US")
