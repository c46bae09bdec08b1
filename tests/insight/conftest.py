import datetime

import pytest
from django.utils import timezone

from natverk.registry.models import Membership, Network, Organisation


@pytest.fixture
def eu_gap(seeded):
    """The seed, with the four corners gone from Strategiska EU-nätverket since
    yesterday and Lund and Malmö members of Brysselnätverket themselves: most of Skåne's
    municipalities are now in none of our EU networks."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Membership.objects.filter(
        network__slug="strategiska-eu-natverket", organisation__slug="skanes-fyra-horn"
    ).update(start_date=datetime.date(2020, 1, 1), end_date=yesterday)
    brussels = Network.objects.get(slug="brysselnatverket")
    for slug in ("lund", "malmo"):
        Membership.objects.create(
            network=brussels,
            organisation=Organisation.objects.get(slug=slug),
            start_date=datetime.date(2024, 1, 1),
        )
