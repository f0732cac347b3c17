"""The worker's part of a caller-list change, run in the test's own process (no broker, no worker)."""

from callers.publish import document_refresh, stale_lists


def build_lagging_copies() -> int:
    """What the `callers.publish_document` tasks of beat's catch-up do, one list after the other: build
    every UCCX copy that lags its list. Returns how many lists were brought up to date."""
    return sum(document_refresh(list_id) for list_id in stale_lists())
