"""Settings shared by every environment. Configuration comes from the environment."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "redress"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


# --- Core -----------------------------------------------------------------
SECRET_KEY = os.environ.get("REDRESS_SECRET_KEY", "")
DEBUG = env_bool("REDRESS_DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("REDRESS_ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("REDRESS_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # OpClass in index definitions (the search app's trigram indexes) needs its ready().
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "redress.core",
    "redress.accounts",
    "redress.customers",
    "redress.deadlines",
    "redress.complaints",
    "redress.channels",
    "redress.investigations",
    "redress.remedies",
    "redress.surveys",
    "redress.letters",
    "redress.mail",
    "redress.search",
    "redress.imports",
    "redress.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "redress.core.context_processors.organisation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# DATABASE_URL selects PostgreSQL in production; the embedded default is SQLite in WAL mode.
SQLITE_PATH = Path(os.environ.get("REDRESS_SQLITE_PATH", BASE_DIR / "var" / "redress.sqlite3"))
_SQLITE_OPTIONS = {
    # IMMEDIATE takes the write lock at BEGIN, so concurrent intakes queue instead of failing.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        " PRAGMA busy_timeout=20000;"
    ),
}


def database_from_env() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        db: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
        if db["ENGINE"] == "django.db.backends.sqlite3":
            db["OPTIONS"] = dict(_SQLITE_OPTIONS)
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": SQLITE_PATH,
        "OPTIONS": dict(_SQLITE_OPTIONS),
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "complaints:journal"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time ---------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("th", _("Thai")),
    ("bn", _("Bengali")),
    ("hr", _("Croatian")),
    ("sv", _("Swedish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["redress.formats"]
USE_I18N = True
TIME_ZONE = os.environ.get("REDRESS_TIME_ZONE", "Europe/London")
USE_TZ = True

# --- Static and uploaded files --------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("REDRESS_STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_ROOT = Path(os.environ.get("REDRESS_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Attachments ----------------------------------------------------------
REDRESS_ATTACHMENT_MAX_BYTES = int(os.environ.get("REDRESS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
REDRESS_ATTACHMENT_MAX_COUNT = 5
REDRESS_ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".eml": "message/rfc822",
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# --- Organisation ---------------------------------------------------------
REDRESS_ORGANISATION_NAME = os.environ.get("REDRESS_ORGANISATION_NAME", "Redress Demo Ltd")
REDRESS_HOLIDAY_COUNTRY = os.environ.get("REDRESS_HOLIDAY_COUNTRY", "GB")
# England's bank holidays by default; GB alone leaves out Easter Monday and August.
REDRESS_HOLIDAY_SUBDIVISION = os.environ.get(
    "REDRESS_HOLIDAY_SUBDIVISION", "ENG" if REDRESS_HOLIDAY_COUNTRY == "GB" else ""
)
REDRESS_RESPONSE_BUSINESS_DAYS = int(os.environ.get("REDRESS_RESPONSE_BUSINESS_DAYS", 10))

# --- Search ---------------------------------------------------------------
# How many of the most recent matches a search ranks (see redress/search/selectors.py).
REDRESS_SEARCH_RANK_WINDOW = int(os.environ.get("REDRESS_SEARCH_RANK_WINDOW", 500))

# --- Satisfaction checks --------------------------------------------------
REDRESS_SURVEY_REMIND_AFTER_DAYS = int(os.environ.get("REDRESS_SURVEY_REMIND_AFTER_DAYS", 5))
REDRESS_SURVEY_EXPIRE_AFTER_DAYS = int(os.environ.get("REDRESS_SURVEY_EXPIRE_AFTER_DAYS", 7))
REDRESS_SURVEY_LOW_SCORE = 2  # this score or lower reopens the complaint

# --- Email in and out -----------------------------------------------------
# Outgoing mail leaves through the outbox (redress.mail), delivered by the worker over SMTP.
REDRESS_BASE_URL = os.environ.get("REDRESS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("REDRESS_MAIL_FROM", "complaints@redress.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The right-hand side of every Message-ID we create; replies thread back by it.
REDRESS_MAIL_DOMAIN = os.environ.get(
    "REDRESS_MAIL_DOMAIN", DEFAULT_FROM_EMAIL.rpartition("@")[2] or "redress.invalid"
)
if os.environ.get("REDRESS_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["REDRESS_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("REDRESS_SMTP_PORT", 587))
    EMAIL_HOST_USER = os.environ.get("REDRESS_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("REDRESS_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("REDRESS_SMTP_STARTTLS", True)
    EMAIL_USE_SSL = env_bool("REDRESS_SMTP_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("REDRESS_SMTP_TIMEOUT", 30))
# A delivery attempt not recorded within the lease (a worker that died) is tried again.
# It must be longer than EMAIL_TIMEOUT, or a slow but live send could be repeated.
REDRESS_OUTBOX_LEASE_SECONDS = int(os.environ.get("REDRESS_OUTBOX_LEASE_SECONDS", 300))
REDRESS_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("REDRESS_OUTBOX_MAX_ATTEMPTS", 10))
REDRESS_OUTBOX_RETRY_BASE_SECONDS = int(os.environ.get("REDRESS_OUTBOX_RETRY_BASE_SECONDS", 60))
REDRESS_OUTBOX_RETRY_MAX_SECONDS = int(os.environ.get("REDRESS_OUTBOX_RETRY_MAX_SECONDS", 6 * 3600))
REDRESS_OUTBOX_SWEEP_SECONDS = float(os.environ.get("REDRESS_OUTBOX_SWEEP_SECONDS", 30))
REDRESS_IMAP_POLL_SECONDS = float(os.environ.get("REDRESS_IMAP_POLL_SECONDS", 60))
# The category of complaints that arrive by email (a Category code).
REDRESS_EMAIL_CATEGORY = os.environ.get("REDRESS_EMAIL_CATEGORY", "other")
# Larger raw messages are quarantined instead of parsed.
REDRESS_INBOUND_MAX_BYTES = int(os.environ.get("REDRESS_INBOUND_MAX_BYTES", 50 * 1024 * 1024))

# --- API ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "redress.api.pagination.Pagination",
    "EXCEPTION_HANDLER": "redress.api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Redress API",
    "DESCRIPTION": "Complaint management: intake, the journal and every lifecycle action.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set, where fields of the same name carry different choices.
    "ENUM_NAME_OVERRIDES": {
        "ComplaintStatusEnum": "redress.complaints.lifecycle.Status",
        "ComplaintStatusCodeEnum": "redress.complaints.lifecycle.Status.values",
        "ChannelEnum": "redress.complaints.models.Channel",
        "EventKindEnum": "redress.complaints.models.EventKind",
        "CustomerKindEnum": "redress.customers.models.CustomerKind",
        "LanguageEnum": LANGUAGES,
        "StatementKindEnum": "redress.investigations.models.StatementKind",
        "RemedyKindEnum": "redress.remedies.models.RemedyKind",
        "RemedyStatusEnum": "redress.remedies.models.RemedyStatus",
        "CheckChannelEnum": "redress.surveys.models.CheckChannel",
        "LetterKindEnum": "redress.letters.models.LetterKind",
        "OutcomeEnum": "redress.investigations.models.Outcome",
        "LetterStateEnum": "redress.letters.models.LetterState",
        "SentViaEnum": "redress.letters.models.SentVia",
        "FindingSeverityEnum": [("error", "error"), ("warning", "warning")],
    },
}

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REDRESS_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every render at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Background work ------------------------------------------------------
# Production runs Celery workers and beat on Redis; the embedded default and the
# tests run tasks in-process (CELERY_TASK_ALWAYS_EAGER), so no broker is needed.
CELERY_BROKER_URL = os.environ.get("REDRESS_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("REDRESS_TASKS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The periodic jobs. Celery beat sends them in production; `redress serve` runs the same
# schedule in a background thread in the embedded default (redress/core/scheduler.py).
REDRESS_DEADLINE_SWEEP_SECONDS = float(os.environ.get("REDRESS_DEADLINE_SWEEP_SECONDS", 60))
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "deadline-sweep": {
        "task": "redress.deadlines.sweep",
        "schedule": REDRESS_DEADLINE_SWEEP_SECONDS,
        # A sweep that waited longer than its interval is superseded by the next one.
        "options": {"expires": REDRESS_DEADLINE_SWEEP_SECONDS},
    },
    "surveys-remind-and-expire": {"task": "surveys.remind_and_expire", "schedule": 3600.0},
    "mail-outbox-sweep": {
        "task": "redress.mail.tasks.outbox_sweep",
        "schedule": REDRESS_OUTBOX_SWEEP_SECONDS,
    },
    "mail-imap-poll": {
        "task": "redress.mail.tasks.mailboxes_poll",
        "schedule": REDRESS_IMAP_POLL_SECONDS,
    },
}
