"""The Nätverk page: generated from the register, in Swedish and English."""

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from natverk.registry.enums import MembershipRole
from natverk.registry.models import Network, PageSettings
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory
from tests.publishing.support import network_names, page_text, query_count

pytestmark = pytest.mark.django_db

SEED_NETWORKS = [
    "Brysselnätverket",
    "Strategiska EU-nätverket",
    "Fondsamordningsgruppen",
    "Landsbygdspartnerskapet",
    "SKUR-nätverket",
]


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("url", ["/", "/natverk/"])
def test_the_page_lists_what_we_drive_then_what_we_take_part_in(client, url):
    text = page_text(client, url)
    assert text.index("Nätverk som vi driver") < text.index("Brysselnätverket")
    assert text.index("Strategiska EU-nätverket") < text.index("Nätverk som vi deltar i")
    assert network_names(client, url) == SEED_NETWORKS
    assert "Det finns flera skånska nätverk med olika inriktningar" in text
    # Named only as a body another network works for, so not listed until reviewed.
    assert "Strategiska fondsamordningsgruppen" not in network_names(client, url)


@pytest.mark.usefixtures("seeded")
def test_member_sentences_are_correct_swedish_from_data(client):
    text = page_text(client, "/natverk/")
    assert (
        "Följande organisationer deltar i nätverket: Region Skåne (sammankallande), Malmö stad, "
        "Länsstyrelsen Skåne, Skånes Kommuner och Malmö universitet."
    ) in text
    # Joint convener; a recent former name given once, at its first mention on the page.
    assert (
        "Nätverket samlas av Skånes Kommuner "
        "(gemensamt sammankallande, tidigare Kommunförbundet Skåne)."
    ) in text
    assert text.count("tidigare Kommunförbundet Skåne") == 1
    assert text.count("tidigare Malmö högskola") == 1
    # Groups as the page words them, in the grouping's current spelling.
    assert "representanter från Interreg-programmen" in text
    assert "Europa Direkt-kontoren i Skåne" in text
    # One phrase naming two bodies becomes both, in the order the page gave them (Region
    # Blekinge was Landstinget Blekinge until 2019).
    assert (
        "Region Blekinge (tidigare Landstinget Blekinge), Länsstyrelsen Skåne, "
        "Länsstyrelsen Blekinge, Leader"
    ) in text


@pytest.mark.usefixtures("seeded")
def test_footer_shows_when_the_page_last_changed_and_who_owns_it(client):
    text = page_text(client, "/natverk/")
    with translation.override("sv"):
        today = date_format(timezone.localdate(), "j F Y")
    assert f"Senast uppdaterad: {today}" in text
    assert "Sidansvarig: Alma Sandberg" in text


