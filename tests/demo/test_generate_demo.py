import io

import pytest
from django.core.management import CommandError, call_command

from natverk.demo.generator import Scale, demo_generate
from natverk.people.models import Person, Representation
from natverk.registry.models import Membership, Network, Organisation

pytestmark = pytest.mark.django_db

SMALL = Scale(
    organisations=30, networks=8, people=40, members_per_network=5, representatives_per_member=2
)


def snapshot():
    return (
        list(Organisation.objects.order_by("slug").values_list("slug", "name", "kind")),
        list(Network.objects.order_by("slug").values_list("slug", "name", "function")),
        list(Person.objects.order_by("email").values_list("email", "given_name", "family_name")),
        list(
            Membership.objects.order_by("network__slug", "position").values_list(
                "network__slug", "organisation__slug", "role", "start_date", "end_date"
            )
        ),
    )


def test_generates_the_asked_numbers_with_swedish_names():
    report = demo_generate(scale=SMALL, seed=7)
    assert (report.organisations, report.networks, report.people) == (30, 8, 40)
    assert Membership.objects.count() == report.memberships == 40
    assert Representation.objects.count() == report.representations == 80
    names = " ".join(Organisation.objects.values_list("name", flat=True))
    assert any(word in names for word in ["kommun", "Region", "Länsstyrelsen", "universitet"])
    # Every representation lies within its organisation's membership.
    for representation in Representation.objects.select_related("network", "organisation"):
        membership = Membership.objects.get(
            network=representation.network, organisation=representation.organisation
        )
        assert representation.lies_within(membership)


def test_the_same_seed_gives_the_same_data():
    demo_generate(scale=SMALL, seed=7)
    first = snapshot()
    demo_generate(scale=SMALL, seed=7, replace=True)
    assert snapshot() == first
    demo_generate(scale=SMALL, seed=8, replace=True)
    assert snapshot() != first


def test_the_command_refuses_to_generate_twice_without_replace():
    out = io.StringIO()
    call_command("generate_demo", "--scale", "skane", stdout=out, stderr=io.StringIO())
    assert "150 organisations, 40 networks, 800 people" in out.getvalue()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_demo", "--scale", "skane", stdout=out, stderr=io.StringIO())
    assert Organisation.objects.count() == 150
