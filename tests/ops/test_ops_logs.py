"""Structured logs: the request id on every line, JSON on demand, no secrets in messages or tracebacks."""

import io
import json
import logging
from typing import Any

import pytest

from ops.logs import JsonFormatter, RequestContextFilter, TextFormatter, request_id, scrub


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: Basic YWRtaW46c2VjcmV0LXB3", "YWRtaW46c2VjcmV0LXB3"),
        ("header Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"),
        ("Bearer scrape-me-please", "scrape-me-please"),
        ("connecting to postgres://app:Sup3r-s3cret@db:5432/supervisor", "Sup3r-s3cret"),
        ("redis://:redis-pw-123@cache:6379/0 is down", "redis-pw-123"),
        ("login failed password=hunter22 for bob", "hunter22"),
        ('{"username": "bob", "password": "hunter22"}', "hunter22"),
        ("UCCX_PASSWORD: ciscopsdt", "ciscopsdt"),
        ("SECRET_KEY=django-insecure-abc", "django-insecure-abc"),
    ],
)
def test_secrets_are_scrubbed(text: str, secret: str) -> None:
    cleaned = scrub(text)
    assert secret not in cleaned
    assert "[redacted]" in cleaned


def test_ordinary_text_is_left_alone() -> None:
    text = "UCCX PUT /adminapi/calendar/3 -> node A: HTTP 200 in 4 ms (token bucket empty)"
    assert scrub(text) == text


def emit(formatter: logging.Formatter, message: str, *args: Any, exc: BaseException | None = None) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(formatter)
    logger = logging.getLogger(f"test.ops.{id(formatter)}")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        if exc is None:
            logger.warning(message, *args)
        else:
            try:
                raise exc
            except BaseException:
                logger.exception(message, *args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_json_lines_carry_the_request_id_and_no_secret() -> None:
    token = request_id.set("req-42")
    try:
        line = emit(
            JsonFormatter("%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"),
            "could not reach %s",
            "postgres://app:pw-in-url@db/x",
            exc=RuntimeError("password=in-traceback"),
        )
    finally:
        request_id.reset(token)
    record = json.loads(line)
    assert record["request_id"] == "req-42"
    assert record["levelname"] == "ERROR"
    assert record["message"] == "could not reach postgres://app:[redacted]@db/x"
    assert "in-traceback" not in record["exc_info"]
    assert "pw-in-url" not in line


def test_text_lines_outside_a_request_show_a_dash() -> None:
    line = emit(TextFormatter("[%(request_id)s] %(message)s"), "hello %s", "world")
    assert line == "[-] hello world\n"


def test_settings_choose_json_and_add_the_filter(settings: Any) -> None:
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["filters"] == ["request"]
    assert settings.LOGGING["formatters"]["json"]["()"] == "ops.logs.JsonFormatter"


def test_request_ids_are_unique_and_a_forked_process_gets_its_own() -> None:
    import os

    from ops.logs import new_request_id

    ids = {new_request_id(None) for _ in range(1000)}
    assert len(ids) == 1000
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report one id and leave at once
        os.write(write, new_request_id(None).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child_id = os.read(read, 64).decode()
    assert child_id[:10] != next(iter(ids))[:10]
