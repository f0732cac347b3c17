"""Logs a newcomer trusts (issue 11): idle worker tasks say nothing."""

from __future__ import annotations

import logging
import logging.config
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_celery_task_chatter_is_below_the_log_level(settings: Any) -> None:
    logging.config.dictConfig(settings.LOGGING)
    assert not logging.getLogger("celery.worker.strategy").isEnabledFor(logging.INFO)
    assert not logging.getLogger("celery.app.trace").isEnabledFor(logging.INFO)
    assert logging.getLogger("celery.app.trace").isEnabledFor(logging.ERROR)
