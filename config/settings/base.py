"""Settings shared by every environment; each value can be set from the environment."""

import datetime
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "natverk.core.apps.BackOfficeConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "natverk.core",
    "natverk.registry",
    "natverk.people",
    "natverk.access",
    "natverk.files",
    "natverk.meetings",
    "natverk.workspace",
    "django_tasks",
    "django_tasks_db",
    "natverk.importing",
    "natverk.publishing",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "natverk.api",
    "natverk.insight",
    "natverk.demo",
]

MIDDLEWARE = [
    # First, so that its duration is the whole request's.
    "natverk.core.observability.RequestLogMiddleware",
    "natverk.core.middleware.ResponseHeadersMiddleware",
    "natverk.core.middleware.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that could answer: a browser's preflight for the open API.
    "natverk.api.middleware.OpenApiCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "natverk.api.middleware.ApiLanguageMiddleware",
    # Before anything reads the body (CSRF does).
    "natverk.core.middleware.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out address is refused before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "natverk.access.backends.EmailBackend",
]
LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "workspace:my_networks"
LOGOUT_REDIRECT_URL = "publishing:start"
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600  # also how long an invitation to an account holds

# Five wrong passwords for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "natverk.access.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "natverk.access.throttling.attempted_username"
AXES_CLIENT_IP_CALLABLE = "natverk.access.throttling.client_ip"
# How many reverse proxies of the installation's own stand before the site (0: none);
# the client's address is read past them from X-Forwarded-For.
NATVERK_TRUSTED_PROXIES = env.int("NATVERK_TRUSTED_PROXIES", default=0)

# Nothing from other sites, and no inline script or style anywhere.
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
    },
}

# The largest request body taken (a 25 MB file and the form around it); a larger one is
# refused before it is read. The proxy in front should refuse the same (docs/deployment.md).
NATVERK_MAX_REQUEST_MB = env.int("NATVERK_MAX_REQUEST_MB", default=26)
# Uploads stay in memory up to this, then go to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Password spraying: failed logins for this many different accounts from one address
# within AXES_COOLOFF_MINUTES lock that address out, whatever account it tries next.
NATVERK_SPRAY_ACCOUNTS = env.int("NATVERK_SPRAY_ACCOUNTS", default=10)

# Uploaded files: outside anything served directly, sent only by views that check who asks.
NATVERK_PRIVATE_FILES = env.path("NATVERK_PRIVATE_FILES", default=BASE_DIR / "var" / "private")

ROOT_URLCONF = "config.urls"

# History is read in the back office, never written back: a revert would bypass the
# services (renames, memberships, meetings) and their checks.
SIMPLE_HISTORY_REVERT_DISABLED = True
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The back office's history screens, in Swedish and without "revert" (a change
        # is made again through the form and its services).
        "DIRS": [BASE_DIR / "natverk" / "core" / "overrides"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "natverk.core.context_processors.installation",
            ],
        },
    },
]

# The embedded default is a SQLite file in the project folder; production sets
# DATABASE_URL=postgres://...
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep connections open between requests (seconds); opening one costs more than most
# public pages, which are served from the cache after one query.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The embedded default waits instead of failing. With several writers on one file (the
# web server's threads, the worker, a command), SQLite answers "database is locked" when
# a transaction that began reading tries to write while another writes. So: WAL (readers
# never wait for a writer), a busy timeout (a writer waits its turn), and write
# transactions that take the write lock when they begin, when waiting is still possible.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SQLITE_BUSY_SECONDS = env.int("NATVERK_SQLITE_BUSY_SECONDS", default=30)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_SECONDS,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000};"
            ),
        }
    )
# A read replica of PostgreSQL for the public pages, on installations that outgrow one
# database server (`postgres://…` of the replica; unset: none).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["natverk.core.routers.ReplicaRouter"]
# How far the replica may lag behind: a page rendered from it this soon after a change is
# kept only this long.
DATABASE_REPLICA_LAG_SECONDS = env.int("DATABASE_REPLICA_LAG_SECONDS", default=30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="natverk@localhost")
# The organisation's mail relay (with the SMTP backend).
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
# A mail server that takes the connection and then stalls must not hold the worker.
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=30)

