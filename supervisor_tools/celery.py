"""The Celery application: `celery -A supervisor_tools worker` and `celery -A supervisor_tools beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervisor_tools.settings")

# DjangoTask adds delay_on_commit(): a task is sent only once the transaction that asked for it commits.
app = Celery("supervisor_tools", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
