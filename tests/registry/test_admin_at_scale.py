"""The back office at national scale: every list and form costs the same number of
queries with one row as with many, large inlines become links to filtered lists, and a
search across members finds each network once. (Time is measured in
`bench/backoffice.py`, not here.)"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from natverk.meetings.models import Meeting, MeetingDocument
from natverk.people.models import Person, Representation
from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership, Network, Organisation, OrganisationName
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def queries(client, url: str) -> tuple[int, str]:
    client.get(url)  # what is cached once per process (content types) is not counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def a_seated_member(network: Network) -> Membership:
    membership = MembershipFactory(network=network)
    RepresentationFactory(network=network, organisation=membership.organisation)
    return membership


@pytest.mark.parametrize(
    "model", [Network, Organisation, Membership, Representation, Person, Meeting]
)
def test_changelists_cost_the_same_queries_for_one_row_and_many(secretariat_client, model):
    network = NetworkFactory()
    a_seated_member(network)
    PersonFactory(employer=OrganisationFactory())
    Meeting.objects.create(title="Möte", start="2026-03-01T10:00:00Z")
    one, _ = queries(secretariat_client, changelist(model))
    for number in range(40):
        other = NetworkFactory()
        MembershipFactory(network=other, role=MembershipRole.CONVENER)
        a_seated_member(other)
        Meeting.objects.create(title=f"Möte {number}", start="2026-03-02T10:00:00Z")
    many, _ = queries(secretariat_client, changelist(model))
    assert many == one


def test_network_form_costs_the_same_queries_for_one_member_and_many(secretariat_client):
    network = NetworkFactory()
    a_seated_member(network)
    one, page = queries(secretariat_client, change(network))
    assert "memberships-0-organisation" in page
    for _number in range(1, 15):
        a_seated_member(network)
    many, page = queries(secretariat_client, change(network))
    assert many == one
    # The chosen organisation and person of every row are still named in their fields.
    for membership in network.memberships.select_related("organisation"):
        assert f'value="{membership.organisation_id}" selected>{membership.organisation}' in page
    for seat in network.representations.select_related("person"):
        assert f'value="{seat.person_id}" selected>{seat.person}' in page


def test_organisation_form_costs_the_same_queries_for_one_network_and_many(
    secretariat_client,
):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation)
    one, _ = queries(secretariat_client, change(organisation))
    for _ in range(40):
        MembershipFactory(organisation=organisation)
    many, page = queries(secretariat_client, change(organisation))
    assert many == one
    assert "memberships-39-network" in page


def test_an_organisation_in_hundreds_of_networks_links_to_its_memberships(secretariat_client):
    organisation = OrganisationFactory(name="Skånes Kommuner", slug="sk")
    for _ in range(51):
        MembershipFactory(organisation=organisation)
    _count, page = queries(secretariat_client, change(organisation))
    assert "memberships-0-network" not in page  # no form row for each of them
    listed = f"{changelist(Membership)}?organisation__id__exact={organisation.pk}"
    assert f'href="{listed}"' in page
    assert "Nätverk (51)" in page
    assert f"{reverse('admin:registry_membership_add')}?organisation={organisation.pk}" in page
    # The list it links to holds exactly those memberships.
    response = secretariat_client.get(listed)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 51

    # The form still saves, and the memberships it did not show are kept.
    response = secretariat_client.post(
        change(organisation),
        {
            "name": "Skånes Kommuner",
            "slug": "sk",
            "kind": organisation.kind,
            "other_names-TOTAL_FORMS": "0",
            "other_names-INITIAL_FORMS": "0",
            "affiliations-TOTAL_FORMS": "0",
            "affiliations-INITIAL_FORMS": "0",
            "member_affiliations-TOTAL_FORMS": "0",
            "member_affiliations-INITIAL_FORMS": "0",
            "short_name": "SK",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    organisation.refresh_from_db()
    assert organisation.short_name == "SK"
    assert organisation.memberships.count() == 51


def test_a_network_with_many_seats_links_to_its_representatives(secretariat_client):
    network = NetworkFactory()
    for _number in range(16):  # 32 seats: more than a form holds
        membership = a_seated_member(network)
        RepresentationFactory(network=network, organisation=membership.organisation)
    _, page = queries(secretariat_client, change(network))
    assert "representations-0-person" not in page
    assert "memberships-15-organisation" in page  # the 16 members are still edited here
    assert f"{changelist(Representation)}?network__id__exact={network.pk}" in page


def test_network_search_across_members_lists_each_network_once(secretariat_client):
    network = NetworkFactory(name="Kustnätverket")
    for name in ("Malmö stad", "Malmö universitet"):
        MembershipFactory(network=network, organisation=OrganisationFactory(name=name))
    former = OrganisationFactory(name="Lunds universitet")
    OrganisationName.objects.create(organisation=former, name="Malmö lärarhögskola", kind="former")
    MembershipFactory(network=network, organisation=former)
    NetworkFactory(name="Inlandsnätverket")
    response = secretariat_client.get(changelist(Network), {"q": "malmö"})
    assert [row.name for row in response.context["cl"].result_list] == ["Kustnätverket"]
    response = secretariat_client.get(changelist(Network), {"q": "lärarhögskola"})
    assert [row.name for row in response.context["cl"].result_list] == ["Kustnätverket"]
    response = secretariat_client.get(changelist(Organisation), {"q": "lärarhögskola"})
    assert [row.name for row in response.context["cl"].result_list] == ["Lunds universitet"]


def test_a_meeting_document_is_added_by_choosing_its_meeting_by_name(secretariat_client):
    for number in range(30):
        Meeting.objects.create(title=f"Möte {number}", start="2026-03-02T10:00:00Z")
    page = secretariat_client.get(reverse("admin:meetings_meetingdocument_add")).content.decode()
    assert "Möte 17" not in page  # not a list of every meeting: searched as one types
    assert 'data-field-name="meeting"' in page
    assert MeetingDocument.objects.count() == 0


def autocomplete(client, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": term,
            "app_label": "registry",
            "model_name": "membership",
            "field_name": "organisation",
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.mark.usefixtures("seeded")
def test_the_organisation_autocomplete_puts_the_exact_name_first_and_says_what_each_is(
    secretariat_client,
):
    found = autocomplete(secretariat_client, "region skåne")
    assert found[0].startswith("Region Skåne · region · Skåne län")
    groupings = [text for text in found if "gruppering" in text.lower() or "Grupp" in text]
    assert all(text.startswith("Gruppering: ") for text in groupings)
    # A former name names the organisation it belonged to, with the name it has now.
    assert autocomplete(secretariat_client, "Kommunförbundet Skåne")[0].startswith(
        "Skånes Kommuner · "
    )
    assert (
        "tidigare Kommunförbundet Skåne" in autocomplete(secretariat_client, "Skånes Kommuner")[0]
    )


def test_exact_names_then_beginnings_then_the_rest_then_close_spellings(secretariat_client):
    OrganisationFactory(name="Nordvästra Lunds samverkan")
    OrganisationFactory(name="Lundaberg kommun")
    OrganisationFactory(name="Lunds kommun", short_name="Lund")
    alias = OrganisationFactory(name="Kommunförbundet Lund Väst")
    OrganisationName.objects.create(organisation=alias, name="KLV")
    texts = autocomplete(secretariat_client, "lund")
    assert [text.split(" · ")[0] for text in texts] == [
        "Lunds kommun (Lund)",  # the short name is the term
        "Lundaberg kommun",  # begins with it
        "Kommunförbundet Lund Väst",  # has it inside, shorter first
        "Nordvästra Lunds samverkan",
    ]
    assert autocomplete(secretariat_client, "klv")[0].startswith("Kommunförbundet Lund Väst")
    assert autocomplete(secretariat_client, "Lundaberj kommun")[0].startswith("Lundaberg kommun")


def test_the_autocomplete_costs_the_same_queries_for_one_answer_and_many(secretariat_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            autocomplete(secretariat_client, "kommun")
        return len(captured)

    named = OrganisationFactory(name="Första kommun")
    OrganisationName.objects.create(organisation=named, name="Gamla kommun", kind="former")
    autocomplete(secretariat_client, "kommun")
    one = count()
    for number in range(15):
        other = OrganisationFactory(name=f"Kommun {number}")
        OrganisationName.objects.create(organisation=other, name=f"Gammal {number}", kind="former")
    assert count() == one
    # With a full page of answers, close spellings are not looked for: fewer still.
    for number in range(15, 40):
        OrganisationFactory(name=f"Kommun {number}")
    assert count() == one - 2


def test_lists_are_filtered_by_typing_part_of_a_networks_name(secretariat_client):
    eu = NetworkFactory(name="EU-nätverket", short_name="EUN")
    rural = NetworkFactory(name="Landsbygdsnätverket")
    MembershipFactory(network=eu, organisation=OrganisationFactory(name="Lunds kommun"))
    MembershipFactory(network=rural, organisation=OrganisationFactory(name="Ystads kommun"))
    meeting = Meeting.objects.create(title="Gemensamt möte", start="2026-03-01T10:00:00Z")
    meeting.meetingnetwork_set.create(network=eu)
    meeting.meetingnetwork_set.create(network=rural)
    Meeting.objects.create(title="Annat möte", start="2026-03-02T10:00:00Z")

    response = secretariat_client.get(changelist(Membership), {"natverk": "eu-nät"})
    assert [str(row.organisation) for row in response.context["cl"].result_list] == ["Lunds kommun"]
    page = response.content.decode()
    assert 'name="natverk" value="eu-nät"' in page
    assert "Landsbygdsnätverket" not in page  # no link for every network
    response = secretariat_client.get(changelist(Meeting), {"natverk": "nätverket"})
    assert [row.title for row in response.context["cl"].result_list] == ["Gemensamt möte"]
    response = secretariat_client.get(changelist(Membership), {"natverk": "eun", "role": "member"})
    assert len(response.context["cl"].result_list) == 1


def test_the_focus_widget_names_its_lists_in_the_plural(secretariat_client):
    page = secretariat_client.get(reverse("admin:registry_network_add")).content.decode()
    assert 'data-field-name="inriktningar"' in page


def test_no_form_of_the_back_office_lists_every_row_of_a_large_table(secretariat_client):
    """People, organisations, networks and meetings are chosen by search in every add
    form: at national scale a list of each would make pages of megabytes."""
    for number in range(60):
        network = NetworkFactory()
        a_seated_member(network)
        Meeting.objects.create(title=f"Möte {number}", start="2026-03-02T10:00:00Z")
    request = secretariat_client.get(reverse("admin:index")).wsgi_request
    too_long = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(request):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        response = secretariat_client.get(url)
        if response.status_code != 200:
            continue
        page = response.content.decode()
        for select in page.split("<select")[1:]:
            if select.split("</select>")[0].count("<option") > 60:
                too_long.append(f"{url}: {select.split('name=')[1].split()[0]}")
    assert too_long == []
