"""Forms of the calendar pages, one module per subject: the calendar, its hours, its holidays.

They parse what people type into engine values; the services judge the result, and
`core.errors.show_errors()` puts the services' field-addressed messages next to the right inputs.
"""
