"""The back office: every changelist and change form, rendered with the seed data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from natverk.people.models import Person, Representation
from natverk.registry.enums import MembershipRole
from natverk.registry.models import (
    FocusTag,
    Membership,
    Network,
    Organisation,
    PageSettings,
    Relation,
)
from tests.factories import MembershipFactory, NetworkFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def results(response) -> str:
    """The changelist's table of rows, without the filters beside it."""
    page = text(response)
    start = page.index('id="result_list"')
    return page[start : page.index("</table>", start)]


@pytest.fixture
def representative():
    network = Network.objects.get(slug="skur-natverket")
    malmo = Organisation.objects.get(slug="malmo")
    person = PersonFactory(
        given_name="Eva", family_name="Lindqvist", title="EU-samordnare", employer=malmo
    )
    Representation.objects.create(person=person, network=network, organisation=malmo)
    return person


def test_admin_speaks_swedish(secretariat_client):
    page = text(secretariat_client.get(reverse("admin:index")))
    assert "Nätverk – administration" in page
    assert 'lang="sv"' in page


def test_organisation_changelist_lists_kinds_and_finds_by_alias(secretariat_client):
    page = text(secretariat_client.get(changelist(Organisation)))
    assert "Malmö stad" in page and "1280" in page
    found = results(secretariat_client.get(changelist(Organisation), {"q": "Malmö högskola"}))
    assert "Malmö universitet" in found
    assert "Lunds kommun" not in found
    municipalities = results(
        secretariat_client.get(changelist(Organisation), {"kind__exact": "municipality"})
    )
    assert "Ystads kommun" in municipalities
    assert "Region Skåne" not in municipalities


def test_organisation_change_form_shows_names_groups_and_networks(secretariat_client):
    page = text(secretariat_client.get(change(Organisation.objects.get(slug="malmo-universitet"))))
    assert 'value="Malmö universitet"' in page
    assert 'value="Malmö högskola"' in page
    assert "2018-01-01" in page
    assert "SKUR-nätverket" in page
    corner = text(secretariat_client.get(change(Organisation.objects.get(slug="sosk"))))
    assert "Ystads kommun" in corner  # what the grouping contains


def test_network_changelist_shows_conveners_members_and_our_role(secretariat_client):
    page = results(secretariat_client.get(changelist(Network)))
    assert "Vår roll" in page
    assert "SKUR-nätverket" in page
    assert "Strategiska fondsamordningsgruppen" in page
    skur_row = page[page.index("SKUR-nätverket") :]
    skur_row = skur_row[: skur_row.index("</tr>")]
    assert "Region Skåne" in skur_row  # the convener
    assert ">5<" in skur_row  # five members
    assert ">deltar<" in skur_row
    bryssel_row = page[page.index("Brysselnätverket") :]
    assert ">driver<" in bryssel_row[: bryssel_row.index("</tr>")]


def test_network_changelist_filters_by_our_role(secretariat_client):
    driven = results(secretariat_client.get(changelist(Network), {"home_role": "drives"}))
    assert "Brysselnätverket" in driven and "Strategiska EU-nätverket" in driven
    assert "SKUR-nätverket" not in driven


def test_network_changelist_finds_networks_by_a_members_former_name(secretariat_client):
    found = results(secretariat_client.get(changelist(Network), {"q": "Malmö högskola"}))
    assert "SKUR-nätverket" in found and "Strategiska EU-nätverket" in found
    assert "Landsbygdspartnerskapet" not in found


