"""Settings come from the environment with safe embedded defaults (configuration-and-sync.md).

Each case imports the real settings module in a fresh interpreter with a controlled environment,
because settings are evaluated once per process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "uccx_primary": settings.UCCX_PRIMARY_URL,
    "uccx_secondary": settings.UCCX_SECONDARY_URL,
    "verify": settings.UCCX_VERIFY_TLS,
    "timeout": settings.UCCX_TIMEOUT,
}))
"""
CONFIG_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "UCCX_PRIMARY_URL",
    "UCCX_SECONDARY_URL",
    "UCCX_VERIFY_TLS",
    "UCCX_TIMEOUT",
)


def load_settings(**overrides: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="supervisor_tools.settings", **overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + PROBE],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def loaded(**overrides: str) -> dict:
    result = load_settings(**overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_defaults_need_no_services():
    values = loaded(DEBUG="true")
    assert values["debug"] is True
    assert values["db_engine"] == "django.db.backends.sqlite3"
    assert values["cache"].endswith("FileBasedCache")
    assert values["broker"] == "filesystem://localhost//"
    assert values["uccx_primary"] == "http://127.0.0.1:9081"
    assert values["uccx_secondary"] == "http://127.0.0.1:9082"
    assert values["verify"] is True


def test_real_services_and_uccx_nodes_from_the_environment(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not parsed here")
    values = loaded(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/supervisor",
        REDIS_URL="redis://127.0.0.1:6379/5",
        UCCX_PRIMARY_URL="https://ccx-a.example.com",
        UCCX_SECONDARY_URL="",
        UCCX_VERIFY_TLS=str(bundle),
        UCCX_TIMEOUT="2.5",
    )
    assert values["debug"] is False
    assert values["db_engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "supervisor"
    assert values["cache"] == "core.cache.ResilientRedisCache"
    assert values["broker"] == "redis://127.0.0.1:6379/5"
    assert values["uccx_primary"] == "https://ccx-a.example.com"
    assert values["uccx_secondary"] == ""
    assert values["verify"] == str(bundle)
    assert values["timeout"] == 2.5


@pytest.mark.parametrize(("raw", "expected"), [("false", False), ("0", False), ("TRUE", True)])
def test_tls_verification_switch(raw, expected):
    assert loaded(DEBUG="true", UCCX_VERIFY_TLS=raw)["verify"] is expected


def test_tls_bundle_that_does_not_exist_is_refused_with_a_clear_message():
    result = load_settings(DEBUG="true", UCCX_VERIFY_TLS="/nowhere/ca.pem")
    assert result.returncode != 0
    assert "UCCX_VERIFY_TLS must be true, false or the path of a CA bundle file" in result.stderr


def test_check_deploy_is_clean_with_the_https_settings_from_the_environment() -> None:
    """Issue 9: HSTS, SSL redirect, the proxy's SSL header and CSRF origins come from the environment."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' own (tests/browser/conftest.py), never a deployment's.
    harness_only = {*CONFIG_VARIABLES, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in harness_only}
    env.update(
        DJANGO_SETTINGS_MODULE="supervisor_tools.settings",
        SECRET_KEY="a-long-random-production-key-" + "k7#Qz!" * 8,
        SSL_REDIRECT="true",
        HSTS_SECONDS="31536000",
        HSTS_INCLUDE_SUBDOMAINS="true",
        HSTS_PRELOAD="true",
        BEHIND_PROXY="true",
        CSRF_TRUSTED_ORIGINS="https://tools.example.com",
    )
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr + checked.stdout
    assert "(security." not in checked.stderr + checked.stdout  # other apps' warnings are theirs
    probe = "import django; django.setup(); from django.conf import settings as s; "
    probe += "print(s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.SECURE_HSTS_SECONDS)"
    shown = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    assert shown.stdout.split() == [
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "['https://tools.example.com']",
        "31536000",
    ]
