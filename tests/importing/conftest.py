import pytest

from natverk.registry.services.reference import reference_load
from tests import snapshots


@pytest.fixture
def reference(db):
    """The shipped reference data with the national register: every municipality, county
    board and state body in Sweden, as an installation has it (loaded by `load_reference`
    once per test process, then written back as it wrote it)."""
    snapshots.load("national reference", reference_load)
    return "national reference"
