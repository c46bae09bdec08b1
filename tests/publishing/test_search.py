"""The search finds what people type: compounds and their parts, words without å, ä and
ö, organisations, and networks by the organisations in them, on SQLite and PostgreSQL."""

import datetime
import html as markup

import pytest
from django.utils import timezone

from natverk.publishing.search import documents_refresh
from natverk.registry.models import Membership, Network, Organisation
from tests.publishing.support import network_names, page_text

pytestmark = pytest.mark.django_db


def found(client, query: str) -> list[str]:
    return network_names(client, f"/natverk/?roll=alla&q={query}")


@pytest.mark.usefixtures("seeded")
def test_a_compound_finds_its_parts_written_apart(client):
    # "de fyra struktur- och investeringsfonderna"
    assert "Fondsamordningsgruppen" in found(client, "strukturfonder")
    assert "Fondsamordningsgruppen" in found(client, "investeringsfonder")
    assert "Fondsamordningsgruppen" in found(client, "fonderna")


@pytest.mark.usefixtures("seeded")
def test_a_compound_finds_a_focus_area_written_apart(client):
    network = Network.objects.get(slug="skur-natverket")
    network.focus_tags.create(slug="fonder", name="Struktur- och investeringsfonder")
    documents_refresh([network.pk])
    assert "SKUR-nätverket" in found(client, "strukturfonder")


@pytest.mark.usefixtures("seeded")
def test_letters_without_their_dots_and_rings(client):
    assert found(client, "malmo+hogskola") == found(client, "Malmö+högskola")
    assert "SKUR-nätverket" in found(client, "malmo+hogskola")
    assert "Landsbygdspartnerskapet" in found(client, "lansstyrelsen")


@pytest.mark.usefixtures("seeded")
def test_networks_and_organisations_in_one_search(client):
    text = page_text(client, "/natverk/?q=malmo+universitet")
    assert "Organisationer" in text
    html = client.get("/natverk/?q=malmo+universitet").content.decode()
    assert 'href="/organisationer/malmo-universitet/"' in html
    assert "SKUR-nätverket" in found(client, "malmo+universitet")


@pytest.mark.usefixtures("seeded")
def test_an_organisation_finds_the_networks_it_sits_in_through_a_grouping(client):
    # Lunds kommun is in MalmöLundregionen, one of Skånes fyra hörn, which sits in the
    # strategic network.
    assert "Strategiska EU-nätverket" in found(client, "Lund")
    assert "Strategiska EU-nätverket" in found(client, "Lunds+kommun")
    assert "Brysselnätverket" not in found(client, "Lund")


@pytest.mark.usefixtures("seeded")
def test_a_near_miss_is_offered_what_was_meant(client):
    html = markup.unescape(client.get("/natverk/?q=Brysselnätvreket").content.decode())
    assert "Menade du" in html
    assert '<a href="/natverk/?q=Brysseln%C3%A4tverket">Brysselnätverket</a>' in html
    english = markup.unescape(client.get("/en/natverk/?q=Brysselnatvreket").content.decode())
    assert "Did you mean" in english


@pytest.mark.usefixtures("seeded")
def test_results_have_a_title_of_their_own(client):
    html = client.get("/natverk/?q=fonder").content.decode()
    assert "<title>Sökresultat för ”fonder” –" in html
    assert "<h1>Sökresultat för ”fonder”</h1>" in html
    assert "Search results for “fonder”" in client.get("/en/natverk/?q=fonder").content.decode()


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    "query",
    [
        "a" * 5000,
        "東京 都庁",
        "Привет мир",
        "مرحبا",
        "_",
        "a_b",
        "x" * 199 + "ö",
        "' OR 1=1 --",
        '"*)(|&!:',
        "NEAR(a b)",
        "🙂",
        "ﬁnland",
    ],
)
def test_any_search_gives_a_page(client, query):
    response = client.get("/natverk/", {"q": query})
    assert response.status_code == 200


@pytest.mark.usefixtures("seeded")
def test_a_membership_that_starts_later_enters_the_index_on_its_day(
    client, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    ystad = Organisation.objects.create(slug="qvintex", name="Qvintexbolaget")
    start = timezone.localdate() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.create(
            network=Network.objects.get(slug="skur-natverket"), organisation=ystad,
            start_date=start,
        )  # fmt: skip
    assert found(client, "Qvintexbolaget") == []
    [scheduled] = DBTaskResult.objects.filter(task_path__endswith="search_refresh_due")
    assert timezone.localtime(scheduled.run_after).date() == start
    # The day comes (the membership's start moved to today, around the signals that
    # would rebuild the text at once), and the worker runs the task.
    from natverk.publishing.tasks import search_refresh_due

    Membership.objects.filter(organisation=ystad).update(start_date=timezone.localdate())
    search_refresh_due.call(*scheduled.task_result.args)
    assert found(client, "Qvintexbolaget") == ["SKUR-nätverket"]


@pytest.mark.usefixtures("seeded")
def test_a_membership_that_ends_later_leaves_the_index_the_day_after(
    django_capture_on_commit_callbacks,
):
    from django_tasks_db.models import DBTaskResult

    membership = Membership.objects.get(
        network__slug="skur-natverket", organisation__slug="malmo-universitet"
    )
    membership.end_date = timezone.localdate() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        membership.save()
    [scheduled] = DBTaskResult.objects.filter(task_path__endswith="search_refresh_due")
    assert timezone.localtime(
        scheduled.run_after
    ).date() == membership.end_date + datetime.timedelta(days=1)
