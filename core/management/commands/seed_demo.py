"""`python manage.py seed_demo`: demo accounts (one per role), teams, and each app's demo data.

Idempotent: running it again resets the demo accounts' passwords and roles and adds nothing twice.
Teams come from UCCX (the simulator: `python -m uccx_simulator --seed-demo`) when it answers, else
local demo teams shaped like the simulator's. Afterwards each installed app's `<app>/demo.py`
`seed()` runs, if the app has one, so domain apps bring their own demo data.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from rest_framework.authtoken.models import Token

from core.models import Team
from core.roles import grant_role_permissions
from core.rules import ADMINISTRATOR, IVR, SUPERVISOR, VIEWER
from core.services import teams_sync
from uccx_client import UccxError

# username, password, role, first name; the supervisor is the primary supervisor of "Support" in UCCX.
DEMO_USERS = [
    ("admin", "admin-demo", ADMINISTRATOR, "Ada"),
    ("supervisor", "supervisor-demo", SUPERVISOR, "Sam"),
    ("viewer", "viewer-demo", VIEWER, "Vera"),
    ("ivr", "ivr-demo", IVR, ""),
]
LOCAL_TEAMS = [(1, "Support", ["supervisor"]), (2, "Sales", []), (3, "Billing", [])]


class Command(BaseCommand):
    help = "Create demo accounts (admin, supervisor, viewer, ivr), teams and the apps' demo data."

    def handle(self, *args: object, **options: object) -> None:
        grant_role_permissions(apps=apps, app_labels=[config.label for config in apps.get_app_configs()])
        with transaction.atomic():
            token = self._users()
        self._teams()
        for config in apps.get_app_configs():
            if config.name != "core" and find_spec(f"{config.name}.demo") is not None:
                import_module(f"{config.name}.demo").seed()
                self.stdout.write(f"Demo data of {config.label} added.")
        self.stdout.write(self.style.SUCCESS("\nDemo accounts (username / password):"))
        for username, password, role, _ in DEMO_USERS:
            self.stdout.write(f"  {username:<11} / {password:<16} {role}")
        self.stdout.write(f"IVR API token of 'ivr': {token}  (header  Authorization: Token {token})")

    def _users(self) -> str:
        users = get_user_model()
        for username, password, role, first_name in DEMO_USERS:
            user, _ = users.objects.get_or_create(username=username)
            user.first_name = first_name
            user.is_staff = user.is_superuser = role == ADMINISTRATOR
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
        return Token.objects.get_or_create(user=users.objects.get(username="ivr"))[0].key

    def _teams(self) -> None:
        try:
            self.stdout.write(teams_sync().summary())
            return
        except UccxError as error:
            self.stdout.write(
                self.style.WARNING(f"UCCX not reachable ({error.message}); using local demo teams.")
            )
        users = get_user_model().objects
        for uccx_id, name, supervisors in LOCAL_TEAMS:
            team, _ = Team.objects.update_or_create(uccx_id=uccx_id, defaults={"name": name, "in_uccx": True})
            team.supervisors.set(users.filter(username__in=supervisors))
