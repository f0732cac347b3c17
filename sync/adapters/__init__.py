"""Every UCCX resource adapter, whichever app uses it, and the registry of adapters by kind.

A domain app registers the kinds it syncs in `AppConfig.ready()`, e.g.
`register("announcement_prompt", PromptAdapter())`; see docs/sync.md.
"""

from sync.adapters.application import ApplicationCalendarAdapter, ApplicationParameterAdapter
from sync.adapters.base import Adapter, RetryLater, UnknownKindError, get_adapter, register, registered_kinds
from sync.adapters.calendar import CalendarAdapter
from sync.adapters.repository import DocumentAdapter, PromptAdapter, RepositoryFileAdapter, file_payload

__all__ = [
    "Adapter",
    "ApplicationCalendarAdapter",
    "ApplicationParameterAdapter",
    "CalendarAdapter",
    "DocumentAdapter",
    "PromptAdapter",
    "RepositoryFileAdapter",
    "RetryLater",
    "UnknownKindError",
    "file_payload",
    "get_adapter",
    "register",
    "registered_kinds",
]
