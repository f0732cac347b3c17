"""The management API of the calendars app (under /api/v1/calendars/), one module per section."""
