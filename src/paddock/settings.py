"""Paddock's one settings module. Deployment values come from PADDOCK_* variables."""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from paddock.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("PADDOCK_DATA_DIR", str(BASE_DIR.parent.parent / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and uploads live here

DEBUG = env_bool("PADDOCK_DEBUG", False)
# The development default carries Django's "django-insecure-" prefix, so that
# `check --deploy` fails on a production setup that forgot PADDOCK_SECRET_KEY.
SECRET_KEY = env_str("PADDOCK_SECRET_KEY", "django-insecure-paddock-development-only")
ALLOWED_HOSTS = env_list("PADDOCK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("PADDOCK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "paddock.accounts.apps.AdminConfig",  # Django's admin on our site (accounts/admin_site.py)
    # Before django.contrib.auth: its `changepassword` command replaces Django's (the first
    # app naming a command wins).
    "paddock.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "ninja",  # its Swagger UI files, served from our own static files (docs/api.md)
    "paddock.core",
    "paddock.events",
    "paddock.participants",
    "paddock.matchmaking",
    "paddock.meetings",
    "paddock.scheduling",
    "paddock.checkin",
    "paddock.operations",
    "paddock.demo",
    "paddock.privacy",
    "paddock.exchange",
    "paddock.visits",
    "paddock.api",
    "paddock.series",
    "paddock.outcomes",
    "paddock.reminders",
    "paddock.reports",
    "paddock.webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "paddock.core.headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "paddock.core.links.LinkMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "paddock.events.middleware.EditionMiddleware",
    "paddock.core.busy.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "paddock.urls"
WSGI_APPLICATION = "paddock.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database_from_url(url: str) -> dict[str, object]:
    """postgres://user:password@host:port/name -> Django's DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
        }
    if parsed.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parsed.path) or ":memory:"}
    raise ImproperlyConfigured(
        f"PADDOCK_DATABASE_URL must start with postgres:// or sqlite://, not {url!r}"
    )


_database_url = env_str("PADDOCK_DATABASE_URL", "")
DATABASES = {
    "default": _database_from_url(_database_url)
    if _database_url
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "paddock.sqlite3"}
}
# SQLite under concurrent writes: a transaction takes the write lock when it begins (IMMEDIATE),
# so two transactions never both read and then fail to write ("database is locked"); the
# others wait up to `timeout` seconds for it. WAL lets readers go on while one writes.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL",
    }
# PostgreSQL goes on running a query after gunicorn kills its worker (30 s by default): a
# statement cut at the same time frees the connection and the CPU instead. 0 turns it off.
STATEMENT_TIMEOUT_SECONDS = env_int("PADDOCK_DATABASE_STATEMENT_TIMEOUT", 30)
if STATEMENT_TIMEOUT_SECONDS < 0:
    raise ImproperlyConfigured(
        "PADDOCK_DATABASE_STATEMENT_TIMEOUT must be 0 (no limit) or more, "
        f"not {STATEMENT_TIMEOUT_SECONDS}"
    )
# Prepared statements: psycopg sends the parameters apart from the query (server-side binding)
# and prepares a query run five times on a connection, so that PostgreSQL plans it once rather
# than at every request (planning was 1-18 ms of some pages' queries, docs/benchmarks.md). Off
# behind a PgBouncer older than 1.21 in transaction mode, which cannot keep them.
PREPARED_STATEMENTS = env_bool("PADDOCK_DATABASE_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": PREPARED_STATEMENTS,
        "prepare_threshold": 5 if PREPARED_STATEMENTS else None,
    }
    if STATEMENT_TIMEOUT_SECONDS:
        DATABASES["default"]["OPTIONS"]["options"] = (
            f"-c statement_timeout={STATEMENT_TIMEOUT_SECONDS * 1000}"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Backups' fixtures: JSON with times to the microsecond (`operations.exact_json`).
SERIALIZATION_MODULES = {"exact_json": "paddock.operations.exact_json"}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# After login, organisers go to their dashboard and participants to their edition's portal.
LOGIN_REDIRECT_URL = "accounts:after-login"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# British formats for English (day first, 24-hour clock); French keeps Django's own.
FORMAT_MODULE_PATH = ["paddock.formats"]
USE_I18N = True
# Country names as people write them, where django-countries gives an official or odd one
# ("Naoero", "Bahamas (The)"); French and other languages come from the French catalogue.
COUNTRIES_OVERRIDE = {
    "BS": _("Bahamas"),
    "FK": _("Falkland Islands"),
    "FM": _("Micronesia"),
    "NR": _("Nauru"),
    "PS": _("Palestine"),
    "SZ": _("Eswatini"),
    "VG": _("British Virgin Islands"),
    "VI": _("U.S. Virgin Islands"),
}
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
# What one company may store in attachments across all its offers and needs (MB of
# 1024 * 1024 bytes, as the 10 MB limit of one file).
ATTACHMENT_QUOTA_MB = env_int("PADDOCK_ATTACHMENT_QUOTA_MB", 100)
ATTACHMENT_QUOTA_FILES = env_int("PADDOCK_ATTACHMENT_QUOTA_FILES", 50)

TASKS = {
    "default": {
        "BACKEND": env_str(
            "PADDOCK_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Webhooks (#15): http:// and private addresses only while developing (the tests turn it on).
WEBHOOK_ALLOW_LOCAL = DEBUG
WEBHOOK_TIMEOUT_SECONDS = env_int("PADDOCK_WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_MAX_ATTEMPTS = env_int("PADDOCK_WEBHOOK_MAX_ATTEMPTS", 10)
WEBHOOK_RETRY_BASE_SECONDS = 60  # doubled after each failure: the 10th attempt ~8.5 h later
WEBHOOK_KEEP_DAYS = env_int("PADDOCK_WEBHOOK_KEEP_DAYS", 30)  # then sent deliveries are deleted

# The outbox of mass mails (accounts.outbox): retries with back-off, then given up; rows kept.
MAIL_MAX_ATTEMPTS = env_int("PADDOCK_MAIL_MAX_ATTEMPTS", 10)
MAIL_RETRY_BASE_SECONDS = 60  # doubled after each failure: the 10th attempt ~8.5 h later
MAIL_KEEP_DAYS = env_int("PADDOCK_MAIL_KEEP_DAYS", 30)  # then the outbox's rows are deleted
# A staging or test copy: every new webhook delivery is written held, as a restore holds them,
# so that the copy never calls the customers' endpoints (`held_outgoing` sends or drops them).
WEBHOOKS_HOLD = env_bool("PADDOCK_WEBHOOKS_HOLD", False)
EMAIL_BACKEND = env_str("PADDOCK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("PADDOCK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PADDOCK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("PADDOCK_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("PADDOCK_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PADDOCK_EMAIL_USE_TLS", False)
# Seconds a mail server may stay silent before the mail counts as not sent: without it, a
# server that takes the connection and never answers holds the request that sends the mail.
EMAIL_TIMEOUT = env_int("PADDOCK_EMAIL_TIMEOUT", 10)
# The file backend (django.core.mail.backends.filebased.EmailBackend) writes each email here.
EMAIL_FILE_PATH = env_str("PADDOCK_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("PADDOCK_DEFAULT_FROM_EMAIL", "Paddock <noreply@localhost>")
# Links in emails are built on this address: emails sent outside a request (from commands,
# tasks) have no request to take the host from. Unset while developing (debug on), an email
# sent during a request links to the address of that request (paddock.core.links).
SITE_URL = env_str("PADDOCK_SITE_URL", "").rstrip("/")
SITE_URL_SET = bool(SITE_URL)  # `check --deploy` refuses production without it
SITE_URL_FROM_REQUEST = DEBUG and not SITE_URL_SET
# The load harness (bench/web.py) compares each page with a view that reads nothing, at
# /bench/bare/ when this is on; off, that address is a 404.
PADDOCK_BENCH_BARE_VIEW = env_bool("PADDOCK_BENCH_BARE_VIEW", False)
SITE_URL = SITE_URL or "http://127.0.0.1:8000"

# Django's database sessions, read with a query compiled once (issue 16).
SESSION_ENGINE = "paddock.accounts.sessions"

# Production hardening: on by default whenever DEBUG is off.
SESSION_COOKIE_SECURE = env_bool("PADDOCK_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("PADDOCK_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("PADDOCK_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PADDOCK_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading binds the whole registrable domain for months: the domain owner's decision,
# so it is off by default and its deploy warning is silenced.
SECURE_HSTS_PRELOAD = env_bool("PADDOCK_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Behind a reverse proxy that terminates TLS, its X-Forwarded-Proto says the request was secure.
if env_bool("PADDOCK_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles from our own static files only, no
# inline code (templates carry none: tests/core/test_headers.py); htmx is told not to inject
# its indicator <style> (base.html). The Permissions-Policy is paddock.core.headers'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
if DEBUG:
    # Django 5.2's error pages style themselves inline: while developing, the browser only
    # reports violations (in its console), so that a traceback stays readable.
    CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY
    CONTENT_SECURITY_POLICY = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PADDOCK_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (console while debugging, mail to ADMINS) go: its messages
        # reach the root handler above, once each, with or without debug.
        "django": {"level": "INFO"},
        # WeasyPrint and fontTools narrate every PDF at INFO; their warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Throttling of logins and password resets (#16). django-axes locks out an account, and
# separately a client address, after a few failed logins; django-ratelimit limits password
# reset emails per address and per client. Both count in the database, shared by every web
# process: the cache table is made by `python -m paddock createcachetable` after `migrate`.
PADDOCK_BEHIND_PROXY = env_bool("PADDOCK_BEHIND_PROXY", False)
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = ["paddock.accounts.backends.LockoutModelBackend"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "paddock_cache",
    }
}


def _positive(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1, not {value}")
    return value


def _rate(name: str, default: str) -> str:
    """A django-ratelimit rate: a count, a slash, then s, m, h or d after an optional number."""
    value = env_str(name, default).strip()
    count, _slash, period = value.partition("/")
    amount, unit = period[:-1], period[-1:]
    if not (count.isdigit() and unit in {"s", "m", "h", "d"} and (amount.isdigit() or not amount)):
        raise ImproperlyConfigured(f"{name} must look like 3/h or 10/15m, not {value!r}")
    return value


AXES_FAILURE_LIMIT = _positive("PADDOCK_LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = _positive("PADDOCK_LOGIN_LOCKOUT_MINUTES", 15)
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60  # in hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each one locks out on its own
# Refused attempts during a lock-out do not extend it: the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "paddock.accounts.logins.login_name"
AXES_CLIENT_IP_CALLABLE = "paddock.core.network.client_ip"
AXES_LOCKOUT_CALLABLE = "paddock.accounts.views.locked_out"
AXES_VERBOSE = False  # no banner at every start; failures are still logged
AXES_DISABLE_ACCESS_LOG = True  # successful logins go to our audit log, not a second one
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "paddock.core.network.client_ip"
PASSWORD_RESET_RATE_PER_EMAIL = _rate("PADDOCK_PASSWORD_RESET_RATE_PER_EMAIL", "3/h")
PASSWORD_RESET_RATE_PER_IP = _rate("PADDOCK_PASSWORD_RESET_RATE_PER_IP", "10/h")
API_RATE_PER_TOKEN = _rate("PADDOCK_API_RATE_PER_TOKEN", "120/m")
# Forms sent to an edition's open registration form per client address, across editions: each
# one hashes a password and may send a mail (#16).
OPEN_FORM_RATE_PER_IP = _rate("PADDOCK_OPEN_FORM_RATE_PER_IP", "20/h")
# django-ratelimit is used through is_ratelimited() and not listed in INSTALLED_APPS: its
# system check accepts only memcached and Redis, because the database cache increments a count
# by reading then writing it. Two requests at the same instant may then both pass, which a
# limit meant against floods can afford, and the database is all Paddock needs to run.
