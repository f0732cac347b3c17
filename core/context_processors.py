"""Template context of every page: the navigation and the user's roles (the UCCX banner: sync)."""

from typing import Any

from django.http import HttpRequest

from core.nav import links_for
from core.selectors import role_names


def frame(request: HttpRequest) -> dict[str, Any]:
    """Only for people who use the pages; anonymous visitors and IVR accounts get nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("core.use_pages"):
        return {}
    return {
        "nav_links": links_for(user, request.path),
        "user_roles": role_names(user),
    }
