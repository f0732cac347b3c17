"""Demo data of the sync app: the teams and their supervisors, read from UCCX (`seed_demo`)."""

from django.contrib.auth import get_user_model

from core.models import Team
from sync.teams import teams_sync
from uccx_client import UccxError

# Used when UCCX does not answer: shaped like the simulator's (`python -m uccx_simulator --seed-demo`).
LOCAL_TEAMS = [(1, "Support", ["supervisor"]), (2, "Sales", []), (3, "Billing", [])]


def seed() -> str:
    """Teams from UCCX when it answers, else local demo teams shaped like the simulator's."""
    try:
        return teams_sync().summary()
    except UccxError as error:
        users = get_user_model().objects
        for uccx_id, name, supervisors in LOCAL_TEAMS:
            team, _ = Team.objects.update_or_create(uccx_id=uccx_id, defaults={"name": name, "in_uccx": True})
            team.supervisors.set(users.filter(username__in=supervisors))
        return f"UCCX not reachable ({error.message}); using local demo teams."
