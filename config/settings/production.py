"""Production: PostgreSQL through DATABASE_URL, secrets from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

# --- Core -----------------------------------------------------------------
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set REDRESS_SECRET_KEY in the environment.")
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
