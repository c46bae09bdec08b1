"""The standing data-quality report: each kind of finding counted and linked to what to
fix, the same as a spreadsheet, a one-click fix of former names in text, and bounded
queries however many findings there are."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from natverk.registry.enums import (
    MembershipRole,
    NameKind,
    NetworkStatus,
    OrganisationKind,
    RelationKind,
)
from natverk.registry.models import Network, OrganisationName, Relation
from natverk.registry.quality import duplicate_organisations, former_name_replaced
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)
REPORT = "admin:registry_quality"


def report(client):
    response = client.get(reverse(REPORT))
    assert response.status_code == 200
    return response, {finding.key: finding for finding in response.context["findings"]}


def member(network, organisation=None, role=MembershipRole.MEMBER, start=START):
    return MembershipFactory(
        network=network,
        organisation=organisation or OrganisationFactory(),
        role=role,
        start_date=start,
    )


@pytest.fixture
def findings_of_every_kind():
    """A register with one finding of each kind, and as many rows that are fine."""
    fine = NetworkFactory(name="Välskött nätverk")
    member(fine, role=MembershipRole.CONVENER)
    member(fine)
    pair = NetworkFactory(name="Delat nätverk")
    member(pair, role=MembershipRole.CO_CONVENER)
    member(pair, role=MembershipRole.CO_CONVENER)

    leaderless = NetworkFactory(name="Nätverk utan ledning")
    member(leaderless)
    empty = NetworkFactory(name="Tomt nätverk")
    NetworkFactory(name="Nedlagt nätverk", status=NetworkStatus.CLOSED)
    undated = member(fine, start=None)
    alone = NetworkFactory(name="Halvt delat nätverk")
    lonely = member(alone, role=MembershipRole.CO_CONVENER)
    unreviewed = OrganisationFactory(name="Okänd förening", needs_review=True)

    skanes = OrganisationFactory(name="Skånes Kommuner", kind=OrganisationKind.ASSOCIATION)
    OrganisationName.objects.create(
        organisation=skanes,
        name="Kommunförbundet Skåne",
        kind=NameKind.FORMER,
        replaced_on=datetime.date(2019, 6, 1),
    )
    dated = NetworkFactory(
        name="EU-nätverket",
        introduction="<p>Kommunförbundet Skåne samordnar. Kommunförbundet Skåne bjuder in.</p>",
    )
    member(dated, role=MembershipRole.CONVENER)

    region = OrganisationFactory(name="Region Skåne", kind=OrganisationKind.REGION)
    misspelt = OrganisationFactory(name="Region Skane", kind=OrganisationKind.REGION)
    OrganisationFactory(name="Linköpings kommun", municipality_code="0580")
    OrganisationFactory(name="Lidköpings kommun", municipality_code="1494")
    OrganisationFactory(name="Företagarna Lidköping", kind=OrganisationKind.INTEREST_ORG)
    OrganisationFactory(name="Företagarna Linköping", kind=OrganisationKind.INTEREST_ORG)
    numbered = OrganisationFactory(name="Leader Sydost", org_number="802456-1234")
    twin = OrganisationFactory(name="LAG Sydöstra Skåne", org_number="802456-1234")
    return locals()


def test_the_report_counts_each_finding_and_links_what_to_fix(
    secretariat_client, findings_of_every_kind
):
    made = findings_of_every_kind
    response, found = report(secretariat_client)
    page = response.content.decode()

    assert [row.label for row in found["no-convener"].rows] == ["Nätverk utan ledning"]
    assert [row.label for row in found["no-members"].rows] == ["Tomt nätverk"]
    assert found["no-start"].count == 1
    assert found["no-start"].rows[0].url == reverse(
        "admin:registry_membership_change", args=[made["undated"].pk]
    )
    assert [row.url for row in found["joint-alone"].rows] == [
        reverse("admin:registry_membership_change", args=[made["lonely"].pk])
    ]
    assert [row.label for row in found["unreviewed"].rows] == ["Okänd förening"]
    assert found["former-names"].count == 1
    assert found["former-names"].rows[0].label == "EU-nätverket"
    assert found["former-names"].rows[0].detail == "”Kommunförbundet Skåne” → ”Skånes Kommuner”"

    pairs = {frozenset(row.cells[:2]) for row in found["duplicates"].rows}
    assert pairs == {
        frozenset({"Region Skåne", "Region Skane"}),
        frozenset({"Leader Sydost", "LAG Sydöstra Skåne"}),
    }
    for key, finding in found.items():
        assert f'href="#{key}"' in page
        for row in finding.rows:
            assert row.url in page
    assert reverse("admin:registry_network_change", args=[made["empty"].pk]) in page
    assert "Nätverk utan sammankallande" in page and "Datakvalitet" in page
    assert '<th scope="col">Att rätta</th>' in page


def test_the_start_page_links_the_report(secretariat_client):
    page = secretariat_client.get(reverse("admin:index")).content.decode()
    assert reverse(REPORT) in page


def test_the_report_in_english(secretariat_client, findings_of_every_kind):
    page = secretariat_client.get("/en" + reverse(REPORT)).content.decode()
    assert "Networks without a convener" in page


def test_the_spreadsheet_has_a_sheet_per_finding_and_every_row(
    secretariat_client, findings_of_every_kind
):
    for number in range(60):
        NetworkFactory(name=f"Tomt nätverk {number:02}")
    response = secretariat_client.get(reverse("admin:registry_quality_xlsx"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Sammanfattning",
        "Utan sammankallande",
        "Utan medlemmar",
        "Utan startdatum",
        "Ensam gemensam sammankallande",
        "Ej granskade",
        "Tidigare namn i text",
        "Möjliga dubbletter",
    ]
    empty = workbook["Utan medlemmar"]
    assert empty.max_row == 1 + 61  # the heading and every one, not the page's 50
    assert empty["A2"].value == "Tomt nätverk"
    assert empty["C2"].value.endswith(
        reverse("admin:registry_network_change", args=[findings_of_every_kind["empty"].pk])
    )
    page = secretariat_client.get(reverse(REPORT)).content.decode()
    assert "De första 50 av 61" in page


def test_the_one_click_fix_replaces_the_former_name_and_keeps_it_in_history(
    secretariat_client, secretariat_user, findings_of_every_kind
):
    network = findings_of_every_kind["dated"]
    _response, found = report(secretariat_client)
    fix = found["former-names"].rows[0].action_url
    confirm = secretariat_client.get(fix).content.decode()
    assert "Skånes Kommuner samordnar. Skånes Kommuner bjuder in." in confirm
    assert Network.objects.get(pk=network.pk).introduction.count("Kommunförbundet") == 2

    response = secretariat_client.post(fix, follow=True)
    network.refresh_from_db()
    assert network.introduction == ("<p>Skånes Kommuner samordnar. Skånes Kommuner bjuder in.</p>")
    assert "ersatt med ”Skånes Kommuner” 2 gånger" in response.content.decode()
    latest = network.history.latest()
    assert latest.history_user == secretariat_user
    assert "Kommunförbundet Skåne" in latest.history_change_reason
    _response, found = report(secretariat_client)
    assert found["former-names"].count == 0

    # Sent again (a second tab): said so, never a 500, nothing changed.
    again = secretariat_client.post(fix, follow=True)
    assert again.status_code == 200
    assert "använder inte längre det tidigare namnet" in again.content.decode()


def test_a_former_name_that_begins_the_current_one_is_not_a_finding():
    assert former_name_replaced("Region Skåne län", "Region Skåne", "Region Skåne län") == (
        "Region Skåne län",
        0,
    )
    assert former_name_replaced("SKL och SKLs", "SKL", "SKR") == ("SKR och SKLs", 1)


def test_a_text_that_tells_the_history_or_an_organisations_notes_are_not_findings(
    secretariat_client, findings_of_every_kind
):
    NetworkFactory(introduction="<p>Skånes Kommuner (tidigare Kommunförbundet Skåne).</p>")
    OrganisationFactory(notes="Lämnade Kommunförbundet Skåne 2019, enligt kfsk.se.")
    _response, found = report(secretariat_client)
    assert [row.label for row in found["former-names"].rows] == ["EU-nätverket"]


def test_a_fix_of_a_field_outside_the_report_is_not_found(secretariat_client):
    network = NetworkFactory()
    response = secretariat_client.get(
        reverse("admin:registry_quality_fix", args=["network", network.pk, "slug", 1])
    )
    assert response.status_code == 302  # back to the report, which says why
    assert (
        secretariat_client.get(
            reverse("admin:registry_quality_fix", args=["person", 1, "email", 1])
        ).status_code
        == 404
    )


def test_organisations_with_two_numbers_are_two_however_alike():
    OrganisationFactory(name="Stiftelsen Ale", org_number="802000-0001")
    OrganisationFactory(name="Stiftelsen Ales", org_number="802000-0002")
    OrganisationFactory(name="Ale kommun")
    OrganisationFactory(name="Ale Kommun")
    assert [(p.first.name, p.second.name) for p in duplicate_organisations()] == [
        ("Ale kommun", "Ale Kommun")
    ]


@pytest.mark.parametrize("role", ["outsider", "representative", "coordinator"])
def test_only_the_secretariat_opens_the_report(client, cast, role):
    user = cast.users[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    for name in (REPORT, "admin:registry_quality_xlsx"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def _many(copies: int) -> None:
    for number in range(copies):
        leaderless = NetworkFactory(name=f"Utan ledning {number}")
        member(leaderless, start=None)
        NetworkFactory(name=f"Tom {number}")
        member(NetworkFactory(), role=MembershipRole.CO_CONVENER)
        OrganisationFactory(name=f"Okänd {number}", needs_review=True)
        skanes = OrganisationFactory(name=f"Förbundet {number}")
        OrganisationName.objects.create(
            organisation=skanes, name=f"Gamla förbundet {number}", kind=NameKind.FORMER
        )
        NetworkFactory(introduction=f"<p>Gamla förbundet {number} bjuder in.</p>")
        noted = member(NetworkFactory(), role=MembershipRole.CONVENER)
        noted.note = f"Enligt Gamla förbundet {number}."
        noted.save()
        Relation.objects.create(
            source=noted.network,
            kind=RelationKind.REPORTS_TO,
            target_organisation=skanes,
            note=f"Gamla förbundet {number} tar emot rapporten.",
        )
        OrganisationFactory(name=f"Dubbel förening {number}x", org_number=f"80200{number}-0001")
        OrganisationFactory(name=f"Dubbel förening {number}y", org_number=f"80200{number}-0001")


@pytest.mark.parametrize("copies", [1, 8])
def test_the_report_costs_the_same_queries_with_one_finding_and_many(
    secretariat_client, django_assert_num_queries, copies
):
    _many(copies)
    report(secretariat_client)  # the site's identity read once, as after the first page
    with django_assert_num_queries(QUERIES):
        _response, found = report(secretariat_client)
    assert all(finding.count >= copies for finding in found.values())
    assert found["former-names"].count == 3 * copies
    labels = [row.label for row in found["former-names"].rows]
    assert sum(" i Nätverk " in label for label in labels) == copies  # memberships, named
    assert sum(" rapporterar till " in label for label in labels) == copies  # relations


QUERIES = 19
