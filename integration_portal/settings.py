"""Settings of the integration portal, read from the environment.

Every value that differs between a laptop and production comes from an
environment variable, read through the small typed helpers below. A malformed
value stops the process at start-up instead of misbehaving later.
"""

import base64
import binascii
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off, not {raw!r}"
    )


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envfernetkeys(name: str) -> list[str]:
    """A comma-separated list of Fernet keys (32 bytes, URL-safe base64)."""
    keys = envlist(name, [])
    for position, key in enumerate(keys, start=1):
        try:
            valid = len(base64.urlsafe_b64decode(key.encode())) == 32
        except (binascii.Error, ValueError):
            valid = False
        if not valid:
            # The key itself is a secret: name its position, never its value.
            raise ImproperlyConfigured(
                f"{name}: key {position} is not a Fernet key (32 bytes in URL-safe base64); "
                "make one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            )
    return keys


def cache_from_url(url: str) -> dict:
    """The shared cache: the database's table `portal_cache` without a URL,
    Django's RedisCache for `redis://host:port/db` (or `rediss://`, `unix://`)."""
    if not url:
        return {
            # Django's database cache, committing its writes without waiting
            # for the disk (integration_portal/cache.py).
            "BACKEND": "integration_portal.cache.AsyncCommitDatabaseCache",
            "LOCATION": "portal_cache",
            "TIMEOUT": 300,
            # Cached catalogue pages and facet counts: room for thousands of
            # searches before the oldest third is dropped.
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 3},
        }
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"CACHE_URL must start with redis://, rediss:// or unix://, not {scheme!r}; "
            "leave it unset for the database cache"
        )
    # Redis drops the least recently used entries itself (maxmemory-policy).
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "TIMEOUT": 300,
    }


PREPARE_ONLY_WHEN_ASKED = 2**31 - 1


