"""Pages of the frame (dashboard, errors, API docs) and the mixins every app's pages use."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.generic import TemplateView
from django.views.generic.detail import SingleObjectMixin
from drf_spectacular.views import SpectacularSwaggerSplitView
from rules.contrib.views import PermissionRequiredMixin

from core.auth_throttle import client_address, throttle, throttled_detail
from core.glance import glance_for, headline
from core.nav import links_for
from core.rules import is_administrator
from core.selectors import editable_teams, visible_to


class ThrottledLoginView(auth_views.LoginView):
    """The sign-in page, refusing with 429 an address that failed too often, before any password hash."""

    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = throttle.retry_after(client_address(request))
        if wait:
            response = render(request, "429.html", {"detail": throttled_detail(wait)}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        throttle.failed(client_address(self.request))
        return super().form_invalid(form)


class PageMixin(PermissionRequiredMixin):
    """Any page: anonymous visitors go to the login page, accounts without a page role get 403."""

    permission_required = "core.use_pages"

    def get_permission_object(self) -> None:
        """The page permission is global; objects are checked where they are loaded (TeamScopedMixin)."""
        return None


if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.views import View
    from django.views.generic.edit import ModelFormMixin

    class _ScopedView(ModelFormMixin, View):
        """What TeamScopedMixin is mixed into: list, detail and edit views of a model."""

else:
    _ScopedView = object


class TeamScopedMixin(PageMixin, _ScopedView):
    """Pages of team-owned objects (models with `team`, rules from core.rules.TEAM_SCOPED_PERMISSIONS).

    Lists show only what the user may see. An object opened by id is checked against the rule for
    `object_action` ("view" on detail pages, "change" on edit pages, "delete" on delete pages), so
    a supervisor who types another team's id gets 403. Forms offer only the teams the user may use.
    """

    object_action = "view"

    def get_queryset(self) -> QuerySet:
        return visible_to(self.request.user, super().get_queryset())

    def get_object(self, queryset: QuerySet | None = None) -> Model:
        obj = super().get_object(self.model._default_manager.all() if queryset is None else queryset)
        meta = obj._meta
        if not self.request.user.has_perm(f"{meta.app_label}.{self.object_action}_{meta.model_name}", obj):
            verb = {"view": "open"}.get(self.object_action, self.object_action)
            raise PermissionDenied(
                f"You cannot {verb} this: it belongs to a team you do not supervise, "
                "or your role does not allow it."
            )
        return obj

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        if "team" in form.fields:
            form.fields["team"].queryset = editable_teams(self.request.user)
            form.fields["team"].required = not is_administrator(self.request.user)  # "everyone": admins only
        return form


class ObjectActionPage(TeamScopedMixin, SingleObjectMixin, TemplateView):
    """One section of one team-owned object's page: GET shows it (view permission); POST runs the view's
    `do_<action>()` named by the form's `action` field (change permission) and redirects back to the page,
    unless the action returns its own response (e.g. `refused()`: the page again with the form's errors)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object_action = "change"
        self.object = self.get_object()
        handler: Callable[[], HttpResponse | None] | None = getattr(
            self, f"do_{request.POST.get('action', '')}", None
        )
        if handler is None:
            return HttpResponseBadRequest("Unknown action.")
        return handler() or HttpResponseRedirect(request.get_full_path())

    def refused(self, **context: Any) -> HttpResponse:
        """The page again, with `context` (the forms holding the errors), answered 400."""
        return self.render_to_response(self.get_context_data(**context), status=400)


class GlanceView(PageMixin, TemplateView):
    """The dashboard's "at a glance" part alone (core/glance.py), polled by htmx."""

    template_name = "core/_glance.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        sections = glance_for(self.request.user)
        level, facts = headline(sections)
        return super().get_context_data(glance=sections, glance_level=level, glance_facts=facts, **kwargs)


class DashboardView(GlanceView):
    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = cast("User", self.request.user)  # PageMixin: a signed-in user
        return super().get_context_data(
            sections=links_for(user, ""),
            my_teams=user.supervised_teams.filter(in_uccx=True),
            **kwargs,
        )


# Swagger UI from the vendored sidecar files; its start script is a separate request (no inline script),
# but the UI sets inline styles. Anonymous visitors are sent to the login page.
api_docs = login_required(
    csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))
)


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes lockout answer: a page for people, a JSON error for the APIs."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    detail = (
        f"Too many failed sign-ins for this account from this address. Try again in {minutes} minutes, "
        "or ask an administrator to unlock it."
    )
    if request.path.startswith(("/ivr/", "/api/")):
        return _json_error("locked_out", detail, 429)
    return render(request, "429.html", {"detail": detail}, status=429)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: IVR scripts get the contract's JSON error, people the usual page."""
    if request.path.startswith("/ivr/"):
        return _json_error("not_found", "There is no IVR endpoint at this address.", 404)
    return defaults.page_not_found(request, exception)


def _json_error(code: str, detail: str, status: int) -> JsonResponse:
    """An error in the IVR contract's shape, for answers made outside DRF (middleware, URL resolver)."""
    answer = JsonResponse({"error": code, "detail": detail}, status=status)
    answer["Cache-Control"] = "no-store"
    return answer
