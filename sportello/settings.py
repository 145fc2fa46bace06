"""Django settings for Sportello, read from the environment (see .env.example and the README)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from sportello.core.keys import load_or_create, protect_data_dir
from sportello.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent
_UNDER_TEST = "PYTEST_VERSION" in os.environ  # set by pytest itself, before Django is configured
# Each test run gets a private data directory unless told otherwise: concurrent runs never share a database file.
_default_data_dir = tempfile.mkdtemp(prefix="sportello-test-") if _UNDER_TEST else str(Path.cwd() / "data")
DATA_DIR = Path(envstr("SPORTELLO_DATA_DIR", _default_data_dir)).resolve()
# The data directory holds personal data and keys: whatever this process creates is readable by its user only.
protect_data_dir(DATA_DIR)

_generated = load_or_create(DATA_DIR)

SECRET_KEY = envstr("SECRET_KEY") or str(_generated["secret_key"])
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Encryption at rest: a comma-separated list of Fernet keys, the first one encrypts, all decrypt (rotation).
SPORTELLO_ENCRYPTION_KEYS = envlist("SPORTELLO_ENCRYPTION_KEYS") or list(_generated["encryption_keys"])  # type: ignore[call-overload]
SPORTELLO_BLIND_INDEX_KEY = envstr("SPORTELLO_BLIND_INDEX_KEY") or str(_generated["blind_index_key"])

INSTALLED_APPS = [
    "sportello.core.adminsite.SportelloAdminConfig",  # the admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "sportello.core",
    "sportello.municipalities",
    "sportello.citizens",
    "sportello.connectors",
    "sportello.connectors.whatsapp",
    "sportello.connectors.webform",
    "sportello.connectors.email",
    "sportello.connectors.telegram",
    "sportello.connectors.desk",
    "sportello.conversations",
    "sportello.policies",
    "sportello.broadcasts",
    "sportello.cases",
    "sportello.moderation",
    "sportello.knowledge",
    "sportello.learning",
    "sportello.console",
    "sportello.api",
    "sportello.survey",
    "sportello.reports",
    "sportello.privacy",
    "sportello.configuration",
    "sportello.campaigns",
    "sportello.organisation",
    "sportello.firstrun",
    "sportello.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sportello.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sportello.urls"
ASGI_APPLICATION = "sportello.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# SQLite in WAL mode under the data directory unless DATABASE_URL says otherwise.
_default_db = f"sqlite:///{DATA_DIR / 'sportello.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(envstr("DATABASE_URL", _default_db), conn_max_age=envint("SPORTELLO_CONN_MAX_AGE", 0 if _UNDER_TEST else 600))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a writer takes the lock at BEGIN, so two writers queue on busy_timeout instead of one
        # failing at its first write with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
    # Webhook bodies get their own file (and so their own write lock): see conversations/routers.py.
    _inbound_file = DATA_DIR / (Path(DATABASES["default"]["NAME"]).stem + "-inbound.sqlite3")
    DATABASES["inbound"] = {
        **DATABASES["default"],
        "NAME": str(_inbound_file),
        "TEST": {"NAME": str(DATA_DIR / "test-inbound.sqlite3")},
    }
else:
    DATABASES["default"].setdefault("TEST", {})
DATABASE_ROUTERS = ["sportello.conversations.routers.InboundRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
# Italian dates in the console: "6 dic 2026, 14:05" (sportello/formats/it; Django's Italian formats for the rest).
FORMAT_MODULE_PATH = ["sportello.formats"]
# sportello/locale: English for the Italian-source apps; locale_vendor: Italian for third-party labels (plain_labels.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
INSTALLED_APPS.insert(0, "sportello.console.i18n")  # first: labels made translatable before the admin reads them
# The language chosen in the user menu (set_language) is remembered for a year, on this browser.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# A container image collects static files at build time outside the data volume (SPORTELLO_STATIC_ROOT).
STATIC_ROOT = Path(envstr("SPORTELLO_STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Citizens' media is personal data: stored under the data directory and served only through an
# authenticated view, never by URL guessing.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media-not-public/"

LOGIN_URL = "/admin/login/"

TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

# WhatsApp Cloud API: a single-municipality install can configure its number here.
WHATSAPP_API_BASE_URL = envstr("WHATSAPP_API_BASE_URL", "https://graph.facebook.com/v23.0").rstrip("/")
WHATSAPP_PHONE_NUMBER_ID = envstr("WHATSAPP_PHONE_NUMBER_ID")
WHATSAPP_ACCESS_TOKEN = envstr("WHATSAPP_ACCESS_TOKEN")
WHATSAPP_APP_SECRET = envstr("WHATSAPP_APP_SECRET")
WHATSAPP_VERIFY_TOKEN = envstr("WHATSAPP_VERIFY_TOKEN")
WHATSAPP_DISPLAY_NUMBER = envstr("WHATSAPP_DISPLAY_NUMBER")
WHATSAPP_WABA_ID = envstr("WHATSAPP_WABA_ID")  # the WhatsApp Business Account: its message templates are synchronised
WHATSAPP_HTTP_TIMEOUT = float(envstr("WHATSAPP_HTTP_TIMEOUT", "15"))

# E-mail: a single-municipality install can configure its mailbox here (several: the admin's "Caselle di posta").
EMAIL_IMAP_URL = envstr("EMAIL_IMAP_URL")  # imaps://user:pass@host:993/INBOX (percent-encoded user and password)
EMAIL_SMTP_URL = envstr("EMAIL_SMTP_URL")  # smtp://host:25, smtp://user:pass@host:587 (STARTTLS), smtps://…:465
EMAIL_ADDRESS = envstr("EMAIL_ADDRESS")
EMAIL_DISPLAY_NAME = envstr("EMAIL_DISPLAY_NAME")
EMAIL_IS_PEC = envbool("EMAIL_IS_PEC", False)
SPORTELLO_EMAIL_TIMEOUT = float(envstr("SPORTELLO_EMAIL_TIMEOUT", "30"))
# The demo's sandbox: replies are kept for the sandbox e-mail page instead of going to an SMTP server.
SPORTELLO_EMAIL_CAPTURE = envbool("SPORTELLO_EMAIL_CAPTURE", False)

# Telegram: a single-municipality install's bot (created or updated at start, webhook set with the secret).
TELEGRAM_BOT_TOKEN = envstr("TELEGRAM_BOT_TOKEN")
TELEGRAM_WEBHOOK_SECRET = envstr("TELEGRAM_WEBHOOK_SECRET")
TELEGRAM_API_BASE_URL = envstr("TELEGRAM_API_BASE_URL", "https://api.telegram.org").rstrip("/")
TELEGRAM_HTTP_TIMEOUT = float(envstr("TELEGRAM_HTTP_TIMEOUT", "15"))

# Media accepted from citizens (bytes), per kind; WhatsApp's own caps.
SPORTELLO_MEDIA_LIMITS = {
    "image": 5 * 1024 * 1024,
    "audio": 16 * 1024 * 1024,
    "video": 16 * 1024 * 1024,
    "document": 100 * 1024 * 1024,
    "sticker": 500 * 1024,
}
SPORTELLO_MEDIA_MAX_ATTEMPTS = envint("SPORTELLO_MEDIA_MAX_ATTEMPTS", 6)
SPORTELLO_SEND_MAX_ATTEMPTS = envint("SPORTELLO_SEND_MAX_ATTEMPTS", 8)
SPORTELLO_DEFAULT_PHONE_REGION = envstr("SPORTELLO_DEFAULT_PHONE_REGION", "IT")

# The inbound pipeline: ordered steps, each a dotted path to a function(ctx). Later capabilities add theirs.
SPORTELLO_INBOUND_PIPELINE = [
    "sportello.conversations.pipeline.steps.identify_citizen",
    "sportello.survey.pipeline.intercept_answers",  # survey answers never open a conversation, case or review
    "sportello.conversations.pipeline.steps.store_message",
    "sportello.conversations.pipeline.steps.fetch_media",
    "sportello.privacy.pipeline.respect_restriction",
    "sportello.moderation.pipeline.screen",
    "sportello.policies.pipeline.keyword_commands",
    "sportello.policies.pipeline.office_hours_and_mode",
    "sportello.knowledge.pipeline.automatic_answer",
    "sportello.cases.pipeline.suggest_routing",
    "sportello.conversations.pipeline.steps.publish",
]

# Configuration read by every inbound message is cached per process this long (see core/configcache.py).
SPORTELLO_CONFIG_CACHE_SECONDS = float(envstr("SPORTELLO_CONFIG_CACHE_SECONDS", "0" if _UNDER_TEST else "1"))

# Real-time fan-out: "memory" (one process) by default; "redis" with REDIS_URL for several processes.
SPORTELLO_EVENTS_BACKEND = envstr("SPORTELLO_EVENTS_BACKEND", "memory")
REDIS_URL = envstr("REDIS_URL")

# Logs carry no phone numbers, addresses or message ids: the formatters of sportello.ops.logs redact them.
# SPORTELLO_LOG_FORMAT=json writes one JSON object per line. Warnings and errors are counted per logger for /metrics.
SPORTELLO_LOG_FORMAT = envstr("SPORTELLO_LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": "sportello.ops.logs.RedactingFormatter", "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "sportello.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": SPORTELLO_LOG_FORMAT},
        "metrics": {"()": "sportello.ops.metrics.ErrorCountingHandler"},
    },
    "root": {"handlers": ["console", "metrics"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "imapclient": {"level": "INFO"},  # its DEBUG is the IMAP wire: whole messages, addresses included
    },
}

# --- Staff authentication, two-factor and lockout (console) -------------------------------------------------
# django-otp (TOTP) is mandatory from SPORTELLO_2FA_REQUIRED_ROLE up (supervisors and administrators), optional
# for operators; django-axes locks an account out after repeated failures. See docs/console.md.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "axes"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1, "django_otp.middleware.OTPMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1, "sportello.console.middleware.RequireTwoFactorMiddleware")
# Tenant scope (django-scopes) of the signed-in staff member; before anything that reads tenant rows for them.
MIDDLEWARE.insert(MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1, "sportello.municipalities.middleware.TenantScopeMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("sportello.console.middleware.RequireTwoFactorMiddleware") + 1, "sportello.firstrun.middleware.FirstRunMiddleware")  # empty installation: the setup page
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
MIDDLEWARE.append("sportello.core.audit_reads.AdminReadAuditMiddleware")  # every admin page read is audited
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sportello.core.ratelimit.AddressCeilingBackend",  # an address past its failure ceiling: refused before checking
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
SPORTELLO_2FA_REQUIRED_ROLE = envstr("SPORTELLO_2FA_REQUIRED_ROLE", "supervisor") or None
OTP_TOTP_ISSUER = envstr("SPORTELLO_OTP_ISSUER", "Sportello")
AXES_FAILURE_LIMIT = envint("SPORTELLO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("SPORTELLO_LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
# The (username, address) pair is locked, not the address alone: the whole office shares one public IP behind its
# firewall, and one colleague mistyping must not lock everyone out. One address trying many usernames meets a
# higher per-address ceiling instead (SPORTELLO_RATE_LIMITS["login"], core/ratelimit.AddressCeilingBackend).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "sportello.core.ratelimit.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SPORTELLO_SESSION_HOURS", 10) * 3600  # a working day
SESSION_COOKIE_SECURE = SITE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "sportello@localhost")
# Console: map tiles for shared locations (off by default: no third party sees where citizens are), e.g.
# "https://tile.openstreetmap.org/{z}/{x}/{y}.png"; the link to a map is always shown.
SPORTELLO_MAP_TILES_URL = envstr("SPORTELLO_MAP_TILES_URL")
SPORTELLO_MAP_LINK_URL = envstr("SPORTELLO_MAP_LINK_URL", "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
# Real-time events across processes: "database" table polled by the console's SSE stream (default; works for a
# web and a worker on the same database), or "redis" (SPORTELLO_EVENTS_BACKEND=redis + REDIS_URL).
SPORTELLO_EVENTS_POLL_SECONDS = float(envstr("SPORTELLO_EVENTS_POLL_SECONDS", "0.1"))
# Vendored front-end (Bootstrap Italia, htmx) and the shared base template's assets live outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Security headers, HTTPS, files and rate limits (README: "Running in production") -----------------------------
# Every page gets a Content-Security-Policy (core/middleware.py); extra directives can be given here, e.g.
# {"connect-src": "'self' https://stats.example.org"}.
SPORTELLO_CSP_EXTRA: dict[str, str] = {}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS: when SITE_URL is https and DEBUG is off, browsers are told to use HTTPS only (HSTS, a year by default),
# plain-HTTP requests are redirected and cookies are Secure. Subdomains and the preload list are left to the
# municipality (its other sites may not all be on HTTPS): SPORTELLO_HSTS_INCLUDE_SUBDOMAINS, SPORTELLO_HSTS_PRELOAD.
_HTTPS = SITE_URL.startswith("https://") and not DEBUG
SECURE_HSTS_SECONDS = envint("SPORTELLO_HSTS_SECONDS", 31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SPORTELLO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SPORTELLO_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = envbool("SPORTELLO_SSL_REDIRECT", _HTTPS)
# A request whose body has not fully arrived this many seconds after it started gets 408 (slowloris; 0 = off).
SPORTELLO_BODY_TIMEOUT_SECONDS = envint("SPORTELLO_BODY_TIMEOUT_SECONDS", 30)
# Files written under the data directory (media, uploads) are readable by Sportello's user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Rate limits (core/ratelimit.py): "N/s|m|h|d" per client address and per account; None switches one off.
# Counted in the default cache: per process, or shared by every process when REDIS_URL is set.
if REDIS_URL and not _UNDER_TEST:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
SPORTELLO_RATE_LIMITS: dict[str, dict[str, str | None]] = {
    "open311-post": {"address": envstr("SPORTELLO_RATE_OPEN311_ADDRESS", "30/h"),
                     "account": envstr("SPORTELLO_RATE_OPEN311_KEY", "600/h")},
    "api": {"address": envstr("SPORTELLO_RATE_API_ADDRESS", "600/m"), "account": envstr("SPORTELLO_RATE_API_TOKEN", "300/m")},
    "password-reset": {"address": envstr("SPORTELLO_RATE_PASSWORD_RESET_ADDRESS", "10/h"),
                       "account": envstr("SPORTELLO_RATE_PASSWORD_RESET_EMAIL", "3/h")},
    # Failed logins from one address, whatever the username, before every login from it is refused.
    "login": {"address": envstr("SPORTELLO_RATE_LOGIN_FAILURES_ADDRESS", "50/h")},
}

# --- Operations (sportello/ops, docs/operations.md) -----------------------------------------------------------
# /metrics is open to whoever reaches the port unless a bearer token is set here.
SPORTELLO_METRICS_TOKEN = envstr("SPORTELLO_METRICS_TOKEN")
# Leases on claimed work rows (inbound events, outbox): a killed worker's rows are taken over once its lease ends.
# 0 keeps each loop's own lease (two minutes); tests and the multi-process test shorten it.
SPORTELLO_CLAIM_LEASE_SECONDS = float(envstr("SPORTELLO_CLAIM_LEASE_SECONDS", "0"))
# How long a worker told to stop (SIGTERM) lets its loops finish their batch before releasing what it still holds.
SPORTELLO_SHUTDOWN_GRACE_SECONDS = float(envstr("SPORTELLO_SHUTDOWN_GRACE_SECONDS", "10"))
