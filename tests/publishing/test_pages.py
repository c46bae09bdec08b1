"""Network and organisation pages, 404s, conditional requests and the sitemap."""

import re
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from natverk.core.selectors import site_identity
from natverk.publishing.caching import pages_changed_everywhere
from natverk.registry.enums import MembershipRole
from natverk.registry.models import Network, Organisation
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory
from tests.publishing.support import page_text, query_count

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("seeded")
def test_network_page_shows_what_the_register_knows(client):
    text = page_text(client, "/natverk/brysselnatverket/")
    assert "Brysselnätverket" in text
    assert "Möten Fyra möten per år, varav ett internat (Bryssel eller Skåne)" in text
    assert "För EU-samordnare/strateger eller annan resurs som ansvarar för EU-frågor" in text
    assert "Inriktning EU" in text
    assert "Funktion Informationsutbyte" in text
    assert "Skånes Kommuner – gemensamt sammankallande" in text
    assert "Sidansvarig: Alma Sandberg" in text


@pytest.mark.usefixtures("seeded")
def test_network_page_in_english(client):
    text = page_text(client, "/en/natverk/brysselnatverket/")
    assert "Meetings Four meetings a year, of which one residential (Bryssel or Skåne)" in text
    assert "Members" in text
    assert "joint convener" in text


@pytest.mark.usefixtures("seeded")
def test_relations_are_linked_both_ways(client):
    fund = page_text(client, "/natverk/fondsamordningsgruppen/")
    assert "Rapporterar till Strategiska fondsamordningsgruppen" in fund
    html = client.get("/natverk/fondsamordningsgruppen/").content.decode()
    # Not public until reviewed: named, but not linked.
    assert 'href="/natverk/strategiska-fondsamordningsgruppen/"' not in html
    assert client.get("/natverk/strategiska-fondsamordningsgruppen/").status_code == 404

    strategic = Network.objects.get(slug="strategiska-fondsamordningsgruppen")
    strategic.is_public = True
    strategic.save()
    html = client.get("/natverk/fondsamordningsgruppen/").content.decode()
    assert 'href="/natverk/strategiska-fondsamordningsgruppen/"' in html
    strategic = page_text(client, "/natverk/strategiska-fondsamordningsgruppen/")
    assert "Fondsamordningsgruppen rapporterar till det här nätverket" in strategic

    land = client.get("/natverk/landsbygdspartnerskapet/").content.decode()
    assert re.search(r'Är rådgivande till\s*<a href="/organisationer/lansstyrelsen-skane/">', land)


@pytest.mark.usefixtures("seeded")
def test_organisation_page_shows_networks_roles_and_former_names(client):
    text = page_text(client, "/organisationer/malmo-universitet/")
    assert "Malmö universitet" in text
    assert "Tidigare namn Malmö högskola (till 1 januari 2018)" in text
    assert "SKUR-nätverket – medlem" in text
    assert "Strategiska EU-nätverket – medlem" in text
    region = page_text(client, "/organisationer/region-skane/")
    assert "Fondsamordningsgruppen – sammankallande" in region


@pytest.mark.usefixtures("seeded")
def test_a_grouping_shows_what_it_contains_all_the_way_down(client):
    html = client.get("/organisationer/skanes-fyra-horn/").content.decode()
    text = page_text(client, "/organisationer/skanes-fyra-horn/")
    assert "Omfattar" in text
    for corner in [
        "Skåne Nordost",
        "Familjen Helsingborg",
        "Sydöstra Skånes samarbetskommitté",
        "MalmöLundregionen",
    ]:
        assert corner in text
    # The municipalities under their corner, nested.
    assert re.search(r"Sydöstra Skånes samarbetskommitté</a>\s*<ul>.*?Ystads kommun", html, re.S)
    assert "Strategiska EU-nätverket – medlem" in text


@pytest.mark.usefixtures("seeded")
def test_a_municipality_sees_the_networks_it_sits_in_through_its_groups(client):
    text = page_text(client, "/organisationer/lund/")
    assert "Genom grupper som organisationen tillhör" in text
    assert "Strategiska EU-nätverket – genom Skånes fyra hörn" in text
    # Skånes Kommuner is an association that speaks for itself, not a grouping.
    assert "genom Skånes Kommuner" not in text
    assert "Tillhör MalmöLundregionen, Skånes Kommuner" in text


@pytest.mark.usefixtures("seeded")
def test_organisations_are_listed_by_kind_in_swedish_order(client):
    text = page_text(client, "/organisationer/")
    municipalities = text[text.index("Kommun ") :]
    assert municipalities.index("Ystads kommun") < municipalities.index("Åstorps kommun")
    assert municipalities.index("Åstorps kommun") < municipalities.index("Ängelholms kommun")
    assert municipalities.index("Ängelholms kommun") < municipalities.index("Örkelljunga kommun")
    assert "Region Skåne (4 nätverk)" in text


