"""The fastest possible baseline: a raw WSGI callable answering constant JSON (bench/ivr_http.py)."""

BODY = b'{"calendar":"Bench","state":"open","is_open":true}'
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):  # type: ignore[no-untyped-def]
    start_response("200 OK", HEADERS)
    return [BODY]
