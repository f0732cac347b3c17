"""Template context of every page: the UCCX status banner, for people who use the pages."""

from typing import Any

from django.http import HttpRequest

from sync.selectors import uccx_banner


def banner(request: HttpRequest) -> dict[str, Any]:
    """Anonymous visitors and IVR accounts see no UCCX details."""
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("core.use_pages"):
        return {}
    return {"uccx_banner": uccx_banner()}