def test_organisation_pages_cost_a_fixed_number_of_queries(client):
    def grow(count):
        group = Organisation.objects.get_or_create(
            slug="grupp", defaults={"name": "Grupp", "kind": "grouping"}
        )[0]
        for _ in range(count):
            member = OrganisationFactory()
            member.affiliations.create(group=group)
            MembershipFactory(organisation=member, role=MembershipRole.MEMBER)
            MembershipFactory(organisation=group, network=NetworkFactory())
            # The measured network grows too: more members, and networks it relates to.
            measured = Network.objects.order_by("pk").first()
            MembershipFactory(network=measured)
            measured.relations.create(target_network=NetworkFactory(), kind="part_of")

    grow(1)
    site_identity()  # read once and then kept, not by every page
    urls = ["/organisationer/", "/organisationer/grupp/", "/natverk/natverk-0/"]
    first = NetworkFactory._meta.model.objects.order_by("pk").first().slug
    urls[2] = f"/natverk/{first}/"
    before = [query_count(client, url + "?a=1") for url in urls]
    grow(30)
    assert [query_count(client, url + "?a=2") for url in urls] == before


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("url", "language", "words"),
    [
        (
            "/natverk/finns-inte/",
            "sv",
            ["Sidan finns inte", "Sök efter ett nätverk eller en organisation"],
        ),
        (
            "/en/natverk/finns-inte/",
            "en",
            ["Page not found", "Search for a network or an organisation"],
        ),
        ("/organisationer/finns-inte/", "sv", ["Sidan finns inte"]),
        ("/en/nowhere/at/all/", "en", ["Page not found"]),
    ],
)
def test_unknown_addresses_give_a_helpful_404_in_the_right_language(client, url, language, words):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for word in words:
        assert word in html
    assert 'action="' in html and 'name="q"' in html


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    "url", ["/natverk/", "/en/natverk/skur-natverket/", "/organisationer/lund/"]
)
def test_revalidation_gets_304_until_the_register_changes(client, url):
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    # A date alone does not say whether the page is the same (it also depends on the
    # day and on who asks), so it is sent again.
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 200

    lund = Organisation.objects.get(slug="lund")
    MembershipFactory(network=Network.objects.get(slug="skur-natverket"), organisation=lund)
    lund.save()
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 200
    assert again["ETag"] != etag


