"""Sign-in, sign-out, login throttling, and the audit trail: who changed what, and revert by an admin."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from core.models import LoginEvent, Team
from core.selectors import history_of

from .helpers import make_user


def sign_in(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT="pytest-browser",
    )


@pytest.fixture
def supervisor(team_x):
    return make_user("sup_x", "Supervisor", teams=(team_x,))


def test_sign_in_and_out_are_recorded(supervisor):
    client = Client()
    response = sign_in(client, "sup_x", "sup_x-pw")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    login = LoginEvent.objects.get(kind="login")
    assert (login.username, login.user, login.ip_address, login.user_agent) == (
        "sup_x",
        supervisor,
        "10.0.0.1",
        "pytest-browser",
    )
    assert client.post(reverse("logout")).status_code == 302
    assert LoginEvent.objects.filter(kind="logout", user=supervisor).count() == 1
    assert client.get("/").status_code == 302  # signed out for real


def test_a_failed_sign_in_is_recorded_without_the_password(supervisor):
    response = sign_in(Client(), "sup_x", "not-my-password")
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    failed = LoginEvent.objects.get(kind="failed")
    assert (failed.username, failed.user, failed.ip_address) == ("sup_x", None, "10.0.0.1")
    assert not any("not-my-password" in str(value) for value in LoginEvent.objects.values_list())


def test_repeated_failures_lock_the_account_from_that_address(supervisor, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sup_x", "guess")
    locked = sign_in(client, "sup_x", "sup_x-pw")  # even the right password is refused now
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    assert LoginEvent.objects.filter(kind="locked", username="sup_x").exists()
    assert not LoginEvent.objects.filter(kind="login").exists()
    # The lock is per username and address: a stranger cannot lock the supervisor out everywhere.
    elsewhere = sign_in(Client(), "sup_x", "sup_x-pw", ip="10.0.0.2")
    assert elsewhere.status_code == 302


def test_a_success_before_the_limit_resets_the_count(supervisor, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "sup_x", "guess")
    assert sign_in(client, "sup_x", "sup_x-pw").status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(Client(), "sup_x", "guess").status_code == 200


def test_password_change(supervisor):
    client = Client()
    client.force_login(supervisor)
    weak = client.post(
        reverse("password_change"),
        {"old_password": "sup_x-pw", "new_password1": "123", "new_password2": "123"},
    )
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    done = client.post(
        reverse("password_change"),
        {"old_password": "sup_x-pw", "new_password1": "Calendars-2026!", "new_password2": "Calendars-2026!"},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_change_done")
    assert sign_in(Client(), "sup_x", "Calendars-2026!").status_code == 302


def admin_client() -> tuple[Client, object]:
    admin = make_user("boss", "Administrator")
    client = Client()
    client.force_login(admin)
    return client, admin


def team_form(team: Team, **changes) -> dict:
    data = {
        "name": team.name,
        "uccx_id": team.uccx_id,
        "in_uccx": "on",
        "supervisors": [user.pk for user in team.supervisors.all()],
    }
    data.update(changes)
    return data


def test_a_change_records_who_when_and_before_after(team_x, supervisor):
    client, admin = admin_client()
    response = client.post(
        f"/admin/core/team/{team_x.pk}/change/", team_form(team_x, name="Support desk", supervisors=[])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = team_x.history.latest()
    assert (record.history_user, record.name, record.history_type) == (admin, "Support desk", "~")
    entries = history_of(Team.objects.get(pk=team_x.pk))
    assert {(entry.who, entry.action) for entry in entries[:2]} == {("boss", "changed")}
    changes = {(c.field, c.old, c.new) for entry in entries[:2] for c in entry.changes}
    assert changes == {("name", "Support", "Support desk"), ("supervisors", "sup_x", "")}
    assert (entries[-1].who, entries[-1].action) == ("system", "created")
    assert not Team.objects.get(pk=team_x.pk).supervisors.exists()
    # The history page in the admin shows the change.
    assert "Support desk" in client.get(f"/admin/core/team/{team_x.pk}/history/").content.decode()


def test_an_administrator_reverts_a_change_from_the_history(team_x):
    client, admin = admin_client()
    original = team_x.history.earliest()
    client.post(f"/admin/core/team/{team_x.pk}/change/", team_form(team_x, name="Wrong name"))
    revert_url = f"/admin/core/team/{team_x.pk}/history/{original.history_id}/"
    page = client.get(revert_url)
    assert page.status_code == 200
    assert "Revert" in page.content.decode()
    reverted = client.post(revert_url, team_form(original.instance, name=original.name))
    assert reverted.status_code == 302
    assert Team.objects.get(pk=team_x.pk).name == "Support"
    assert team_x.history.latest().history_user == admin
    # Nobody else reaches the revert page.
    other = Client()
    other.force_login(make_user("sup_z", "Supervisor", teams=(team_x,)))
    assert other.post(revert_url, team_form(original.instance, name="Hijack")).status_code == 302
    assert Team.objects.get(pk=team_x.pk).name == "Support"


def test_account_changes_are_audited_without_the_password_hash(supervisor):
    _client, admin = admin_client()
    supervisor.is_active = False
    supervisor._history_user = admin
    supervisor.save()
    record = get_user_model().history.filter(id=supervisor.pk).latest()
    assert record.is_active is False
    assert record.history_user == admin
    assert not hasattr(record, "password")
