"""The four roles as auth groups, with the model permissions of core/roles.py.

Apps migrated later get theirs from the post_migrate receiver (core.roles.grant_on_post_migrate).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.roles import grant_role_permissions
from core.rules import ROLES


def create_roles(apps, schema_editor):
    labels = []
    for app_config in apps.get_app_configs():
        app_config.models_module = True  # create_permissions skips app configs without one
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        labels.append(app_config.label)
    grant_role_permissions(apps=apps, app_labels=labels)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
