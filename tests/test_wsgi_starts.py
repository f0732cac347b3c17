"""The production entry point loads: middleware and DRF settings import each other without a cycle."""

import os
import subprocess
import sys
from pathlib import Path


def test_the_wsgi_application_starts_in_a_fresh_process() -> None:
    """A fresh interpreter (as gunicorn starts) builds the WSGI handler; a circular import between a
    middleware module and DRF's settings would only show here, not in a test process that imported
    DRF's views first."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "supervisor_tools.test_settings"}
    code = "from supervisor_tools.wsgi import application; print('started')"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "started" in done.stdout
