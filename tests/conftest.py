import pytest

from natverk.importing.seed import seed_load
from natverk.registry.services.reference import reference_load


@pytest.fixture
def reference(db):
    """The shipped Skåne reference data: 93 organisations with their names and groups."""
    reference_load()


@pytest.fixture
def seeded(reference):
    """The reference data plus the seed networks of the Nätverk page."""
    seed_load()
