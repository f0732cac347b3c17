"""Django settings, read from the environment (see shared contract: configuration-and-sync.md).

Every variable has an embedded default so that a fresh clone runs on SQLite, without Redis,
against the bundled UCCX simulator. Production (DEBUG off) refuses to start without a SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # local state of the embedded defaults (SQLite, cache, broker)

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    """The configured key; in DEBUG only, a generated one kept in var/ so sessions survive restarts."""
    configured = env.str("SECRET_KEY", default="")
    if configured:
        return configured
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production).")
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.is_file():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "core",
    "sync",
    "calendars",
    "announcements",
    "callers",
    "calls",
    "health_check",
    "ops",
]

MIDDLEWARE = [
    "core.ivr.IvrFastPath",  # first: /ivr/ answers skip every middleware below (docs/ivr.md)
    "django.middleware.security.SecurityMiddleware",
    "core.api_input.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "supervisor_tools.urls"
WSGI_APPLICATION = "supervisor_tools.wsgi.application"

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
                "core.context_processors.frame",
                "sync.context_processors.banner",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # The web app and the worker share the file: WAL lets readers go on while one writes,
    # IMMEDIATE takes the write lock up front instead of failing on upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    # Persistent connections: a new PostgreSQL connection costs 4-8 ms, more than a whole IVR answer.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker (embedded stand-ins without it) ------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Misses and dropped writes while Redis is unreachable, never a 500 (core/cache.py); short timeouts so a
    # hung Redis cannot stall a request.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
else:
    # File based so that the web app, the worker and the monitor (separate processes) share it.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    CELERY_BROKER_URL = "filesystem://localhost//"  # a host, or kombu warns on every connection
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),  # fanout exchanges; kombu's default is the cwd
        "store_processed": False,
    }

# --- IVR read path (docs/ivr.md) ---------------------------------------------------------------------
SNAPSHOT_CHECK_SECONDS = env.float("SNAPSHOT_CHECK_SECONDS", default=0.25)  # published versions, from Redis
SNAPSHOT_DB_PROBE_SECONDS = env.float("SNAPSHOT_DB_PROBE_SECONDS", default=1.0)  # versions from the database
CREDENTIAL_CACHE_SECONDS = env.float("CREDENTIAL_CACHE_SECONDS", default=600)  # a verified IVR credential
AUTH_FAILURES_PER_ADDRESS = env.int("AUTH_FAILURES_PER_ADDRESS", default=10)  # failed sign-ins per window...
AUTH_FAILURE_WINDOW = env.int("AUTH_FAILURE_WINDOW", default=300)  # ... of this many seconds, then 429

# --- Celery ---------------------------------------------------------------------------------------
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- UCCX -----------------------------------------------------------------------------------------
SIMULATOR_HOST = "127.0.0.1"
SIMULATOR_PORTS = {"A": 9081, "B": 9082, "control": 9080}
UCCX_PRIMARY_URL = env.str("UCCX_PRIMARY_URL", default=f"http://{SIMULATOR_HOST}:{SIMULATOR_PORTS['A']}")
UCCX_SECONDARY_URL = env.str("UCCX_SECONDARY_URL", default=f"http://{SIMULATOR_HOST}:{SIMULATOR_PORTS['B']}")
UCCX_USERNAME = env.str("UCCX_USERNAME", default="administrator")
UCCX_PASSWORD = env.str("UCCX_PASSWORD", default="ciscopsdt")
UCCX_TIMEOUT = env.float("UCCX_TIMEOUT", default=5.0)
UCCX_MONITOR_INTERVAL = env.float("UCCX_MONITOR_INTERVAL", default=3.0)  # seconds between cluster probes


def _verify_tls(raw: str) -> bool | str:
    """`true`/`false`, or a path to a CA bundle (UCCX nodes often carry self-signed certificates)."""
    lowered = raw.strip().lower()
    if lowered in {"true", "1", "yes", "on"}:
        return True
    if lowered in {"false", "0", "no", "off"}:
        return False
    if not Path(raw).is_file():
        raise ImproperlyConfigured("UCCX_VERIFY_TLS must be true, false or the path of a CA bundle file.")
    return raw


UCCX_VERIFY_TLS = _verify_tls(env.str("UCCX_VERIFY_TLS", default="true"))

# --- Outbox replay (sync app; see sync/replay.py) ------------------------------------------------------
# While UCCX takes no writes, one write is retried (for the whole queue) with exponential backoff and jitter
# up to SYNC_BACKOFF_CAP: a read-only UCCX looks healthy to the monitor's reads, so only a write tells when
# it takes changes again. Beat sweeps every SYNC_SWEEP_SECONDS as the safety net. Both stay far below the
# Redis visibility timeout (1 h), past which an unacknowledged message would be delivered twice.
SYNC_SWEEP_SECONDS = env.float("SYNC_SWEEP_SECONDS", default=30.0)
SYNC_BACKOFF_BASE = env.float("SYNC_BACKOFF_BASE", default=1.0)
SYNC_BACKOFF_CAP = env.float("SYNC_BACKOFF_CAP", default=4.0)
if SYNC_BACKOFF_CAP > 300 or SYNC_SWEEP_SECONDS > 300:
    raise ImproperlyConfigured("SYNC_BACKOFF_CAP and SYNC_SWEEP_SECONDS must be at most 300 seconds.")
SYNC_NUDGE_DELAY = 2.0  # after a save: lets the request's own write-through go first
SYNC_DRAIN_BUDGET = 45.0  # seconds one drain task works before handing over (soft time limit: 60)
SYNC_CLAIM_SECONDS = max(60.0, 16 * UCCX_TIMEOUT)  # one writer per object for at most this long
SYNC_DRAIN_CONCURRENCY = env.int("SYNC_DRAIN_CONCURRENCY", default=os.cpu_count() or 1)  # = worker processes
CELERY_TASK_QUEUES = (Queue("celery"), Queue("uccx_sync"))  # a worker without -Q consumes both
CELERY_TASK_ROUTES = {"sync.*": {"queue": "uccx_sync"}}
if REDIS_URL:
    CELERY_BROKER_TRANSPORT = "supervisor_tools.celery_broker:Transport"  # survives Redis restarts
# The reconcile sweep (sync/reconcile.py) reads what UCCX holds of every object the app manages and re-writes
# what drifted (or only reports it): every SYNC_RECONCILE_SECONDS, when UCCX comes back, and on request.
SYNC_RECONCILE_SECONDS = env.float("SYNC_RECONCILE_SECONDS", default=900.0)
SYNC_RECONCILE_REPORT_ONLY = env.bool("SYNC_RECONCILE_REPORT_ONLY", default=False)
CELERY_BEAT_SCHEDULE = {
    "sync-sweep": {"task": "sync.sweep_outbox", "schedule": SYNC_SWEEP_SECONDS},
    "sync-reconcile": {"task": "sync.reconcile", "schedule": SYNC_RECONCILE_SECONDS},
    # File content (prompts, caller-list documents) no change can write any more is deleted (sync/blobs.py).
    "sync-collect-blobs": {"task": "sync.collect_blobs", "schedule": 3600.0},
    # Teams and their supervisors from UCCX (sync/tasks.py), every TEAM_SYNC_INTERVAL seconds.
    "sync-teams": {"task": "sync.sync_teams", "schedule": env.float("TEAM_SYNC_INTERVAL", default=900)},
    # Business calendars re-projected onto UCCX (calendars/tasks.py): hourly, so each calendar's holiday
    # horizon moves soon after its own local midnight; an unchanged copy queues nothing.
    "calendars-reproject": {"task": "calendars.reproject_all", "schedule": 3600.0},
    # Snapshots the cache missed while Redis was down or restarted go back into it (core/tasks.py).
    "core-republish-snapshots": {"task": "core.republish_snapshots", "schedule": 60.0},
    # Caller entries past their expiry (they stopped matching already) are deleted (callers/tasks.py).
    "callers-purge-expired": {"task": "callers.purge_expired", "schedule": 600.0},
    # What a lost nudge or a dead worker left (callers/tasks.py): UCCX copies behind their list, imports
    # never started or abandoned mid-run.
    "callers-catch-up": {"task": "callers.catch_up", "schedule": 60.0},
    # Long prompt uploads whose message was lost with the broker, or whose worker died (announcements).
    "announcements-resume-uploads": {"task": "announcements.resume_uploads", "schedule": 60.0},
}

# --- Prompts (announcements/audio.py) ---------------------------------------------------------------
# Uploads are converted to what UCCX plays; these bound the work (the result is at most 20 MB, UCCX's limit).
PROMPT_ENCODING = env.str("PROMPT_ENCODING", default="mulaw")  # G.711 "mulaw" or "alaw" (UCCX 12.5+)
if PROMPT_ENCODING not in {"mulaw", "alaw"}:
    raise ImproperlyConfigured("PROMPT_ENCODING must be mulaw or alaw.")
PROMPT_MAX_UPLOAD_MB = env.float("PROMPT_MAX_UPLOAD_MB", default=50.0)  # the file as uploaded
PROMPT_MAX_SECONDS = env.float("PROMPT_MAX_SECONDS", default=600.0)  # the decoded length
PROMPT_MAX_WORK_SECONDS = env.float("PROMPT_MAX_WORK_SECONDS", default=60.0)  # wall time of one conversion
PROMPT_INLINE_SECONDS = env.float("PROMPT_INLINE_SECONDS", default=60.0)  # longer audio: the worker converts

# --- Caller lists (callers app; limits documented in docs/callers.md) ------------------------------------
CALLERS_DEFAULT_REGION = env.str("CALLERS_DEFAULT_REGION", default="US")  # numbers written without +CC
CALLERS_PREFIX_MIN_DIGITS = env.int("CALLERS_PREFIX_MIN_DIGITS", default=3)  # +4930* has 4; +1* is refused
CALLERS_MAX_LISTS = 100
CALLERS_MAX_ENTRIES = 1_000_000  # all lists together
CALLERS_IMPORT_MAX_BYTES = env.int("CALLERS_IMPORT_MAX_BYTES", default=32 * 1024 * 1024)
CALLERS_IMPORT_MAX_ROWS = 200_000
CALLERS_RECENT_LOOKUPS = 50  # kept per list, and for the callers no list matched
# UCCX's copy of a list is built by the worker this long after a change, so a burst of edits is one build.
CALLERS_DOCUMENT_DELAY = env.float("CALLERS_DOCUMENT_DELAY", default=2.0)
CALLERS_DOCUMENT_LEASE = 300.0  # one builder per list; a builder killed mid-build is replaced after this
CALLERS_TRANSFER_RESEND_SECONDS = 60.0  # an import or export not started by then is sent to the worker again

# --- Auth, i18n, static -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first (login throttling), then object rules (core/rules.py), then group permissions.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # a stranger cannot lock a user out everywhere
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # core.LoginEvent is the sign-in audit
AXES_LOCKOUT_CALLABLE = "core.views.locked_out"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every start while it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Production hardening ----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)  # a working day
SECURE_REFERRER_POLICY = "same-origin"

# Only the app's own files: vendored htmx (django-htmx) and Swagger UI (sidecar), no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    }
}

# --- REST API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a refused request answers 401 with its WWW-Authenticate challenge.
        "core.authentication.ThrottledBasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.ObjectRulesPermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "core.api_input.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "core.api_input.api_exception_handler",
}

# Bounded input (issue 9, core/api_input.py): any request body by its Content-Length, a JSON or form
# body as it is read, and JSON nesting. README's configuration table documents them.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("MAX_JSON_BODY_BYTES", default=1024 * 1024)
MAX_JSON_DEPTH = 20
# Paths that take a file upload, with their own body limit (regex on the path, bytes): a little over the
# file limit for the multipart envelope. The service still checks the file itself.
UPLOAD_BODY_LIMITS = [
    (r"/(api/v1/callers/lists|callers)/\d+/import/", CALLERS_IMPORT_MAX_BYTES + 64 * 1024),
]
SPECTACULAR_SETTINGS = {
    "TITLE": "Supervisor Tools for Cisco UCCX",
    "DESCRIPTION": "Management API (/api/v1/) and IVR API (/ivr/v1/).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["core.permissions.CanUsePages"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False, "validatorUrl": None},
    # What a calendar gives callers now, in the status API and the IVR answer alike (one enum, one name).
    "ENUM_NAME_OVERRIDES": {"CalendarStateEnum": ["open", "closed", "holiday", "emergency"]},
}

# --- Operations: logs, metrics, health (ops app; see docs/deployment.md) ---------------------------------
# LOG_FORMAT=json: one JSON object per line for a log shipper; `text` for a terminal. Every line carries the
# request id (X-Request-ID) and secrets are scrubbed (ops/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request": {"()": "ops.logs.RequestContextFilter"},
        "refusals": {"()": "core.log_filters.RefusalWithoutTraceback"},
    },
    "formatters": {
        "text": {
            "()": "ops.logs.TextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {
            "()": "ops.logs.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger", "process": "pid"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request"], "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # A failing check is in the health answer; its traceback on every probe is only noise.
    "loggers": {
        "health_check": {"level": "ERROR"},
        # A refused request (4xx) is one line, without the traceback Django attaches (core/log_filters.py).
        "django.request": {"filters": ["refusals"]},
        "django.security": {"filters": ["refusals"]},
        # Celery's "Task ... received" / "succeeded" lines for every nudge and sweep are noise when idle;
        # what a task does worth knowing, it logs itself (failures still come from celery.app.trace).
        "celery.worker.strategy": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
    },
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the worker logs through LOGGING too (JSON, scrubbed)
# Behind one reverse proxy (nginx terminating TLS, docs/deployment.md): trust the scheme it reports (HTTPS
# for CSRF and secure cookies) and the client address it sets in X-Real-IP (login throttling per address).
# Leave it off when clients can reach gunicorn directly: they could forge both headers.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])  # e.g. https://tools.example.com
# HTTPS only (`manage.py check --deploy` is clean with these set; README's configuration table). Off by
# default: HSTS cannot be taken back from browsers that saw it, so an operator turns it on knowingly.
SECURE_SSL_REDIRECT = env.bool("SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=0)  # e.g. 31536000 (a year) once HTTPS works
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=False)
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]  # probes on the node itself speak plain HTTP
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")  # empty: /metrics is open (restrict it in nginx)
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=10.0)
WORKER_HEARTBEAT_STALE = 3 * WORKER_HEARTBEAT_SECONDS + 5  # readiness fails past this age
# Where uploaded files (prompt audio) live; `manage.py backup` saves them with the database.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
BACKUP_FILE_ROOTS = {"media": MEDIA_ROOT}  # name in the archive -> folder; apps may add their own

# Backups (ops/backup.py): JSON Lines with times to the microsecond (Django's jsonl keeps milliseconds).
SERIALIZATION_MODULES = {"jsonl-exact": "ops.exact_jsonl"}