def database_from_url(url: str) -> dict:
    """Translate `postgresql://user:password@host:port/name?option=value` for Django."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgresql:// (the portal runs on PostgreSQL only), "
            f"not {parts.scheme!r}"
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgresql:///portal")
    options = dict(parse_qsl(parts.query))
    options.setdefault("connect_timeout", "3")
    # Random reads cost little more than sequential ones on SSDs; at the
    # default (4, for spinning disks) PostgreSQL scans whole link tables where
    # an index lookup per search result is faster. Override with
    # `?options=...` in the URL, e.g. behind PgBouncer, which refuses it.
    # The statements the portal prepares (`integration_portal.prepared`) are
    # planned once for any values: their custom plans for each set of values
    # cost more to make than they save (the catalogue's facet counts of a
    # choice: 9.1 ms a count with a plan each time, 7.2 ms with the kept one).
    # No other statement is prepared, so no other plan is affected.
    options.setdefault("options", "-c random_page_cost=1.1 -c plan_cache_mode=force_generic_plan")
    # Django binds parameters on the client; the few queries the portal runs
    # as prepared statements (`integration_portal.prepared`) ask for it, and
    # psycopg prepares nothing by itself however often a query runs.
    options["prepare_threshold"] = int(options.get("prepare_threshold", PREPARE_ONLY_WHEN_ASKED))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        # Keep connections across requests, but test them first so that a
        # restarted database is noticed and the site recovers by itself.
        "CONN_MAX_AGE": envint("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }


DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Reverse proxies of our own in front of the portal (each appends to
# X-Forwarded-For); the client's address is the entry the first of them
# added. 0: no proxy, the header is ignored (a client can forge it).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# The public address of the portal, used in emails and open data.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "integration_portal",
    "partners",
    "measures",
    "counselling",
    "recommendations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
]
# Demo data (`manage.py seed_demo`) and benchmarks (`manage.py bench`) are tools
# of a development checkout, not the portal: production runs without them.
if envbool("DJANGO_DEVELOPMENT_TOOLS", DEBUG):
    INSTALLED_APPS += ["demo", "bench"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "integration_portal.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "integration_portal.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "integration_portal.middleware.PrivatePagesMiddleware",
    "integration_portal.middleware.RequireMFAMiddleware",
]
# Pages are compressed by the proxy in production (README, "Running it").
# Without one, as under `make serve`, Django compresses them itself; its gzip
# pads each response by a random length against BREACH. Static files come
# compressed from WhiteNoise, which answers before this middleware.
COMPRESS_PAGES = envbool("DJANGO_COMPRESS_PAGES", False)
if COMPRESS_PAGES:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "django.middleware.gzip.GZipMiddleware",
    )

ROOT_URLCONF = "integration_portal.urls"
WSGI_APPLICATION = "integration_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "integration_portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(envstr("DATABASE_URL", "postgresql:///integration_portal"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every process: rate limits and cached pages live in PostgreSQL,
# or in Redis when CACHE_URL names one, never in one process's memory.
CACHES = {"default": cache_from_url(envstr("CACHE_URL", ""))}

AUTH_USER_MODEL = "integration_portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: accounts are created by staff, people sign in with their email.
ACCOUNT_ADAPTER = "integration_portal.accounts.InviteOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bündnis für Integration] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "integration_portal.mfa.MFAAdapter"
# Keys that encrypt the TOTP secrets and recovery-code seeds in the database:
# the first encrypts, all decrypt (see integration_portal/mfa.py for rotation).
# Unset: derived from DJANGO_SECRET_KEY, which `check --deploy` warns about.
MFA_ENCRYPTION_KEYS = envfernetkeys("MFA_ENCRYPTION_KEYS")
MFA_TOTP_ISSUER = "Bündnis für Integration"
# URL namespaces that staff and counsellors reach only with a second factor.
MFA_REQUIRED_NAMESPACES = ["admin", "desk", "desk_recommendations", "review", "dashboard"]
# Staff, counsellors, leads and superusers are signed out after this many
# minutes without a request.
PRIVILEGED_SESSION_IDLE_MINUTES = envint("PRIVILEGED_SESSION_IDLE_MINUTES", 30)
if PRIVILEGED_SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("PRIVILEGED_SESSION_IDLE_MINUTES must be 1 or more")
# Pages for one person (paths below the language prefix): never stored by a
# browser or proxy, whoever asks. Signed-in people's pages are never stored anyway.
PRIVATE_PATH_PREFIXES = [
    "admin/",
    "accounts/",
    "desk/",
    "review/",
    "staff/",
    "partner-area/",
    # The booking steps that show what she typed, and her personal link.
    "counselling/details/",
    "counselling/check/",
    "counselling/booked/",
    "counselling/appointment/",
]
if DEBUG:
    # Local demo only (allauth refuses it when DEBUG is off): a fixed code
    # stands in for the authenticator app.
    MFA_TOTP_INSECURE_BYPASS_CODE = os.environ.get("MFA_TOTP_INSECURE_BYPASS_CODE") or None

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# Dates and times as a reader of each UI language expects, on the 24-hour clock.
FORMAT_MODULE_PATH = ["integration_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
    # KERN UX's typeface split by script and weight; static/css/fonts.css
    # names the files the pages use.
    ("fonts/fira-sans", BASE_DIR / "node_modules" / "@fontsource" / "fira-sans" / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(envstr("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = envstr(
    "DEFAULT_FROM_EMAIL", "Bündnis für Integration <integration@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where feedback and operational messages for the department go.
STAFF_EMAIL = envstr("STAFF_EMAIL", "integration@example.org")
# Days until `purge_feedback` deletes a feedback (the privacy notice names it).
FEEDBACK_RETENTION_DAYS = envint("FEEDBACK_RETENTION_DAYS", 365)
if FEEDBACK_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("FEEDBACK_RETENTION_DAYS must be 1 or more")

# Open data: residents of Stuttgart (the steering overview's "per 100,000
# residents"), and the limits on another city's HSDS feed when importing it.
STUTTGART_POPULATION = envint("STUTTGART_POPULATION", 613392)
HSDS_IMPORT_MAX_BYTES = envint("HSDS_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
HSDS_IMPORT_TIMEOUT_SECONDS = envint("HSDS_IMPORT_TIMEOUT_SECONDS", 30)
for _name in ("STUTTGART_POPULATION", "HSDS_IMPORT_MAX_BYTES", "HSDS_IMPORT_TIMEOUT_SECONDS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be 1 or more")

# Counselling for mothers with children under 3.
COUNSELLING_RETENTION_DAYS = envint("COUNSELLING_RETENTION_DAYS", 180)
COUNSELLING_MIN_NOTICE_HOURS = envint("COUNSELLING_MIN_NOTICE_HOURS", 24)
COUNSELLING_BOOKING_WEEKS = envint("COUNSELLING_BOOKING_WEEKS", 6)
COUNSELLING_CHANGE_DEADLINE_HOURS = envint("COUNSELLING_CHANGE_DEADLINE_HOURS", 24)
# The waiting list: how long a freed time is held for the one it is offered to,
# and after how many weeks an entry expires (the privacy notice names both).
COUNSELLING_HOLD_HOURS = envint("COUNSELLING_HOLD_HOURS", 12)
COUNSELLING_WAITING_LIST_WEEKS = envint("COUNSELLING_WAITING_LIST_WEEKS", 8)
COUNSELLING_PHONE = envstr("COUNSELLING_PHONE", "0711 216-00000")
# Short messages to clients who gave only a phone number (counselling/sms.py):
# console while developing, a file, or an HTTP gateway with its address and key.
COUNSELLING_SMS_BACKEND = envstr(
    "COUNSELLING_SMS_BACKEND",
    "counselling.sms.ConsoleBackend" if DEBUG else "counselling.sms.HttpGatewayBackend",
)
COUNSELLING_SMS_FILE_PATH = envstr("COUNSELLING_SMS_FILE_PATH", str(BASE_DIR / "sms.log"))
COUNSELLING_SMS_GATEWAY_URL = envstr("COUNSELLING_SMS_GATEWAY_URL", "")
COUNSELLING_SMS_GATEWAY_KEY = envstr("COUNSELLING_SMS_GATEWAY_KEY", "")
COUNSELLING_SMS_SENDER = envstr("COUNSELLING_SMS_SENDER", "Stuttgart")
# Django's tasks API (the `django-tasks` backport of Django 6's `django.tasks`):
# tasks are rows in PostgreSQL, saved in the transaction that queues them, and
# run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The outbox (counselling/outbox.py): mails and SMS wait in the database until a
# task run by the `db_worker` sends them; a failure is tried again after 1, 2, 4 … minutes
# (at most 6 hours apart) until the last attempt, then shown to leads in the admin.
# With the defaults a mail server may be down for about 8 hours without a loss.
COUNSELLING_OUTBOX_MAX_ATTEMPTS = envint("COUNSELLING_OUTBOX_MAX_ATTEMPTS", 10)
COUNSELLING_OUTBOX_RETRY_SECONDS = envint("COUNSELLING_OUTBOX_RETRY_SECONDS", 60)
# Days a sent message's record is kept (`purge_personal_data` deletes it then).
COUNSELLING_OUTBOX_RETENTION_DAYS = envint("COUNSELLING_OUTBOX_RETENTION_DAYS", 7)
# Also try once right after the commit in the web process, before the worker does.
COUNSELLING_OUTBOX_SEND_ON_COMMIT = envbool("COUNSELLING_OUTBOX_SEND_ON_COMMIT", False)

# Security: strict by default, relaxed only for local development.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"
# The plain /healthz and /readyz probes come from the load balancer over HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {
            "()": "integration_portal.logging.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "filters": {
        "without_keys": {"()": "integration_portal.logging.WithoutKeys"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
            "filters": ["without_keys"],
        },
    },
    "root": {"handlers": ["stdout"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own request logger repeats every 4xx with its URL; the
        # access log of gunicorn has those already.
        "django.request": {"level": "ERROR"},
        "django.security.DisallowedHost": {"level": "ERROR"},
        # The development server's request lines, through the filter that
        # masks personal-link tokens like every other line.
        "django.server": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
