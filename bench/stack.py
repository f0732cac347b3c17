"""The real processes around the app, for the chaos test and the benchmarks: a private redis-server,
Celery worker (with beat), web server and UCCX monitor, each killable and restartable.

The machine's own Redis is never touched: every run starts its own redis-server on a free port, without
persistence, and stops it at the end.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A port nothing listens on right now (for redis-server, which cannot report an ephemeral port)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.05) -> Any:
    """Poll until `condition()` is truthy; its value, or TimeoutError naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"Timed out after {timeout:g} s waiting for {what}.")
        time.sleep(interval)


def database_url(settings_dict: dict[str, Any]) -> str:
    """DATABASE_URL for another process to open the same database (e.g. the test database)."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{settings_dict['NAME']}"


class RedisServer:
    """A private, memory-only redis-server; `restart()` loses everything in it, like a crashed Redis."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, 10, f"redis-server on port {self.port}")
        return self

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def restart(self, down_for: float = 0.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()


class Service:
    """A subprocess in a process group of its own (SIGKILL takes its children too), logging to a file."""

    def __init__(
        self, name: str, argv: list[str], env: dict[str, str], log_dir: Path, ready: str = ""
    ) -> None:
        self.name, self.argv, self.env, self.ready = name, argv, env, ready
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self, timeout: float = 60) -> Service:
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"\n===== start #{self.starts} =====\n".encode())
            offset = log.tell()
            self.process = subprocess.Popen(
                self.argv,
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if self.ready:
            wait_for(
                lambda: self._logged_since(offset, self.ready) or self._died(), timeout, f"{self.name} ready"
            )
            if self._died():
                raise RuntimeError(f"{self.name} exited at start; see {self.log_path}:\n{self.tail()}")
        return self

    def _logged_since(self, offset: int, pattern: str) -> re.Match[str] | None:
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return re.search(pattern, log.read().decode(errors="replace"))

    def _died(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def search_log(self, pattern: str) -> re.Match[str] | None:
        return self._logged_since(0, pattern)

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group: no cleanup, no acknowledgements, like a crashed host."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self, grace: float = 10) -> None:
        if self.process is None or not self.alive:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def restart(self) -> None:
        self.kill()
        self.start()

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class Stack:
    """Redis plus the app's processes, all pointed at one database and one UCCX (simulator)."""

    def __init__(
        self,
        *,
        database_url: str,
        uccx_urls: tuple[str, str],
        settings_module: str,
        redis: RedisServer | None = None,
        node: str = "stack",
        beat: bool = True,
        **env: str,
    ) -> None:
        """`redis`: a private server already made (e.g. started before Django), or shared with another
        Stack (a second app node); None: a new one. `node` names the app node (worker name, log folder);
        `beat=False` for every node but one (a deployment runs one beat)."""
        self.redis = redis or RedisServer()
        self.web_url = ""
        logs = BASE_DIR / "var" / "stack-logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.log_dir = Path(tempfile.mkdtemp(prefix=time.strftime(f"%Y%m%d-%H%M%S-{node}-"), dir=logs))
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url,
            "REDIS_URL": self.redis.url(0),
            "UCCX_PRIMARY_URL": uccx_urls[0],
            "UCCX_SECONDARY_URL": uccx_urls[1],
            "SECRET_KEY": os.environ.get("SECRET_KEY", "stack-not-secret"),
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        python = sys.executable
        self.worker = Service(
            "worker",
            [
                python,
                "-m",
                "celery",
                "-A",
                "supervisor_tools",
                "worker",
                *(["-B", "--schedule", str(self.log_dir / "beat-schedule")] if beat else []),
                "--loglevel=INFO",
                "-n",
                f"{node}-{os.getpid()}@%h",
            ],
            self.env,
            self.log_dir,
            ready=r"ready\.",
        )
        self.monitor = Service(
            "monitor",
            [python, "manage.py", "uccx_monitor"],
            self.env,
            self.log_dir,
            ready="UCCX monitor started",
        )
        self.web = Service(
            "web",
            [
                python,
                "-m",
                "gunicorn",
                "supervisor_tools.wsgi",
                "-b",
                "127.0.0.1:0",
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "-",
            ],
            self.env,
            self.log_dir,
            ready=r"Listening at: http://127\.0\.0\.1:\d+",
        )

    def start(self, *, web: bool = True, monitor: bool = True) -> Stack:
        """Start everything; if one part fails, stop what did start (no stray redis-server or worker)."""
        try:
            if not self.redis.ping():
                self.redis.start()
            self.worker.start()
            if monitor:
                self.monitor.start()
            if web:
                self.web.start()
                found = self.web.search_log(r"Listening at: (http://127\.0\.0\.1:\d+)")
                self.web_url = found.group(1)  # gunicorn bound port 0: the port it got
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for service in (self.web, self.monitor, self.worker):
            service.stop()
        self.redis.stop()

    def logs(self) -> str:
        return "\n".join(
            f"--- {s.name} ({s.log_path}) ---\n{s.tail()}" for s in (self.worker, self.monitor, self.web)
        )
