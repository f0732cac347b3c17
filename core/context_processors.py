"""Template context of every page: the navigation, the UCCX status banner and the user's roles."""

from typing import Any

from django.http import HttpRequest

from core.nav import links_for
from core.selectors import role_names, uccx_banner


def frame(request: HttpRequest) -> dict[str, Any]:
    """Only for people who use the pages; anonymous visitors and IVR accounts see no UCCX details."""
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("core.use_pages"):
        return {}
    return {
        "nav_links": links_for(user, request.path),
        "uccx_banner": uccx_banner(),
        "user_roles": role_names(user),
    }
