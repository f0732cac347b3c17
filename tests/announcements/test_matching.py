"""Which announcements play for a call: DN, caller prefix, kind, schedule, order, `then`, overlaps."""

from __future__ import annotations

from datetime import UTC, datetime, time

from announcements.matching import AnnouncementIndex, AnnouncementSpec, normalise_number, overlaps
from announcements.schedule import Schedule

NOON = datetime(2026, 3, 4, 12, tzinfo=UTC)  # a Wednesday
SUPPORT, SALES = "8005550100", "8005550200"


def spec(name: str, **fields: object) -> AnnouncementSpec:
    return AnnouncementSpec(name=name, prompt=f"en_US/{name}.wav", language="en_US", **fields)  # type: ignore[arg-type]


def names(found: list[AnnouncementSpec]) -> list[str]:
    return [s.name for s in found]


def test_numbers_compare_in_their_international_and_written_forms() -> None:
    assert normalise_number("+41 44 668 18 00") == "41446681800"
    assert normalise_number("0041-44-668.18.00") == "41446681800"
    assert normalise_number("(800) 555-0100") == "8005550100"


def test_by_dn_services_narrow_and_unscoped_ones_play_everywhere() -> None:
    index = AnnouncementIndex(
        [
            spec("everyone"),
            spec("support-only", services=frozenset({SUPPORT})),
            spec("sales-only", services=frozenset({SALES})),
        ]
    )
    assert names(index.select(at=NOON, dn="800-555-0100")) == ["everyone", "support-only"]
    assert names(index.select(at=NOON, dn=SALES)) == ["everyone", "sales-only"]
    assert names(index.select(at=NOON, dn="999")) == ["everyone"]
    assert names(index.select(at=NOON)) == ["everyone", "sales-only", "support-only"]  # no dn: no filter


def test_by_caller_prefix() -> None:
    swiss = spec("swiss", prefixes=("41",))
    zurich = spec("zurich", prefixes=("4144", "4143"))
    index = AnnouncementIndex([swiss, zurich, spec("all")])
    assert names(index.select(at=NOON, ani="+41 44 668 18 00")) == ["all", "swiss", "zurich"]
    assert names(index.select(at=NOON, ani="0041 31 123 45 67")) == ["all", "swiss"]
    assert names(index.select(at=NOON, ani="+1 212 555 0100")) == ["all"]


def test_by_kind_and_enabled_and_schedule() -> None:
    index = AnnouncementIndex(
        [
            spec("xmas", kind="holiday"),
            spec("welcome", kind="general"),
            spec("off", enabled=False),
            spec("mornings", schedule=Schedule("UTC", window_start=time(8), window_end=time(11))),
            spec("hours", kind="working"),
        ]
    )
    assert names(index.select(at=NOON, kind="holiday")) == ["xmas"]
    assert names(index.select(at=NOON, kind="working")) == ["hours"]
    assert names(index.select(at=NOON)) == ["hours", "welcome", "xmas"]
    assert "mornings" in names(index.select(at=NOON.replace(hour=9)))


def test_order_then_name_and_stop_ends_the_list() -> None:
    index = AnnouncementIndex(
        [
            spec("c-third", order=3),
            spec("b-outage", order=2, then="stop"),
            spec("a-first", order=1),
            spec("a-also-first", order=1),
        ]
    )
    assert names(index.select(at=NOON)) == ["a-also-first", "a-first", "b-outage"]


def test_slot_lookup_by_name_ignores_case() -> None:
    index = AnnouncementIndex([spec("Welcome")])
    assert index.get("welcome") is not None
    assert index.get("WELCOME").name == "Welcome"
    assert index.get("missing") is None


def test_overlap_warning_needs_same_kind_order_service_region_and_time() -> None:
    mornings = Schedule("UTC", window_start=time(8), window_end=time(12))
    evenings = Schedule("UTC", window_start=time(18), window_end=time(20))
    mine = spec("mine", services=frozenset({SUPPORT}), prefixes=("41",), schedule=mornings)
    others = [
        spec("same-slot", services=frozenset({SUPPORT}), prefixes=("4144",), schedule=mornings),
        spec("every-service", prefixes=("41",), schedule=mornings),
        spec("other-order", services=frozenset({SUPPORT}), order=2, schedule=mornings),
        spec("other-kind", services=frozenset({SUPPORT}), kind="holiday", schedule=mornings),
        spec("other-service", services=frozenset({SALES}), schedule=mornings),
        spec("other-region", services=frozenset({SUPPORT}), prefixes=("33",), schedule=mornings),
        spec("other-time", services=frozenset({SUPPORT}), schedule=evenings),
        spec("disabled", services=frozenset({SUPPORT}), enabled=False, schedule=mornings),
    ]
    found = overlaps(mine, others, now=NOON)
    assert [o.other for o in found] == ["same-slot", "every-service"]
    assert found[0].starts == datetime(2026, 3, 5, 8, tzinfo=UTC)
