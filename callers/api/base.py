"""What the callers management API's views share: a service's refusal as a 400 with field errors, and the
list a request names, checked against the user's permission for the action."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from callers.models import CallerList
from callers.services import CallersInvalid
from core.errors import error_tree


def refused(error: CallersInvalid) -> ValidationError:
    return ValidationError(error_tree(error.field_errors))


def list_for(request: Request, pk: int, action: str) -> CallerList:
    caller_list = get_object_or_404(CallerList.objects.select_related("team"), pk=pk)
    if not request.user.has_perm(f"callers.{action}_callerlist", caller_list):
        raise PermissionDenied(f"You may not {action} the caller list {caller_list.name}.")
    return caller_list
