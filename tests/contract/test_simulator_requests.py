"""The simulator accepts every request sample of Cisco's."""

from __future__ import annotations

import pytest

from .request_cases import REQUESTS, RequestCase
from .samples import Uccx


@pytest.mark.parametrize("case", REQUESTS, ids=lambda case: case.sample)
def test_the_simulator_accepts_every_request_sample(uccx: Uccx, case: RequestCase) -> None:
    case.setup(uccx)
    response = uccx.send_sample(case.method, case.path, case.sample)
    assert response.status_code == case.status, response.text
    if case.status == 201:
        assert response.headers["Location"].startswith(uccx.sim.url("A") + "/adminapi/")
    case.check(uccx.sim)


def test_the_folder_of_prompt_create_folder_exists_afterwards(uccx: Uccx) -> None:
    uccx.folder("prompt", "/", "FTCustomPromptLanguage1")
    assert uccx.send_sample("POST", "/adminapi/prompt", "prompt-create-folder.xml").status_code == 201
    listing = uccx.call("GET", "/adminapi/prompt/FTCustomPromptLanguage1/FTCustomPromptFolder1/")
    assert listing.status_code == 200
