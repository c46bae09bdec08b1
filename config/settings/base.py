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
    "natverk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
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
# The county board whose county a page is taken to be about when it does not say (for a
# bare "Länsstyrelsen" or "Regionen" on it).
NATVERK_HOME_COUNTY_BOARD = env("NATVERK_HOME_COUNTY_BOARD", default="lansstyrelsen-skane")
# An import in the back office with more changes than this is applied in the background
# by the task worker, where no web server's timeout stops it.
NATVERK_IMPORT_INLINE_CHANGES = env.int("NATVERK_IMPORT_INLINE_CHANGES", default=400)

# Rendered public pages are kept until the register changes (the key holds its last
# change), at most this long. A release string in the key retires pages of an older
# version of the templates.
NATVERK_PAGE_CACHE_SECONDS = env.int("NATVERK_PAGE_CACHE_SECONDS", default=24 * 3600)
NATVERK_RELEASE = env("NATVERK_RELEASE", default="0.1.0")
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://natverk"),
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
# Mail that fails is tried again after 1, 2, 4 … times this many seconds, at most this
# many times.
NATVERK_MAIL_RETRY_SECONDS = env.float("NATVERK_MAIL_RETRY_SECONDS", default=60)
NATVERK_MAIL_ATTEMPTS = env.int("NATVERK_MAIL_ATTEMPTS", default=8)
# A worker holds a message it is sending this long; if it dies meanwhile, another worker
# takes the message over once the time is up. Longer than sending one message can take.
NATVERK_MAIL_LEASE_SECONDS = env.int("NATVERK_MAIL_LEASE_SECONDS", default=300)
# Reminders go this many days before a meeting to those who said yes or have not answered.
NATVERK_REMINDER_DAYS = env.int("NATVERK_REMINDER_DAYS", default=7)
# The domain in calendar UIDs; keep it once invitations have gone out.
NATVERK_CALENDAR_DOMAIN = env("NATVERK_CALENDAR_DOMAIN", default="natverk.skaneskommuner.se")
NATVERK_ORGANIZER_NAME = env("NATVERK_ORGANIZER_NAME", default="Skånes Kommuner")
# The site's own address, for links in email sent by background tasks (no request there).
NATVERK_BASE_URL = env("NATVERK_BASE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