@pytest.mark.usefixtures("identity_kept")
def test_network_changelist_costs_the_same_queries_for_few_and_many(secretariat_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert secretariat_client.get(changelist(Network)).status_code == 200
        return len(queries)

    few = count()
    for _ in range(20):
        MembershipFactory(network=NetworkFactory(), role=MembershipRole.CONVENER)
    assert count() == few


def test_network_change_form_shows_members_relations_representatives_and_our_role(
    secretariat_client, representative
):
    network = Network.objects.get(slug="skur-natverket")
    page = text(secretariat_client.get(change(network)))
    assert 'value="SKUR-nätverket"' in page
    assert "Stad, Kommun, Universitet och Region" in page
    assert "Region Skåne" in page and "Malmö universitet" in page
    assert "Eva Lindqvist" in page  # representative inline
    fond = text(secretariat_client.get(change(Network.objects.get(slug="fondsamordningsgruppen"))))
    assert "Strategiska fondsamordningsgruppen" in fond  # relation inline


def add_network_data(**memberships) -> dict:
    data = {
        "name": "Nytt nätverk",
        "slug": "nytt-natverk",
        "status": "active",
        "formality": "formal",
        "residential_places": "",
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
        "representations-TOTAL_FORMS": "0",
        "representations-INITIAL_FORMS": "0",
        "coordinations-TOTAL_FORMS": "0",
        "coordinations-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": "0",
    }
    for index, (organisation, period) in enumerate(memberships.items()):
        prefix = f"memberships-{index}-"
        data[prefix + "organisation"] = str(
            Organisation.objects.get(slug=organisation.rstrip("_2")).pk
        )
        data[prefix + "role"] = "member"
        data[prefix + "position"] = str(index)
        data[prefix + "start_date"] = period[0]
        data[prefix + "end_date"] = period[1]
    return data


def test_adding_a_network_with_a_member_through_the_admin(secretariat_client, secretariat_user):
    response = secretariat_client.post(
        reverse("admin:registry_network_add"),
        add_network_data(lund=("2024-01-01", "")),
    )
    assert response.status_code == 302
    network = Network.objects.get(slug="nytt-natverk")
    assert list(network.memberships.values_list("organisation__slug", flat=True)) == ["lund"]
    assert network.history.get().history_user == secretariat_user


def test_admin_refuses_overlapping_memberships_and_names_the_conflict(secretariat_client):
    response = secretariat_client.post(
        reverse("admin:registry_network_add"),
        add_network_data(lund=("2024-01-01", "2024-12-31"), lund_2=("2024-06-01", "")),
    )
    page = text(response)
    assert "Lunds kommun" in page
    assert "överlappar" in page
    assert not Network.objects.filter(slug="nytt-natverk").exists()


def test_admin_refuses_an_overlap_with_a_stored_membership(secretariat_client):
    membership = Membership.objects.get(network__slug="skur-natverket", organisation__slug="malmo")
    response = secretariat_client.post(
        reverse("admin:registry_membership_add"),
        {
            "network": membership.network.pk,
            "organisation": membership.organisation.pk,
            "role": "member",
            "position": "0",
            "start_date": "2025-01-01",
        },
    )
    page = text(response)
    assert "Malmö stad" in page and "SKUR-nätverket" in page
    assert (
        Membership.objects.filter(
            network=membership.network, organisation=membership.organisation
        ).count()
        == 1
    )


def test_admin_refuses_a_reversed_period(secretariat_client):
    response = secretariat_client.post(
        reverse("admin:registry_network_add"),
        add_network_data(lund=("2024-12-31", "2024-01-01")),
    )
    assert "Slutdatumet kan inte vara före startdatumet." in text(response)
    assert not Network.objects.filter(slug="nytt-natverk").exists()


def test_membership_changelist_and_the_end_action(secretariat_client):
    skur = Network.objects.get(slug="skur-natverket")
    page = results(secretariat_client.get(changelist(Membership), {"network__id__exact": skur.pk}))
    assert "Malmö universitet" in page and "Landsbygdspartnerskapet" not in page
    chosen = Membership.objects.filter(
        network=skur, organisation__slug__in=["malmo", "malmo-universitet"]
    )
    response = secretariat_client.post(
        changelist(Membership),
        {
            "action": "end_on",
            "_selected_action": [str(m.pk) for m in chosen],
            "confirm": "1",
            "on": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    assert f"2 medlemskap avslutades {date_format(timezone.localdate())}." in text(response)
    assert set(chosen.values_list("end_date", flat=True)) == {timezone.localdate()}
    # The end date is the last day of membership, so both still count today.
    listed = results(secretariat_client.get(changelist(Membership), {"q": "Malmö universitet"}))
    assert date_format(timezone.localdate()) in listed


def test_membership_change_form(secretariat_client):
    membership = Membership.objects.get(
        network__slug="strategiska-eu-natverket", organisation__slug="interreg"
    )
    page = text(secretariat_client.get(change(membership)))
    assert "representanter från INTERREG-programmen" in page


def test_relation_changelist_and_change_form(secretariat_client):
    page = text(secretariat_client.get(changelist(Relation)))
    assert "Landsbygdspartnerskapet" in page and "Länsstyrelsen Skåne" in page
    relation = Relation.objects.get(source__slug="fondsamordningsgruppen")
    form = text(secretariat_client.get(change(relation)))
    assert "Strategiska fondsamordningsgruppen" in form


def test_focus_changelist_and_change_form(secretariat_client):
    page = text(secretariat_client.get(changelist(FocusTag)))
    assert "Landsbygdsutveckling" in page
    form = text(secretariat_client.get(change(FocusTag.objects.get(slug="eu"))))
    assert 'value="EU"' in form


def test_page_settings_show_the_derived_last_updated_date(secretariat_client):
    page = text(secretariat_client.get(changelist(PageSettings)))
    assert "Alma Sandberg" in page
    form = text(secretariat_client.get(change(PageSettings.load())))
    assert 'value="Alma Sandberg"' in form
    assert str(timezone.localdate().year) in form
    assert "Senast uppdaterad (enligt historiken)" in form
    assert 'name="last_updated"' not in form  # derived, so not editable


def test_person_changelist_and_change_form(secretariat_client, representative):
    page = text(secretariat_client.get(changelist(Person)))
    assert "Lindqvist" in page and representative.email in page
    form = text(secretariat_client.get(change(representative)))
    assert 'value="Eva"' in form and "SKUR-nätverket" in form


def test_representation_changelist_and_change_form(secretariat_client, representative):
    page = text(secretariat_client.get(changelist(Representation)))
    assert "Eva Lindqvist" in page and "Malmö stad" in page
    form = text(secretariat_client.get(change(representative.representations.get())))
    assert "SKUR-nätverket" in form


def test_history_pages_say_who_changed_what(secretariat_client):
    network = Network.objects.get(slug="skur-natverket")
    page = text(
        secretariat_client.get(reverse("admin:registry_network_history", args=[network.pk]))
    )
    assert "load_seed" in page


def test_an_ended_representation_outside_the_membership_is_refused():
    from django.core.exceptions import ValidationError

    network = Network.objects.get(slug="skur-natverket")
    person = PersonFactory()
    outsider = Organisation.objects.get(slug="ystad")
    ended = datetime.date(2020, 6, 30)
    representation = Representation(
        person=person,
        network=network,
        organisation=outsider,
        start_date=datetime.date(2020, 1, 1),
        end_date=ended,
    )
    with pytest.raises(ValidationError) as raised:
        representation.full_clean()
    assert "Ystads kommun" in str(raised.value)
    assert "inte medlem i SKUR-nätverket" in str(raised.value)
