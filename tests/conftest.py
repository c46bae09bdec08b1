import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from natverk.importing.seed import seed_load
from natverk.publishing.search import documents_refresh
from natverk.registry.services.reference import reference_load


# CI runs the property tests with a fixed sequence of examples, so that a run can be
# repeated; locally each run explores new ones. HYPOTHESIS_PROFILE=thorough tries many.
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.register_profile("thorough", max_examples=1000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (the browser Playwright would download
    is not used). Runs headless, without the background services that would reach out
    to the network."""
    import os
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does).")
    # Playwright's synchronous API runs an event loop; the tests' own database calls
    # are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
            ],
        )
        yield chromium
        chromium.close()
