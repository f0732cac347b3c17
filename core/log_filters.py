"""Logging filters of the web frame."""

from __future__ import annotations

import logging


class RefusalWithoutTraceback(logging.Filter):
    """A refused request (4xx: permission denied, not found, bad request) is one log line: Django logs
    it with the exception, and a traceback per refused page buried the real errors (issue 9)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
