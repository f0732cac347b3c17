"""Pages of the calendars app (mounted at /calendars/), one module per section."""