# The installation: who runs it and how its pages look. The product serves any
# association; these name the one that runs this copy.
NATVERK_HOME_ORGANISATION = env("NATVERK_HOME_ORGANISATION", default="skanes-kommuner")
NATVERK_SITE_NAME = env("NATVERK_SITE_NAME", default="Nätverk")
NATVERK_ACCENT_COLOUR = env("NATVERK_ACCENT_COLOUR", default="#0b5394")
# Messages one client may send through the contact form in an hour.
NATVERK_CONTACT_MESSAGES_PER_HOUR = env.int("NATVERK_CONTACT_MESSAGES_PER_HOUR", default=5)
# The county board whose county a page is taken to be about when it does not say (for a
# bare "Länsstyrelsen" or "Regionen" on it).
NATVERK_HOME_COUNTY_BOARD = env("NATVERK_HOME_COUNTY_BOARD", default="lansstyrelsen-skane")
# An import in the back office with more changes than this is applied in the background
# by the task worker, where no web server's timeout stops it.
NATVERK_IMPORT_INLINE_CHANGES = env.int("NATVERK_IMPORT_INLINE_CHANGES", default=400)
# The home county's länskod: whose municipalities the insight map and coverage show.
NATVERK_HOME_COUNTY = env("NATVERK_HOME_COUNTY", default="12")

# Rendered public pages are kept until the register changes (the key holds its last
# change), at most this long. A release string in the key retires pages of an older
# version of the templates.
NATVERK_PAGE_CACHE_SECONDS = env.int("NATVERK_PAGE_CACHE_SECONDS", default=24 * 3600)
NATVERK_RELEASE = env("NATVERK_RELEASE", default="0.1.0")
# A page not in the cache is rendered by one request; others asking for it meanwhile wait
# this long for it before rendering it themselves.
NATVERK_PAGE_RENDER_WAIT_SECONDS = env.float("NATVERK_PAGE_RENDER_WAIT_SECONDS", default=10)
# A public page out of date by a change is served still for this long after it was
# rendered (to visitors not signed in), while one request renders it anew: however often
# the register changes, each page is rendered at most this often.
NATVERK_PAGE_FRESH_SECONDS = env.float("NATVERK_PAGE_FRESH_SECONDS", default=10)
# At most this many out-of-date pages are rendered anew at once, across the installation
# (the others are served as they were meanwhile).
NATVERK_PAGE_REFRESHES_AT_ONCE = env.int("NATVERK_PAGE_REFRESHES_AT_ONCE", default=1)
# Pages nobody has asked for before that one client may have rendered in a minute (new
# searches, say); more are answered 429, while kept pages are still served to it.
NATVERK_PAGE_RENDERS_PER_MINUTE = env.int("NATVERK_PAGE_RENDERS_PER_MINUTE", default=60)
# Every process of the installation (web workers, task workers, commands) must share the
# cache: it holds which pages are out of date. A folder does on one machine; Redis
# (`redis://host:6379/1`) on several.
CACHES = {
    "default": env.cache(
        "CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}?max_entries=5000"
    ),
}

