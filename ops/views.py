"""Health and metrics endpoints for load balancers, monitoring and Prometheus (no login: no secrets here).

- `/health/live`: the process answers (restart it if not).
- `/health/ready`: database, cache, Redis, a live worker and beat (alert if not); `?format=json`.
- `/health/uccx`: each UCCX node as the monitor last saw it (alert; never a reason to stop serving).
- `/metrics`: Prometheus exposition; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hmac
from collections.abc import Generator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET
from health_check.base import HealthCheck
from health_check.views import HealthCheckView
from prometheus_client import CONTENT_TYPE_LATEST

from ops.health import readiness_checks, uccx_checks
from ops.metrics import render_metrics


@require_GET
def live(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("ok\n", content_type="text/plain")
    add_never_cache_headers(response)
    return response


class _HealthView(HealthCheckView):
    """django-health-check's view, answering 503 (not 500) when a check fails, without an error log line
    per probe: a balancer polling every few seconds while beat is down must not flood the logs."""

    async def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = await super().dispatch(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
            response.reason_phrase = "Service Unavailable"
            response._has_been_logged = True  # what django.utils.log.log_response checks
        return response


class ReadinessView(_HealthView):
    def get_checks(self) -> Generator[HealthCheck, None, None]:
        self.checks = readiness_checks()
        yield from super().get_checks()


class UccxHealthView(_HealthView):
    def get_checks(self) -> Generator[HealthCheck, None, None]:
        self.checks = uccx_checks()
        yield from super().get_checks()


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    if token:
        offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(offered.encode(), token.encode()):
            response = HttpResponse(
                "A valid METRICS_TOKEN is required.\n", status=401, content_type="text/plain"
            )
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
    response = HttpResponse(render_metrics(), content_type=CONTENT_TYPE_LATEST)
    add_never_cache_headers(response)
    return response
