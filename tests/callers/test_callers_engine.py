"""The matching index and the effective profile: longest prefix, expiry, precedence, incremental change."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from callers.engine import (
    ANONYMOUS,
    BLOCKED,
    CUSTOM,
    VIP,
    CallerIndex,
    IndexEntry,
    ListInfo,
    NumberPattern,
    Overrides,
    effective_profile,
    lookup_profile,
)

NOW = 1_800_000_000
LISTS = {
    1: ListInfo(1, "VIPs", VIP, order=10, priority=5, target="CSQ_VIP", language="en_US"),
    2: ListInfo(2, "Blocked", BLOCKED, order=20, prompt="en_US/blocked.wav"),
    3: ListInfo(3, "Berlin", CUSTOM, order=30, target="CSQ_DE", language="de_DE"),
}


def exact(list_id: int, key: str, entry_id: int, **fields: object) -> IndexEntry:
    return IndexEntry(list_id, NumberPattern(key), entry_id, **fields)  # type: ignore[arg-type]


def prefix(list_id: int, key: str, entry_id: int, **fields: object) -> IndexEntry:
    return IndexEntry(list_id, NumberPattern(key, prefix=True), entry_id, **fields)  # type: ignore[arg-type]


def test_longest_prefix_wins_within_a_list_and_exact_beats_prefix() -> None:
    index = CallerIndex.build([prefix(3, "+4930", 1, name="Berlin"), prefix(3, "+49301", 2, name="Mitte")])
    assert [m.entry_id for m in index.match("+49301234567", NOW)] == [2]
    assert [m.entry_id for m in index.match("+49309999", NOW)] == [1]
    index.add(exact(3, "+49301234567", 3, name="Anna"))
    assert [m.entry_id for m in index.match("+49301234567", NOW)] == [3]
    assert index.match("+4940123", NOW) == []


def test_every_list_that_matches_is_reported() -> None:
    index = CallerIndex.build([exact(1, "+15550100100", 1), prefix(3, "+1555", 2)])
    assert {m.list_id for m in index.match("+15550100100", NOW)} == {1, 3}


def test_an_expired_entry_stops_matching_and_a_shorter_prefix_takes_over() -> None:
    index = CallerIndex.build([prefix(3, "+4930", 1), prefix(3, "+49301", 2, expires_at=NOW)])
    assert [m.entry_id for m in index.match("+493012345", NOW - 1)] == [2]
    assert [m.entry_id for m in index.match("+493012345", NOW)] == [1]


def test_short_numbers_with_leading_zeros_and_international_ones_stay_apart() -> None:
    index = CallerIndex.build([exact(3, "0123", 1), exact(3, "123", 2), exact(3, "+123", 3)])
    assert [m.entry_id for m in index.match("0123", NOW)] == [1]
    assert [m.entry_id for m in index.match("123", NOW)] == [2]
    assert [m.entry_id for m in index.match("+123", NOW)] == [3]
    assert {e.pattern for e in index.entries()} == {NumberPattern(k) for k in ("0123", "123", "+123")}


def test_the_anonymous_entry() -> None:
    index = CallerIndex.build([IndexEntry(2, NumberPattern(ANONYMOUS), 9)])
    assert [m.entry_id for m in index.match(ANONYMOUS, NOW)] == [9]


def test_incremental_remove_and_replace() -> None:
    index = CallerIndex.build([exact(1, "+15550100100", 1, name="Old")])
    index.add(exact(1, "+15550100100", 1, name="New"))
    assert [m.name for m in index.match("+15550100100", NOW)] == ["New"]
    assert len(index) == 1
    assert index.garbage == 1
    assert index.remove(1, NumberPattern("+15550100100"))
    assert not index.remove(1, NumberPattern("+15550100100"))
    assert index.match("+15550100100", NOW) == []
    assert len(index.compacted()) == 0


def test_blocked_beats_vip_and_uses_only_blocked_values() -> None:
    index = CallerIndex.build([exact(1, "+15550100100", 1, name="Ann"), exact(2, "+15550100100", 2)])
    profile = lookup_profile(index, LISTS, "+15550100100", NOW)
    assert profile["found"]
    assert profile["blocked"]
    assert not profile["vip"]
    assert profile["lists"] == ["VIPs", "Blocked"]
    assert profile["prompt"] == "en_US/blocked.wav"
    assert profile["priority"] == 0
    assert profile["target"] == ""
    assert profile["name"] == "Ann"  # who it is is still known


def test_a_vip_list_configured_to_beat_blocked() -> None:
    lists = {**LISTS, 1: ListInfo(1, "VIPs", VIP, order=10, priority=5, vip_beats_blocked=True)}
    index = CallerIndex.build([exact(1, "+15550100100", 1), exact(2, "+15550100100", 2)])
    profile = lookup_profile(index, lists, "+15550100100", NOW)
    assert profile["vip"]
    assert not profile["blocked"]
    assert profile["priority"] == 5
    assert profile["prompt"] == ""


def test_entry_overrides_beat_list_defaults_and_custom_lists_fill_gaps() -> None:
    index = CallerIndex.build(
        [exact(1, "+49301234567", 1, overrides=Overrides(priority=9)), prefix(3, "+4930", 2)]
    )
    profile = lookup_profile(index, LISTS, "+49301234567", NOW)
    assert profile["vip"]
    assert profile["priority"] == 9
    assert profile["target"] == "CSQ_VIP"
    assert profile["language"] == "en_US"
    only_custom = lookup_profile(index, LISTS, "+49309999999", NOW)
    assert only_custom["found"]
    assert not only_custom["vip"]
    assert only_custom["target"] == "CSQ_DE"


def test_expiry_of_the_deciding_entry_is_reported() -> None:
    index = CallerIndex.build([exact(2, "+15550100100", 1, expires_at=NOW + 60)])
    profile = lookup_profile(index, LISTS, "+15550100100", NOW)
    assert profile["expires_at"] == datetime.fromtimestamp(NOW + 60, UTC)


def test_unknown_number_is_neutral() -> None:
    profile = effective_profile("+15550100100", [], LISTS)
    assert profile == {
        "found": False,
        "number": "+15550100100",
        "name": "",
        "lists": [],
        "vip": False,
        "blocked": False,
        "priority": 0,
        "target": "",
        "prompt": "",
        "language": "",
        "expires_at": None,
    }


digits = st.text("0123456789", min_size=3, max_size=8).filter(lambda d: d[0] != "0")


@settings(max_examples=150, deadline=None)
@given(
    entries=st.lists(
        st.tuples(st.sampled_from([1, 2, 3]), digits, st.booleans(), st.integers(0, 3)), max_size=40
    ),
    numbers=st.lists(
        st.text("0123456789", min_size=6, max_size=12).filter(lambda d: d[0] != "0"), max_size=20
    ),
    removals=st.integers(0, 10),
)
def test_index_agrees_with_a_brute_force_scan(
    entries: list[tuple[int, str, bool, int]], numbers: list[str], removals: int
) -> None:
    table: dict[tuple[int, str, bool], tuple[int, int]] = {}
    index = CallerIndex()
    for entry_id, (list_id, key, is_prefix, expiry) in enumerate(entries):
        expires = 0 if expiry == 0 else NOW + expiry - 2  # some expired, some not
        index.add(IndexEntry(list_id, NumberPattern("+" + key, is_prefix), entry_id, expires_at=expires))
        table[(list_id, key, is_prefix)] = (entry_id, expires)
    for list_id, key, is_prefix in list(table)[:removals]:
        index.remove(list_id, NumberPattern("+" + key, is_prefix))
        del table[(list_id, key, is_prefix)]
    for number in numbers + [key for _, key, _ in table]:
        expected = {}
        for list_id in (1, 2, 3):
            candidates = [
                (len(key) + (100 if not is_prefix else 0), entry_id)
                for (lid, key, is_prefix), (entry_id, expires) in table.items()
                if lid == list_id
                and (not expires or expires > NOW)
                and (number == key if not is_prefix else number.startswith(key))
            ]
            if candidates:
                expected[list_id] = max(candidates)[1]
        got = {m.list_id: m.entry_id for m in index.match("+" + number, NOW)}
        assert got == expected
