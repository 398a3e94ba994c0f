"""WSGI entry point, used by gunicorn in `make serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpulo_portal.settings")

application = get_wsgi_application()
