"""The management API of the announcements app (under /api/v1/announcements/), one module per section:
announcements, call switches, services and regions, the prompt library. Thin views over the services and
selectors.

Bad input answers 400 with field errors (the services' messages) and nothing is saved. Prompt writes
answer with `"sync": {...}`: 201/200 once UCCX took the change, 202 while it is queued.
"""
