"""Management API of caller lists (under /api/v1/callers/), one module per section: lists and entries,
imports and exports, search, recent lookups and blocking. Thin views over services and selectors.

Lists and entries are plain resources; an entry is written as a supervisor types it (`number` may be a
number in any form, a prefix ending in `*`, or `anonymous`) and answered normalised. Imports and exports
run on the worker: POST answers 202 with the transfer, whose URL tells the progress and, when done, the
rejected rows or the file. Bad input answers 400 with messages per field, and nothing is saved.
"""
