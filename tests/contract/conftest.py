"""Fixtures of the contract tests."""

from __future__ import annotations

import pytest

from uccx_simulator import Simulator

from .samples import Uccx


@pytest.fixture
def uccx(uccx_sim: Simulator) -> Uccx:
    uccx_sim.set_quirks(False)  # shapes compare lists as lists; the client cases cover the quirks
    return Uccx(uccx_sim)
