"""Production: PostgreSQL through DATABASE_URL, secrets from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

# --- Core -----------------------------------------------------------------
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set REDRESS_SECRET_KEY in the environment.")
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS: the reverse proxy terminates TLS; Django redirects plain HTTP and sends HSTS.
SECURE_SSL_REDIRECT = env_bool("REDRESS_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("REDRESS_HSTS_SECONDS", 3600))
# Both apply to every subdomain and are hard to undo: the operator opts in.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("REDRESS_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("REDRESS_HSTS_PRELOAD")
