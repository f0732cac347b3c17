"""Cisco's published adminapi samples (`cisco-samples/`, provenance in its SOURCES.md) as a contract.

- The simulator accepts every request sample.
- The simulator answers in the shape of every response sample: the same element names, nesting and leaf
  types (number, true/false, text), in XML and in JSON.
- The client reads every response sample, served as a real server sends it: XML, and the JSON form of
  UCCX's Jersey mapping (one-element lists as bare objects, every value a string).

One test module each (test_simulator_requests.py, test_simulator_responses.py, test_client_reads_samples.py);
here: every sample is one of the cases (request_cases.py, response_cases.py).
"""

from __future__ import annotations

from .request_cases import REQUESTS
from .response_cases import RESPONSES
from .samples import SAMPLES


def test_every_sample_is_covered() -> None:
    covered = {case.sample for case in REQUESTS} | {case.sample for case in RESPONSES}
    assert covered == {path.name for path in SAMPLES.glob("*.xml")}
    assert (SAMPLES / "SOURCES.md").exists()
