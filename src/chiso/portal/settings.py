"""Django settings of the portal, all from the environment (``chiso serve`` sets them).

| variable | meaning | default |
|---|---|---|
| ``CHISO_DATA_DIR`` | data folder: uploaded files, scores, SQLite database | ``./chiso-data`` |
| ``CHISO_DATABASE_URL`` | ``postgresql://user:pass@host/db`` | SQLite in the data folder |
| ``CHISO_KPIS`` | the KPI catalogue folder | ``<data>/kpis``, else ``./kpis`` |
| ``CHISO_SECRET_KEY`` | Django's secret key | ``<data>/secret_key`` (``chiso serve`` makes it) |
| ``CHISO_DEBUG`` | ``1`` for Django's debug pages (never in production) | off |
| ``CHISO_ALLOWED_HOSTS`` | comma-separated host names | ``127.0.0.1,localhost`` |
| ``CHISO_MAX_UPLOAD_MB`` | largest workbook accepted | 20 |
| ``CHISO_SECURE_COOKIES`` | ``1`` behind HTTPS: cookies only over HTTPS | off |
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

DATA_DIR = Path(os.environ.get("CHISO_DATA_DIR", "chiso-data")).resolve()


def _kpis() -> Path:
    given = os.environ.get("CHISO_KPIS")
    if given:
        return Path(given).resolve()
    if (DATA_DIR / "kpis").is_dir():
        return DATA_DIR / "kpis"
    return Path("kpis").resolve()


def _secret_key() -> str:
    given = os.environ.get("CHISO_SECRET_KEY")
    if given:
        return given
    # ``chiso serve`` keeps one in the data folder so sessions survive a restart;
    # without either, a random key lasts as long as the process (nothing is written
    # on import).
    path = DATA_DIR / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    return secrets.token_urlsafe(50)


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


CHISO_DATA_DIR = DATA_DIR
CHISO_KPIS = _kpis()
CHISO_MAX_UPLOAD_BYTES = int(float(os.environ.get("CHISO_MAX_UPLOAD_MB", "20")) * 1024 * 1024)

SECRET_KEY = _secret_key()
DEBUG = _flag("CHISO_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CHISO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
] + ["testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "chiso.portal.apps.PortalConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "chiso.portal.middleware.security_headers",
    "chiso.portal.middleware.request_size",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chiso.portal.middleware.language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "chiso.portal.middleware.first_password",
    "chiso.portal.middleware.reference_ids",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out client before the password is checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: locked 15 minutes at the 5th failed login
# the pair: a whole office behind one address is not locked out by one person's
# typos, and nobody can lock a unit's account from elsewhere
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "portal/locked.html"
AXES_VERBOSE = False

ROOT_URLCONF = "chiso.portal.urls"
WSGI_APPLICATION = "chiso.portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chiso.portal.text.context",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("CHISO_DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "portal.sqlite3"),
        # IMMEDIATE: a writing transaction takes the lock when it starts, so two
        # uploads at once queue instead of failing with "database is locked".
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

# Uploads larger than this go to a temporary file, not memory; the portal's own
# limit (CHISO_MAX_UPLOAD_BYTES) is checked on the size the request declares.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _flag("CHISO_SECURE_COOKIES")
CSRF_COOKIE_SECURE = _flag("CHISO_SECURE_COOKIES")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "chiso.portal": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}
