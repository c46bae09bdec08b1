import datetime

import pytest
from django.utils import timezone

from natverk.meetings.enums import MeetingKind
from natverk.meetings.services import meeting_create
from natverk.people.models import Representation
from natverk.registry.models import Organisation
from tests.roles import make_person

STOCKHOLM = timezone.get_default_timezone()


def at(*args) -> datetime.datetime:
    """A moment in Stockholm time."""
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture
def seats(cast):
    """SKUR-nätverket with a representative for three of its members besides Malmö's
    (an English-speaking one): Region Skåne, Skånes Kommuner twice (an ordinary member
    and a deputy) and one for Länsstyrelsen whose seat ended yesterday."""
    today = timezone.localdate()
    people = {}
    for key, organisation in [
        ("regionen", "region-skane"),
        ("kommunerna", "skanes-kommuner"),
        ("ersattaren", "skanes-kommuner"),
        ("tidigare", "lansstyrelsen-skane"),
    ]:
        person = make_person(key, organisation=organisation)
        people[key] = person
        Representation.objects.create(
            person=person,
            network=cast.skur,
            organisation=Organisation.objects.get(slug=organisation),
            start_date=today - datetime.timedelta(days=400),
            end_date=today - datetime.timedelta(days=1) if key == "tidigare" else None,
        )
    people["representant"] = cast.people["representative"]
    return people


@pytest.fixture
def meeting(cast, seats):
    """A dated meeting of SKUR-nätverket a month ahead, not yet invited to."""
    start = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    start += datetime.timedelta(days=30)
    return meeting_create(
        networks=[cast.skur],
        leading=cast.skur,
        title="SKUR höstmöte",
        start=start,
        end=start + datetime.timedelta(hours=3),
        place="Region Skåne, Dockplatsen 26",
        city="Malmö",
        theme="Sammanhållningspolitiken efter 2027",
    )


@pytest.fixture
def residential(cast, seats):
    """SKUR-nätverket's residential meeting over two days, six weeks ahead, not yet invited to."""
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=42)
    return meeting_create(
        networks=[cast.skur],
        leading=cast.skur,
        title="SKUR internat",
        kind=MeetingKind.RESIDENTIAL,
        start=start,
        end=start + datetime.timedelta(days=1, hours=5),
        place="Hotell Tylösand",
        city="Halmstad",
    )


class FlakyMail:
    """A real SMTP server (aiosmtpd) that can be taken down and brought up again, and
    that can refuse the next messages with a temporary failure ("451 try again")."""

    def __init__(self, port: int):
        from aiosmtpd.controller import Controller

        from tests.conftest import CollectedMail

        self.collected = CollectedMail()
        self.refusing = 0
        self.port = port
        self._controller_class = Controller
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            self.refusing -= 1
            return "451 4.3.0 Try again later"
        return await self.collected.handle_DATA(server, session, envelope)

    def up(self) -> None:
        if self._controller is None:
            self._controller = self._controller_class(self, hostname="127.0.0.1", port=self.port)
            self._controller.start()

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list:
        return self.collected.to(address)

    @property
    def messages(self) -> list:
        return self.collected.messages


@pytest.fixture
def flaky_mail_server(settings):
    """A mail server that is up, goes down, refuses and recovers, as the test says;
    failed messages are due again at once, and tried as often as it takes."""
    from tests.live_site import free_port

    server = FlakyMail(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.NATVERK_MAIL_RETRY_SECONDS = 0
    settings.NATVERK_MAIL_ATTEMPTS = 100
    server.up()
    yield server
    server.down()
