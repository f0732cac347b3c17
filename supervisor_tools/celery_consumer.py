"""The worker's broker consumer, hardened against Redis going away while messages are unacknowledged.

Celery 5.7 with kombu 5.7: when the connection to Redis is lost while the worker holds an unacknowledged
message (a late-acked task running, or a task waiting for its countdown), the consumer first collects the
connection (dropping its transport) and then closes it, which tries to restore those messages through the
dropped transport: `AttributeError: 'NoneType' object has no attribute 'hostname'`, "Unrecoverable error",
and the worker exits or hangs. Here that failed restore is logged and the consumer reconnects as usual;
Redis keeps the messages in its unacked set and hands them out again after the visibility timeout (if
Redis itself restarted, they are gone either way: the outbox rows, swept by beat, are the truth).
"""

import logging
from typing import Any

from celery.worker.consumer import Consumer as CeleryConsumer

logger = logging.getLogger(__name__)


class Consumer(CeleryConsumer):
    def on_connection_error_after_connected(self, exc: Any) -> None:
        try:
            super().on_connection_error_after_connected(exc)
        except AttributeError as error:  # the collected connection could not restore unacked messages
            logger.warning("Broker connection lost with unacknowledged messages; not restored: %r", error)
