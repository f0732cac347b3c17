"""Settings an operator sets for production behind nginx (docs/deployment.md)."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'proxy': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), 'ip': list(s.AXES_IPWARE_META_PRECEDENCE_ORDER), "
    "'csrf': s.CSRF_TRUSTED_ORIGINS, 'log': s.LOG_FORMAT, 'handler': s.LOGGING['handlers']['console']}))"
)


def settings_with(**env: str) -> dict:
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("BEHIND_PROXY", "CSRF_TRUSTED_ORIGINS")},
        "DJANGO_SETTINGS_MODULE": "supervisor_tools.settings",
        "SECRET_KEY": "x" * 50,
        **env,
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_behind_nginx_the_scheme_and_client_address_come_from_its_headers() -> None:
    direct = settings_with()
    assert direct["proxy"] is None
    assert direct["ip"] == ["REMOTE_ADDR"]
    proxied = settings_with(
        BEHIND_PROXY="true", CSRF_TRUSTED_ORIGINS="https://tools.example.com", LOG_FORMAT="json"
    )
    assert proxied["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert proxied["ip"] == ["HTTP_X_REAL_IP", "REMOTE_ADDR"]
    assert proxied["csrf"] == ["https://tools.example.com"]
    assert proxied["handler"]["formatter"] == "json"
