"""What the announcements management API's views share: refusals as 400s, the sync answer, per-method
OpenAPI texts, and list and detail views over a service function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from announcements.api.serializers import ServiceSerializer
from announcements.models import Service
from core.selectors import visible_to
from sync.api import sync_response
from sync.outbox import SyncResult


def refused(error: DjangoValidationError) -> ValidationError:
    detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    return ValidationError({("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()})


def sync_answer(body: dict[str, Any], result: SyncResult | None, created: bool = False) -> Response:
    """The document, with `"sync"` when the save went to UCCX (sync.api's statuses: 201/200/202/400)."""
    if result is None:
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
    return sync_response(body, result, created=created)


_View = TypeVar("_View", bound=type)


def documented(**operations: tuple[str, str]) -> Callable[[_View], _View]:
    """An OpenAPI summary and description per HTTP method (issue 11), for views whose methods are shared."""
    return extend_schema_view(
        **{
            method: extend_schema(summary=summary, description=text)
            for method, (summary, text) in operations.items()
        }
    )


# --- generic CRUD over a service --------------------------------------------------------------------


class BaseApi(APIView):
    model: type[Model] = Service
    serializer_class: type[serializers.ModelSerializer] = ServiceSerializer

    def get_queryset(self) -> QuerySet:
        return visible_to(self.request.user, self.model._default_manager.all())

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        raise NotImplementedError

    def saved(self, serializer: serializers.Serializer, obj: Any) -> Any:
        serializer.is_valid(raise_exception=True)
        try:
            return self.save(serializer.validated_data, obj)
        except DjangoValidationError as error:
            raise refused(error) from None


class ListSchema(AutoSchema):
    """A GET of these views answers the list of the view's serializer (drf-spectacular cannot tell from an
    APIView)."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return self.method == "GET"


class ListApi(BaseApi):
    schema = ListSchema()

    def get(self, request: Request) -> Response:
        return Response(self.serializer_class(self.get_queryset(), many=True).data)

    def post(self, request: Request) -> Response:
        obj = self.saved(self.serializer_class(data=request.data), None)
        return Response(self.serializer_class(obj).data, status=status.HTTP_201_CREATED)


class DetailApi(BaseApi):
    def delete_object(self, obj: Any) -> None:
        raise NotImplementedError

    def object(self, pk: int) -> Any:
        obj = get_object_or_404(self.model._default_manager.all(), pk=pk)  # another team's: 403, as on pages
        self.check_object_permissions(self.request, obj)
        return obj

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.serializer_class(self.object(pk)).data)

    def put(self, request: Request, pk: int) -> Response:
        obj = self.object(pk)
        return Response(
            self.serializer_class(self.saved(self.serializer_class(obj, data=request.data), obj)).data
        )

    def delete(self, request: Request, pk: int) -> Response:
        try:
            self.delete_object(self.object(pk))
        except DjangoValidationError as error:
            raise refused(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
