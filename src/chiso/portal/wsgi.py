"""WSGI entry point: ``gunicorn chiso.portal.wsgi:application`` (see docs/portal.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.portal.settings")
application = get_wsgi_application()
