"""Typed errors of the UCCX client.

The classes tell a caller what to do with a change: an unavailable (or read-only) UCCX means "keep it
queued and retry later"; the others mean UCCX refused it for good. Messages carry UCCX's own text and
never credentials.
"""


class UccxError(Exception):
    """Any failure talking to UCCX; `message` is human text, `status` the HTTP status, `node` "A"/"B"."""

    def __init__(self, message: str, *, status: int | None = None, node: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.node = node

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r}, node={self.node!r})"


class UccxUnavailableError(UccxError):
    """No node could take the request (refused, timeout, 5xx).

    `maybe_applied` is True when a write was sent but its answer was lost: re-read before retrying a create.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        node: str | None = None,
        maybe_applied: bool = False,
    ) -> None:
        super().__init__(message, status=status, node=node)
        self.maybe_applied = maybe_applied

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, status={self.status!r}, node={self.node!r}, "
            f"maybe_applied={self.maybe_applied!r})"
        )


class UccxReadOnlyError(UccxUnavailableError):
    """UCCX refuses configuration changes for now (a node is down, or island mode)."""


class UccxNotFoundError(UccxError):
    """The object does not exist (404)."""


class UccxConflictError(UccxError):
    """The object clashes with an existing one (409), e.g. a duplicate name or file."""


class UccxValidationError(UccxError):
    """UCCX (or the client, before sending) rejected the content (400 and similar)."""


class UccxAuthError(UccxError):
    """Bad credentials (401) or missing role or capability (403)."""


class UccxResponseError(UccxError):
    """UCCX answered with a body the client cannot read; `field` names the part that was unreadable."""

    def __init__(
        self, message: str, *, field: str, status: int | None = None, node: str | None = None
    ) -> None:
        super().__init__(message, status=status, node=node)
        self.field = field