@pytest.mark.usefixtures("seeded")
def test_cached_pages_are_served_without_rendering_again(client):
    first = query_count(client, "/natverk/")
    second = query_count(client, "/natverk/")
    assert second < first
    assert client.get("/natverk/").content == client.get("/natverk/").content


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_files(client) -> list[str]:
    """The addresses of the sitemap's files, from its index, which parses as XML."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)  # noqa: S314 - the site's own answer
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def sitemap_urls(client, address: str) -> list[str]:
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)  # noqa: S314 - the site's own answer
    assert root.tag == f"{SITEMAP}urlset"
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


@pytest.mark.usefixtures("seeded")
def test_the_sitemap_lists_public_pages_in_both_languages(client):
    files = sitemap_files(client)
    assert files == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-networks.xml",
        "http://testserver/sitemap-organisations.xml",
    ]
    urls = [url for address in files for url in sitemap_urls(client, address)]
    for url in [
        "http://testserver/natverk/skur-natverket/",
        "http://testserver/en/natverk/skur-natverket/",
        "http://testserver/organisationer/malmo-universitet/",
        "http://testserver/moten/",
        "http://testserver/en/moten/",
        "http://testserver/tillganglighet/",
        "http://testserver/om-webbplatsen/",
        "http://testserver/personuppgifter-och-kakor/",
    ]:
        assert url in urls
    assert not any("strategiska-fondsamordningsgruppen" in url for url in urls)
    assert client.get("/sitemap-personer.xml").status_code == 404
    assert client.get("/sitemap-networks.xml?p=9").status_code == 404
    assert client.get("/sitemap-networks.xml?p=x").status_code == 404


@pytest.mark.usefixtures("seeded")
def test_the_sitemap_is_kept_and_rendered_again_when_what_it_lists_changes(client):
    def how(url):
        return client.get(url).wsgi_request.META.get("natverk.page_cache")

    for url in ["/sitemap.xml", "/sitemap-pages.xml", "/sitemap-networks.xml"]:
        assert how(url) == "render"
        assert how(url) == "hit"
    NetworkFactory(slug="nytt-natverk", name="Nytt nätverk")
    assert how("/sitemap-networks.xml") == "render"
    assert how("/sitemap.xml") == "render"
    assert how("/sitemap-pages.xml") == "hit"
    assert "nytt-natverk" in client.get("/sitemap-networks.xml").content.decode()


@pytest.mark.usefixtures("seeded")
def test_a_large_register_is_split_into_files_of_a_thousand_at_a_bounded_cost(client):
    from django.core.cache import cache

    def queries() -> dict[str, int]:
        cache.clear()
        counts = {}
        for url in ["/sitemap.xml", "/sitemap-networks.xml", "/sitemap-organisations.xml"]:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[url] = len(captured)
        return counts

    few = queries()
    Network.objects.bulk_create(
        Network(slug=f"natverk-{n:04}", name=f"Nätverk {n}") for n in range(1200)
    )
    assert queries() == few
    files = sitemap_files(client)
    networks = [f for f in files if "sitemap-networks.xml" in f]
    # 1,200 and more networks in two languages: three files of at most 1,000 addresses.
    assert networks == [
        "http://testserver/sitemap-networks.xml",
        "http://testserver/sitemap-networks.xml?p=2",
        "http://testserver/sitemap-networks.xml?p=3",
    ]
    sizes = [len(sitemap_urls(client, f.removeprefix("http://testserver"))) for f in networks]
    assert sizes[:2] == [1000, 1000]
    assert 0 < sizes[2] <= 1000


@pytest.mark.usefixtures("seeded")
def test_a_missing_page_is_not_found_whatever_the_client_has(client):
    page = client.get("/natverk/skur-natverket/")
    for headers in (
        {"if-modified-since": page["Last-Modified"]},
        {"if-none-match": page["ETag"]},
        {"if-none-match": "*"},
    ):
        assert client.get("/natverk/finns-inte/", headers=headers).status_code == 404


def test_ten_years_before_a_leap_day_is_the_28th():
    import datetime

    from natverk.publishing.selectors import years_before

    assert years_before(datetime.date(2028, 2, 29), 10) == datetime.date(2018, 2, 28)
    assert years_before(datetime.date(2026, 11, 27), 10) == datetime.date(2016, 11, 27)


def test_last_modified_is_the_latest_change(client):
    network = NetworkFactory()
    response = client.get(f"/natverk/{network.slug}/")
    latest = network.history.latest().history_date
    assert response["Last-Modified"] == http_date(int(latest.timestamp()))


def test_a_fractional_cadence_is_written_as_each_language_writes_numbers(client):
    from decimal import Decimal

    network = NetworkFactory(meetings_per_year=Decimal("1.5"))
    assert "1,5 möten per år" in page_text(client, f"/natverk/{network.slug}/")
    assert "1.5 meetings a year" in page_text(client, f"/en/natverk/{network.slug}/")


@pytest.mark.usefixtures("seeded")
def test_at_national_scale_the_organisations_are_listed_a_letter_at_a_time(client, monkeypatch):
    from natverk.publishing import selectors

    whole = client.get("/organisationer/").content.decode()
    assert "bokstav=" not in whole  # a register this small fits one page
    monkeypatch.setattr(selectors, "ORGANISATIONS_ON_ONE_PAGE", 10)
    pages_changed_everywhere()
    first = client.get("/organisationer/").content.decode()
    names = re.findall(r'<li><a href="/organisationer/[^"]+/">([^<]+)</a>', first)
    # The first letter any name begins with.
    assert names and {selectors.initial(name) for name in names} == {"B"}
    page = client.get("/organisationer/?bokstav=m").content.decode()
    assert "<h1>Organisationer: M</h1>" in page
    names = re.findall(r'<li><a href="/organisationer/[^"]+/">([^<]+)</a>', page)
    assert "Malmö universitet" in names
    assert {selectors.initial(name) for name in names} == {"M"}
    assert '<span aria-current="page">M</span>' in page
    assert 'href="?bokstav=%C3%96"' in page or '<span class="unused">Ö</span>' in page
    wrong = client.get("/organisationer/?bokstav=%C3%9F%00x")
    assert wrong.status_code in (200, 400)
    wrong = client.get("/organisationer/?bokstav=abc")
    assert wrong.status_code == 200
    assert "Förteckningen har ingen bokstav ”ABC”." in wrong.content.decode()


def test_a_name_is_listed_under_its_letter():
    from natverk.publishing.selectors import initial

    assert [initial(n) for n in ["Émile", "Åstorp", "ystad", "3D-klustret", " Öresund"]] == [
        "E", "Å", "Y", "#", "Ö",
    ]  # fmt: skip
