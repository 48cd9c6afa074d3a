"""Tests: the real database named by DATABASE_URL (SQLite in a temp file when unset)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

# --- Core -----------------------------------------------------------------
SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Files ----------------------------------------------------------------
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="redress-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Database -------------------------------------------------------------
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so threads and the live server share one database.
    # One directory per test process, so parallel runs never share a database.
    _TEST_DIR = Path(tempfile.mkdtemp(prefix="redress-test-db-"))
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_DIR / "redress-test.sqlite3")}

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="redress-test-static-"))

# --- Reports --------------------------------------------------------------
# Exports run inline (eager) unless a test asks for the embedded thread.
REDRESS_EXPORTS_IN_THREAD = False
