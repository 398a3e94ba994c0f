"""Settings for the DPULO Case Studies portal, read from the environment (12-factor).

Every value a deployment may change comes from an environment variable; the README lists them.
Without ``DATABASE_URL`` the portal uses a SQLite file so it can be tried with no database
server; PostgreSQL is the database of record.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable; accepts 1/0, true/false, yes/no, on/off."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_number(name: str, default: float) -> float:
    """A number that may have a fraction (minutes, for a soak or a test run faster)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from error


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, "
            "or set DEBUG=true to run on a laptop with a throwaway key."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "portal",
    "accounts",
    "pages",
    "eoi",
    "casestudies",
    "collection",
    "audit",
    "mail",
    "demo",
]

MIDDLEWARE = [
    "portal.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.AbsoluteSessionLifetimeMiddleware",
    "accounts.two_factor.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "dpulo_portal.urls"

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
                "pages.context_processors.service",
            ],
        },
    },
]

WSGI_APPLICATION = "dpulo_portal.wsgi.application"

# Database: PostgreSQL from DATABASE_URL; a local SQLite file when it is not set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# PostgreSQL's planner assumes spinning disks (random_page_cost 4) unless told otherwise; on
# SSD or cloud storage 1.1 is the usual setting, and with it a search is served from the GIN
# index (about 3 ms at 10,000 case studies) instead of a scan that reads every search vector
# (about 40 ms). Sent as a connection option; behind PgBouncer set it with ALTER DATABASE.
DATABASE_RANDOM_PAGE_COST = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1").strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_RANDOM_PAGE_COST:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={float(DATABASE_RANDOM_PAGE_COST)}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every web process when REDIS_URL is set (Redis or a compatible server);
# otherwise each process keeps its own in memory, which is correct, just less shared.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
}
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# Sign-in throttling: five wrong passwords for one email address from one network address
# locks that pair for 15 minutes, without letting anyone lock another person out everywhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.account.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# One address, however it is typed, is one name to the throttle; the client's address comes
# from the trusted proxies (TRUSTED_PROXY_COUNT), as the audit log and rate limits take it.
AXES_USERNAME_CALLABLE = "accounts.throttling.username"
AXES_CLIENT_IP_CALLABLE = "portal.client_address.for_throttling"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: GOV.UK Frontend and our typeface are built into build/static by `make assets`.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "static"]
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
# Media (edition PDFs) on local disk by default; in an S3-compatible bucket when
# MEDIA_BUCKET is set, so any number of web and worker processes on any machine share them.
MEDIA_BUCKET = os.environ.get("MEDIA_BUCKET", "").strip()
_MEDIA_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if MEDIA_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploaded and generated files (edition PDFs) go through Django's storage API: the local disk
# here, or any storage backend configured in STORAGES["default"].
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Background work (rendering an edition's PDF) runs through django-tasks. "immediate" runs it in
# the request (development and tests); "database" queues it for `manage.py db_worker`.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# Forms: django-crispy-forms with the GOV.UK Design System pack.
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# crispy-forms-gds styles text, email and password inputs; every other kind of text box (a
# website address, a number, a date) gets the same GOV.UK input style.
CRISPY_CLASS_CONVERTERS = {
    "urlinput": "govuk-input",
    "numberinput": "govuk-input",
    "dateinput": "govuk-input",
    "datetimeinput": "govuk-input",
    "timeinput": "govuk-input",
    "fileinput": "govuk-file-upload",
}

# Email: the console in development; SMTP in production (EMAIL_HOST and friends).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "DPULO Case Studies <no-reply@dpulo-case-studies.example>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# The outbox (mail/outbox.py): how often a failed email is tried again, and when to stop.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
# After the 1st, 2nd, … failure; then every 12 h. The first wait can be set (the soak's is short).
MAIL_RETRY_MINUTES = [env_number("MAIL_FIRST_RETRY_MINUTES", 1), 5, 15, 60, 240, 720]
MAIL_SENDING_TIMEOUT_MINUTES = env_int("MAIL_SENDING_TIMEOUT_MINUTES", 10)
# A background task still "running" this long after it started was left by a worker that died
# (killed, out of memory, its machine restarted): it is put back in the queue
# (``portal.background.reclaim_abandoned``). Longer than the slowest render.
TASK_RUNNING_TIMEOUT_MINUTES = env_number("TASK_RUNNING_TIMEOUT_MINUTES", 30)
# An edition's render that fails (storage refusing a write) is tried again this many minutes
# times the attempt later, up to this many attempts in all.
RENDER_RETRY_MINUTES = env_number("RENDER_RETRY_MINUTES", 1)
RENDER_MAX_ATTEMPTS = env_int("RENDER_MAX_ATTEMPTS", 8)
# What the "service is busy" page (status 503, the database unreachable) asks browsers to wait.
RETRY_AFTER_SECONDS = env_int("RETRY_AFTER_SECONDS", 30)

# Reminders (mail/reminders.py, `manage.py send_reminders`): when each kind is due.
REMINDER_DRAFT_DAYS = [int(d) for d in env_list("REMINDER_DRAFT_DAYS", "7,1")]
# How far after a call's closing time a reasonable adjustment may move one organisation's
# closing time (eoi/adjustments.py), so that assessment can still start on time.
ADJUSTMENT_MAX_DAYS = env_int("ADJUSTMENT_MAX_DAYS", 28)
# Other ways to apply (eoi/assisted.py): the largest document or recording an organisation can
# send, and how long the contact's link to confirm and submit works (never past the close).
ASSISTED_SOURCE_MAX_MB = env_int("ASSISTED_SOURCE_MAX_MB", 50)
ASSISTED_CONFIRM_DAYS = env_int("ASSISTED_CONFIRM_DAYS", 7)
# How many days earlier each of those comes for someone who said they may need more time.
REMINDER_MORE_TIME_DAYS = env_int("REMINDER_MORE_TIME_DAYS", 7)
REMINDER_ASSESSMENT_DAYS = [int(d) for d in env_list("REMINDER_ASSESSMENT_DAYS", "3,1")]
REMINDER_WRITING_DAYS = env_int("REMINDER_WRITING_DAYS", 14)
REMINDER_SIGN_OFF_DAYS_BEFORE_EXPIRY = env_int("REMINDER_SIGN_OFF_DAYS_BEFORE_EXPIRY", 5)
# How often a worker runs the reminders itself, once started with `send_reminders --schedule`.
REMINDERS_EVERY_MINUTES = env_number("REMINDERS_EVERY_MINUTES", 5)

# What the portal calls itself, and where people can reach the team behind it.
SERVICE_NAME = "DPULO Case Studies"
SERVICE_CONTACT_EMAIL = os.environ.get(
    "SERVICE_CONTACT_EMAIL", "dpulo-case-studies@strengthening-dpulos.example"
)
# The address people reach the portal at, for links in emails (invitations, sign-off requests).
# The public address emailed links are built from. On a laptop (DEBUG on) it follows the port
# `make run` serves on; anywhere else it must be set, or every emailed link would be wrong.
PORTAL_URL = os.environ.get("PORTAL_URL", "").strip().rstrip("/")
if not PORTAL_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PORTAL_URL is not set. Set PORTAL_URL to the portal's public address, like "
            "https://casestudies.example.org: the links in emails are built from it."
        )
    PORTAL_URL = f"http://127.0.0.1:{env_int('PORT', 8000)}"
