"""Fixtures of the announcements tests: the app pointed at the simulator, a language folder, prompts made
from generated audio; the teams and one account per role are the frame's (tests/core/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from announcements.models import Prompt, PromptFolder, Service
from announcements.prompt_services import folder_create, prompt_upload
from announcements.services import ServiceData, service_save
from core.models import Team
from tests.announcements.audio_factory import make
from tests.core.conftest import accounts, team_x, team_y
from uccx_simulator import Simulator

__all__ = ["accounts", "team_x", "team_y"]


@pytest.fixture
def uccx(uccx_settings: Any, uccx_sim: Simulator) -> Simulator:
    """The reset simulator, with the app's settings pointed at it for this test alone."""
    return uccx_sim


@pytest.fixture
def en_us(accounts: dict[str, Any]) -> PromptFolder:
    return folder_create(actor=accounts["admin"], parent=None, name="en_US", team=None)


@pytest.fixture
def upload(uccx: Simulator, accounts: dict[str, Any], en_us: PromptFolder) -> Any:
    """`upload(name, kind="mp3-44100-stereo", actor=admin, folder=en_US, team=None)` -> the Prompt."""

    def _upload(
        name: str, kind: str = "mp3-44100-stereo", actor: Any = None, folder: Any = None, team: Any = None
    ) -> Prompt:
        data, _ = make(kind, seconds=1.0)
        saved = prompt_upload(
            actor=actor or accounts["admin"],
            folder=folder or en_us,
            data=data,
            source_name=f"{name}.{kind.split('-')[0]}",
            name=name,
            team=team,
        )
        return saved.prompt

    return _upload


@pytest.fixture
def support_line(accounts: dict[str, Any], team_x: Team) -> Service:
    return service_save(
        actor=accounts["admin"], data=ServiceData(dn="8005550100", name="Support line", team=team_x)
    )
