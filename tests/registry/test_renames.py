"""Names and addresses that keep their history: renaming an organisation (the "Rename"
action, or a new name in its form) keeps the old name as a former name, which the public
pages, search and the importer still know; a network's new address leaves the old page
and calendar feed redirecting to the new ones."""

import datetime

import pytest
from django.urls import reverse

from natverk.importing.resolution import NameIndex
from natverk.registry.enums import NameKind
from natverk.registry.models import FormerNetworkAddress, Network, Organisation, OrganisationName
from natverk.registry.services.names import network_readdress, organisation_rename
from tests.factories import NetworkFactory, OrganisationFactory
from tests.publishing.support import network_names

pytestmark = pytest.mark.django_db


def change(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def form_data(response, **changes) -> dict:
    """What the browser would post back from a change form, with `changes` made."""
    data: dict = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.forms:
            add(form)
    data.update(changes)
    return data


def rename_in_the_back_office(client, organisation, name, on="2026-01-15"):
    response = client.post(
        reverse("admin:registry_organisation_changelist"),
        {"action": "rename", "_selected_action": [organisation.pk]},
    )
    address = reverse("admin:registry_organisation_rename", args=[organisation.pk])
    assert response.status_code == 302 and response["Location"] == address
    page = client.get(address).content.decode()
    assert f'value="{organisation.name}"' in page  # the current name, to be changed
    return client.post(address, {"name": name, "on": on})


@pytest.mark.usefixtures("seeded")
def test_a_renamed_organisation_keeps_its_old_name_on_pages_in_search_and_import(
    secretariat_client, client, django_capture_on_commit_callbacks
):
    region = Organisation.objects.get(slug="region-skane")
    with django_capture_on_commit_callbacks(execute=True):
        response = rename_in_the_back_office(secretariat_client, region, "Region Skåne Syd")
    assert response.status_code == 302 and response["Location"] == change(region)
    followed = secretariat_client.get(response["Location"]).content.decode()
    assert "Region Skåne heter nu Region Skåne Syd" in followed

    region.refresh_from_db()
    assert region.name == "Region Skåne Syd"
    former = region.other_names.get(name="Region Skåne")
    assert (former.kind, former.replaced_on) == (NameKind.FORMER, datetime.date(2026, 1, 15))

    organisation_page = client.get("/organisationer/region-skane/").content.decode()
    assert "Region Skåne Syd" in organisation_page
    assert "Region Skåne (till 15 januari 2026)" in organisation_page
    networks_page = client.get("/natverk/").content.decode()
    assert "Region Skåne Syd (tidigare Region Skåne)" in networks_page
    assert "SKUR-nätverket" in network_names(client, "/natverk/?q=Region+Skåne")

    assert NameIndex.from_database().exact("Region Skåne").key == "region-skane"


@pytest.mark.usefixtures("seeded")
def test_a_new_name_in_the_form_is_a_rename_too(secretariat_client):
    lund = Organisation.objects.get(slug="lund")
    old = lund.name
    form = secretariat_client.get(change(lund))
    response = secretariat_client.post(change(lund), form_data(form, name="Lunds stad"))
    assert response.status_code == 302
    lund.refresh_from_db()
    assert lund.name == "Lunds stad"
    kept = lund.other_names.get(name=old)
    assert kept.kind == NameKind.FORMER and kept.replaced_on is not None


@pytest.mark.usefixtures("seeded")
def test_a_rename_to_another_organisations_name_is_refused_and_changes_nothing(
    secretariat_client,
):
    lund = Organisation.objects.get(slug="lund")
    names_before = list(OrganisationName.objects.values_list("name", flat=True))

    response = rename_in_the_back_office(secretariat_client, lund, "malmö  STAD")
    assert response.status_code == 200
    assert "är redan ett namn på Malmö stad" in response.content.decode()

    # Kommunförbundet Skåne is the former name of Skånes Kommuner.
    form = secretariat_client.get(change(lund))
    response = secretariat_client.post(change(lund), form_data(form, name="Kommunförbundet Skåne"))
    assert response.status_code == 200
    assert "är redan ett namn på Skånes Kommuner" in response.content.decode()

    lund.refresh_from_db()
    assert lund.name == "Lunds kommun"
    assert list(OrganisationName.objects.values_list("name", flat=True)) == names_before


def test_renaming_back_to_an_earlier_name_takes_it_up_again():
    organisation = OrganisationFactory(name="Kommunförbundet Skåne")
    organisation_rename(organisation=organisation, name="Skånes Kommuner")
    assert organisation_rename(organisation=organisation, name="Kommunförbundet  Skåne")
    organisation.refresh_from_db()
    assert organisation.name == "Kommunförbundet Skåne"
    assert list(organisation.other_names.values_list("name", "kind")) == [
        ("Skånes Kommuner", NameKind.FORMER)
    ]


def test_a_corrected_spelling_is_not_a_former_name():
    organisation = OrganisationFactory(name="Region skåne")
    assert organisation_rename(organisation=organisation, name="Region Skåne")
    assert not organisation.other_names.exists()
    assert not organisation_rename(organisation=organisation, name="Region Skåne")


def test_an_empty_name_is_refused():
    organisation = OrganisationFactory(name="Region Skåne")
    with pytest.raises(Exception, match="tom"):
        organisation_rename(organisation=organisation, name="   ")
    organisation.refresh_from_db()
    assert organisation.name == "Region Skåne"


def test_a_new_address_redirects_the_old_page_and_feed(secretariat_client, client):
    network = NetworkFactory(slug="eu-natverket", name="EU-nätverket", is_public=True)
    form = secretariat_client.get(change(network))
    response = secretariat_client.post(change(network), form_data(form, slug="eu-gruppen"))
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.slug == "eu-gruppen"
    assert list(network.former_addresses.values_list("slug", flat=True)) == ["eu-natverket"]

    for old, new in [
        ("/natverk/eu-natverket/", "/natverk/eu-gruppen/"),
        ("/en/natverk/eu-natverket/", "/en/natverk/eu-gruppen/"),
        ("/natverk/eu-natverket/?utm=nyhetsbrev", "/natverk/eu-gruppen/?utm=nyhetsbrev"),
        ("/kalender/natverk/eu-natverket.ics", "/kalender/natverk/eu-gruppen.ics"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200, new
    # The change form lists the old address.
    assert "eu-natverket" in secretariat_client.get(change(network)).content.decode()


def test_an_address_another_network_has_or_had_is_refused(secretariat_client):
    first = NetworkFactory(slug="forsta")
    network_readdress(network=first, slug="forsta-natverket")
    second = NetworkFactory(slug="andra", name="Andra nätverket")
    form = secretariat_client.get(change(second))
    for taken in ("forsta", "forsta-natverket"):
        response = secretariat_client.post(change(second), form_data(form, slug=taken))
        assert response.status_code == 200
        assert "Adressen" in response.content.decode() and first.name in response.content.decode()
    second.refresh_from_db()
    assert second.slug == "andra" and not second.former_addresses.exists()
    with pytest.raises(Exception, match=first.name):
        network_readdress(network=second, slug="forsta")


def test_going_back_to_an_old_address_takes_it_up_again(client):
    network = NetworkFactory(slug="gammal", is_public=True)
    network_readdress(network=network, slug="ny")
    network_readdress(network=network, slug="gammal")
    assert list(network.former_addresses.values_list("slug", flat=True)) == ["ny"]
    assert client.get("/natverk/gammal/").status_code == 200
    assert client.get("/natverk/ny/")["Location"] == "/natverk/gammal/"


def test_the_old_address_of_a_network_that_is_not_public_is_not_found(client):
    network = NetworkFactory(slug="intern", is_public=False)
    network_readdress(network=network, slug="intern-2")
    assert client.get("/natverk/intern/").status_code == 404
    assert client.get("/kalender/natverk/intern.ics").status_code == 404
    assert Network.objects.filter(slug="intern-2").exists()
    assert FormerNetworkAddress.objects.filter(slug="intern").exists()
