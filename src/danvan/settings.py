"""Settings: everything comes from the environment, with safe defaults for the embedded mode."""

import json
import secrets
from pathlib import Path

import dj_database_url
import fontpkg_be_vietnam_pro
from django.core.exceptions import ImproperlyConfigured

from danvan.envconf import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("DANVAN_VAR_DIR") or Path.cwd() / "var").resolve()

DEBUG = env_bool("DEBUG", False)
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'danvan.sqlite3'}"
EMBEDDED = DATABASE_URL.startswith("sqlite")
# PostgreSQL connections persist for a minute with a health check before reuse (issue 16: a new
# backend per request cost more than the request); SQLite opens its file per request as before.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if EMBEDDED else 60),
        conn_health_checks=True,
    )
}
if EMBEDDED:
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL and a busy timeout let the counter, the portal and background work share one file.
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"].endswith("postgresql") and not env_bool("PG_JIT", False):
    # PostgreSQL's JIT compiles a query the planner thinks expensive; for the pages' short
    # queries (a report's drill-down: the first 50 of a city-wide figure) compiling costs more
    # than running (0.6 s -> 0.3 s at 2 million dossiers). PG_JIT=1 turns it back on.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"


def _secret_key() -> str:
    key = env_secret("SECRET_KEY")
    if key:
        return key
    if not EMBEDDED and not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off and the database is not SQLite"
        )
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = (env_str("SITE_URL") or f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # its own Swagger UI files: /api/v1/docs works offline (no CDN)
    "django_tasks",
    "django_tasks_db",
    "danvan.core",
    "danvan.units",
    "danvan.accounts",
    "danvan.audit",
    "danvan.workflow",
    "danvan.jobs",
    "danvan.procedures",
    "danvan.onestop",
    "danvan.signing",
    "danvan.vault",
    "danvan.portal",
    "danvan.movement",
    "danvan.oversight",
    "danvan.grassroots",
    "danvan.reports",
    "danvan.ops",
    "danvan.connections",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "danvan.ops.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "danvan.ops.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danvan.api.middleware.ApiGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "danvan.accounts.middleware.SavedLanguageMiddleware",
    "danvan.core.middleware.NulGuardMiddleware",
    "danvan.core.idempotency.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "danvan.ops.security.SessionGuardMiddleware",
    "danvan.ops.otp.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "danvan.accounts.middleware.CurrentUnitMiddleware",
    "danvan.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

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
                "danvan.accounts.context.navigation",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Test runs only (tests/conftest.py sets it, and the worker processes the tests start inherit it):
# a cheap hasher first, so the suite does not spend minutes in PBKDF2 for passwords and signing PINs.
# The default PBKDF2 hasher stays in the list, so hashes made either way still verify.
if env_bool("DANVAN_TEST_FAST_HASHING", False):
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Second factor (danvan.ops.otp): TOTP required for these roles and for staff accounts.
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", ["signer", "office_clerk", "admin"])
OTP_TOTP_ISSUER = "Dân Vận Số"
# Sessions: absolute lifetime, idle expiry, and the password asked again before administration
# (every request under REAUTH_ALWAYS_PREFIXES) and signing (POSTs under REAUTH_POST_PREFIXES).
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 10) * 3600
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
REAUTH_MINUTES = env_int("REAUTH_MINUTES", 15)
REAUTH_ALWAYS_PREFIXES = env_list("REAUTH_ALWAYS_PREFIXES", ["/quan-tri/"])
REAUTH_POST_PREFIXES = env_list("REAUTH_POST_PREFIXES", ["/chu-ky-so/"])
# Login throttling: after this many failures for one username or address, wait LOGIN_LOCK_MINUTES.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# The project catalogue (shared templates, core, accounts, units, audit); each app also has its
# own src/danvan/<app>/locale/, found by Django. docs/translations.md.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE") or "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [
    ("fonts/be-vietnam-pro", Path(fontpkg_be_vietnam_pro.__file__).parent / "files")
]
# Static files come from the installed packages and the repo; no collectstatic step, no CDN.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"
# Uploaded files (components, results, vault, evidence) go through Django's storage API only, so
# an S3-compatible store is a setting: FILE_STORAGE_BACKEND="storages.backends.s3.S3Storage"
# (pip install django-storages[s3]) and FILE_STORAGE_OPTIONS='{"bucket_name": "...",
# "endpoint_url": "https://...", "access_key": "...", "secret_key": "..."}' (JSON). Default: the
# local MEDIA_ROOT (one server, or a shared volume), where files are written under a temporary
# name and linked into place once on disk: a failed write (the disk full) leaves nothing
# half-written and answers storage.full (danvan.core.storage).
STORAGES = {
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND") or "danvan.core.storage.SafeFileSystemStorage",
        "OPTIONS": json.loads(env_str("FILE_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Bodies above this size are refused with 413 (uploads have their own, per-type limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Every PDF and image upload is parsed in a child process with these limits (danvan.core.sandbox).
UPLOAD_SANDBOX = env_bool("UPLOAD_SANDBOX", True)
SANDBOX_CPU_SECONDS = env_int("SANDBOX_CPU_SECONDS", 5)
SANDBOX_MEMORY_MB = env_int("SANDBOX_MEMORY_MB", 768)
SANDBOX_TIMEOUT_SECONDS = env_int("SANDBOX_TIMEOUT_SECONDS", 10)
UPLOAD_MAX_PDF_PAGES = env_int("UPLOAD_MAX_PDF_PAGES", 500)
UPLOAD_MAX_IMAGE_PIXELS = env_int("UPLOAD_MAX_IMAGE_PIXELS", 80_000_000)
# Spreadsheet imports (danvan.core.importing): file size and data rows per file.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)

EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.filebased.EmailBackend"
    if EMBEDDED
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
# The province's mail relay (Django's SMTP backend; docs/connections.md, "Relaying"): its host and
# port, the account the platform logs in with, STARTTLS (587) or implicit TLS (465). A relay whose
# certificate comes from the province's own CA needs that CA trusted (system store or SSL_CERT_FILE).
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS (STARTTLS) and EMAIL_USE_SSL exclude each other")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)  # seconds; a relay that never answers is a failed try
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Dân Vận Số <no-reply@danvan.local>"

# The default cache holds what several processes must agree on (the rate limit's counts when
# RATE_LIMIT_STORE=cache): shared by every process and server (issue 16: app servers are
# stateless). CACHE_URL: "db" (a table in the database, created by `danvan migrate`; the default on PostgreSQL), "redis://host:6379/0"
# (needs the `redis` package), or "locmem" (process memory; the default of the embedded
# one-process SQLite mode, and only right there).
CACHE_URL = env_str("CACHE_URL", "") or ("locmem" if EMBEDDED else "db")
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": CACHE_URL}}  # fmt: skip
elif CACHE_URL.startswith("db"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "danvan_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Derived, read-mostly data asked for on every row of a list (a unit's working-calendar rules,
# 5 minutes): process memory, never a query per row; after a calendar edit another server sees
# the change within those 5 minutes (units.calendar.CACHE_SECONDS).
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}

# Public API rate limit: requests per minute per client address.
PUBLIC_RATE_LIMIT_PER_MINUTE = env_int("PUBLIC_RATE_LIMIT_PER_MINUTE", 30)
# Where those requests are counted: "database" (shared by every app process and server) or "cache"
# (the default cache: per process unless CACHE_URL=db; enough for the one-process embedded mode).
RATE_LIMIT_STORE = env_str("RATE_LIMIT_STORE") or ("cache" if EMBEDDED else "database")
if RATE_LIMIT_STORE not in ("database", "cache"):
    raise ImproperlyConfigured("RATE_LIMIT_STORE must be database or cache")

# bench/bench_http.py alone sets this: it adds the bare baseline views under /_bench/ (one-row
# insert and read on a table the bench creates). Never set it in a deployment.
BENCH_BASELINE = env_bool("DANVAN_BENCH_BASELINE", False)
# The key that encrypts officials' private keys at rest (derived from SECRET_KEY when unset).
SIGNING_KEY_ENCRYPTION_KEY = env_secret("SIGNING_KEY_ENCRYPTION_KEY")
# The built-in TEST CA is trusted in the embedded mode and in test runs, never silently in production.
SIGNING_TRUST_TEST_CA = env_bool("SIGNING_TRUST_TEST_CA", EMBEDDED or DEBUG)
# PAdES profile of results (SPEC §3: B-T by default; B-B offline).
SIGNING_PROFILE = env_str("SIGNING_PROFILE") or "B-T"
if SIGNING_PROFILE not in ("B-B", "B-T", "B-LT"):
    raise ImproperlyConfigured("SIGNING_PROFILE must be B-B, B-T or B-LT")
# Background jobs (danvan.jobs on django-tasks): the queue is django-tasks-db's table in the app's
# own database. Who runs it (JOBS_RUNNER): "thread" (a worker thread in each web process started
# by wsgi.py; the embedded default, so `make run` is still one process), "worker" (`danvan
# jobs-worker` processes beside the app; the PostgreSQL default) or "immediate" (in the caller's
# thread right after commit: tests and scripts).
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# (SIGNING_BATCH_RUNNER, the setting batch signing had before it became a job, is still read.)
JOBS_RUNNER = (
    env_str("JOBS_RUNNER")
    or env_str("SIGNING_BATCH_RUNNER")
    or ("thread" if EMBEDDED else "worker")
)
if JOBS_RUNNER not in ("thread", "worker", "immediate"):
    raise ImproperlyConfigured("JOBS_RUNNER must be thread, worker or immediate")
# A worker that has not renewed a job's lease for this long is presumed dead; the job is resumed.
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", 60)
# Demo personas are only for the embedded mode unless forced.
ALLOW_DEMO = env_bool("ALLOW_DEMO", EMBEDDED or DEBUG)
# Online fee payment providers (dotted class paths, see onestop/payments.py). The fake gateway
# marks fees paid without money: only where the demo is allowed, never by default in production.
# With the demo allowed and a connection gateway (the fake: `danvan fakegateway`), the national
# payment platform is offered too (docs/connections.md, recipe "demo").
PAYMENT_GATEWAYS = env_list(
    "PAYMENT_GATEWAYS",
    ["danvan.onestop.payments.FakeGateway"]
    + (
        ["danvan.connections.services.payments.NationalPlatformGateway"]
        if env_str("CONNECTIONS_GATEWAY_URL")
        else []
    )
    if ALLOW_DEMO
    else [],
)

# Backups (danvan backup / restore, see docs/operations.md): AES-256-GCM key (32 bytes, base64),
# where archives go, and how many the retention rule keeps (newest of each day, ISO week, month).
BACKUP_ENCRYPTION_KEY = env_secret("BACKUP_ENCRYPTION_KEY")
BACKUP_DIR = Path(env_str("BACKUP_DIR") or VAR_DIR / "backups")
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_WEEKLY = env_int("BACKUP_KEEP_WEEKLY", 5)
BACKUP_KEEP_MONTHLY = env_int("BACKUP_KEEP_MONTHLY", 12)
BACKUP_COMMAND_TIMEOUT = env_int("BACKUP_COMMAND_TIMEOUT", 6 * 3600)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not EMBEDDED and not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a TLS-terminating reverse proxy: trust its X-Forwarded-Proto, redirect to HTTPS, HSTS.
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", env_bool("BEHIND_TLS_PROXY", False))
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading HSTS binds the whole registered domain (often a province's gov.vn) for years: the
# operator decides (SECURE_HSTS_PRELOAD=1), so its reminder is not a deployment warning here.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Extra form targets for the Content-Security-Policy (e.g. a payment provider's page).
CSP_FORM_ACTION_EXTRA = env_list("CSP_FORM_ACTION_EXTRA", [])

# Logs: one JSON object a line on stderr (danvan.ops.logs): request id, user id, unit, outcome;
# never a national ID, phone number, address or token; 4xx without a traceback, 5xx with one.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "danvan.ops.logs.ClientErrorsWithoutTraceback"}},
    "formatters": {"json": {"()": "danvan.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "WARNING"},
    "loggers": {
        # one line per request (LOG_REQUESTS=0 turns them off)
        "danvan.request": {"level": "INFO" if env_bool("LOG_REQUESTS", True) else "WARNING"},
        # Django's own copy of the console handler (DEBUG only) would print plain text twice
        "django": {"handlers": [], "level": "INFO"},
    },
}
