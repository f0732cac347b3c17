"""The field-error type every app's services raise, and how pages and the API show it.

A service checks the complete new state first and raises `InvalidInput` (or an app's subclass) with one
`FieldError` per problem, addressed by a path (`name`, `weekly.friday[1]`, `holidays[3].when.rule`);
nothing is saved. Pages attach the errors to their forms (`show_errors`), the API answers them as DRF's
nested 400 (`error_tree`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

if TYPE_CHECKING:
    from django import forms


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem: `field` is a path into the object's state, `NON_FIELD_ERRORS` for the whole."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidInput(ValidationError):
    """The new state is refused; `field_errors` address each problem. Nothing was saved."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.field_errors = list(errors)
        messages: dict[str, list[str]] = {}
        for error in self.field_errors:
            messages.setdefault(error.field or NON_FIELD_ERRORS, []).append(error.message)
        super().__init__(messages)


def show_errors(error: InvalidInput, *targets: tuple[forms.Form, Callable[[str], str | None]]) -> None:
    """Attach each error to the first form whose `field_for(path)` names one of its fields, else to the
    first form as a whole."""
    for problem in error.field_errors:
        for form, field_for in targets:
            name = field_for(problem.field) if problem.field != NON_FIELD_ERRORS else None
            if name in form.fields:
                form.add_error(name, problem.message)
                break
        else:
            targets[0][0].add_error(None, problem.message)


def path_parts(path: str) -> list[str]:
    """`holidays[3].when.rule` -> `["holidays", "3", "when", "rule"]`."""
    return [part for part in re.split(r"[.\[\]]+", path) if part]


def error_tree(
    errors: Iterable[FieldError],
    *,
    strip: str = "",
    parts_for: Callable[[list[str]], list[str]] | None = None,
) -> dict[str, Any]:
    """Field paths as DRF's nested error dict (`{"holidays": {"3": {"when": {"rule": [...]}}}}`), the body
    of the API's 400. `strip` removes a prefix the API's document does not have; `parts_for` may re-address
    a path (e.g. to the field the client sent)."""
    tree: dict[str, Any] = {}
    for error in errors:
        path = error.field.removeprefix(strip) if strip else error.field
        if path == NON_FIELD_ERRORS or not path:
            path = "non_field_errors"
        parts = path_parts(path)
        if parts_for is not None:
            parts = parts_for(parts)
        node = tree
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if isinstance(child, list):  # a message on a parent and on a child: keep both
                child = node[part] = {"non_field_errors": child}
            node = child
        messages = node.setdefault(parts[-1], [])
        (messages.setdefault("non_field_errors", []) if isinstance(messages, dict) else messages).append(
            error.message
        )
    return tree
