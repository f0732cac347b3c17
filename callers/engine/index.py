"""The matching index: exact and longest-prefix match of normalised numbers over every caller list.

Built for a million entries in one process: a lookup is one dict probe for the exact number plus one probe
per prefix length that some entry uses (longest first), with integer keys; an entry's other fields live in
compact columns (`array`), not in one Python object per entry. Adding or removing one entry is O(1), so the
IVR path applies a change without rebuilding. Removed rows stay as garbage until the next full build
(`garbage` says how many). A write is safe for threads reading meanwhile: a reader sees the entry before
or after it, never a half-written row nor a moment without the entry it replaces.

Within one list the longest unexpired match wins (an exact number is longer than any prefix); across lists
every list that matches is reported, in list order, and `callers.engine.profile` decides the effective
profile from them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from callers.engine.numbers import ANONYMOUS, E164_MAX_DIGITS, NumberPattern

_ANONYMOUS_CODE = -1
_NO_OVERRIDES = 0xFFFFFFFF
_POW10 = [10**n for n in range(E164_MAX_DIGITS + 8)]


def _code(value: int, length: int, international: bool) -> int:
    """One int per (digits, how many, with +): `0123` and `123` and `+123` stay apart."""
    return (((value << 5) | length) << 1) | international


def pattern_code(pattern: NumberPattern) -> int:
    if pattern.key == ANONYMOUS:
        return _ANONYMOUS_CODE
    international = pattern.key.startswith("+")
    digits = pattern.key[1:] if international else pattern.key
    return _code(int(digits), len(digits), international)


@dataclass(frozen=True, slots=True)
class Overrides:
    """An entry's own values; None / empty: the list's default."""

    priority: int | None = None
    target: str = ""
    prompt: str = ""
    language: str = ""

    def __bool__(self) -> bool:
        return self.priority is not None or bool(self.target or self.prompt or self.language)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One entry as the index takes it (from the snapshot)."""

    list_id: int
    pattern: NumberPattern
    entry_id: int
    name: str = ""
    expires_at: int = 0  # epoch seconds; 0: never
    overrides: Overrides = Overrides()


class Match(NamedTuple):
    """The best entry of one list for a number (a tuple: cheap to make on the IVR path)."""

    list_id: int
    entry_id: int
    prefix: bool
    name: str
    expires_at: int
    overrides: Overrides


