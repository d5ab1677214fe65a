"""Django settings, from the environment with defaults that run locally (see rollcall.conf)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from rollcall.conf import data_dir, env, env_bool

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()
FILES_DIR = DATA_DIR / "files"


def _secret_key() -> str:
    configured = env("ROLLCALL_SECRET_KEY")
    if configured:
        return configured
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("ROLLCALL_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in env("ROLLCALL_ALLOWED_HOSTS").split(",") if h.strip()]
if DEBUG or env("ROLLCALL_ALLOWED_HOSTS") == "127.0.0.1,localhost":
    ALLOWED_HOSTS += ["testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rollcall.access",
    "rollcall.registry",
    "rollcall.sources",
    "rollcall.interventions",
    "rollcall.reports",
    "rollcall.search",
    "rollcall.linkage",
    "rollcall.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "rollcall.access.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rollcall.access.middleware.ActorMiddleware",
    "rollcall.access.middleware.OneReadingMiddleware",
    "rollcall.access.headers.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "rollcall.urls"
FORM_RENDERER = "rollcall.web.rendering.Renderer"
SERIALIZATION_MODULES = {"exactjson": "rollcall.maintenance.exactjson"}
WSGI_APPLICATION = "rollcall.wsgi.application"
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

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
                "django.template.context_processors.i18n",
                "rollcall.web.context.viewer",
            ],
        },
    },
]

if env("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60)}
    # Values bound by the server and statements prepared from their second run on a connection:
    # with Django's default (values quoted into the text), PostgreSQL parsed and planned every
    # query again, most of its CPU for a page's short queries (bench/load.py at 100k persons:
    # 12.1 ms of PostgreSQL CPU a request before, about 7 after). A connection pooler in
    # transaction mode would need prepare_threshold None.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "rollcall.sqlite3",
            # Each server thread keeps its connection, and with it SQLite's page cache: a new
            # connection per request read the name index back from the file every time.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # Writers take the lock when their transaction starts, so two writers queue
                # instead of failing with "database is locked" half way.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["rollcall.web.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Behind TLS in production (ROLLCALL_HTTPS=1): secure cookies, HSTS, redirect to https.
# Off by default so that `make run` works on http://127.0.0.1:8000.
HTTPS = env_bool("ROLLCALL_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
if HTTPS and env_bool("ROLLCALL_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = 8 * 3600
SESSION_ENGINE = "rollcall.access.sessions"
AUTHENTICATION_BACKENDS = ["rollcall.access.sessions.AccountBackend"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

MAX_UPLOAD_BYTES = int(env("ROLLCALL_MAX_UPLOAD_MB")) * 1024 * 1024
ROLLCALL_TWO_FACTOR = env_bool("ROLLCALL_TWO_FACTOR")
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