@pytest.mark.usefixtures("seeded")
def test_the_page_in_english_with_swedish_content_marked(client):
    response = client.get("/en/natverk/")
    html = response.content.decode()
    text = page_text(client, "/en/natverk/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "Networks we run" in text
    assert "The following organisations take part in the network: Region Skåne (convener)" in text
    assert "Skånes Kommuner (joint convener, formerly Kommunförbundet Skåne)" in text
    assert "Last updated:" in text
    assert "Page owner: Alma Sandberg" in text
    # No English description is written, so the Swedish one is shown and marked as such.
    assert '<div lang="sv"><p>Ett informellt nätverk' in html


@pytest.mark.usefixtures("seeded")
def test_english_content_is_used_when_written(client):
    skur = Network.objects.get(slug="skur-natverket")
    skur.name_en = "The SKUR network"
    skur.introduction_en = "<p>An informal network.</p>"
    skur.save()
    page = PageSettings.load()
    page.title_en = "Networks"
    page.save()
    html = client.get("/en/natverk/").content.decode()
    assert ">The SKUR network</a>" in html
    assert "<div><p>An informal network.</p></div>" in html
    assert "<h1>Networks</h1>" in html


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "Länsstyrelsen",
            [
                "Strategiska EU-nätverket",
                "Fondsamordningsgruppen",
                "Landsbygdspartnerskapet",
                "SKUR-nätverket",
            ],
        ),
        ("fonderna", ["Fondsamordningsgruppen"]),
        ("Malmö högskola", ["Strategiska EU-nätverket", "SKUR-nätverket"]),
        # Also where a member once was Hushållningssällskapet Malmöhus and another is
        # called Swedish University of Agricultural Sciences in English.
        (
            "malmö universitet",
            ["Strategiska EU-nätverket", "Landsbygdspartnerskapet", "SKUR-nätverket"],
        ),
        ("Bryssel internat", ["Brysselnätverket"]),
        # Skurups kommun sits in the strategic network through Skånes fyra hörn.
        ("SKUR", ["Strategiska EU-nätverket", "SKUR-nätverket"]),
        ("rådgivande", ["Landsbygdspartnerskapet"]),
        ("ingenting sådant finns", []),
    ],
)
def test_search_finds_networks_by_words_stems_and_member_names(client, query, expected):
    assert network_names(client, f"/natverk/?q={query}") == expected


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("query", ["och", "och i på", "!!!", "   ", "—", "''"])
def test_a_search_without_searchable_words_shows_all_networks_and_says_so(client, query):
    text = page_text(client, f"/natverk/?q={query}")
    assert network_names(client, f"/natverk/?q={query}") == SEED_NETWORKS
    if query.strip():
        assert "Sökningen innehöll inga ord att söka efter" in text


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fokus=landsbygdsutveckling", ["Landsbygdspartnerskapet"]),
        ("funktion=working_group", ["Fondsamordningsgruppen"]),
        ("ambition=informal", ["SKUR-nätverket"]),
        ("sammankallande=region-skane", ["Fondsamordningsgruppen", "SKUR-nätverket"]),
        ("medlem=malmo-universitet", ["Strategiska EU-nätverket", "SKUR-nätverket"]),
        ("roll=drives", ["Brysselnätverket", "Strategiska EU-nätverket"]),
        (
            "roll=takes_part&q=Länsstyrelsen",
            ["Fondsamordningsgruppen", "Landsbygdspartnerskapet", "SKUR-nätverket"],
        ),
    ],
)
def test_filters_narrow_the_list(client, query, expected):
    assert network_names(client, f"/natverk/?{query}") == expected


@pytest.mark.usefixtures("seeded")
def test_other_networks_are_listed_when_asked_for(client):
    other = NetworkFactory(name="Ett nätverk utan oss")
    MembershipFactory(network=other, role=MembershipRole.CONVENER)
    assert "Ett nätverk utan oss" not in network_names(client, "/natverk/")
    assert network_names(client, "/natverk/?roll=none") == ["Ett nätverk utan oss"]
    assert "Ett nätverk utan oss" in network_names(client, "/natverk/?roll=alla")
    assert "Övriga nätverk" in page_text(client, "/natverk/?roll=alla")


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("fokus=rymdfart", "Inriktning:"),
        ("funktion=<script>", "Funktion:"),
        ("sammankallande=ingen-alls", "Sammankallande:"),
        ("roll=allt", "Vår roll:"),
        ("q=" + "nätverk" * 40, "Sökningen är för lång"),
        ("medlem=%00", "Medlemsorganisation:"),
    ],
)
def test_nonsense_in_the_query_string_gives_an_empty_list_with_a_message(client, query, message):
    response = client.get(f"/natverk/?{query}")
    assert response.status_code == 200
    text = page_text(client, f"/natverk/?{query}")
    assert message in text
    assert "Inga nätverk visas." in text
    assert network_names(client, f"/natverk/?{query}") == []


