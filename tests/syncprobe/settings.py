"""Settings of the processes the worker and chaos tests start: the test settings plus the probe API."""

from supervisor_tools.test_settings import *  # noqa: F403

ROOT_URLCONF = "tests.syncprobe.urls"
