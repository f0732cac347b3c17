"""Services (the numbers callers dial) and regions (callers grouped by calling-number prefix): what
announcements play for."""

from __future__ import annotations

from typing import Any

from announcements import services
from announcements.api.base import BaseApi, DetailApi, ListApi, documented
from announcements.api.serializers import RegionSerializer, ServiceSerializer
from announcements.models import Region, Service


class _ServiceMixin(BaseApi):
    model = Service
    serializer_class = ServiceSerializer

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        return services.service_save(
            actor=self.request.user, data=services.ServiceData(**values), service=obj
        )

    def delete_object(self, obj: Any) -> None:
        services.service_delete(actor=self.request.user, service=obj)


class _RegionMixin(BaseApi):
    model = Region
    serializer_class = RegionSerializer

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        return services.region_save(actor=self.request.user, region=obj, **values)

    def delete_object(self, obj: Any) -> None:
        services.region_delete(actor=self.request.user, region=obj)


@documented(
    get=(
        "List the services you may see",
        (
            "Services are the numbers (DNs) callers dial, each with the business calendar that decides its "
            "hours and the default target calls go to; announcements play for them."
        ),
    ),
    post=(
        "Create a service",
        "Adds a number callers dial, with its calendar and target. Answers 400 with every problem by field.",
    ),
)
class ServiceListApi(_ServiceMixin, ListApi):
    pass


@documented(
    get=("Read one service", "The service as a document you can change and PUT back."),
    put=(
        "Change a service",
        (
            "Replaces the service's number, name, calendar, default target and team. Answers 400 with every "
            "problem by field."
        ),
    ),
    delete=("Delete a service", "Removes the service; refused with 400 while announcements still use it."),
)
class ServiceDetailApi(_ServiceMixin, DetailApi):
    pass


@documented(
    get=(
        "List the caller regions you may see",
        (
            "A region groups callers by the prefixes of their calling numbers (ANI), so announcements can "
            "target callers from one area."
        ),
    ),
    post=(
        "Create a region",
        (
            "Adds a region with its calling-number prefixes (at most 200). Answers 400 with every problem by "
            "field."
        ),
    ),
)
class RegionListApi(_RegionMixin, ListApi):
    pass


@documented(
    get=(
        "Read one region",
        "The region with its calling-number prefixes, as a document you can change and PUT back.",
    ),
    put=(
        "Change a region",
        "Replaces the region's name, team and prefixes. Answers 400 with every problem by field.",
    ),
    delete=("Delete a region", "Removes the region; refused with 400 while announcements still use it."),
)
class RegionDetailApi(_RegionMixin, DetailApi):
    pass
