import datetime

import pytest
from django.utils import timezone

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
