"""A tiny test-only IVR endpoint exercising every shape of the contract: scalars, lists, None, datetimes."""

from django.urls import path

from core.ivr import IvrError, IvrView, parse_at


class EchoIvr(IvrView):
    xml_item_names = {"lists": "list"}

    def get(self, request, name):
        at = parse_at(request)
        if name == "missing":
            raise IvrError("not_found", "There is no calendar named 'missing'.", 404)
        return {
            "calendar": name,
            "is_open": True,
            "vip": False,
            "prompt": None,
            "evaluated_at": at,
            "count": 2,
            "announcement": [
                {"name": "welcome", "order": 1, "then": "continue"},
                {"name": "storm", "order": 2, "then": "stop"},
            ],
            "lists": ["VIP", "Board"],
        }


urlpatterns = [path("ivr/v1/echo/<str:name>", EchoIvr.as_view())]