# Background work (sending email, through the outbox): the database backend and its
# `db_worker`, which `make run` starts. A larger installation can name another
# django-tasks backend here (RQ, Celery) without changing code.
TASKS = {
    "default": {
        "BACKEND": env("NATVERK_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# With RQ (NATVERK_TASKS_BACKEND=django_tasks_rq.RQBackend) the tasks wait in Redis, and
# `manage.py worker` runs RQ's worker with its scheduler (for retries at a set time).
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        "default": {"URL": env("NATVERK_TASKS_REDIS_URL", default="redis://localhost:6379/0")}
    }
# Mail that fails is tried again after 1, 2, 4 … times this many seconds, at most this
# many times.
NATVERK_MAIL_RETRY_SECONDS = env.float("NATVERK_MAIL_RETRY_SECONDS", default=60)
NATVERK_MAIL_ATTEMPTS = env.int("NATVERK_MAIL_ATTEMPTS", default=8)
# A worker holds a message it is sending this long; if it dies meanwhile, another worker
# takes the message over once the time is up. Longer than sending one message can take.
NATVERK_MAIL_LEASE_SECONDS = env.int("NATVERK_MAIL_LEASE_SECONDS", default=300)
# How many task workers the installation runs (on one or several machines): a large
# sending is spread over them.
NATVERK_TASK_WORKERS = env.int("NATVERK_TASK_WORKERS", default=1)
# Each worker says it is alive this often; /readyz counts a worker silent for longer than
# NATVERK_WORKER_STALE_MINUTES as gone. A worker also looks this often for email that is
# due and that no task is sending (its worker died), and queues the sending.
NATVERK_WORKER_HEARTBEAT_SECONDS = env.float("NATVERK_WORKER_HEARTBEAT_SECONDS", default=30)
NATVERK_WORKER_STALE_MINUTES = env.int("NATVERK_WORKER_STALE_MINUTES", default=5)
# Reminders go this many days before a meeting to those who said yes or have not answered.
NATVERK_REMINDER_DAYS = env.int("NATVERK_REMINDER_DAYS", default=7)
# The domain in calendar UIDs; keep it once invitations have gone out.
NATVERK_CALENDAR_DOMAIN = env("NATVERK_CALENDAR_DOMAIN", default="natverk.skaneskommuner.se")
NATVERK_ORGANIZER_NAME = env("NATVERK_ORGANIZER_NAME", default="Skånes Kommuner")
# A mailbox someone reads: the contact of a meeting whose network has no coordinator, and
# then the organizer in its calendar files, where a calendar program's reply goes.
NATVERK_CONTACT_EMAIL = env("NATVERK_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)
# The site's own address, for links in email sent by background tasks (no request there).
NATVERK_BASE_URL = env("NATVERK_BASE_URL", default="http://127.0.0.1:8000")

# The open data (/api/v1/, /oppna-data/): read-only and anonymous, throttled per client
# address; what a reuser may do with it is the licence's to say.
NATVERK_API_RATE = env("NATVERK_API_RATE", default="120/minute")
NATVERK_OPEN_DATA_LICENCE = env("NATVERK_OPEN_DATA_LICENCE", default="CC0 1.0")
NATVERK_OPEN_DATA_LICENCE_URL = env(
    "NATVERK_OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/publicdomain/zero/1.0/"
)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["natverk.api.rest.PublicReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": ["natverk.api.rest.PerClientThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "natverk.api.rest.PublicCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "natverk.api.rest.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "NUM_PROXIES": NATVERK_TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Nätverk API",
    "DESCRIPTION": (
        "The public register of networks, organisations, memberships, relations and public "
        "meetings, read-only. No personal data."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "natverk.api.rest.add_conventions_to_schema",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "natverk.registry.enums.OrganisationKind",
        "NameKindEnum": "natverk.registry.enums.NameKind",
        "RelationKindEnum": "natverk.registry.enums.RelationKind",
        "NetworkStatusEnum": "natverk.registry.enums.NetworkStatus",
        "MeetingKindEnum": "natverk.meetings.enums.MeetingKind",
        "MeetingStatusEnum": "natverk.meetings.enums.MeetingStatus",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# One JSON line per request and per task (`core.observability`), on standard error,
# where systemd's journal or the container runtime keeps it; NATVERK_ACCESS_LOG=false
# turns the request lines off (warnings and errors stay).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "natverk.core.observability.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
    "loggers": {
        name: {
            "handlers": ["json"],
            "level": "INFO" if env.bool("NATVERK_ACCESS_LOG", default=True) else "WARNING",
            "propagate": False,
        }
        for name in ("natverk.request", "natverk.task")
    },
}
