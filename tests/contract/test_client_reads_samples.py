"""The client reads every response sample of Cisco's, served as a real server sends it: XML, and the
JSON form of UCCX's Jersey mapping (one-element lists as bare objects, every value a string)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from uccx_client import UccxClient
from uccx_client.shapes import xml_to_data
from uccx_simulator.transport import Listener, Request, Response

from .response_cases import RESPONSES, ResponseCase
from .samples import PLACEHOLDER, sample


@dataclass
class CannedUccx:
    """One UCCX node that answers every request with one sample (XML, or its Jersey JSON form)."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/xml"
    paths: list[str] = field(default_factory=list)

    def __call__(self, request: Request) -> Response:
        self.paths.append(request.path + (f"?{request.query}" if request.query else ""))
        return Response(self.status, self.body, self.content_type)


@pytest.fixture(scope="module")
def canned() -> Iterator[tuple[CannedUccx, UccxClient]]:
    app = CannedUccx()
    listener = Listener("127.0.0.1", 0, app)
    listener.start()
    client = UccxClient(f"http://127.0.0.1:{listener.port}", "", username="u", password="p", timeout=5)
    yield app, client
    client.close()
    listener.stop()


def jersey_json(xml: bytes) -> bytes:
    """The sample as UCCX's Jersey JSON mapping sends it: root dropped, every value a string, a single
    element as a bare object."""
    root = ET.fromstring(xml)
    for element in list(root.iter()):
        for child in list(element):
            if (child.text or "").strip().startswith(PLACEHOLDER):
                element.remove(child)
    return json.dumps(xml_to_data(ET.tostring(root))).encode()


@pytest.mark.parametrize("as_json", [False, True], ids=["xml", "json"])
@pytest.mark.parametrize("case", RESPONSES, ids=lambda case: case.sample)
def test_the_client_reads_every_response_sample(canned, case: ResponseCase, as_json: bool) -> None:
    app, client = canned
    app.status, app.paths = case.status, []
    app.body = jersey_json(sample(case.sample)) if as_json else sample(case.sample)
    app.content_type = "application/json" if as_json else "application/xml"
    assert case.client_reads is not None
    result = case.client_reads(client)
    case.client_check(result)
    assert app.paths[-1] == case.client_path
