"""WSGI entry point: `gunicorn supervisor_tools.wsgi`. Django, wrapped for request ids and IVR metrics."""

import os

from django.core.wsgi import get_wsgi_application

from ops.wsgi import ObservedApplication

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervisor_tools.settings")

application = ObservedApplication(get_wsgi_application())
