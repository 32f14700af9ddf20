"""Django's settings, derived from the typed :mod:`twofold.settings` object.

Edit behaviour through ``TWOFOLD_*`` variables, not here.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url

from twofold.settings import load_settings

TWOFOLD = load_settings()
PACKAGE_DIR = Path(__file__).resolve().parent

SECRET_KEY = TWOFOLD.secret_key
DEBUG = TWOFOLD.debug
ALLOWED_HOSTS = list(TWOFOLD.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "channels",
    "twofold.accounts",
    "twofold.couples",
    "twofold.privacy",
    "twofold.notes",
    "twofold.assessments",
    "twofold.coaching",
    "twofold.conversations",
    "twofold.challenges",
    "twofold.plans",
    "twofold.couple_insights",
    "twofold.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "twofold.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "twofold.web.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "twofold.urls"
WSGI_APPLICATION = "twofold.wsgi.application"
ASGI_APPLICATION = "twofold.asgi.application"

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
                "twofold.web.context_processors.navigation",
            ],
        },
    },
]


def _database_config() -> dict:
    config = dj_database_url.parse(TWOFOLD.database_url, conn_max_age=0 if TWOFOLD.uses_sqlite else 60)
    if TWOFOLD.uses_sqlite:
        config["OPTIONS"] = {
            # WAL lets readers work while one writer commits; IMMEDIATE takes the
            # write lock at BEGIN so two writers queue instead of failing midway.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": TWOFOLD.sqlite_busy_timeout_seconds,
        }
        config["TEST"] = {"NAME": None}
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if TWOFOLD.redis_url:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": TWOFOLD.redis_url}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Live conversation rooms: one process shares rooms in memory; with Redis, rooms span processes.
if TWOFOLD.redis_url:
    # redis-py 8 reads with a 5 s socket timeout by default, shorter than the channel layer's blocking
    # receive (BZPOPMIN): every room socket idle for 5 s would crash. Reads wait; connecting still times out.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": TWOFOLD.redis_url, "socket_timeout": None, "socket_connect_timeout": 5}]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:landing"

AXES_FAILURE_LIMIT = TWOFOLD.login_failure_limit
AXES_COOLOFF_TIME = timedelta(minutes=TWOFOLD.login_cooloff_minutes)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
OTP_TOTP_ISSUER = "Twofold"

if TWOFOLD.smtp_url:
    _smtp = urlsplit(TWOFOLD.smtp_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _smtp.hostname or "localhost"
    EMAIL_PORT = _smtp.port or (465 if _smtp.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_smtp.username or "")
    EMAIL_HOST_PASSWORD = unquote(_smtp.password or "")
    EMAIL_USE_SSL = _smtp.scheme == "smtps"
    EMAIL_USE_TLS = _smtp.scheme == "smtp" and EMAIL_PORT == 587
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background jobs (reminders): Django's tasks framework, stored in the database; `twofold worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEFAULT_FROM_EMAIL = "Twofold <no-reply@twofold.invalid>"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Sliding expiry: a session ends after this much inactivity, and every request renews it.
SESSION_COOKIE_AGE = TWOFOLD.session_idle_minutes * 60
SESSION_SAVE_EVERY_REQUEST = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None  # served from the app folders through WhiteNoise finders; no collectstatic
STATICFILES_DIRS: list[Path] = []
# Serve straight from the app's static folders: no collectstatic step for a local install.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TWOFOLD_INVITE_TTL = timedelta(hours=TWOFOLD.invite_ttl_hours)
TWOFOLD_ENCRYPTION_KEYS = TWOFOLD.encryption_keys
TWOFOLD_ENCRYPTION_KEY_FILE = TWOFOLD.encryption_key_file
TWOFOLD_PAUSE_MINIMUM = timedelta(minutes=TWOFOLD.pause_min_minutes)
TWOFOLD_PAUSE_RETURN_WITHIN = timedelta(hours=TWOFOLD.pause_max_hours)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
