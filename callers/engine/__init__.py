"""The callers engine: number normalisation, the matching index and the effective profile (no Django)."""

from callers.engine.index import CallerIndex, IndexEntry, Match, Overrides
from callers.engine.numbers import (
    ANONYMOUS,
    NumberError,
    NumberPattern,
    lookup_key,
    normalise_number,
    parse_pattern,
)
from callers.engine.profile import (
    BLOCKED,
    CUSTOM,
    KINDS,
    VIP,
    ListInfo,
    effective_profile,
    lookup_profile,
    neutral_profile,
)

__all__ = [
    "ANONYMOUS",
    "BLOCKED",
    "CUSTOM",
    "KINDS",
    "VIP",
    "CallerIndex",
    "IndexEntry",
    "ListInfo",
    "Match",
    "NumberError",
    "NumberPattern",
    "Overrides",
    "effective_profile",
    "lookup_key",
    "lookup_profile",
    "neutral_profile",
    "normalise_number",
    "parse_pattern",
]
