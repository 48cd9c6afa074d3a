"""Settings for the benchmark server: production settings, served over plain HTTP on loopback.

Everything comes from config.settings.production (DEBUG off, PostgreSQL or SQLite from
DATABASE_URL, tasks on the Redis broker); only the secure-cookie flags are off, because the
load generator speaks HTTP to 127.0.0.1 with no TLS proxy in front.
"""

import os

os.environ.setdefault("REDRESS_SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("REDRESS_ALLOWED_HOSTS", "127.0.0.1,localhost")

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
