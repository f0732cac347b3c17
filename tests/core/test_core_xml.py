"""The IVR XML writer (core/xml.py): well-formed for any stored text, XPath-friendly shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.xml import xml_document

FIELD = st.from_regex(r"[a-z_][a-z0-9_]{0,11}", fullmatch=True).filter(lambda n: not n.startswith("xml"))
SCALAR = st.none() | st.booleans() | st.integers() | st.text() | st.datetimes(timezones=st.just(UTC))
VALUE = st.recursive(
    SCALAR,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(FIELD, children, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(FIELD, VALUE, max_size=6))
def test_any_answer_is_well_formed_xml(data):
    root = ElementTree.fromstring(xml_document(data))  # raises on anything not well-formed
    assert root.tag == "response"


@given(st.text())
def test_text_survives_except_for_characters_xml_cannot_carry(text):
    written = ElementTree.fromstring(xml_document({"note": text})).findtext("note")
    expected = "".join(
        "\ufffd"
        if (ord(c) < 0x20 and c not in "\t\n\r") or 0xD800 <= ord(c) <= 0xDFFF or c in "\ufffe\uffff"
        else c
        for c in text
    )
    assert written == expected


def test_control_characters_in_a_stored_note_stay_well_formed():
    body = xml_document({"reason": "Fire\u0001\u001b alarm & <evacuate>\r\n"})
    assert ElementTree.fromstring(body).findtext("reason") == "Fire\ufffd\ufffd alarm & <evacuate>\r\n"


def test_shapes_for_xpath():
    body = xml_document(
        {
            "is_open": True,
            "prompt": None,
            "at": datetime(2026, 12, 24, 9, 30, tzinfo=UTC),
            "announcement": [{"name": "a", "order": 1}, {"name": "b", "order": 2}],
            "lists": ["VIP", "Board"],
        },
        {"lists": "list"},
    )
    root = ElementTree.fromstring(body)
    assert root.findtext("is_open") == "true"
    assert root.find("prompt").text is None
    assert root.findtext("at") == "2026-12-24T09:30:00+00:00"
    assert root.findtext("announcement[2]/name") == "b"
    assert [e.text for e in root.findall("list")] == ["VIP", "Board"]


@pytest.mark.parametrize("name", ["1st", "a b", "xmlthing", "<x>", ""])
def test_an_unusable_element_name_is_a_programming_error(name):
    with pytest.raises(ValueError, match="XML element name"):
        xml_document({name: "x"})
