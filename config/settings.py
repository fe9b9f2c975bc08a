"""Qinglian settings: one module, driven by environment variables with typed defaults.

With no variable set at all the app runs on the embedded default: SQLite under var/, Celery tasks
executed in-process, a local-memory cache, e-mail written to the console, DEBUG on. Production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (see docker-compose.yml).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """The variable's value; unset or empty means the default."""
    return os.environ.get(name) or default


_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool) -> bool:
    """The variable as a switch; unset or empty means the default. Anything but the usual words
    refuses to start, naming the variable: `PUBLIC_HIDE_NAMES=ture` read as false once put
    responsible leaders' names on the public page without a word."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off, got {value!r}"
    )


def env_int(name: str, default: int) -> int:
    """The variable as a whole number; unset or empty means the default, anything else that is
    not a number refuses to start, naming the variable."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set it to a long random string, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # Development only: a fixed key keeps sessions alive across restarts of the dev server.
    SECRET_KEY = "dev-only-insecure-key-qinglian-not-for-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "config.apps.ChineseAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "config.apps.ChineseAxesConfig",
    "django_htmx",
    "audit",
    "orgs",
    "registers",
    "notifications",
    "workflow",
    "schedule",
    "reports",
    "oversight",
    "reviews",
    "assessment",
    "commitments",
    "archives",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "orgs.middleware.RejectNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.context.ClientIPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "orgs.middleware.NoStoreForSignedInMiddleware",
    # axes must come last: it answers a locked-out sign-in before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orgs.context_processors.navigation",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
