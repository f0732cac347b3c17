"""Helpers for the odd corners of UCCX's Jersey/JAXB JSON mapping.

- a list with one element often arrives as a bare object, an empty one as nothing at all;
- XML attributes become `@attr` keys;
- errors come as `apiErrors`/`apiError`, sometimes even on a 2xx answer.
"""

from typing import Any
from xml.etree import ElementTree

# errorType texts seen in UCCX answers, mapped to the HTTP status they stand for.
_ERROR_TYPE_STATUS = {
    "bad request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not found": 404,
    "conflict": 409,
    "precondition failed": 412,
    "internalservererror": 500,
    "internal server error": 500,
    "service unavailable": 503,
}


def as_list(value: Any) -> list:
    """A list whatever UCCX sent: nothing -> [], a bare object -> [object], a list -> itself."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [value]


def plain_keys(value: Any) -> Any:
    """The same structure with `@name` keys renamed to `name` (attributes read like elements)."""
    if isinstance(value, dict):
        return {key.removeprefix("@"): plain_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_keys(item) for item in value]
    return value


def api_errors(body: Any) -> list[dict]:
    """The `apiError` entries of a decoded JSON body (either nesting), or [] when there are none."""
    if not isinstance(body, dict):
        return []
    if "apiErrors" in body:
        body = body["apiErrors"]
        if not isinstance(body, dict):
            return []
    return [entry for entry in as_list(body.get("apiError")) if isinstance(entry, dict)]


def api_errors_from_xml(text: str) -> list[dict]:
    """The `apiError` entries of an XML `apiErrors` document, or [] when it is not one."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return []
    if root.tag != "apiErrors":
        return []
    return [{child.tag: (child.text or "").strip() for child in error} for error in root.iter("apiError")]


def error_message(errors: list[dict]) -> str:
    """UCCX's own messages joined into one line (errorData as a fallback)."""
    texts = [str(entry.get("errorMessage") or entry.get("errorData") or "").strip() for entry in errors]
    return "; ".join(text for text in texts if text)


def error_status(errors: list[dict], default: int) -> int:
    """The status the errors stand for (from `errorType`), for apiErrors that arrive on a 2xx answer."""
    for entry in errors:
        error_type = str(entry.get("errorType", "")).strip().lower()
        if error_type.isdigit():
            return int(error_type)
        if error_type in _ERROR_TYPE_STATUS:
            return _ERROR_TYPE_STATUS[error_type]
    return default


def id_from_url(url: str) -> int:
    """The numeric ID at the end of an object URL (what UCCX answers to a create)."""
    last = url.strip().rstrip("/").rsplit("/", 1)[-1]
    if not last.isdigit():
        raise ValueError(f"UCCX answered a create without an object ID: {url[:200]!r}")
    return int(last)


def is_master_xml(text: str) -> bool:
    """`<node><isMaster>true</isMaster></node>` -> True (what `/uccx/isDBMaster` answers)."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise ValueError("isDBMaster answered something that is not XML") from exc
    flag = root.findtext("isMaster") if root.tag == "node" else root.findtext(".//isMaster")
    if flag is None:
        raise ValueError("isDBMaster answered XML without an isMaster element")
    return flag.strip().lower() == "true"
