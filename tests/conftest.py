import pytest
from django.core.cache import cache

from natverk.importing.seed import seed_load
from natverk.publishing.search import documents_refresh
from natverk.registry.services.reference import reference_load


@pytest.fixture
def reference(db):
    """The shipped Skåne reference data: 93 organisations with their names and groups."""
    reference_load()


@pytest.fixture
def seeded(reference):
    """The reference data plus the seed networks of the Nätverk page, searchable.
    (Tests run inside a transaction that never commits, so the search text, which is
    otherwise rebuilt after each commit, is built here.)"""
    seed_load()
    documents_refresh()


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Rendered pages are cached across requests; each test starts without them."""
    cache.clear()
