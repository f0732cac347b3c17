"""DRF permissions that apply the same rules as the pages and admin (core/rules.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class CanUsePages(BasePermission):
    """Administrators, Supervisors and Viewers: the people who use the pages (not IVR accounts)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("core.use_pages"))


class ObjectRulesPermission(CanUsePages):
    """The model permission for the method (view/add/change/delete), then the object rule on each object.

    A supervisor sending another team's object id gets 403, exactly as on the pages.
    The view needs a `queryset` (or `get_queryset()`) to know the model.
    """

    def _perm(self, request: Request, view: Any) -> str:
        queryset = getattr(view, "queryset", None)
        if queryset is None and hasattr(view, "get_queryset"):
            queryset = view.get_queryset()
        if queryset is None:
            raise ImproperlyConfigured(f"{type(view).__name__} needs a queryset for ObjectRulesPermission.")
        meta = queryset.model._meta
        return f"{meta.app_label}.{_ACTIONS.get(request.method or '', 'change')}_{meta.model_name}"

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and request.user.has_perm(self._perm(request, view))

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return request.user.has_perm(self._perm(request, view), obj)
