"""Ending many memberships on a chosen day, all or none; the members' order: by role,
conveners first, then as the secretariat moves them up and down, on the public page and
in the open data alike."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership, membership_order
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

MEMBERSHIPS = reverse("admin:registry_membership_changelist")


def choose(client, memberships, **data):
    return client.post(
        MEMBERSHIPS,
        {"action": "end_on", "_selected_action": [str(m.pk) for m in memberships], **data},
    )


def test_ending_asks_for_a_day_defaulting_to_today_then_ends_all(secretariat_client):
    network = NetworkFactory(name="Brysselnätverket")
    chosen = [
        MembershipFactory(network=network, organisation=OrganisationFactory(name=name))
        for name in ("Lunds kommun", "Ystads kommun")
    ]
    page = choose(secretariat_client, chosen)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Avsluta 2 medlemskap" in html and "Lunds kommun – Brysselnätverket" in html
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert not Membership.objects.filter(end_date__isnull=False).exists()  # nothing yet

    done = choose(secretariat_client, chosen, confirm="1", on="2026-03-31")
    assert done.status_code == 302
    assert set(Membership.objects.values_list("end_date", flat=True)) == {
        datetime.date(2026, 3, 31)
    }
    shown = secretariat_client.get(done["Location"]).content.decode()
    assert f"2 medlemskap avslutades {date_format(datetime.date(2026, 3, 31))}." in shown
    entry = Membership.history.filter(end_date=datetime.date(2026, 3, 31)).first()
    assert entry.history_change_reason == "admin" and entry.history_user is not None


def test_a_membership_that_starts_later_ends_none_and_is_named(secretariat_client):
    network = NetworkFactory(name="Brysselnätverket")
    early = MembershipFactory(network=network, organisation=OrganisationFactory(name="Lund"))
    late = MembershipFactory(
        network=network,
        organisation=OrganisationFactory(name="Ystads kommun"),
        start_date=datetime.date(2026, 6, 1),
    )
    response = choose(secretariat_client, [early, late], confirm="1", on="2026-03-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 medlemskap börjar efter 2026-03-31" in html
    assert "Ystads kommun i Brysselnätverket (från 2026-06-01)" in html
    assert "Inget avslutades" in html
    assert not Membership.objects.filter(end_date__isnull=False).exists()


@pytest.mark.parametrize("day", ["", "31/31/2026"])
def test_a_missing_or_unreadable_day_is_asked_for_again(secretariat_client, day):
    membership = MembershipFactory()
    response = choose(secretariat_client, [membership], confirm="1", on=day)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Membership.objects.get().end_date is None


@pytest.fixture
def members():
    network = NetworkFactory(name="Brysselnätverket", slug="brysselnatverket")
    rows = {
        name: MembershipFactory(
            network=network, organisation=OrganisationFactory(name=name), role=role
        )
        for name, role in (
            ("Alvesta kommun", MembershipRole.MEMBER),
            ("Bjuvs kommun", MembershipRole.MEMBER),
            ("Cimbrishamn", MembershipRole.MEMBER),
            ("Region Skåne", MembershipRole.CONVENER),
        )
    }
    return network, rows


def order_page(network):
    return reverse("admin:registry_network_member_order", args=[network.pk])


def listed(network) -> list[str]:
    rows = Membership.objects.filter(network=network).order_by(*membership_order())
    return [m.organisation.name for m in rows]


def test_the_convener_comes_first_then_the_order_the_secretariat_gives(
    secretariat_client, client, members
):
    network, rows = members
    page = secretariat_client.get(order_page(network)).content.decode()
    assert page.index("Region Skåne") < page.index("Alvesta kommun") < page.index("Bjuvs")
    assert "<script" not in page.split('id="member-order"')[1].split("</table>")[0]

    moved = secretariat_client.post(
        order_page(network), {"membership": rows["Cimbrishamn"].pk, "direction": "up"}
    )
    assert moved.status_code == 302
    assert listed(network) == ["Region Skåne", "Alvesta kommun", "Cimbrishamn", "Bjuvs kommun"]
    secretariat_client.post(
        order_page(network), {"membership": rows["Alvesta kommun"].pk, "direction": "down"}
    )
    expected = ["Region Skåne", "Cimbrishamn", "Alvesta kommun", "Bjuvs kommun"]
    assert listed(network) == expected

    public = client.get(network.get_absolute_url()).content.decode()
    positions = [public.index(name) for name in expected]
    assert positions == sorted(positions)
    api = client.get(f"/api/v1/networks/{network.slug}/").json()
    assert [m["organisation"]["name"] for m in api["members"]] == expected


def test_a_member_first_of_its_role_does_not_pass_the_convener(secretariat_client, members):
    network, rows = members
    response = secretariat_client.post(
        order_page(network),
        {"membership": rows["Alvesta kommun"].pk, "direction": "up"},
        follow=True,
    )
    assert "Alvesta kommun står redan först bland sin roll." in response.content.decode()
    assert listed(network)[:2] == ["Region Skåne", "Alvesta kommun"]


def test_another_networks_member_cannot_be_moved_here(secretariat_client, members):
    network, _rows = members
    stranger = MembershipFactory()
    response = secretariat_client.post(
        order_page(network), {"membership": stranger.pk, "direction": "up"}
    )
    assert response.status_code == 404


def test_the_order_page_ends_several_members_through_the_list_action(secretariat_client, members):
    network, rows = members
    page = secretariat_client.get(order_page(network)).content.decode()
    assert f'form="end-chosen" name="_selected_action" value="{rows["Bjuvs kommun"].pk}"' in page
    confirm = choose(secretariat_client, [rows["Bjuvs kommun"], rows["Cimbrishamn"]])
    assert "Avsluta 2 medlemskap" in confirm.content.decode()