@pytest.mark.usefixtures("seeded")
def test_search_follows_changes_to_member_names(client, django_capture_on_commit_callbacks):
    from natverk.registry.models import Organisation

    with django_capture_on_commit_callbacks(execute=True):
        lrf = Organisation.objects.get(slug="lrf")
        lrf.name = "Lantbrukarnas Riksförbund Syd"
        lrf.save()
        lrf.other_names.create(name="Bondeförbundet i Skåne")
    assert network_names(client, "/natverk/?q=Bondeförbundet") == ["Landsbygdspartnerskapet"]


def test_the_page_costs_the_same_number_of_queries_for_one_and_fifty_networks(client):
    home = OrganisationFactory(slug="skanes-kommuner")
    focus_names = ["EU", "Klimat"]

    def add_networks(count: int) -> None:
        for number in range(count):
            network = NetworkFactory(function="steering" if number % 2 else "working_group")
            network.focus_tags.create(slug=f"fokus-{network.pk}", name=focus_names[number % 2])
            MembershipFactory(network=network, organisation=home, role=MembershipRole.CONVENER)
            MembershipFactory(network=network)
            MembershipFactory(network=network, role=MembershipRole.OBSERVER)

    add_networks(2)
    urls = ["/natverk/", "/en/natverk/", "/natverk/?roll=alla&funktion=steering"]
    assert len(network_names(client, urls[2])) == 1  # the filter has something to show
    one = [query_count(client, url + ("&" if "?" in url else "?") + "a=1") for url in urls]
    add_networks(48)
    assert Network.objects.count() == 50
    assert len(network_names(client, urls[2] + "&a=3")) == 25
    assert [query_count(client, url + ("&" if "?" in url else "?") + "a=2") for url in urls] == one


def test_with_many_organisations_the_member_filter_takes_a_name(client):
    home = OrganisationFactory(slug="skanes-kommuner")
    for number in range(70):
        network = NetworkFactory(name=f"Nätverk {number:02}")
        MembershipFactory(network=network, organisation=home, role=MembershipRole.CONVENER)
        MembershipFactory(
            network=network, organisation=OrganisationFactory(name=f"Kommun {number:02}")
        )
    html = client.get("/natverk/").content.decode()
    assert '<input type="text" name="medlem"' in html
    assert 'aria-describedby="id_medlem_helptext"' in html
    assert network_names(client, "/natverk/?medlem=kommun 07") == ["Nätverk 07"]
    assert network_names(client, "/natverk/?medlem=Ingen+Sådan") == []
    assert "Ingen organisation som heter ”Ingen Sådan” finns i ett publikt nätverk." in page_text(
        client, "/natverk/?medlem=Ingen+Sådan"
    )


def test_long_lists_are_paged_and_an_unknown_page_says_so(client):
    home = OrganisationFactory(slug="skanes-kommuner")
    for number in range(120):
        network = NetworkFactory(name=f"Nätverk {number:03}")
        MembershipFactory(network=network, organisation=home, role=MembershipRole.CONVENER)
    first = network_names(client, "/natverk/")
    assert first == [f"Nätverk {n:03}" for n in range(50)]
    assert network_names(client, "/natverk/?sida=3") == [f"Nätverk {n:03}" for n in range(100, 120)]
    html = client.get("/natverk/?sida=2").content.decode()
    assert '<span aria-current="page">2</span>' in html
    assert 'href="?sida=3"' in html and 'href="?"' in html
    missing = client.get("/natverk/?sida=9")
    assert missing.status_code == 404
    assert "Listan har ingen sida 9: den har 3 sidor." in missing.content.decode()
    for bad in ["0", "-1", "x", "9" * 40]:
        response = client.get(f"/natverk/?sida={bad}")
        assert response.status_code == 200, bad
        assert "Sida:" in response.content.decode()


@pytest.mark.usefixtures("seeded")
def test_the_filters_fold_away_and_a_link_skips_them(client):
    html = client.get("/natverk/").content.decode()
    assert '<a href="#results">Hoppa till resultaten</a>' in html
    assert '<details class="more-filters">' in html
    assert (
        '<details class="more-filters" open>'
        in client.get("/natverk/?funktion=steering").content.decode()
    )
    assert 'id="results"' in html
