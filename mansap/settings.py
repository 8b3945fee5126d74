"""Mansap settings, read from the environment.

Every setting that differs between a laptop, CI and production comes from an
environment variable through the typed helpers below (the Healthchecks
pattern); a bad value fails at start-up with ImproperlyConfigured.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MANSAP_VAR_DIR", BASE_DIR / "var"))
# The SQLite database and huey's queue live here; without it every manage.py command
# of a fresh clone would fail before doing anything.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def envbool(name: str, default: str, env: Mapping[str, str] = os.environ) -> bool:
    value = env.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str, env: Mapping[str, str] = os.environ) -> int:
    value = env.get(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def envrate(name: str, default: str) -> str:
    """A DRF throttle rate such as "120/minute" (per second, minute, hour or day)."""
    value = os.environ.get(name, default).strip()
    number, _, period = value.partition("/")
    if not number.isdigit() or period[:1] not in {"s", "m", "h", "d"}:
        raise ImproperlyConfigured(f"{name} must look like 120/minute (or /second, /hour, /day), not {value!r}")
    return value


def envsecret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def log_format(env: Mapping[str, str], *, debug: bool, argv: list[str]) -> str:
    """MANSAP_LOG_FORMAT (json or plain); by default plain under DEBUG or runserver, json otherwise."""
    value = env.get("MANSAP_LOG_FORMAT", "").strip().lower()
    if value in {"json", "plain"}:
        return value
    if value:
        raise ImproperlyConfigured(f"MANSAP_LOG_FORMAT must be json or plain, not {value!r}")
    return "plain" if debug or argv[1:2] == ["runserver"] else "json"


# Under pytest, background jobs run inline (huey "immediate" mode).
TESTING = "pytest" in sys.modules

DEBUG = envbool("DEBUG", "false")


def local_secret_key(path: Path) -> str:
    """This installation's own random key, created on first use (mode 0600) and kept in var/.

    Never a key written in the source: that would let anyone sign self-service links for
    any graduate. A deployment with several servers must set SECRET_KEY (or SECRET_KEY_FILE).
    """
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = envsecret("SECRET_KEY") or local_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()
]


def https_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """The HTTPS settings: with MANSAP_HTTPS=1 the site is only served over HTTPS, behind a proxy ending TLS.

    The proxy (nginx) must set X-Forwarded-Proto itself (overwriting what the client sent):
    Django believes that header. MANSAP_BASE_URL (the address in e-mailed links) must be https://,
    and its origin is trusted for CSRF, like any listed in CSRF_TRUSTED_ORIGINS.
    """
    on = envbool("MANSAP_HTTPS", "false", env)
    base_url = env.get("MANSAP_BASE_URL", "").strip()
    origins = [o.strip() for o in env.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
    if base_url:
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ImproperlyConfigured(f"MANSAP_BASE_URL must look like https://mansap.example.kz, not {base_url!r}")
        if on and parts.scheme != "https":
            raise ImproperlyConfigured("MANSAP_BASE_URL must start with https:// when MANSAP_HTTPS is on")
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    hsts = envint("MANSAP_HSTS_SECONDS", str(365 * 24 * 3600), env) if on else 0
    return {
        "SESSION_COOKIE_SECURE": on,
        "CSRF_COOKIE_SECURE": on,
        "LANGUAGE_COOKIE_SECURE": on,
        "SECURE_SSL_REDIRECT": on and envbool("MANSAP_SSL_REDIRECT", "true", env),
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if on else None,
        "SECURE_HSTS_SECONDS": hsts,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": bool(hsts) and envbool("MANSAP_HSTS_INCLUDE_SUBDOMAINS", "true", env),
        "SECURE_HSTS_PRELOAD": bool(hsts) and envbool("MANSAP_HSTS_PRELOAD", "false", env),
        "CSRF_TRUSTED_ORIGINS": origins,
    }


_https = https_settings(os.environ)
SESSION_COOKIE_SECURE = _https["SESSION_COOKIE_SECURE"]
CSRF_COOKIE_SECURE = _https["CSRF_COOKIE_SECURE"]
LANGUAGE_COOKIE_SECURE = _https["LANGUAGE_COOKIE_SECURE"]
SECURE_SSL_REDIRECT = _https["SECURE_SSL_REDIRECT"]
SECURE_PROXY_SSL_HEADER = _https["SECURE_PROXY_SSL_HEADER"]
SECURE_HSTS_SECONDS = _https["SECURE_HSTS_SECONDS"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
SECURE_HSTS_PRELOAD = _https["SECURE_HSTS_PRELOAD"]
CSRF_TRUSTED_ORIGINS = _https["CSRF_TRUSTED_ORIGINS"]

INSTALLED_APPS = [
    # Mansap's apps come first: each keeps its templates and translations in its own folder, and
    # for a template name or a msgid found in several apps the app listed first wins. So Mansap's
    # override Django's and the libraries' (e.g. the kk/ru msgids "Home", "Password", "History",
    # which contrib.admin and contrib.auth translate otherwise), as TEMPLATES DIRS and LOCALE_PATHS
    # used to. Listed after contrib.admin, 28 kk/ru strings of the site changed.
    "mansap.common",
    "mansap.core",
    "mansap.employers",
    "mansap.graduates",
    "mansap.practice",
    "mansap.surveys",
    "mansap.quality",
    "mansap.academics",
    "mansap.studentbody",
    "mansap.servicedesk",
    "mansap.regulations",
    "mansap.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "django_tables2",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    # First: every answer and log line of a request carries its id (X-Request-ID), redirects and refusals too.
    "mansap.common.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "mansap.common.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mansap.core.middleware.ConsortiumOnlyMiddleware",
    "mansap.common.middleware.PrivateCacheMiddleware",
    "mansap.common.middleware.UserLanguageMiddleware",
    "mansap.common.middleware.NullCharacterMiddleware",
    "mansap.common.middleware.LoginLockoutStatusMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mansap.common.sessions.SessionLifetimeMiddleware",
    "mansap.common.middleware.SubmitOnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

# The probes answer over plain HTTP too (a load balancer or systemd asks 127.0.0.1 directly): mansap/common/health.py.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

ROOT_URLCONF = "mansap.urls"
WSGI_APPLICATION = "mansap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Every template lives in its app: mansap/<app>/templates/ (base.html and the error pages in common).
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mansap.navigation.navigation",
                "mansap.core.navigation.account_menu",
                "mansap.common.sessions.session_context",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mansap.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers read while the huey worker writes. Every transaction takes the write lock at
    # BEGIN (IMMEDIATE), so a writer that has to wait waits for the lock (the busy timeout) instead of
    # failing with "database is locked" when a read turns into a write; the timeout outlasts the
    # longest write transaction, an import (IMPORT_MAX_SECONDS), so a login during one waits, not fails.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": envint("MANSAP_SQLITE_TIMEOUT", str(envint("IMPORT_MAX_SECONDS", "60") + 15)),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
if TESTING:
    # Test users are created by the hundred; the real hasher would dominate the suite's time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# The throttle backend comes first: while a username or an address is locked it refuses the
# login before the password is checked (mansap/common/throttling.py). The second is Django's ModelBackend, whose
# session user comes from the cache when MANSAP_USER_CACHE is on (mansap/core/backends.py).
AUTHENTICATION_BACKENDS = [
    "mansap.common.throttling.LoginThrottleBackend",
    "mansap.core.backends.ModelBackend",
]
MANSAP_LOGIN_MAX_FAILURES = envint("MANSAP_LOGIN_MAX_FAILURES", "5")  # per username, in the window
# Per address: higher, since a campus network shows many people behind one address.
MANSAP_LOGIN_MAX_FAILURES_PER_IP = envint("MANSAP_LOGIN_MAX_FAILURES_PER_IP", "20")
MANSAP_LOGIN_WINDOW_MINUTES = envint("MANSAP_LOGIN_WINDOW_MINUTES", "15")
MANSAP_LOGIN_LOCKOUT_MINUTES = envint("MANSAP_LOGIN_LOCKOUT_MINUTES", "15")
# How many reverse proxies (nginx, a load balancer) stand in front of the application and append the
# client's address to X-Forwarded-For; 0 = clients connect directly and REMOTE_ADDR is their address.
MANSAP_TRUSTED_PROXIES = envint("MANSAP_TRUSTED_PROXIES", "0")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = os.environ.get("MANSAP_LANGUAGE", "kk")
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
# Translations: each app's own locale/ folder (make messages). LOCALE_PATHS holds only the Kazakh
# translations of the strings Django, its admin and the libraries (django-tables2, django-filter) ship
# untranslated; kept by hand (make messages leaves it alone), checked by scripts/check-messages.sh, and
# never a second translation of an app's msgid (LOCALE_PATHS wins over the apps).
LOCALE_PATHS = [BASE_DIR / "mansap" / "locale"]
# Dates read dd.mm.yyyy in every language, as documents in Kazakhstan write them.
FORMAT_MODULE_PATH = ["mansap.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
STATICFILES_DIRS = [BASE_DIR / "mansap" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files over 2.5 MB go to a temporary file, not memory; the other fields of a request
# (forms, JSON sent to the API) may hold 5 MB at most.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", str(20 * 1024 * 1024))
# What one import file may take (mansap.common.importing): rows with data, time and extra memory to
# read it, and the errors and warnings its report keeps (the rest are counted).
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "100000")
IMPORT_MAX_SECONDS = envint("IMPORT_MAX_SECONDS", "60")
IMPORT_MAX_MEMORY_MB = envint("IMPORT_MAX_MEMORY_MB", "300")
IMPORT_MAX_ISSUES = envint("IMPORT_MAX_ISSUES", "1000")
# An import job whose worker has not beaten (every 5 s) for this long lost its worker (killed, out of memory, the
# machine restarted): the job's page marks it failed and offers to run it again (core/services/imports.py reap).
IMPORT_WORKER_DEAD_SECONDS = envint("IMPORT_WORKER_DEAD_SECONDS", "60")
if IMPORT_WORKER_DEAD_SECONDS < 10:
    raise ImproperlyConfigured("IMPORT_WORKER_DEAD_SECONDS must be at least 10 (two heartbeats)")
# A request body over this is refused (413) before it is read; 0 = IMPORT_MAX_BYTES + 2 MB
# (mansap.common.middleware.RequestSizeLimitMiddleware).
MANSAP_MAX_UPLOAD_BYTES = envint("MANSAP_MAX_UPLOAD_BYTES", "0")

# The risk register's zones (mansap.quality.choices.zone_of): a score (likelihood 1–5 × impact 1–5) from
# QUALITY_RISK_RED_FROM up is red, from QUALITY_RISK_AMBER_FROM up amber, below it green (002 p3; issue #13).
QUALITY_RISK_AMBER_FROM = envint("QUALITY_RISK_AMBER_FROM", "8")
QUALITY_RISK_RED_FROM = envint("QUALITY_RISK_RED_FROM", "15")
# The daily reminder job (quality.tasks) e-mails an owner this many days before a risk review, a risk action or
# a management review decision is due, and once more when it is overdue.
QUALITY_REMINDER_LEAD_DAYS = envint("QUALITY_REMINDER_LEAD_DAYS", "7")
if not 2 <= QUALITY_RISK_AMBER_FROM < QUALITY_RISK_RED_FROM <= 25:
    raise ImproperlyConfigured("QUALITY_RISK_AMBER_FROM and QUALITY_RISK_RED_FROM must satisfy 2 <= amber < red <= 25")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mansap@localhost")

# Content-Security-Policy (django-csp): everything comes from this site (no CDN: no machine here reaches
# one); a script runs only from a static file or an inline block carrying the page's nonce (no inline
# event handlers: static/js/actions.js gives pages data-* behaviours instead). Styles may be inline:
# templates, Bootstrap and htmx's indicator use style attributes, which cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src": [csp_constants.SELF, csp_constants.UNSAFE_INLINE],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
# ASVS L2 (mansap/common/sessions.py): a login lasts at most 12 hours and ends after 30 minutes
# without a request; the cookie ends with the browser.
MANSAP_SESSION_HOURS = envint("MANSAP_SESSION_HOURS", "12")
MANSAP_SESSION_IDLE_MINUTES = envint("MANSAP_SESSION_IDLE_MINUTES", "30")
MANSAP_SESSION_WARN_MINUTES = envint("MANSAP_SESSION_WARN_MINUTES", "2")
SESSION_COOKIE_AGE = MANSAP_SESSION_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag instead
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()


def cache_settings(redis_url: str, var_dir: Path) -> dict[str, dict[str, Any]]:
    """CACHES: in Redis when REDIS_URL is set (several servers share them), else the embedded default.

    "throttle" holds the attempt counters (failed logins, public forms per address) and the API rates
    (mansap/common/throttling.py); "jobs" the import jobs' progress and heartbeat (core/services/imports.py).
    """
    if redis_url:
        # One Redis database, one key prefix per alias. Never clear() an alias: on Redis that empties the
        # whole database, the job queue included.
        def redis(prefix: str) -> dict[str, Any]:
            backend = "django.core.cache.backends.redis.RedisCache"
            return {"BACKEND": backend, "LOCATION": redis_url, "KEY_PREFIX": prefix}

        return {"default": redis("mansap"), "throttle": redis("mansap-throttle"), "jobs": redis("mansap-jobs")}
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Files under var/ that every process on this machine shares, and no database table: an API read
        # counts its rate on every request, and in a table that was a write (on SQLite BEGIN IMMEDIATE, the
        # database's one write lock) on every GET. A deployment with several servers sets REDIS_URL.
        "throttle": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(var_dir / "throttle"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        # Written by the worker while the job's own transaction is open, so never into that database.
        "jobs": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(var_dir / "jobs")},
    }


def huey_settings(redis_url: str, var_dir: Path, *, immediate: bool) -> dict[str, Any]:
    """The job queue: on Redis when REDIS_URL is set (workers on several machines), else a SQLite file."""
    if redis_url:
        return {
            "huey_class": "huey.RedisHuey",
            "name": "mansap",
            "url": redis_url,
            "immediate": immediate,
            # Per `manage.py run_huey` process; each machine may run one or more (scripts/serve.sh).
            "consumer": {"workers": envint("HUEY_WORKERS", "2"), "worker_type": "thread"},
        }
    return {
        "huey_class": "huey.SqliteHuey",
        "name": "mansap",
        "filename": str(var_dir / "huey.sqlite3"),
        "immediate": immediate,
        "consumer": {"workers": 1, "worker_type": "thread"},
    }


CACHES = cache_settings(REDIS_URL, VAR_DIR)
if TESTING:
    # Nothing is counted under pytest (tests share 127.0.0.1 and usernames); the throttling tests
    # switch this alias to a local-memory cache.
    CACHES["throttle"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    CACHES["jobs"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jobs"}
# Before every view, the session, its user and the user's memberships came from the database (#19). Both come from
# the default cache where every process shares it (Redis): a change made in one process (a membership removed, a
# user deactivated, a logout) reaches every other on its next request. A per-process cache (local memory) would
# keep serving the old session or role in the other processes, so without REDIS_URL both stay in the database.
# Under pytest the user cache is off too (query counts compare two requests); its tests switch it on.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
MANSAP_USER_CACHE = bool(REDIS_URL) and envbool("MANSAP_USER_CACHE", "true") and not TESTING
HUEY = huey_settings(REDIS_URL, VAR_DIR, immediate=envbool("HUEY_IMMEDIATE", "true" if TESTING else "false"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # knox's TokenAuthentication without its sweep of the user's other tokens on every request.
        "mansap.core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "mansap.common.filters.NullsLastOrderingFilter",
    ],
    # drf-spectacular's, documenting the error answers too (mansap/common/schema.py).
    "DEFAULT_SCHEMA_CLASS": "mansap.common.schema.AutoSchema",
    # Every API error is JSON: Django's own exceptions from services too, and 409 for a refused delete.
    "EXCEPTION_HANDLER": "mansap.common.errors.api_exception_handler",
    # Generous: they stop runaway scripts and floods, not people.
    "DEFAULT_THROTTLE_CLASSES": ["mansap.common.throttling.AnonThrottle", "mansap.common.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": envrate("MANSAP_API_RATE_ANON", "120/minute"),
        "user": envrate("MANSAP_API_RATE_USER", "1200/minute"),
    },
    "NUM_PROXIES": MANSAP_TRUSTED_PROXIES,
}
# API tokens (django-rest-knox): only a SHA-512 digest is stored, each token expires and can be revoked
# (core.ApiToken, which adds a name; the tokens page is accounts/tokens/). `Authorization: Token <key>` as before.
MANSAP_API_TOKEN_DAYS = envint("MANSAP_API_TOKEN_DAYS", "90")  # a new token's lifetime unless its owner picks one
if not 1 <= MANSAP_API_TOKEN_DAYS <= 365:
    raise ImproperlyConfigured(f"MANSAP_API_TOKEN_DAYS must be between 1 and 365, not {MANSAP_API_TOKEN_DAYS}")
KNOX_TOKEN_MODEL = "core.ApiToken"
# knox's own migrations create its AuthToken table even when the model is swapped out (their CreateModel has no
# `swappable` option). That orphan table references core_user, so on PostgreSQL the test flush (TRUNCATE of the
# installed models' tables) failed on it. Nothing uses it: knox runs without migrations of its own.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=MANSAP_API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,  # a token lives as long as it was given, used or not
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mansap API",
    "DESCRIPTION": "Career Center platform: organization, students and graduates, employment, employers, "
    "professional practice and surveys.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "VacancyKindEnum": "mansap.employers.choices.VacancyKind",
        "SurveyKindEnum": "mansap.surveys.choices.SurveyKind",
        "EmploymentStatusEnum": "mansap.graduates.choices.EmploymentStatus",
        "KPISourceEnum": "mansap.quality.choices.KPISource",
        "ReviewStatusEnum": "mansap.quality.choices.ReviewStatus",
        "MeasureStatusEnum": "mansap.quality.choices.MeasureStatus",
        "ActionStatusEnum": "mansap.quality.choices.ActionStatus",
        "TermEnum": "mansap.academics.choices.Term",
        "DeskChannelEnum": "mansap.servicedesk.choices.Channel",
        "DeskLanguageEnum": "mansap.servicedesk.choices.Language",
        "ServiceRequestStatusEnum": "mansap.servicedesk.choices.RequestStatus",
        "IssuedDocumentStatusEnum": "mansap.servicedesk.choices.DocumentStatus",
        "ContactChannelEnum": "mansap.graduates.choices.Channel",
        "DocumentVersionStatusEnum": "mansap.regulations.choices.VersionStatus",
        "ReconciledStateEnum": "mansap.graduates.choices.ReconciledState",
        "DiscrepancyTaskStatusEnum": "mansap.graduates.choices.TaskStatus",
    },
}

DJANGO_TABLES2_TEMPLATE = "common/table.html"  # bootstrap5-responsive, rows rendered in Python
DJANGO_TABLES2_PAGE_RANGE = 7

# Every handler masks personal data (IINs, e-mail addresses, model reprs with names) in what it writes:
# mansap/common/logs.py. A handler added here must list the "personal_data" filter too (a test checks), and
# "request_id", which puts the request's id (X-Request-ID, RequestIdMiddleware) on each record.
# MANSAP_LOG_FORMAT: json (one JSON object a line, for journald and log shippers) or plain; by default plain under
# DEBUG or runserver (a person reads the terminal), json otherwise.
MANSAP_LOG_FORMAT = log_format(os.environ, debug=DEBUG, argv=sys.argv)
_console_formatter = "json" if MANSAP_LOG_FORMAT == "json" else "plain"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "personal_data": {"()": "mansap.common.logs.PersonalDataFilter"},
        "request_id": {"()": "mansap.common.logs.RequestIdFilter"},
    },
    "formatters": {
        "json": {"()": "mansap.common.logs.JsonFormatter"},
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        # Django's own, for runserver's request lines (django.server): redefined here only to be filtered.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": _console_formatter,
            "filters": ["personal_data", "request_id"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "json" if MANSAP_LOG_FORMAT == "json" else "django.server",
            "filters": ["personal_data", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django and huey have console handlers of their own: don't print their lines twice.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Where the site is reached from outside: links in e-mails sent by commands (reminders,
# self-service links) are built on it, since a command has no request to ask.
MANSAP_BASE_URL = os.environ.get("MANSAP_BASE_URL", "http://127.0.0.1:8000")

# The university this deployment serves by default (seed_demo creates it).
MANSAP_DEFAULT_INSTITUTION_CODE = os.environ.get("MANSAP_INSTITUTION", "KAZUTB")
MANSAP_VACANCY_DAYS = int(os.environ.get("MANSAP_VACANCY_DAYS", "60"))  # a vacancy stays public this long
# Self-service links: wrong IIN digits allowed on a graduate's link of a round, in all, before the link is dead
# (the department sends a new one). At most 9: 9 guesses among the 10,000 endings of an IIN stay below 0.1 %.
MANSAP_SELFSERVICE_MAX_FAILURES = envint("MANSAP_SELFSERVICE_MAX_FAILURES", "5")
if not 1 <= MANSAP_SELFSERVICE_MAX_FAILURES <= 9:
    raise ImproperlyConfigured(
        f"MANSAP_SELFSERVICE_MAX_FAILURES must be from 1 to 9, not {MANSAP_SELFSERVICE_MAX_FAILURES}"
    )
# Public survey links: answers accepted per campaign, client address and day (0: no limit).
MANSAP_SURVEY_PUBLIC_ANSWERS_PER_IP_DAY = envint("MANSAP_SURVEY_PUBLIC_ANSWERS_PER_IP_DAY", "20")
if MANSAP_SURVEY_PUBLIC_ANSWERS_PER_IP_DAY < 0:
    raise ImproperlyConfigured("MANSAP_SURVEY_PUBLIC_ANSWERS_PER_IP_DAY must be 0 (no limit) or more")
