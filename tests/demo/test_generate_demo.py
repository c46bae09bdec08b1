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


WIDE = Scale(
    organisations=600, networks=300, people=10, members_per_network=3, representatives_per_member=1
)


def test_names_and_texts_read_as_swedish_with_real_places_and_keys_from_the_names():
    import csv

    from django.utils.text import slugify

    from natverk.demo.generator import REFERENCE

    demo_generate(scale=WIDE, seed=3)
    with (REFERENCE / "municipalities.csv").open(encoding="utf-8") as handle:
        municipalities = {row["code"]: row["official_name"] for row in csv.DictReader(handle)}
    with (REFERENCE / "counties.csv").open(encoding="utf-8") as handle:
        counties = [row["county_board_short"].split()[-1] for row in csv.DictReader(handle)]

    kommuner = Organisation.objects.filter(kind="municipality")
    assert kommuner.exists()
    for kommun in kommuner:
        assert municipalities[kommun.municipality_code] == kommun.name
    networks = list(Network.objects.all())
    names = [network.name for network in networks]
    assert len(set(names)) == len(names)
    text = " ".join(
        f"{n.name} {n.introduction} {n.purpose} {n.audience}" for n in networks
    ) + " ".join(Organisation.objects.values_list("name", flat=True))
    for wrong in ("lorem", "ipsum", "dolor", "asnätverket", "asråd", "hälsas", "Eu-", "ereer"):
        assert wrong not in text
    assert any(county in text for county in counties)
    assert any(name.startswith("Nätverket för ") for name in names)
    assert any(name.startswith("Samverkansgruppen för ") for name in names)
    for row in [*networks, *Organisation.objects.all()]:
        assert row.slug.startswith(slugify(row.name)[:60]), row.name
    assert "samverkansgruppen-for-" in " ".join(n.slug for n in networks)


def test_demo_data_beside_the_reference_leaves_the_real_organisations_alone(reference):
    before = set(Organisation.objects.values_list("slug", "name"))
    demo_generate(scale=SMALL, seed=7)
    demo_names = list(
        Organisation.objects.exclude(slug__in=[slug for slug, _name in before]).values_list(
            "name", flat=True
        )
    )
    assert len(demo_names) == 30
    assert not {name for _slug, name in before} & set(demo_names)  # no second Lunds kommun
    demo_generate(scale=SMALL, seed=7, replace=True)
    demo_generate(scale=SMALL, seed=7, replace=True)
    assert set(Organisation.objects.values_list("slug", "name")) >= before
    assert Organisation.objects.count() == len(before) + 30
