"""The simulator answers in the shape of every response sample of Cisco's: the same element names,
nesting and leaf types (number, true/false, text), in XML and in JSON."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from .response_cases import RESPONSES, ResponseCase
from .samples import Uccx, sample
from .shapes import compare, json_shape, xml_shape


@pytest.mark.parametrize("case", RESPONSES, ids=lambda case: case.sample)
def test_the_simulator_answers_in_the_shape_of_every_response_sample(uccx: Uccx, case: ResponseCase) -> None:
    case.setup(uccx)
    expected_root = ET.fromstring(sample(case.sample))
    expected = xml_shape(expected_root)

    as_xml = uccx.call(case.method, case.path)
    assert as_xml.status_code == case.status, as_xml.text
    root = ET.fromstring(as_xml.content)
    assert root.tag == (case.root or expected_root.tag)
    assert compare(expected, xml_shape(root), may_lack=case.may_lack, may_add=case.may_add) == []

    if case.method == "DELETE":  # the refused delete changed nothing: ask again for the JSON form
        assert uccx.sim.calendars
    as_json = uccx.call(case.method, case.path, fmt="json")
    assert as_json.status_code == case.status, as_json.text
    assert compare(expected, json_shape(as_json.json()), may_lack=case.may_lack, may_add=case.may_add) == []
