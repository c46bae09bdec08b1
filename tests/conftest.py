import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from natverk.access.roles import SECRETARIAT_GROUP
from natverk.importing.seed import seed_load
from natverk.people.models import Coordination, Representation
from natverk.publishing.search import documents_refresh
from natverk.registry.models import Network, Organisation
from natverk.registry.services.reference import reference_load
from tests import snapshots
from tests.roles import PASSWORD, Cast, make_person

# CI runs the property tests with a fixed sequence of examples, so that a run can be
# repeated; locally each run explores new ones. HYPOTHESIS_PROFILE=thorough tries many.
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.register_profile("thorough", max_examples=1000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def reference(db):
    """The shipped Skåne reference data: the organisations with their names and groups,
    without the national register, which the importer's tests load (loaded by
    `load_reference` once per test process, then written back as it wrote it)."""
    snapshots.load("reference", lambda: reference_load(national_dir=None))
    return "reference"


@pytest.fixture
def seeded(reference):
    """The reference data plus the seed networks of the Nätverk page, searchable.
    (Tests run inside a transaction that never commits, so the search text, which is
    otherwise rebuilt after each commit, is built here.)"""
    # The seed's rows point at the organisations of the reference data under it.
    snapshots.load(f"seed on {reference}", seed_load)
    documents_refresh()


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Rendered pages are cached across requests; each test starts without them."""
    cache.clear()


@pytest.fixture(autouse=True)
def _swedish_first():
    """Each test starts in the default language: a request for an English page leaves
    English active in the thread, and `reverse` would give /en/ addresses after it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


class CollectedMail:
    """What a real SMTP server (aiosmtpd, in this process) received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message.recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.recipients]

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port; Django sends its mail there."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    collected = CollectedMail()
    collected.port = port
    controller = Controller(collected, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield collected
    controller.stop()


@pytest.fixture
def mail_server_down(settings):
    """Mail goes to a port where nothing listens yet; `start()` brings a real SMTP server
    up there. Failed messages may be tried again after a second."""
    from aiosmtpd.controller import Controller

    from tests.live_site import free_port

    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    settings.NATVERK_MAIL_RETRY_SECONDS = 1
    collected = CollectedMail()
    controller = Controller(collected, hostname="127.0.0.1", port=port)
    collected.start = controller.start
    yield collected
    if controller._thread is not None:
        controller.stop()


@pytest.fixture
def secretariat_user(db):
    """Someone of the secretariat as the back office knows them: a staff account in the
    secretariat's group, not a superuser; what they may do is what the rules say."""
    user = get_user_model().objects.create_user(
        username="kansliet@example.se",
        email="kansliet@example.se",
        password=PASSWORD,
        is_staff=True,
    )
    # get_or_create: a transactional test before this one emptied the tables.
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    return user


@pytest.fixture
def secretariat_client(client, secretariat_user):
    """A test client logged in as the secretariat: every back-office test uses it."""
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def cast(seeded) -> Cast:
    skur = Network.objects.get(slug="skur-natverket")
    other = Network.objects.get(slug="landsbygdspartnerskapet")
    secretariat_user = get_user_model().objects.create_user(
        username="sekretariat@example.se",
        email="sekretariat@example.se",
        password=PASSWORD,
        is_staff=True,
    )
    secretariat_user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    coordinator = make_person("samordnare", organisation="region-skane")
    Coordination.objects.create(person=coordinator, network=skur)
    other_coordinator = make_person("annan", organisation="lansstyrelsen-skane")
    Coordination.objects.create(person=other_coordinator, network=other)
    representative = make_person("representant", organisation="malmo", language="en")
    Representation.objects.create(
        person=representative, network=skur, organisation=Organisation.objects.get(slug="malmo")
    )
    outsider = make_person("utomstaende", organisation="lund")
    return Cast(
        skur=skur,
        other=other,
        users={
            "anonymous": None,
            "outsider": outsider.user,
            "representative": representative.user,
            "other_coordinator": other_coordinator.user,
            "coordinator": coordinator.user,
            "secretariat": secretariat_user,
        },
        people={
            "coordinator": coordinator,
            "other_coordinator": other_coordinator,
            "representative": representative,
            "outsider": outsider,
        },
    )


@pytest.fixture
def as_role(client, cast):
    """as_role("coordinator") -> a test client logged in as that role."""

    def login(role: str):
        client.logout()
        user = cast.users[role]
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def identity_kept(db):
    """The site's identity read once, as every page but the first after a start finds it
    in the cache: a query count is then of the page itself."""
    from natverk.core.selectors import site_identity

    site_identity()
