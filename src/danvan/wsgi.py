import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
application = get_wsgi_application()

if settings.JOBS_RUNNER == "thread":
    # Embedded mode: background jobs run in a thread of each web process (danvan.jobs.worker).
    from danvan.jobs.worker import start_in_process  # noqa: E402 - needs the app registry

    start_in_process()
