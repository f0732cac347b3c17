"""Pages of the frame: sign-in and the dashboard (UCCX status and the team sync are sync's pages)."""

from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from core import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("glance/", views.GlanceView.as_view(), name="glance"),
    path("login/", views.ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Browsers ask for it on pages without an icon link (the Django admin).
    path("favicon.ico", RedirectView.as_view(url=static("core/favicon.svg"), permanent=True)),
]
