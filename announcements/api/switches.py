"""Call switches: on/off flags supervisors flip and IVR scripts read."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from announcements import services
from announcements.api.base import BaseApi, DetailApi, ListApi, documented, refused
from announcements.api.serializers import FlipSerializer, SwitchSerializer
from announcements.models import CallSwitch


class _SwitchMixin(BaseApi):
    model = CallSwitch
    serializer_class = SwitchSerializer

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        return services.switch_save(actor=self.request.user, data=services.SwitchData(**values), switch=obj)

    def delete_object(self, obj: Any) -> None:
        services.switch_delete(actor=self.request.user, switch=obj)


@documented(
    get=(
        "List the call switches you may see",
        (
            "Switches are on/off flags supervisors flip and IVR scripts read (overflow to a partner, offer a "
            "survey, voicemail), with an optional value; "
            "`effective_on` says whether one is on now, after any expiry."
        ),
    ),
    post=("Create a call switch", "Adds a switch, off or on. Answers 400 with every problem by field."),
)
class SwitchListApi(_SwitchMixin, ListApi):
    pass


@documented(
    get=(
        "Read one call switch",
        "The switch with its state, note and expiry, as a document you can change and PUT back.",
    ),
    put=("Change a call switch", "Replaces the switch's fields. Answers 400 with every problem by field."),
    delete=(
        "Delete a call switch",
        "Removes the switch, so IVR scripts no longer find it.",
    ),
)
class SwitchDetailApi(_SwitchMixin, DetailApi):
    pass


class SwitchFlipApi(APIView):
    queryset = CallSwitch.objects.all()

    @extend_schema(
        request=FlipSerializer,
        responses=SwitchSerializer,
        summary="Turn a call switch on or off",
        description=(
            "Sets `on`, with an optional `note` and, when turning on, `hours` after which it turns itself "
            "off again (at most 90 days). Answers the switch as it is now."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        switch = get_object_or_404(CallSwitch, pk=pk)  # the service checks the change rule
        serializer = FlipSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        hours = values.get("hours")
        expires = timezone.now() + timedelta(hours=hours) if values["on"] and hours else None
        try:
            switch = services.switch_flip(
                actor=request.user,
                switch=switch,
                on=values["on"],
                note=values.get("note"),
                expires_at=expires,
            )
        except DjangoValidationError as error:
            raise refused(error) from None
        return Response(SwitchSerializer(switch).data)
