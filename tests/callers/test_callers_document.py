"""UCCX's copy of a list: the documented XML, national forms for the ANI, XPath that scripts use."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest

from callers.document import DocumentTooLarge, build_document, document_path, national_form

LIST = {
    "name": "VIP customers",
    "kind": "vip",
    "order": 20,
    "version": 7,
    "priority": 10,
    "target": "CSQ_Gold",
    "prompt": "",
    "language": "",
    "vip_beats_blocked": False,
}
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def test_the_document_reads_with_xpath_as_documented() -> None:
    entries = [
        {
            "number": "+15550100100",
            "prefix": False,
            "name": "Ann <&> Example",
            "priority": 20,
            "expires_at": NOW,
        },
        {"number": "+1555", "prefix": True, "name": "Area 555"},
        {"number": "anonymous", "prefix": False, "name": ""},
    ]
    root = ElementTree.fromstring(
        build_document(caller_list=LIST, entries=entries, region="US", generated=NOW)
    )
    assert root.attrib == {
        "name": "VIP customers",
        "kind": "vip",
        "order": "20",
        "version": "7",
        "generated": "2026-12-01T12:00:00+00:00",
    }
    assert root.findtext("defaults/target") == "CSQ_Gold"
    assert root.findtext("defaults/vipBeatsBlocked") == "false"
    ann = root.find("entry[national='5550100100']")
    assert ann is not None
    assert (ann.get("match"), ann.findtext("name"), ann.findtext("priority")) == (
        "exact",
        "Ann <&> Example",
        "20",
    )
    assert ann.findtext("expires") == "2026-12-01T12:00:00+00:00"
    assert root.find("entry[@match='prefix']").findtext("national") == "555"
    assert root.find("entry[@match='anonymous']").findtext("number") == "anonymous"


@pytest.mark.parametrize(
    ("key", "prefix", "region", "national"),
    [
        ("+15550100100", False, "US", "5550100100"),
        ("+49301234567", False, "DE", "0301234567"),
        ("+4930", True, "DE", "030"),
        ("+4930", True, "US", "+4930"),
        ("4001", False, "US", "4001"),
    ],
)
def test_national_forms(key: str, prefix: bool, region: str, national: str) -> None:
    assert national_form(key, prefix, region) == national


def test_a_list_too_large_for_uccx_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("callers.document.MAX_BYTES", 500)
    entries = [{"number": f"+1555010{n:04d}", "prefix": False, "name": "x"} for n in range(20)]
    with pytest.raises(DocumentTooLarge, match="UCCX takes documents of at most"):
        build_document(caller_list=LIST, entries=entries, region="US", generated=NOW)


def test_document_path() -> None:
    assert document_path("VIP customers") == "callers/VIP_customers.xml"