VAR_DIR = Path(env_str("QINGLIAN_VAR_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'qinglian.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the dev server and an eager Celery task share the file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "orgs.backends.OrgModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed sign-ins (django-axes), per user name and address together so
# that one office behind a shared NAT address is not locked out by a single colleague.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)
# orgs.admin registers the lockout pages itself, with Chinese column names.
AXES_ENABLE_ADMIN = False

# Sessions expire after a working day, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Production transport security; DEBUG keeps plain http for the dev server.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (Django's built-in): no inline script or style anywhere; every asset is
# served by the app itself.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Language and time.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files: our own, plus the front-end packages installed by npm (never a CDN).
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
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
# In development the finders serve the files; collectstatic fills STATIC_ROOT in production.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded evidence (oversight.attachments) is stored through STORAGES["default"] under MEDIA_ROOT
# and served only by the app's download view, to those who may see it: MEDIA_URL is never routed.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
OVERSIGHT_ATTACHMENT_MAX_BYTES = env_int("OVERSIGHT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# Import of registers from .xlsx (registers.importing): limits checked before openpyxl opens a file;
# parsed uploads wait between the steps under IMPORT_DIR (not under MEDIA_ROOT: never served).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 2000)
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
# Any one part uncompressed (a sheet, the shared strings): a 2000-row register is under 5 MB.
IMPORT_MAX_PART_BYTES = env_int("IMPORT_MAX_PART_BYTES", 10 * 1024 * 1024)
IMPORT_DIR = Path(env_str("IMPORT_DIR", str(VAR_DIR / "imports")))

# Cache and Celery: Redis when REDIS_URL is set, otherwise in-process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "qinglian"),
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it ends, not when it starts, and a task whose worker process died
# (SIGKILL, out of memory) is put back on the queue rather than acknowledged as failed: nothing
# is lost with the process, so every task must be idempotent. A redelivery cannot loop on an
# export that kills its worker: the job's lease (EXPORT_JOB_* below) turns a second delivery
# into a no-op while the lease is live, and only the recovery sweep re-queues, counting attempts.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that commits a step then hands its e-mail to the broker: when Redis is down that
# must fail in about a second (the outbox keeps the message for drain_outbox), not hang.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": env_int("CELERY_BROKER_SOCKET_TIMEOUT", 2),
    "socket_timeout": env_int("CELERY_BROKER_SOCKET_TIMEOUT", 2),
    "max_retries": 1,
    # With acks_late, Redis hands a delivered but unacknowledged message to another worker once
    # it has been out this long (also when the whole worker was killed and nothing requeued it).
    # It must exceed the longest task, or a slow but live export would be delivered twice: a
    # 10,000-entry PDF took 320 s here (bench/export_bench.py), so an hour (Redis's default,
    # stated here on purpose). Export jobs do not wait for it: their lease sweep recovers them
    # within EXPORT_JOB_LEASE_SECONDS + EXPORT_JOB_SWEEP_SECONDS; for the other tasks (e-mail,
    # reminders, all idempotent and re-driven by beat) the hour is only a backstop.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Export jobs hold a lease on their row: the worker touches it every HEARTBEAT seconds while it
# builds; a running job untouched for LEASE seconds lost its worker, and the sweep (every SWEEP
# seconds) re-queues it, or fails it once MAX_ATTEMPTS workers died on it. So a job whose worker
# died is retried within LEASE + SWEEP seconds (90 by default) of a worker process being free.
EXPORT_JOB_HEARTBEAT_SECONDS = env_int("EXPORT_JOB_HEARTBEAT_SECONDS", 10)
EXPORT_JOB_LEASE_SECONDS = env_int("EXPORT_JOB_LEASE_SECONDS", 60)
EXPORT_JOB_SWEEP_SECONDS = env_int("EXPORT_JOB_SWEEP_SECONDS", 30)
EXPORT_JOB_MAX_ATTEMPTS = env_int("EXPORT_JOB_MAX_ATTEMPTS", 3)
if EXPORT_JOB_HEARTBEAT_SECONDS < 1 or EXPORT_JOB_LEASE_SECONDS < 3 * EXPORT_JOB_HEARTBEAT_SECONDS:
    # A lease of fewer than three beats would take a job away from a live but busy worker.
    raise ImproperlyConfigured(
        "EXPORT_JOB_LEASE_SECONDS must be at least 3 × EXPORT_JOB_HEARTBEAT_SECONDS (≥ 1)"
    )
if EXPORT_JOB_SWEEP_SECONDS < 1 or EXPORT_JOB_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured("EXPORT_JOB_SWEEP_SECONDS and EXPORT_JOB_MAX_ATTEMPTS must be ≥ 1")
# beat keeps its last-run times under var/, not in whatever directory it was started from.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Deadline reminders and overdue notices, each morning in the organization's time zone.
    "sweep-reminders": {
        "task": "schedule.sweep_reminders",
        "schedule": crontab(
            hour=env_int("REMINDER_SWEEP_HOUR", 8), minute=env_int("REMINDER_SWEEP_MINUTE", 0)
        ),
    },
    # Oversight deadlines (rectification items, actions): reminders before, overdue notices after.
    "oversight-deadline-sweep": {
        "task": "oversight.deadline_sweep",
        "schedule": crontab(
            hour=env_int("REMINDER_SWEEP_HOUR", 8), minute=env_int("REMINDER_SWEEP_MINUTE", 0)
        ),
    },
    # Integrity files (廉政档案) of the year just ended, frozen on 1 January.
    "archives-yearly-snapshot": {
        "task": "archives.snapshot_archives",
        "schedule": crontab(minute=30, hour=1, day_of_month=1, month_of_year=1),
    },
    # E-mail the direct tasks could not hand over (broker down) or that failed.
    "drain-outbox": {"task": "notifications.drain_outbox", "schedule": timedelta(minutes=1)},
    # Export jobs whose worker died: re-queued or failed (see EXPORT_JOB_* above). A sweep not
    # picked up before the next one is due is dropped, so none pile up while no worker runs.
    "reports-export-jobs-recover": {
        "task": "reports.export_jobs_recover",
        "schedule": timedelta(seconds=EXPORT_JOB_SWEEP_SECONDS),
        "options": {"expires": EXPORT_JOB_SWEEP_SECONDS},
    },
    # Finished export files are kept a day.
    "reports-export-jobs-purge": {
        "task": "reports.export_jobs_purge",
        "schedule": timedelta(hours=6),
    },
}

# Audit trail (audit.services). Each row's hash is an HMAC under AUDIT_HMAC_KEY, so whoever can
# write the audit table but not read the app's environment cannot re-hash the rows after an edit.
# Keep it out of the database and its backups, and do not change it: rows hashed under another
# key fail `audit_verify`. Development derives it from SECRET_KEY; production must set it.
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY")
if not AUDIT_HMAC_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "AUDIT_HMAC_KEY is required when DEBUG is off. Set it to a long random string, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))', and keep it safe: "
            "the audit trail cannot be verified without it"
        )
    AUDIT_HMAC_KEY = "audit-chain:" + SECRET_KEY
elif len(AUDIT_HMAC_KEY) < 32 and not DEBUG:
    # Anyone who can read the table could guess a short key offline from any row's hash.
    raise ImproperlyConfigured("AUDIT_HMAC_KEY must be at least 32 characters long")
# A keyed chain cannot show its own tail being deleted, so its head is checkpointed into an
# append-only file outside the database (a checkpoint kept in the database would be deleted with
# the rows it vouches for): put it on another volume, or ship it off the machine (README).
AUDIT_ANCHOR_PATH = Path(env_str("AUDIT_ANCHOR_PATH", str(VAR_DIR / "audit-anchor.log")))
# Rows written since the last checkpoint can still be cut off unseen: the interval bounds that.
# 0 turns the periodic checkpoint off (`manage.py audit_checkpoint` from cron instead).
AUDIT_CHECKPOINT_MINUTES = env_int("AUDIT_CHECKPOINT_MINUTES", 10)
if AUDIT_CHECKPOINT_MINUTES > 0:
    CELERY_BEAT_SCHEDULE["audit-checkpoint"] = {
        "task": "audit.checkpoint",
        "schedule": timedelta(minutes=AUDIT_CHECKPOINT_MINUTES),
        # A checkpoint that waited past the next one is worthless; do not let them pile up.
        "options": {"expires": AUDIT_CHECKPOINT_MINUTES * 60},
    }

# How many days a commitment letter (承诺书) may wait for its signature before the daily sweep
# chases it as overdue (commitments.reminders).
COMMITMENT_SIGN_DAYS = env_int("COMMITMENT_SIGN_DAYS", 14)

# Exports with more entries than this are built by a Celery worker (reports.tasks).
EXPORT_ASYNC_THRESHOLD = env_int("EXPORT_ASYNC_THRESHOLD", 2000)
# A PDF lays out about ten times slower than a workbook, so its own threshold. Left undefined
# when unset on purpose: reports.services.export_threshold then takes a quarter of
# EXPORT_ASYNC_THRESHOLD as it stands (also when a test or an operator changes only that one).
if env_str("EXPORT_ASYNC_THRESHOLD_PDF").strip():
    EXPORT_ASYNC_THRESHOLD_PDF = env_int("EXPORT_ASYNC_THRESHOLD_PDF", EXPORT_ASYNC_THRESHOLD // 4)

# E-mail (Django's MAILERS), EMAIL_TRANSPORT: "console" (default with DEBUG), "file" (to
# EMAIL_FILE_PATH) or "smtp" (default without DEBUG).
EMAIL_TRANSPORT = env_str("EMAIL_TRANSPORT", "console" if DEBUG else "smtp")
_MAIL_BACKENDS = {
    "console": ("django.core.mail.backends.console.EmailBackend", {}),
    "file": (
        "django.core.mail.backends.filebased.EmailBackend",
        {"file_path": env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))},
    ),
    "smtp": (
        "django.core.mail.backends.smtp.EmailBackend",
        {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", default=False),
            "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        },
    ),
}
if EMAIL_TRANSPORT not in _MAIL_BACKENDS:
    raise ImproperlyConfigured(f"EMAIL_TRANSPORT must be one of {sorted(_MAIL_BACKENDS)}")
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKENDS[EMAIL_TRANSPORT][0],
        "OPTIONS": _MAIL_BACKENDS[EMAIL_TRANSPORT][1],
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "清廉 <qinglian@localhost>")
# Links in e-mails must work outside the browser that caused them, so they are absolute: built
# on this address (scheme and host, no trailing slash), e.g. https://qinglian.example.org.
# Unset in production it is https:// and the first of ALLOWED_HOSTS.
_SITE_URL_DEFAULT = (
    "http://127.0.0.1:8000"
    if DEBUG or not ALLOWED_HOSTS or ALLOWED_HOSTS[0].startswith(".") or "*" in ALLOWED_HOSTS[0]
    else f"https://{ALLOWED_HOSTS[0]}"
)
SITE_URL = env_str("SITE_URL", _SITE_URL_DEFAULT).rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, got {SITE_URL!r}")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The public page of published registers (公示, no sign-in): on by default; names of responsible
# leaders and signers are left out unless PUBLIC_HIDE_NAMES is false. Anonymous supervision
# opinions are limited per address and hour.
PUBLIC_PAGE_ENABLED = env_bool("PUBLIC_PAGE_ENABLED", default=True)
PUBLIC_HIDE_NAMES = env_bool("PUBLIC_HIDE_NAMES", default=True)
PUBLIC_FEEDBACK_PER_HOUR = env_int("PUBLIC_FEEDBACK_PER_HOUR", 5)

# django-guardian: no anonymous user row needed; anonymous visitors never get object rights.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
