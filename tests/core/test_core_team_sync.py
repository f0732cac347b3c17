"""Teams from UCCX (the simulator over HTTP): the sync service, the "Sync teams now" button, the task."""

import pytest
from django.conf import settings
from django.test import Client

from core.models import Team
from sync.tasks import sync_teams
from sync.teams import teams_sync
from uccx_client import UccxError

from .helpers import make_user


@pytest.fixture
def people(db):
    return {"supervisor": make_user("supervisor", "Supervisor"), "alice": make_user("Alice", "Supervisor")}


def names_of(team: Team) -> set[str]:
    return {user.username for user in team.supervisors.all()}


def test_teams_and_supervisors_come_from_uccx(uccx_settings, uccx_sim, people):
    uccx_sim.add_team(1, "Support", "supervisor", ["alice"])
    uccx_sim.add_team(2, "Sales", "alice", ["bob"])
    result = teams_sync()
    assert sorted(result.created) == ["Sales", "Support"]
    assert names_of(Team.objects.get(uccx_id=1)) == {"supervisor", "Alice"}  # matched case-insensitively
    assert names_of(Team.objects.get(uccx_id=2)) == {"Alice"}
    assert result.unmatched_supervisors == {"bob"}
    assert "bob" in result.summary()
    assert "same username" in result.summary()


def test_a_sync_without_changes_changes_nothing_and_writes_no_history(uccx_settings, uccx_sim, people):
    uccx_sim.add_team(1, "Support", "supervisor", ["alice"])
    teams_sync()
    rows = Team.history.count()
    again = teams_sync()
    assert (again.created, again.updated, again.gone) == ([], [], [])
    assert Team.history.count() == rows
    assert Team.objects.get(uccx_id=1).synced_at is not None


def test_renamed_reassigned_and_removed_teams(uccx_settings, uccx_sim, people):
    uccx_sim.add_team(1, "Support", "supervisor", ["alice"])
    uccx_sim.add_team(2, "Sales", "alice")
    teams_sync()
    uccx_sim.reset()
    uccx_sim.add_team(1, "Customer Support", "alice")
    result = teams_sync()
    assert result.updated == ["Customer Support"]
    assert result.gone == ["Sales"]
    support, sales = Team.objects.get(uccx_id=1), Team.objects.get(uccx_id=2)
    assert support.name == "Customer Support"
    assert names_of(support) == {"Alice"}
    assert not sales.in_uccx
    assert names_of(sales) == set()
    assert "no longer in UCCX (Sales)" in result.summary()
    uccx_sim.add_team(2, "Sales", "alice")
    assert teams_sync().updated == ["Sales"]
    assert Team.objects.get(uccx_id=2).in_uccx


def test_uccx_unreachable_changes_nothing(uccx_settings, uccx_sim, people):
    uccx_sim.add_team(1, "Support", "supervisor")
    teams_sync()
    uccx_sim.set_node("A", "down")
    uccx_sim.set_node("B", "down")
    with pytest.raises(UccxError):
        teams_sync()
    team = Team.objects.get(uccx_id=1)
    assert team.in_uccx
    assert names_of(team) == {"supervisor"}


def test_the_button_syncs_and_says_what_happened(uccx_settings, uccx_sim, people):
    uccx_sim.add_team(1, "Support", "supervisor", ["bob"])
    client = Client()
    client.force_login(make_user("boss", "Administrator"))
    page = client.post("/teams/sync/", follow=True)
    assert page.redirect_chain == [("/status/", 302)]
    text = page.content.decode()
    assert "Teams synchronised from UCCX: 1 new, 0 updated." in text
    assert "bob" in text
    assert "Support" in text
    uccx_sim.set_node("A", "down")
    uccx_sim.set_node("B", "down")
    failed = client.post("/teams/sync/", follow=True).content.decode()
    assert "could not be read from UCCX, nothing was changed" in failed
    assert "ciscopsdt" not in failed


def test_only_administrators_see_the_button(uccx_settings, people):
    client = Client()
    client.force_login(people["supervisor"])
    assert "Sync teams now" not in client.get("/status/").content.decode()
    client.force_login(make_user("boss", "Administrator"))
    assert "Sync teams now" in client.get("/status/").content.decode()


def test_the_periodic_task_syncs_and_survives_uccx_being_away(uccx_settings, uccx_sim, people, caplog):
    assert settings.CELERY_BEAT_SCHEDULE["sync-teams"]["task"] == sync_teams.name == "sync.sync_teams"
    uccx_sim.add_team(1, "Support", "supervisor")
    sync_teams()
    assert Team.objects.filter(uccx_id=1, in_uccx=True).exists()
    uccx_sim.set_node("A", "down")
    uccx_sim.set_node("B", "down")
    sync_teams()  # no exception: the next run tries again
    assert "Team sync skipped" in caplog.text
    assert Team.objects.filter(uccx_id=1, in_uccx=True).exists()
