"""Fixtures for the simulator tests (the simulator itself is `uccx_sim` from tests/conftest.py)."""

import pytest

from uccx_simulator import Simulator

from .helpers import Uccx


@pytest.fixture
def uccx(uccx_sim: Simulator) -> Uccx:
    return Uccx(uccx_sim)
