"""Settings for the real Celery worker that test_worker.py starts: the test settings,
with the broker and result backend on Redis and mail written to files it can count."""

import os

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["REDRESS_BROKER_URL"]
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["REDRESS_TEST_MAIL_DIR"]
# No remote-control mailbox: nothing of the test worker stays behind in Redis.
CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
# Tasks the worker itself sends (the outbox deliveries) go to the test's own queue too.
CELERY_TASK_DEFAULT_QUEUE = os.environ["REDRESS_TEST_QUEUE"]
