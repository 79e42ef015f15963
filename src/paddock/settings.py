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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "paddock.core",
    "paddock.accounts",
    "paddock.events",
    "paddock.participants",
    "paddock.matchmaking",
    "paddock.meetings",
    "paddock.scheduling",
    "paddock.checkin",
    "paddock.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "paddock.events.middleware.EditionMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

TASKS = {
    "default": {
        "BACKEND": env_str(
            "PADDOCK_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

EMAIL_BACKEND = env_str("PADDOCK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("PADDOCK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PADDOCK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("PADDOCK_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("PADDOCK_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PADDOCK_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("PADDOCK_DEFAULT_FROM_EMAIL", "Paddock <noreply@localhost>")
# Links in emails are built on this address: emails sent outside a request (on commit, from
# tasks) have no request to take the host from.
SITE_URL = env_str("PADDOCK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PADDOCK_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every PDF at INFO; their warnings still show.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
