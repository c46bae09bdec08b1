"""The test suite. The database comes from DATABASE_URL (SQLite unless set); nothing
else is taken from the environment or a local .env: the cache, email and files stay in
the test process."""

import atexit
import shutil
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
NATVERK_PRIVATE_FILES = tempfile.mkdtemp(prefix="natverk-test-files-")
atexit.register(shutil.rmtree, NATVERK_PRIVATE_FILES, ignore_errors=True)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
NATVERK_TRUSTED_PROXIES = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come straight from the apps; nothing is collected.
STATIC_ROOT = None
# A change shows at once (the tests look right after making it).
NATVERK_PAGE_FRESH_SECONDS = 0
# The suite's own requests are not logged line by line.
LOGGING["loggers"] = {  # noqa: F405
    name: {**logger, "level": "WARNING"}
    for name, logger in LOGGING["loggers"].items()  # type: ignore[attr-defined]  # noqa: F405
}
