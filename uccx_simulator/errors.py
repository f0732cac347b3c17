"""The `apiErrors` failures every adminapi handler can raise; rendered by the node app."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An adminapi failure: HTTP status plus one or more UCCX-style `apiError` entries."""

    def __init__(
        self,
        status: int,
        error_type: str,
        items: list[tuple[str, str]],
        *,
        i18n: dict[str, Any] | None = None,
    ) -> None:
        """Each entry carries an `i18n` {key, args} as Cisco's apiErrors template shows; without a key of
        its own, a generic one from the error type with the entry's data as argument."""
        super().__init__("; ".join(message for _, message in items))
        self.status = status
        generic = "adminapi." + "".join(word.capitalize() for word in error_type.split()).lower()
        self.items = [
            {
                "errorData": data,
                "errorMessage": message,
                "errorType": error_type,
                "i18n": i18n or {"key": generic, "args": {"arg": [data]}},
            }
            for data, message in items
        ]
        self.headers: dict[str, str] = {}

    def as_body(self) -> dict[str, Any]:
        return {"apiError": self.items}


def bad_request(items: list[tuple[str, str]]) -> ApiError:
    return ApiError(400, "Bad Request", items)


def not_found(data: str, message: str) -> ApiError:
    return ApiError(404, "Not Found", [(data, message)])


def conflict(data: str, message: str) -> ApiError:
    return ApiError(409, "Conflict", [(data, message)])


def unavailable(data: str, message: str) -> ApiError:
    return ApiError(503, "Service Unavailable", [(data, message)])
