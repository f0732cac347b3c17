"""Benchmark: the worst input at each limit of issue 9, over HTTP, against production settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/supervisor .venv/bin/python -m bench.hostile_input

It creates a throwaway database (test_<name of DATABASE_URL's database>; SQLite without DATABASE_URL),
starts a private redis-server, the UCCX simulator, a Celery worker and gunicorn with the project's
gunicorn.conf.py and production settings (DEBUG off), then sends each hostile request a few times and
times it from the client. Beside each one it times the same kind of request with ordinary input (the
baseline). Targets: no request over 1 s, no IVR answer over 50 ms. Exit status 1 if one is missed.
Limits: calendars/engine/limits.py, calendars/ics.py, core/api_input.py (docs/calendars.md, "Limits").
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
from typing import Any

from bench.hostile_requests import Bench
from bench.stack import BASE_DIR, RedisServer, Stack, database_url

SETTINGS = "supervisor_tools.settings"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="times each request is sent (the worst counts)")
    options = parser.parse_args()
    if not RedisServer.available():
        print("redis-server is not on PATH.", file=sys.stderr)
        return 2
    redis = RedisServer().start()
    os.environ.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-not-secret"),
        REDIS_URL=redis.url(0),
        DEBUG="false",
        SECURE_COOKIES="false",  # plain HTTP on loopback; everything else as in production
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'bench-hostile.sqlite3'}")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        return run(options, redis)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        redis.stop()


def run(options: argparse.Namespace, redis: RedisServer) -> int:
    from django.conf import settings
    from django.db import connection

    from uccx_simulator import Simulator

    sim = Simulator().start()
    settings.UCCX_PRIMARY_URL, settings.UCCX_SECONDARY_URL = sim.url("A"), sim.url("B")
    stack = Stack(
        database_url=database_url(connection.settings_dict),
        uccx_urls=(sim.url("A"), sim.url("B")),
        settings_module=SETTINGS,
        redis=redis,
        DEBUG="false",
        SECURE_COOKIES="false",
    )
    try:
        accounts = _accounts()
        stack.start(monitor=True)
        return Bench(stack.web_url, accounts, options.repeat).run()
    finally:
        stack.stop()
        sim.stop()
        print(f"(process logs: {stack.log_dir})")


def _accounts() -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from core.models import Team

    team = Team.objects.create(uccx_id=1, name="Support")
    users = {}
    for name, role in (("admin", "Administrator"), ("sup", "Supervisor"), ("ivr", "IVR")):
        user = get_user_model().objects.create_user(username=name, password=f"{name}-bench-pw")
        user.groups.add(Group.objects.get(name=role))
        users[name] = user
    team.supervisors.add(users["sup"])
    return {
        "team": team.pk,
        "token": Token.objects.create(user=users["sup"]).key,
        "ivr": "Basic " + base64.b64encode(b"ivr:ivr-bench-pw").decode(),
    }


if __name__ == "__main__":
    sys.exit(main())
