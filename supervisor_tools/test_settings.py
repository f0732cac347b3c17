"""Settings for the test suite: the production settings with a throwaway key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from supervisor_tools.settings import *  # noqa: F403
from supervisor_tools.settings import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a real worker process started by a test sees the same data.
    # TEST_SQLITE_NAME lets parallel runs (e.g. several developers' checkouts) keep apart.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_SQLITE_NAME", str(VAR_DIR / "test.sqlite3"))}

# A test-only stand-in for UCCX-backed objects (probe calendars) used by the outbox and chaos tests.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.syncprobe"]  # noqa: F405

# Web servers started by tests (gunicorn in bench/stack.py) serve static files without a collectstatic.
WHITENOISE_USE_FINDERS = True

# The snapshot store's database probe is a thread; tests that exercise it turn it on themselves.
SNAPSHOT_DB_PROBE_SECONDS = 0