# Personal data of unsuccessful expressions of interest is removed this many days after their
# call closes (`manage.py apply_retention`); the anonymised scores are kept.
RETENTION_DAYS = env_int("RETENTION_DAYS", 730)

# A request for the collection in another format (braille, audio, BSL, …) is answered within
# this many UK working days of arriving; answered requests are deleted RETENTION_DAYS after
# they were closed.
FORMAT_REQUEST_DAYS = env_int("FORMAT_REQUEST_DAYS", 10)
# How long an author's invitation and a commissioner's sign-off link work for.
LINK_LIFETIME_DAYS = env_int("LINK_LIFETIME_DAYS", 14)

# Security. With DEBUG off, `manage.py check --deploy` reports nothing.
# How many proxies (load balancer, CDN) stand in front of the portal, each appending the address
# it saw to X-Forwarded-For. The client's address is the entry that many places from the right;
# with 0 (no proxy) it is the connection's own address. Throttling, rate limits and the audit
# log all use it (pages/client_address.py). Set it to exactly the number of proxies: one too
# many lets a client choose its own address, one too few makes every client look like the proxy.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Two-factor sign-in (an authenticator app's 6-digit code) is required for these roles. On a
# laptop (DEBUG on) nobody is made to, so the demo accounts sign in with a password alone;
# anyone can still turn it on for themselves from "Your account".
# Coordinators hold commissioners' contact details and record sign-offs, so they are included.
_TWO_FACTOR_DEFAULT = "" if DEBUG else "Programme manager,Assessor,Coordinator"
TWO_FACTOR_ROLES = [
    role.strip()
    for role in os.environ.get("TWO_FACTOR_ROLES", _TWO_FACTOR_DEFAULT).split(",")
    if role.strip()
]
OTP_TOTP_ISSUER = "DPULO Case Studies"

# A session ends after this long without a request (every request renews it), and in any case
# this long after signing in, however busy (accounts/sessions.py).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
# Browser features no page of the portal uses are switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "serial=(), usb=(), xr-spatial-tracking=()"
)

# Rate limits (django-ratelimit), counted in the cache (shared between processes when
# REDIS_URL is set): "number/period" with period s, m, h or d.
RATE_LIMITS = {
    # Each "Preview as PDF" that is not already cached costs a full WeasyPrint render.
    "pdf_preview": os.environ.get("RATE_LIMIT_PDF_PREVIEW", "30/m"),
    # Registering, per network address.
    "register": os.environ.get("RATE_LIMIT_REGISTER", "10/h"),
    # Password-reset requests, per network address and per email address asked about.
    "password_reset": os.environ.get("RATE_LIMIT_PASSWORD_RESET", "10/h"),
    "password_reset_email": os.environ.get("RATE_LIMIT_PASSWORD_RESET_EMAIL", "3/h"),
    # Requests for another format (no account needed, and each may email an acknowledgement),
    # per network address and per email address given.
    "format_request": os.environ.get("RATE_LIMIT_FORMAT_REQUEST", "10/h"),
    "format_request_email": os.environ.get("RATE_LIMIT_FORMAT_REQUEST_EMAIL", "3/h"),
    # Codes entered (app codes and recovery codes, signing in or changing them), per person.
    "second_factor": os.environ.get("RATE_LIMIT_SECOND_FACTOR", "30/h"),
}
RATELIMIT_IP_META_KEY = "portal.client_address.for_rate_limits"
# If the cache cannot be reached, let requests through rather than refuse everyone.
RATELIMIT_FAIL_OPEN = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "pages.views.csrf_failure"

# Content Security Policy: no inline script or style; GOV.UK Frontend's two inline
# scripts carry the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Logs go to standard output as one JSON object per line (LOG_FORMAT=text for plain lines).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.request_log.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},  # the request log says it once, as JSON
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
