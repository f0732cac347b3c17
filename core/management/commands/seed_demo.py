"""`python manage.py seed_demo`: demo accounts (one per role), then each app's demo data.

Idempotent: running it again resets the demo accounts' passwords and roles and adds nothing twice.
Afterwards each installed app's `<app>/demo.py` `seed()` runs, if the app has one, in the order of
INSTALLED_APPS, so domain apps bring their own demo data (sync's reads the teams from UCCX first); the
sentence a `seed()` may return is printed.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from rest_framework.authtoken.models import Token

from core.roles import grant_role_permissions
from core.rules import ADMINISTRATOR, IVR, SUPERVISOR, VIEWER

# username, password, role, first name; the supervisor is the primary supervisor of "Support" in UCCX.
DEMO_USERS = [
    ("admin", "admin-demo", ADMINISTRATOR, "Ada"),
    ("supervisor", "supervisor-demo", SUPERVISOR, "Sam"),
    ("viewer", "viewer-demo", VIEWER, "Vera"),
    ("ivr", "ivr-demo", IVR, ""),
]


class Command(BaseCommand):
    help = "Create demo accounts (admin, supervisor, viewer, ivr), teams and the apps' demo data."

    def handle(self, *args: object, **options: object) -> None:
        grant_role_permissions(apps=apps, app_labels=[config.label for config in apps.get_app_configs()])
        with transaction.atomic():
            token = self._users()
        for config in apps.get_app_configs():
            if config.name != "core" and find_spec(f"{config.name}.demo") is not None:
                said = import_module(f"{config.name}.demo").seed()
                self.stdout.write(said or f"Demo data of {config.label} added.")
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
