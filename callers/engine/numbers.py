"""Calling numbers as one key whatever way they were written (pure: no Django).

`+1 (555) 010-0100`, `15550100100` and `5550100100` (default region US) are one caller, `+15550100100`.
A key is one of:

- `+<E.164 digits>`: a number `phonenumbers` takes as a complete number of some country;
- `<digits>`: a short number that is no complete public number (an internal extension, a short code),
  at most `EXTENSION_MAX_DIGITS` digits, kept as dialled;
- `anonymous`: a withheld / anonymous / unknown calling number (UCCX passes an empty ANI or a word).

A prefix entry (`+4930*`, `030*` in Germany, `0049 30*`) becomes `+` and the country code and digits it
starts with; it must name at least `min_digits` digits, so that no prefix matches everyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, ValidationResult

ANONYMOUS = "anonymous"
ANONYMOUS_WORDS = frozenset(
    {
        "",
        "anonymous",
        "withheld",
        "private",
        "restricted",
        "unknown",
        "unavailable",
        "blocked",
        "none",
        "null",
    }
)
EXTENSION_MAX_DIGITS = 6
E164_MAX_DIGITS = 15
PREFIX_MIN_DIGITS = 3

_SEPARATORS = re.compile(r"[\s\-./()\u00a0\u2010-\u2015]+")
_NUMBER_CHARS = re.compile(r"\+?[0-9]+")


class NumberError(ValueError):
    """A text that is no calling number; the message says why, in a supervisor's words."""


@dataclass(frozen=True, slots=True)
class NumberPattern:
    """What an entry matches: one number (`prefix` false), every number starting with `key`, or anonymous."""

    key: str
    prefix: bool = False

    @property
    def anonymous(self) -> bool:
        return self.key == ANONYMOUS

    def __str__(self) -> str:
        return f"{self.key}*" if self.prefix else self.key


def _clean(raw: str) -> str:
    """Without separators, a leading apostrophe (a spreadsheet's text marker) or `tel:`."""
    text = raw.strip()
    if text.startswith("'"):
        text = text[1:]
    if text.lower().startswith("tel:"):
        text = text[4:]
    return _SEPARATORS.sub("", text)


def is_anonymous(raw: str) -> bool:
    return _clean(raw).lower() in ANONYMOUS_WORDS


@lru_cache(maxsize=4096)
def _normalise(cleaned: str, region: str) -> str:
    if not _NUMBER_CHARS.fullmatch(cleaned):
        raise NumberError(f"{cleaned!r} is not a phone number: use digits, spaces, dashes and a leading +.")
    digits = cleaned.lstrip("+")
    if len(digits) > E164_MAX_DIGITS + 4:  # an international dialling prefix may precede 15 digits
        raise NumberError(f"{cleaned!r} has {len(digits)} digits; a phone number has at most 15.")
    try:
        parsed = phonenumbers.parse(cleaned, region)
    except NumberParseException as error:
        if cleaned.startswith("+"):
            raise NumberError(f"{cleaned!r} does not start with a country code.") from error
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number_with_reason(parsed) in (
        ValidationResult.IS_POSSIBLE,
    ):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if not cleaned.startswith("+") and len(digits) <= EXTENSION_MAX_DIGITS:
        return digits
    reason = "too short" if parsed is None or _too_short(parsed) else "not a valid length"
    where = "with its country code" if cleaned.startswith("+") else f"in region {region}"
    raise NumberError(f"{cleaned!r} is {reason} for a phone number {where}.")


def _too_short(parsed: phonenumbers.PhoneNumber) -> bool:
    result = phonenumbers.is_possible_number_with_reason(parsed)
    return result in (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY)


def normalise_number(raw: str, region: str) -> str:
    """The key of one calling number (see the module doc); raises NumberError with a clear message."""
    cleaned = _clean(raw)
    if cleaned.lower() in ANONYMOUS_WORDS:
        return ANONYMOUS
    try:
        return _normalise(cleaned, region.upper())
    except NumberError as error:  # say it with the text as the supervisor wrote it
        raise NumberError(str(error).replace(repr(cleaned), repr(raw.strip()), 1)) from None


def lookup_key(raw: str, region: str) -> str:
    """The key an IVR lookup uses: like `normalise_number`, but never fails (an odd ANI matches nothing)."""
    try:
        return normalise_number(raw, region)
    except NumberError:
        return _clean(raw)[:32]


@lru_cache(maxsize=256)
def _country_prefix(region: str) -> tuple[str, str]:
    """(country calling code, national trunk prefix) of a region, e.g. ("49", "0") for DE."""
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        raise NumberError(f"{region!r} is not a region phonenumbers knows (use ISO codes such as US, DE).")
    return str(metadata.country_code), metadata.national_prefix or ""


def _international_prefix_digits(cleaned: str, region: str) -> str:
    """The digits after `+` of a prefix written internationally (`+49`, `0049`, `01149`) or nationally."""
    if cleaned.startswith("+"):
        return cleaned[1:]
    for idd in ("00", "011"):
        if cleaned.startswith(idd) and len(cleaned) > len(idd):
            metadata = PhoneMetadata.metadata_for_region(region)
            pattern = metadata.international_prefix if metadata else None
            if pattern and re.fullmatch(pattern, idd):
                return cleaned[len(idd) :]
    country, trunk = _country_prefix(region)
    national = cleaned[len(trunk) :] if trunk and cleaned.startswith(trunk) else cleaned
    return country + national


def parse_pattern(raw: str, region: str, *, min_digits: int = PREFIX_MIN_DIGITS) -> NumberPattern:
    """An entry's number as written by a supervisor: a number, a prefix ending in `*`, or anonymous."""
    cleaned = _clean(raw)
    if cleaned.lower() in ANONYMOUS_WORDS - {""}:
        return NumberPattern(ANONYMOUS)
    if not cleaned:
        raise NumberError("The number is empty; write a number, a prefix such as +4930*, or anonymous.")
    if not cleaned.endswith("*"):
        return NumberPattern(normalise_number(cleaned, region))
    body = cleaned.rstrip("*")
    if not body.strip("+"):
        raise NumberError(f"{raw.strip()!r} would match every caller; a prefix needs digits before the *.")
    if not _NUMBER_CHARS.fullmatch(body) or "*" in body:
        raise NumberError(
            f"{raw.strip()!r} is not a prefix: write digits with one * at the end, e.g. +4930*."
        )
    digits = _international_prefix_digits(body, region.upper())
    if len(digits) < min_digits:
        raise NumberError(
            f"{raw.strip()!r} would match every caller of a whole country or more; a prefix needs at "
            f"least {min_digits} digits including the country code (+{digits} has {len(digits)})."
        )
    if len(digits) > E164_MAX_DIGITS:
        raise NumberError(f"{raw.strip()!r} is longer than any phone number (at most 15 digits).")
    return NumberPattern(f"+{digits}", prefix=True)
