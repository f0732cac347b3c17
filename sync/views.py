"""Pages of the sync app: the Changes page (what waits for UCCX, what it refused, what reached it, drift;
retry and discard), the UCCX status page and banner, and the team sync button. Also what every app's page
says after a save (`flash_sync_result`)."""

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.selectors import teams_overview, visible_to
from core.views import PageMixin
from sync import operators, selectors
from sync.models import Drift, OutboxChange
from sync.outbox import SyncResult
from sync.reconcile import reconcile
from sync.selectors import uccx_banner, uccx_status_payload
from sync.teams import teams_sync
from sync.templatetags.sync_tags import sync_badge
from uccx_client import UccxError


def flash_sync_result(request: HttpRequest, results: SyncResult | Sequence[SyncResult], what: str) -> None:
    """Tell the supervisor what became of the save, in UCCX too: `what` ("Calendar Support created.") and
    whether UCCX has it, gets it as soon as it takes changes again, or refused it. `results` are the save's
    changes, the object's own first (`Synced.results`); a later one is mentioned only if UCCX refused it."""
    first, *others = [results] if isinstance(results, SyncResult) else list(results)
    if first.state == "applied":
        messages.success(request, f"{what} Saved, and UCCX has it.")
    elif first.state == "queued":
        messages.warning(
            request,
            f"{what} Saved here, and callers already get it. UCCX cannot take it right now ({first.detail}); "
            f"it is written to UCCX as soon as UCCX takes changes again (change #{first.change}).",
        )
    else:
        messages.error(request, f"{what} Saved here, but UCCX refused it: {first.detail}")
    for other in others:
        if other.state == "failed":
            messages.error(request, f"UCCX refused a related change (#{other.change}): {other.detail}")


class ChangesView(PermissionRequiredMixin, TemplateView):
    """Refreshes itself (htmx) so queued → applied shows without a reload once UCCX is back."""

    permission_required = "sync.view_outboxchange"
    template_name = "sync/changes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user  # a supervisor sees the changes of their teams' objects, and their own
        queued, failed = selectors.queued_changes(user=user), selectors.failed_changes(user=user)
        applied = selectors.recent_applied_changes(user=user)
        return super().get_context_data(
            queue=selectors.queue_stats(),
            worker=selectors.worker_status(),
            queued=queued,
            failed=failed,
            applied=applied,
            labels=selectors.object_labels(queued, failed, applied),
            drifts=selectors.recent_drift(user=user),
            operator_actions=selectors.operator_actions()
            if user.has_perm("sync.change_outboxchange")
            else [],
            can_act=self.request.user.has_perm("sync.change_outboxchange"),
            **kwargs,
        )


class SyncBadgeView(PermissionRequiredMixin, View):
    """One object's sync badge, polled by a queued badge until UCCX has the change."""

    permission_required = "core.use_pages"

    def get(self, request: HttpRequest, kind: str, key: str) -> HttpResponse:
        context = sync_badge(kind, key)
        response = render(request, "sync/badge.html", context)
        if context["sync"] is None or context["sync"].state != "queued":
            # It stops waiting: the banner (and the dashboard) refresh now, so that they agree with it.
            response["HX-Trigger"] = "sync-changed"
        return response


class _OperatorAction(PermissionRequiredMixin, View):
    """A button on the Changes page: run one audited service on one row, then back to the page."""

    permission_required = "sync.change_outboxchange"
    http_method_names = ["post"]
    model: type[OutboxChange] | type[Drift] = OutboxChange
    service: Callable[..., Any]
    done: str

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = get_object_or_404(self.model, pk=pk)
        try:
            self.service(row, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.done.format(pk=pk))
        return HttpResponseRedirect(reverse("sync:changes"))


class RetryView(_OperatorAction):
    service = staticmethod(lambda change, user: operators.retry_change(change=change, actor=user))
    done = "Change #{pk} is queued again; it is written to UCCX as soon as UCCX takes it."


class DiscardView(_OperatorAction):
    service = staticmethod(lambda change, user: operators.discard_change(change=change, actor=user))
    done = "Change #{pk} was discarded: UCCX will not get it."


class AcknowledgeDriftView(_OperatorAction):
    permission_required = "sync.change_drift"
    model = Drift
    service = staticmethod(lambda drift, user: operators.acknowledge_drift(drift=drift, actor=user))
    done = "Drift record #{pk} marked as seen."


class StatusView(PageMixin, TemplateView):
    """Each UCCX node, the change queue (when the sync app reports one) and the teams."""

    template_name = "sync/status.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        teams, last_sync = teams_overview()
        status = uccx_status_payload()
        last_check = status["reconcile"] or {}
        return super().get_context_data(
            status=status,
            last_check_at=parse_datetime(last_check.get("finished_at") or last_check.get("started_at") or ""),
            teams=visible_to(self.request.user, teams),
            last_team_sync=last_sync,
            can_sync_teams=self.request.user.has_perm("core.sync_teams"),
            can_reconcile=self.request.user.has_perm("sync.reconcile_uccx"),
            **kwargs,
        )


class StatusBannerView(PageMixin, TemplateView):
    """The banner alone, polled by htmx so an open page notices UCCX going down or coming back."""

    template_name = "sync/_status_banner.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(uccx_banner=uccx_banner(), **kwargs)


class ReconcileView(PermissionRequiredMixin, View):
    """The "Check UCCX now" button (Administrators): one reconcile sweep, its outcome as a message."""

    permission_required = "sync.reconcile_uccx"
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        report = reconcile(reason=f"asked by {request.user.get_username()}")
        if report.error:
            messages.error(request, f"The check of UCCX did not finish: {report.error}")
        elif report.drifted:
            action = "reported only" if report.report_only else "written to UCCX again"
            messages.warning(
                request,
                f"UCCX checked: {report.checked} objects, {len(report.drifted)} not as the app wrote them "
                f"({action}): {'; '.join(report.drifted[:10])}.",
            )
        else:
            messages.success(request, f"UCCX checked: all {report.checked} objects are there as written.")
        return HttpResponseRedirect(reverse("sync:status"))


class TeamSyncView(PermissionRequiredMixin, View):
    """The "Sync teams now" button (Administrators)."""

    permission_required = "core.sync_teams"
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            result = teams_sync()
        except UccxError as error:
            messages.error(
                request,
                f"The teams could not be read from UCCX, nothing was changed. UCCX said: {error.message}",
            )
        else:
            messages.success(request, result.summary())
        return HttpResponseRedirect(reverse("sync:status"))
