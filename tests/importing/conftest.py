import pytest

from natverk.registry.services.reference import reference_load


@pytest.fixture
def reference(db):
    """The shipped reference data with the national register: every municipality, county
    board and state body in Sweden, as an installation has it."""
    reference_load()
