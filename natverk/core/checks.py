"""Checks `manage.py check --deploy` makes of a production configuration."""

from django.conf import settings
from django.core.checks import Error, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(deploy=True)
def cache_shared_by_every_process(app_configs, **kwargs):
    """Which public pages are out of date is kept in the cache: a cache of one process
    would keep serving pages that another process (a command, another web worker) has
    made out of date."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                "The cache is not shared by the site's processes.",
                hint="Set CACHE_URL to a folder (filecache:///var/cache/natverk) on one "
                "machine, or to Redis (redis://host:6379/1) on several.",
                id="natverk.E001",
            )
        ]
    return []
