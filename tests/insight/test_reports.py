"""The secretariat's reports: who may see them, what they say, and their XLSX."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from natverk.core.models import AuditEntry
from natverk.meetings.enums import MeetingStatus
from natverk.meetings.models import Invitation, Meeting, MeetingNetwork
from natverk.people.models import Representation
from natverk.registry.models import Membership, Network, Organisation
from tests.publishing.support import page_text, query_count
from tests.roles import make_person

pytestmark = pytest.mark.django_db

REPORTS = [
    "/mina-natverk/rapporter/",
    "/mina-natverk/rapporter/engagemang/",
    "/mina-natverk/rapporter/motesplan/",
    "/mina-natverk/rapporter/arbetsbelastning/",
    "/mina-natverk/rapporter/vakanta-platser/",
    "/mina-natverk/rapporter/att-se-over/",
    "/mina-natverk/rapporter/organisationens-ar/?organisation=lund",
]


def held(network: Network, start: datetime.datetime, title: str) -> Meeting:
    meeting = Meeting.objects.create(
        title=title, start=start, end=start + datetime.timedelta(hours=2), status=MeetingStatus.HELD
    )
    MeetingNetwork.objects.create(meeting=meeting, network=network, leading=True)
    return meeting


@pytest.fixture
def lund_last_year(seeded):
    """Lund in SKUR-nätverket since two years, with a representative who was invited to
    three meetings last year, answered two and came to two of them."""
    zone = timezone.get_default_timezone()
    year = timezone.localdate().year - 1
    skur = Network.objects.get(slug="skur-natverket")
    lund = Organisation.objects.get(slug="lund")
    Membership.objects.create(
        network=skur, organisation=lund, start_date=datetime.date(year - 1, 1, 1)
    )
    person = make_person("lundabo", organisation="lund")
    Representation.objects.create(
        person=person, network=skur, organisation=lund, start_date=datetime.date(year - 1, 1, 1)
    )
    for month, answer, attended in [(3, "yes", True), (6, "yes", True), (10, "none", None)]:
        meeting = held(skur, datetime.datetime(year, month, 10, 9, tzinfo=zone), f"SKUR {month}")
        Invitation.objects.create(
            meeting=meeting, person=person, organisation=lund, answer=answer, attended=attended
        )
    # A meeting this year does not count for last year.
    this_year = held(skur, timezone.now() - datetime.timedelta(hours=3), "SKUR i år")
    Invitation.objects.create(meeting=this_year, person=person, organisation=lund, attended=True)
    return person


@pytest.mark.parametrize("url", REPORTS)
def test_reports_are_for_the_secretariat_only(as_role, url):
    assert as_role("anonymous").get(url).status_code == 302
    for role in ("outsider", "representative", "coordinator"):
        assert as_role(role).get(url).status_code == 403, role
    assert as_role("secretariat").get(url).status_code == 200


@pytest.mark.usefixtures("lund_last_year")
def test_how_many_meetings_lund_attended_last_year(secretariat_client):
    year = timezone.localdate().year - 1
    url = f"/mina-natverk/rapporter/organisationens-ar/?organisation=lund&ar={year}"
    text = page_text(secretariat_client, url)
    assert f"Lunds kommun: våra nätverk {year}" in text
    assert f"{year} deltog Lunds kommun i 2 möten av de 3 den var inbjuden till." in text
    assert "SKUR-nätverket medlem" in text
    assert "Lundabo Testsson – SKUR-nätverket (ordinarie)" in text
    response = secretariat_client.get(url + "&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Nätverk", "Representanter", "Möten man deltog i"]
    attended = [[c.value for c in row] for row in book["Möten man deltog i"].iter_rows()]
    assert [row[1] for row in attended[1:]] == ["SKUR 3", "SKUR 6"]
    assert AuditEntry.objects.filter(action="insight.organisation_year.exported").exists()


@pytest.mark.usefixtures("lund_last_year")
def test_engagement_per_organisation_and_network(secretariat_client):
    year = timezone.localdate().year - 1
    url = f"/mina-natverk/rapporter/engagemang/?fran={year}-01-01&till={year}-12-31"
    text = page_text(secretariat_client, url)
    assert "Lunds kommun 3 2 (67 %) 2 2 (67 %) 3 2" in text
    assert "SKUR-nätverket 3 2 (67 %) 2 2 (67 %) 3 2" in text
    book = load_workbook(io.BytesIO(secretariat_client.get(url + "&format=xlsx").content))
    rows = [[c.value for c in row] for row in book["Organisationer"].iter_rows()]
    assert rows[1] == ["Lunds kommun", 3, 2, 2, 2, 3, 2]


def test_a_period_that_ends_before_it_starts_is_told(secretariat_client, seeded):
    text = page_text(
        secretariat_client, "/mina-natverk/rapporter/engagemang/?fran=2025-05-01&till=2025-01-01"
    )
    assert "Perioden slutar innan den börjar." in text


@pytest.mark.usefixtures("lund_last_year")
def test_workload_vacancies_and_networks_to_look_over(secretariat_client):
    text = page_text(secretariat_client, "/mina-natverk/rapporter/arbetsbelastning/?minst=1")
    assert "Lundabo Testsson Lunds kommun 1 SKUR-nätverket" in text
    vacant = page_text(secretariat_client, "/mina-natverk/rapporter/vakanta-platser/")
    assert "SKUR-nätverket Region Skåne" in vacant
    assert "SKUR-nätverket Lunds kommun" not in vacant
    closing = page_text(secretariat_client, "/mina-natverk/rapporter/att-se-over/")
    assert "Brysselnätverket Aktivt ja nej ja" in closing
    assert "SKUR-nätverket" not in closing.split("Nätverk att överväga att avsluta")[-1]
    book = load_workbook(
        io.BytesIO(
            secretariat_client.get("/mina-natverk/rapporter/att-se-over/?format=xlsx").content
        )
    )
    assert book.worksheets[0]["A1"].value == "Nätverk"


def test_an_unknown_organisation_or_year_is_told(secretariat_client, seeded):
    text = page_text(
        secretariat_client, "/mina-natverk/rapporter/organisationens-ar/?organisation=finns-inte"
    )
    assert "Ingen organisation har den nyckeln." in text
    response = secretariat_client.get(
        "/mina-natverk/rapporter/organisationens-ar/?organisation=lund&ar=3000"
    )
    assert response.status_code == 200


@pytest.mark.usefixtures("identity_kept")
def test_reports_cost_a_fixed_number_of_queries(secretariat_client, lund_last_year):
    def counts(tag):
        return [
            query_count(secretariat_client, f"{url}{'&' if '?' in url else '?'}q={tag}")
            for url in REPORTS
        ]

    before = counts(1)
    skur = Network.objects.get(slug="skur-natverket")
    for index in range(5):
        person = make_person(f"fler{index}", organisation="malmo")
        Representation.objects.create(
            person=person, network=skur, organisation=Organisation.objects.get(slug="malmo")
        )
        meeting = held(skur, timezone.now() - datetime.timedelta(days=10 + index), f"Möte {index}")
        Invitation.objects.create(
            meeting=meeting,
            person=lund_last_year,
            organisation=Organisation.objects.get(slug="lund"),
        )
    assert counts(2) == before


def test_the_secretariat_finds_the_reports_from_its_networks_page(as_role):
    assert (
        "Rapporter för sekretariatet"
        in as_role("secretariat").get("/mina-natverk/").content.decode()
    )
    assert (
        "Rapporter för sekretariatet"
        not in as_role("coordinator").get("/mina-natverk/").content.decode()
    )
