"""Settings for the OKR site, read from environment variables (see README)."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY in the environment (or DEBUG=1 for development)."
        )
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "django_celery_beat",
    "pgtrigger",
    "axes",
    "organisation",
    "objectives",
    "key_results",
    "approvals",
    "progress",
    "okr_site",
]

MIDDLEWARE = [
    # First: a container's probe on 127.0.0.1 is answered before the host check and HTTPS redirect.
    "okr_site.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "okr_site.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # In the person's language and the layout: a NUL in the address would fail in PostgreSQL.
    "okr_site.middleware.RefuseNulInAddressMiddleware",
    # Outside the layout's 404 below, so an htmx request still gets its short message.
    "okr_site.middleware.HtmxAnswersMiddleware",
    "okr_site.middleware.NotFoundInLayoutMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "okr_site.urls"
# Every form renders through templates/includes/form.html and field.html (one way to render).
FORM_RENDERER = "okr_site.htmx_forms.FormRenderer"
WSGI_APPLICATION = "okr_site.wsgi.application"

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
            ],
        },
    },
]

# PostgreSQL when DATABASE_URL is set; an embedded SQLite file otherwise (demo, first run).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web server, worker and beat share one file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
# django-axes first: it refuses a locked-out sign-in before the password is even checked.
# Then Django's, loading the person with their unread count for the bell (okr_site/auth.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "okr_site.auth.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "progress:my_okrs"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day

# Sign-in throttling (django-axes): after SIGN_IN_FAILURE_LIMIT wrong passwords for one account
# from one address, that account may not sign in from that address for the cool-off; other
# accounts and other addresses are not affected, so nobody can lock a colleague out.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
_lockout_minutes = env_int("SIGN_IN_LOCKOUT_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Trying again during the pause does not make it longer: it ends when the page says it does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "organisation.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "okr_site.http.client_address"
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts are still logged
# How many reverse proxies stand in front of the app; each appends to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if AXES_FAILURE_LIMIT < 1 or _lockout_minutes < 1 or TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        "SIGN_IN_FAILURE_LIMIT and SIGN_IN_LOCKOUT_MINUTES must be at least 1, "
        "TRUSTED_PROXY_COUNT at least 0."
    )

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("da", _("Danish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Copenhagen")
USE_THOUSAND_SEPARATOR = False
# English dates day first (15 Feb 2027), not Django's American 02/15/2027: see formats/en.
FORMAT_MODULE_PATH = ["okr_site.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# In development the finders serve static files as they are edited; elsewhere they come from
# STATIC_ROOT, filled by collectstatic (the image does it as it is built). Scanning the finders
# on every start of a handler costs about 40 ms.
WHITENOISE_USE_FINDERS = DEBUG

# HTTPS: SECURE_COOKIES=1 says the site is served over HTTPS, and turns on what goes with it.
_https = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = _https
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _https)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _https)
# Behind a proxy that terminates HTTPS: the header it sets to "https" (e.g. X-Forwarded-Proto).
# Only set it when the proxy always sets or strips that header, or clients could forge it.
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER").strip()
if not re.fullmatch(r"[A-Za-z0-9-]*", _proxy_ssl_header):
    raise ImproperlyConfigured(
        f"SECURE_PROXY_SSL_HEADER must be a header name such as X-Forwarded-Proto, "
        f"not {_proxy_ssl_header!r}"
    )
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline script or style anywhere: scripts and styles come from our static files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features the product never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# Email: printed to the console in development; SMTP (or any backend) from the environment.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OKR <okr@localhost>")
# The folder Django's file backend (django.core.mail.backends.filebased.EmailBackend) writes to.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))

# Celery: Redis when REDIS_URL is set; otherwise an embedded broker in a local folder, so the
# demo runs with nothing but Python installed.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_FOLDER = BASE_DIR / ".broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A task taken by a worker that died (acks_late) goes to another worker after this long; it
    # must be longer than the longest task, or a task still running is handed out a second time.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
    }
else:
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
    # The folders must exist before the first message is sent.
    for folder in ("queue", "processed", "control"):
        (CELERY_BROKER_FOLDER / folder).mkdir(parents=True, exist_ok=True)
# Rendered fragments and charts: in Redis where there is one (shared by every web process, so
# a change seen by one is seen by all), in each process's memory otherwise (the demo).
CACHE_URL = env_str("CACHE_URL", REDIS_URL)
CACHES = {
    "default": {"BACKEND": "okr_site.cache.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
CACHES["default"]["KEY_PREFIX"] = "okr"
# Sessions are read from the cache and written through to the database: a page costs no query
# for them, and a cache that forgets loses no one's sign-in.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Results are kept only where a caller asks for one (apply_async(ignore_result=False)).
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies mid-run is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The one place for periodic jobs (shown to admins under "Periodic tasks" once beat runs).
# Each planning job is safe to run any number of times: see progress/reminders.py.
CELERY_BEAT_SCHEDULE = {
    # Every weekday morning; acts on the quarter's first working day (or catches up a missed one).
    "quarter-start-reminders": {
        "task": "progress.tasks.send_quarter_start_reminders",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon-fri"),
    },
    # Every weekday morning; acts mid-quarter, nudging owners of unmeasured key results.
    "mid-quarter-nudges": {
        "task": "progress.tasks.send_mid_quarter_nudges",
        "schedule": crontab(minute=45, hour=7, day_of_week="mon-fri"),
    },
    # Every weekday morning; acts on the first working day of a period's closing days (or catches
    # up a missed one): score your key results and write the retrospective.
    "end-of-quarter-reminders": {
        "task": "progress.tasks.send_end_of_quarter_reminders",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon-fri"),
    },
    # Every ten minutes: actions done AFTER_EFFORT_DAYS ago ask their owners to measure.
    "after-effort-reminders": {
        "task": "progress.tasks.send_after_effort_reminders",
        "schedule": crontab(minute="*/10"),
    },
    # Every five minutes: send what a lost delivery left behind.
    "pending-reminders": {
        "task": "progress.tasks.send_pending_reminders",
        "schedule": crontab(minute="*/5"),
    },
    # Every morning: one email per person with the notifications they chose to get daily.
    "daily-digests": {
        "task": "progress.tasks.send_daily_digests",
        "schedule": crontab(minute=0, hour=7),
    },
    # Monday mornings: the week's news for those who asked for the weekly digest.
    "weekly-digests": {
        "task": "progress.tasks.send_weekly_digests",
        "schedule": crontab(minute=15, hour=7, day_of_week="mon"),
    },
}
# A period's last this many days are its close: its key results may be scored (and any after
# its deadline), and the end-of-quarter reminder goes out on the first working day of them.
CLOSING_DAYS = env_int("CLOSING_DAYS", 7)
if CLOSING_DAYS < 1:
    raise ImproperlyConfigured("CLOSING_DAYS must be at least 1.")
REMINDERS: dict[str, Any] = {
    # Which working day of the quarter brings the "time to measure" email (1 = the first).
    "QUARTER_START_WORKDAY": env_int("REMINDER_QUARTER_START_WORKDAY", 1),
    # How many days after the quarter starts the mid-quarter nudge goes out.
    "MID_QUARTER_DAY": env_int("REMINDER_MID_QUARTER_DAY", 45),
    # The nudge goes only to owners with no measurement in this many days.
    "STALE_DAYS": env_int("REMINDER_STALE_DAYS", 30),
    # Days after an action is done before its owner is asked to measure its effect.
    "AFTER_EFFORT_DAYS": env_int("REMINDER_AFTER_EFFORT_DAYS", 14),
    # A reminder whose day was missed (beat or broker down) is still sent this many days later.
    "CATCH_UP_DAYS": env_int("REMINDER_CATCH_UP_DAYS", 7),
    # Public holidays are not working days; a country code of the `holidays` package.
    "HOLIDAYS_COUNTRY": env_str("HOLIDAYS_COUNTRY", "DK"),
    # A worker that claimed an email and died: after this many seconds another sends it.
    "CLAIM_LEASE_SECONDS": env_int("REMINDER_CLAIM_LEASE_SECONDS", 600),
    # Sending an email is tried this many times; then it is marked failed (admin, own page).
    "MAX_ATTEMPTS": env_int("REMINDER_MAX_ATTEMPTS", 8),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Where a key result stands (key_results/status.py): its progress is compared with the share of
# the time between start and deadline that has passed, in percentage points.
KEY_RESULT_STANDING: dict[str, int] = {
    # Up to this many points behind the time line still counts as "On track".
    "ON_TRACK_GAP": env_int("STANDING_ON_TRACK_GAP", 10),
    # Further behind, up to this many points, is "At risk"; beyond it, "Off track".
    "AT_RISK_GAP": env_int("STANDING_AT_RISK_GAP", 25),
}
if not 0 <= KEY_RESULT_STANDING["ON_TRACK_GAP"] <= KEY_RESULT_STANDING["AT_RISK_GAP"]:
    raise ImproperlyConfigured(
        "STANDING_ON_TRACK_GAP must be at least 0 and at most STANDING_AT_RISK_GAP."
    )