class CallerIndex:
    """Exact + longest-prefix lookup; see the module doc. One writer at a time; readers need no lock."""

    def __init__(self) -> None:
        self._exact: dict[int, int | tuple[int, ...]] = {}
        self._prefix: dict[int, int | tuple[int, ...]] = {}
        self._prefix_lengths = [0] * (E164_MAX_DIGITS + 1)  # entries per prefix length
        self._lengths_desc: tuple[int, ...] = ()
        self._list_slot: dict[int, int] = {}
        self._list_ids: list[int] = []
        # columns, one row per entry ever added (removed rows are garbage until a rebuild)
        self._row_list = array("H")
        self._row_entry = array("q")
        self._row_expires = array("I")  # epoch seconds: entries expire before 2106 (services check)
        self._row_code = array("q")
        self._row_prefix = array("b")
        self._row_name_start = array("I")
        self._row_name_length = array("H")
        self._row_overrides = array("I")
        self._names = bytearray()
        self._overrides: list[Overrides] = []
        self._overrides_slot: dict[Overrides, int] = {}
        self._dead: set[int] = set()  # rows removed (their columns stay as they were for readers)
        self._live = 0

    # --- size ---------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._live

    @property
    def garbage(self) -> int:
        return len(self._dead)

    # --- writes -------------------------------------------------------------------------------------

    @classmethod
    def build(cls, entries: Iterable[IndexEntry]) -> CallerIndex:
        index = cls()
        for entry in entries:
            index.add(entry)
        return index

    def add(self, entry: IndexEntry) -> None:
        """Add one entry; an entry with the same list and pattern is replaced (in one step for readers)."""
        slot = self._list_slot.get(entry.list_id)
        if slot is None:
            slot = self._list_slot[entry.list_id] = len(self._list_ids)
            self._list_ids.append(entry.list_id)
        code = pattern_code(entry.pattern)
        row = len(self._row_list)
        name = entry.name.encode()[:0xFFFF]
        self._row_list.append(slot)
        self._row_entry.append(entry.entry_id)
        self._row_expires.append(entry.expires_at)
        self._row_code.append(code)
        self._row_prefix.append(entry.pattern.prefix)
        self._row_name_start.append(len(self._names))
        self._row_name_length.append(len(name))
        self._names += name
        self._row_overrides.append(self._overrides_of(entry.overrides))
        table = self._prefix if entry.pattern.prefix else self._exact
        kept, replaced = self._split(table.get(code), slot)
        table[code] = row if not kept else (*kept, row)  # the new row is complete before it is reachable
        self._dead.update(replaced)
        if not replaced:
            if entry.pattern.prefix:
                self._count_prefix_length(code, +1)
            self._live += 1

    def remove(self, list_id: int, pattern: NumberPattern) -> bool:
        """Remove the list's entry for this pattern; False when there is none."""
        slot = self._list_slot.get(list_id)
        if slot is None:
            return False
        code = pattern_code(pattern)
        table = self._prefix if pattern.prefix else self._exact
        kept, removed = self._split(table.get(code), slot)
        if not removed:
            return False
        if not kept:
            del table[code]
        else:
            table[code] = kept[0] if len(kept) == 1 else kept
        self._dead.update(removed)
        if pattern.prefix:
            self._count_prefix_length(code, -1)
        self._live -= 1
        return True

    def _split(
        self, found: int | tuple[int, ...] | None, slot: int
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The rows of `found` of other lists, and those of the list in `slot`."""
        if found is None:
            return (), ()
        rows = _rows(found)
        return (
            tuple(row for row in rows if self._row_list[row] != slot),
            tuple(row for row in rows if self._row_list[row] == slot),
        )

    def _count_prefix_length(self, code: int, delta: int) -> None:
        if code == _ANONYMOUS_CODE:
            return
        length = (code >> 1) & 0x1F
        before = self._prefix_lengths[length]
        self._prefix_lengths[length] = before + delta
        if (before == 0) != (before + delta == 0):
            self._lengths_desc = tuple(
                n for n in range(E164_MAX_DIGITS, 0, -1) if self._prefix_lengths[n] > 0
            )

    def _overrides_of(self, overrides: Overrides) -> int:
        if not overrides:
            return _NO_OVERRIDES
        slot = self._overrides_slot.get(overrides)
        if slot is None:
            slot = self._overrides_slot[overrides] = len(self._overrides)
            self._overrides.append(overrides)
        return slot

    # --- reads --------------------------------------------------------------------------------------

    def match(self, key: str, now: int) -> list[Match]:
        """The best unexpired entry of each list that matches the normalised number `key`."""
        best: dict[int, int] = {}
        if key == ANONYMOUS:
            self._collect(self._exact.get(_ANONYMOUS_CODE), now, best)
            return self._matches(best)
        international = key[:1] == "+"
        digits = key[1:] if international else key
        length = len(digits)
        if length > E164_MAX_DIGITS or not digits.isdigit():
            return []
        value = int(digits)
        # The hot path of the IVR: _code() and _collect() are inlined below.
        found = self._exact.get((((value << 5) | length) << 1) | international)
        if found is not None:
            self._collect(found, now, best)
        if international:  # prefixes are international only
            prefix, pow10, row_list, row_expires = self._prefix, _POW10, self._row_list, self._row_expires
            for size in self._lengths_desc:
                if size > length:
                    continue
                found = prefix.get((((value // pow10[length - size]) << 5 | size) << 1) | 1)
                if found is None:
                    continue
                if type(found) is int:
                    slot = row_list[found]
                    if slot not in best:
                        expires = row_expires[found]
                        if not expires or expires > now:
                            best[slot] = found
                else:
                    self._collect(found, now, best)
        return self._matches(best) if best else []

    def _collect(self, found: int | tuple[int, ...], now: int, best: dict[int, int]) -> None:
        if found is None:
            return
        for row in _rows(found):
            slot = self._row_list[row]
            if slot in best:
                continue
            expires = self._row_expires[row]
            if expires and expires <= now:
                continue
            best[slot] = row

    def _matches(self, best: dict[int, int]) -> list[Match]:
        return [self._match_of(row) for row in best.values()]

    def _match_of(self, row: int) -> Match:
        start = self._row_name_start[row]
        length = self._row_name_length[row]
        override_slot = self._row_overrides[row]
        return Match(
            self._list_ids[self._row_list[row]],
            self._row_entry[row],
            bool(self._row_prefix[row]),
            self._names[start : start + length].decode() if length else "",
            self._row_expires[row],
            _NEUTRAL if override_slot == _NO_OVERRIDES else self._overrides[override_slot],
        )

    def entries(self) -> Iterator[IndexEntry]:
        """Every live entry (for a rebuild without garbage, and for tests)."""
        for row in range(len(self._row_list)):
            if row not in self._dead:
                match = self._match_of(row)
                pattern = _pattern_of(self._row_code[row], match.prefix)
                yield IndexEntry(
                    match.list_id, pattern, match.entry_id, match.name, match.expires_at, match.overrides
                )

    def compacted(self) -> CallerIndex:
        """A copy without the garbage of removed rows."""
        return CallerIndex.build(self.entries())


_NEUTRAL = Overrides()


def _rows(found: int | tuple[int, ...]) -> tuple[int, ...]:
    return found if isinstance(found, tuple) else (found,)


def _pattern_of(code: int, prefix: bool) -> NumberPattern:
    if code == _ANONYMOUS_CODE:
        return NumberPattern(ANONYMOUS)
    international = code & 1
    length = (code >> 1) & 0x1F
    digits = str(code >> 6).zfill(length)
    return NumberPattern(("+" if international else "") + digits, prefix=prefix)
