"""Baomi settings: one module, driven by environment variables.

- ``BAOMI_HOME``: the instance directory (database, ledger keys, indexes, files); ``./var``.
- ``BAOMI_DATABASE_URL``: ``sqlite:///path`` (default ``$BAOMI_HOME/baomi.sqlite3``) or
  ``postgres://user@host:port/name``.
- ``BAOMI_ENV``: ``production`` turns on HTTPS-only cookies, HSTS and friends.
- ``BAOMI_SECRET_KEY``: otherwise read from (or created in) ``$BAOMI_HOME/secret_key``.
- ``BAOMI_DEBUG``: ``1`` for Django's debug pages (never in production).
- ``BAOMI_STALE_JOB_MINUTES``: a background job (index build, scan, activity import) whose
  heartbeat is older than this is shown as failed ("interrupted"); ``15``.
- Upload limits, in bytes unless said otherwise: ``BAOMI_IMPORT_MAX_BYTES`` (5 MiB) and
  ``BAOMI_IMPORT_MAX_ROWS`` (5000) for registry and HR tables;
  ``BAOMI_LEAKS_MAX_FILE_BYTES`` (100 MiB), ``BAOMI_LEAKS_MAX_UPLOAD_BYTES`` (500 MiB) and
  ``BAOMI_LEAKS_MAX_FILES`` (100 per upload) for leak material and suspects;
  ``BAOMI_RISK_UPLOAD_MAX_BYTES`` (200 MiB), ``BAOMI_RISK_UNPACKED_MAX_BYTES`` (4 GiB) and
  ``BAOMI_RISK_ARCHIVE_MAX_MEMBERS`` (5000) for activity-log archives.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BAOMI_HOME = Path(os.environ.get("BAOMI_HOME", "var")).resolve()
PRODUCTION = os.environ.get("BAOMI_ENV", "") == "production"
DEBUG = os.environ.get("BAOMI_DEBUG", "") == "1" and not PRODUCTION


def _secret_key() -> str:
    if key := os.environ.get("BAOMI_SECRET_KEY"):
        return key
    path = BAOMI_HOME / "secret_key"
    if not path.exists():
        BAOMI_HOME.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def _database(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        name = unquote(parsed.path) if parsed.netloc == "" else parsed.netloc + parsed.path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name or str(BAOMI_HOME / "baomi.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": None},
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/") or "baomi",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            # Concurrent test runs on one server need their own test databases.
            "TEST": {"NAME": os.environ.get("BAOMI_TEST_DATABASE") or None},
        }
    raise ValueError(f"BAOMI_DATABASE_URL: unsupported scheme {parsed.scheme!r}")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("BAOMI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("BAOMI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "baomi.apps.orgs",
    "baomi.apps.audit",
    "baomi.apps.registry",
    "baomi.apps.people",
    "baomi.apps.risk",
    "baomi.apps.evidence",
    "baomi.apps.leaks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baomi.i18n.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "baomi.apps.orgs.middleware.CurrentOrganisationMiddleware",
]

ROOT_URLCONF = "baomi.urls"
WSGI_APPLICATION = "baomi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "baomi.apps.orgs.context_processors.tenancy",
                "baomi.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": _database(
        os.environ.get("BAOMI_DATABASE_URL", f"sqlite:///{BAOMI_HOME / 'baomi.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Development and the demo serve static files straight from the app (WhiteNoise finders);
# production collects them once (`baomi manage collectstatic`) into $BAOMI_HOME/static.
WHITENOISE_USE_FINDERS = not PRODUCTION
if PRODUCTION:
    STATIC_ROOT = BAOMI_HOME / "static"
MEDIA_ROOT = BAOMI_HOME / "files"

# Uploads: imports and evidence material are bounded; larger requests are refused early.
MIB = 1024 * 1024
BAOMI_IMPORT_MAX_BYTES = int(os.environ.get("BAOMI_IMPORT_MAX_BYTES", 5 * MIB))
BAOMI_IMPORT_MAX_ROWS = int(os.environ.get("BAOMI_IMPORT_MAX_ROWS", 5000))
BAOMI_LEAKS_MAX_FILE_BYTES = int(os.environ.get("BAOMI_LEAKS_MAX_FILE_BYTES", 100 * MIB))
BAOMI_LEAKS_MAX_UPLOAD_BYTES = int(os.environ.get("BAOMI_LEAKS_MAX_UPLOAD_BYTES", 500 * MIB))
BAOMI_LEAKS_MAX_FILES = int(os.environ.get("BAOMI_LEAKS_MAX_FILES", 100))
BAOMI_RISK_UPLOAD_MAX_BYTES = int(os.environ.get("BAOMI_RISK_UPLOAD_MAX_BYTES", 200 * MIB))
BAOMI_RISK_UNPACKED_MAX_BYTES = int(os.environ.get("BAOMI_RISK_UNPACKED_MAX_BYTES", 4096 * MIB))
BAOMI_RISK_ARCHIVE_MAX_MEMBERS = int(os.environ.get("BAOMI_RISK_ARCHIVE_MAX_MEMBERS", 5000))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
BAOMI_REVIEW_WARNING_DAYS = 30

# Background work runs in `baomi worker` (started by `baomi serve`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job beats every 20 s (baomi.jobs); one silent for this long lost its worker.
BAOMI_STALE_JOB_MINUTES = int(os.environ.get("BAOMI_STALE_JOB_MINUTES", 15))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("BAOMI_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BAOMI_LOG_LEVEL", "WARNING")},
}

# Mail: SMTP when configured; otherwise messages are written to $BAOMI_HOME/outbox.
if os.environ.get("BAOMI_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["BAOMI_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("BAOMI_SMTP_PORT", "465"))
    EMAIL_HOST_USER = os.environ.get("BAOMI_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("BAOMI_SMTP_PASSWORD", "")
    EMAIL_USE_SSL = EMAIL_PORT == 465
    EMAIL_USE_TLS = EMAIL_PORT == 587
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BAOMI_HOME / "outbox"
DEFAULT_FROM_EMAIL = os.environ.get("BAOMI_MAIL_FROM", "baomi@localhost")
