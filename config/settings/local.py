"""The embedded default: SQLite, no broker, debug pages on loopback."""

import os

from .base import *  # noqa: F403
from .base import env_bool

# --- Core -----------------------------------------------------------------
DEBUG = env_bool("REDRESS_DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]  # noqa: F405

# --- Email ----------------------------------------------------------------
# Without an SMTP server configured, outgoing mail is printed to the console.
if not os.environ.get("REDRESS_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Files ----------------------------------------------------------------
SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)  # noqa: F405
MEDIA_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
