import datetime

import pytest
from django.utils import timezone

from natverk.importing.seed import seed_load
from natverk.meetings.services import meeting_create
from natverk.publishing.search import documents_refresh
from natverk.registry.enums import MembershipRole, NameKind, RelationKind
from natverk.registry.models import Membership, Network, Organisation, OrganisationName, Relation
from natverk.registry.services.reference import reference_load
from tests.factories import NetworkFactory
from tests.publishing.test_privacy import people_in_every_network  # noqa: F401 - a fixture

YESTERDAY = datetime.timedelta(days=1)


@pytest.fixture
def register(seeded):
    """The seed register, plus what the seed page cannot say: a former member, a future
    one, a private network with a member and a relation to a public one, a public
    meeting, a members-only one and a public one of the private network."""
    return register_extras()


@pytest.fixture
def live_register(live_server):
    """The same, committed, for a live server (which sees only what is committed; the
    loaders run as they do for a real installation)."""
    reference_load()
    seed_load()
    documents_refresh()
    register_extras()
    return live_server.url


def register_extras() -> dict:
    today = timezone.localdate()
    skur = Network.objects.get(slug="skur-natverket")
    skur.contact_email = "skur@skanekommuner.example"
    skur.contact_url = "https://skanekommuner.example/skur"
    skur.how_to_take_part = "Kommuner i Skåne anmäler sin EU-samordnare."
    skur.save()
    lund = Organisation.objects.get(slug="lund")
    Membership.objects.create(
        network=skur,
        organisation=lund,
        role=MembershipRole.MEMBER,
        start_date=today - datetime.timedelta(days=800),
        end_date=today - datetime.timedelta(days=400),
    )
    Membership.objects.create(
        network=skur,
        organisation=Organisation.objects.get(slug="slu"),
        start_date=today + datetime.timedelta(days=30),
    )
    hidden = NetworkFactory(slug="hemligt-natverk", name="Hemligt nätverk", is_public=False)
    Membership.objects.create(network=hidden, organisation=lund)
    Relation.objects.create(source=hidden, kind=RelationKind.REPORTS_TO, target_network=skur)
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    for title, networks, public in [
        ("Öppet möte", [skur], True),
        ("Internt möte", [skur], False),
        ("Hemligt möte", [hidden], True),
    ]:
        meeting_create(
            networks=networks,
            leading=networks[0],
            title=title,
            start=soon,
            end=soon + datetime.timedelta(hours=2),
            city="Lund",
            place="Stadshuset, rum 3",
            description="Dagordning för mötet",
            is_public=public,
        )
    OrganisationName.objects.get_or_create(
        organisation=Organisation.objects.get(slug="malmo-universitet"),
        name="Malmö högskola",
        defaults={"kind": NameKind.FORMER, "replaced_on": datetime.date(2018, 1, 1)},
    )
    return {"skur": skur, "hidden": hidden, "lund": lund}
