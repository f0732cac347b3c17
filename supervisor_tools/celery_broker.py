"""The Redis broker transport, hardened against Redis going away while the worker holds messages.

Celery 5.7 with kombu 5.7: when the connection to Redis is lost while the worker holds unacknowledged
messages (a late-acked task running, or one waiting for its countdown), the consumer drops the connection's
transport and later tries to restore or acknowledge those messages through it. kombu then fails with
`AttributeError: 'NoneType' object has no attribute 'hostname'` instead of a connection error, and the
worker stops with "Unrecoverable error". Here that case raises Redis' own ConnectionError, which Celery
handles as a lost connection: it logs, reconnects and goes on. The messages stay in Redis' unacked set
and are delivered again after the visibility timeout (if Redis itself restarted they are gone either way:
the outbox rows, swept by beat, are the truth).
"""

from typing import Any

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous: bool = False) -> dict[str, Any]:
        if self.connection.client is None:  # the connection was dropped after Redis went away
            raise RedisConnectionError("The connection to Redis was lost.")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
