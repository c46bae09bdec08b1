"""Reading pages from all over Sweden: their layouts, what their sentences say about
members and conveners, and names resolved against the national register."""

import pytest

from natverk.importing.parser import page_read

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]


def read(page: str, *, html: bool = True):
    return page_read(page.encode(), html=html).reading


def members(network) -> list[tuple[str, list[str]]]:
    return [(m.as_written, m.resolved) for m in network.members]


def names(reading) -> list[str]:
    return [n.name for n in reading.networks]


# Layouts ------------------------------------------------------------------------------


def test_a_page_about_one_network_reads_its_subheadings_as_parts_of_it():
    reading = read(
        "<main><h1>Socialchefsnätverket</h1><h2>Fakta</h2><p>Nätverket träffas sex gånger "
        "per år.</p><h2>Mötestider 2016</h2><ul><li>12 februari</li><li>3 maj</li></ul>"
        "<h2>Deltagare 2022</h2><p>Lars Ek, Ale kommun<br>Anna Berg, Lerums kommun</p>"
        "<h2>Arbetsuppgifter</h2><p>Gruppen ska:</p><ul><li>bevaka frågor om socialtjänst"
        "</li><li>bereda ärenden</li></ul><h2>Tidigare möten</h2><p>Se protokollen.</p>"
        "<h2>Kontakt</h2><p>Eva Lind, 0522-44 08 20</p></main>"
    )
    assert names(reading) == ["Socialchefsnätverket"]
    network = reading.networks[0]
    assert members(network) == [("Ale kommun", ["ale"]), ("Lerums kommun", ["lerum"])]
    assert network.cadence.meetings_per_year == 6
    text = " ".join(network.description)
    assert "bevaka frågor om socialtjänst" in text  # the task list is text of the network
    assert "Eva" not in text and "Lars" not in text and "0522" not in text


def test_a_page_of_several_networks_with_numbered_and_grouped_headings():
    reading = read(
        "<main><h1>Samverkan</h1><h2>1. Styrgruppen</h2><p>Styrgruppen består av Region "
        "Värmland, Trafikverket och Karlstads kommun.</p><h2>Nätverk där vi deltar</h2>"
        "<h3>2. Arbetsgruppen för kollektivtrafik</h3><p>Arbetsgruppens uppdrag är att "
        "samordna linjer.</p><h3>3. Kontakt</h3><p>Box 1, 651 00 Karlstad</p></main>"
    )
    assert names(reading) == ["Styrgruppen", "Arbetsgruppen för kollektivtrafik"]
    assert members(reading.networks[0]) == [
        ("Region Värmland", ["region-varmland"]),
        ("Trafikverket", ["trafikverket"]),
        ("Karlstads kommun", ["karlstad"]),
    ]


def test_a_heading_without_text_is_a_finding_and_the_rest_is_read():
    reading = read(
        "<main><h1>Nätverk</h1><h2>Fondnätverket</h2><p>Fondnätverket består av Region "
        "Skåne och Malmö stad.</p><h2>Kompetensnätverket</h2></main>"
    )
    assert names(reading) == ["Fondnätverket"]
    assert any(f.startswith("heading_without_text:") for f in reading.page_findings)


def test_networks_given_as_list_items_with_who_takes_part():
    reading = read(
        "<main><h1>Krisberedskap</h1><p>I länet har vi följande samverkansgrupper:</p><ul>"
        "<li>Blåljussamverkan med representanter från polisen, region Västernorrland, "
        "räddningstjänsten, SOS Alarm och länsstyrelsen.</li><li>Krisinformatörsnätverket "
        "med representanter från kommunerna, trafikverket och länsstyrelsen.</li></ul></main>"
    )
    assert names(reading) == ["Blåljussamverkan", "Krisinformatörsnätverket"]
    assert members(reading.networks[0]) == [
        ("polisen", ["polismyndigheten"]),
        ("region Västernorrland", ["region-vasternorrland"]),
        ("SOS Alarm", []),
        ("länsstyrelsen", ["lansstyrelsen-vasternorrland"]),
    ]


def test_a_page_about_an_organisation_with_no_members_is_refused_saying_why():
    from natverk.importing.errors import ImportProblem

    with pytest.raises(ImportProblem) as raised:
        read("<main><h1>Om Region Värmland</h1><p>Vi arbetar för hela länet.</p></main>")
    assert "inga nätverk" in str(raised.value)


def test_a_page_that_says_its_subject_is_a_network_is_read_as_one():
    reading = read(
        "<main><h1>Europa Direkt Västerås</h1><p>Kontoret svarar på frågor om EU.</p>"
        "<h2>Vad är Europa Direkt?</h2><p>Europa Direkt är EU-kommissionens nätverk av "
        "informationskontor.</p></main>"
    )
    assert names(reading) == ["Europa Direkt Västerås"]
    assert not reading.networks[0].certain  # not public until someone has looked


def test_a_heading_naming_a_role_heads_people_not_a_network():
    reading = read(
        "<main><h1>Projektorganisation</h1><h2>Styrgrupp</h2><p>Styrgruppen består av "
        "Region Halland, Högskolan i Halmstad och Varbergs kommun.</p>"
        "<h2>Projektledare</h2><p>Anna Berg, Region Halland</p></main>"
    )
    assert names(reading) == ["Styrgrupp"]


def test_a_county_named_in_a_list_of_members_is_not_a_member():
    reading = read(
        "<main><h1>Beredningsgrupp</h1><p>Beredningsgruppen består av representanter från "
        "Västra Götalands och Hallands:</p><ul><li>Miljökontor</li><li>Länsstyrelser</li>"
        "</ul><p>I gruppen ingår också Ale kommun och Varbergs kommun.</p></main>"
    )
    assert [written for written, _key in members(reading.networks[0])] == [
        "Ale kommun",
        "Varbergs kommun",
    ]


# Members ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Rådet är ett samarbete mellan Region Västerbotten, Umeå kommun och Skellefteå kommun.",
        "I rådet ingår Region Västerbotten, Umeå kommun samt Skellefteå kommun.",
        "Rådet utgörs av tjänstemän från Region Västerbotten, Umeå kommun och Skellefteå kommun.",
        "Region Västerbotten, Umeå kommun och Skellefteå kommun står bakom rådet.",
        "Medlemmar i rådet är Region Västerbotten, Umeå kommun och Skellefteå kommun.",
        "Region Västerbotten, Umeå kommun och Skellefteå kommun är medlemmar.",
    ],
)
def test_members_are_read_from_what_the_sentence_says(sentence):
    reading = read(f"<main><h1>Västerbottensrådet</h1><p>{sentence}</p></main>")
    assert [key for _w, key in members(reading.networks[0])] == [
        ["region-vasterbotten"], ["umea"], ["skelleftea"]
    ]  # fmt: skip


@pytest.mark.parametrize(
    "sentence",
    [
        "Arbetet finansieras av Region Västerbotten, Umeå kommun och Skellefteå kommun.",
        "Vi samarbetar också med Region Västerbotten, Umeå kommun och Skellefteå kommun.",
        "Vårt verksamhetsområde består av Umeå, Skellefteå och Vindeln.",
        "Målgrupp är allmänheten i Västerbotten (Umeå, Skellefteå och Vindeln).",
        "Rådet bildades genom sammanslagning av Umeå kommun och Skellefteå kommun.",
        "Rådet äger bolagen Umeå Energi och Skellefteå Kraft.",
        "I rådet deltar kommuner, myndigheter, företag med flera.",
        "Enheten är en del av SÖSK som består av Simrishamn, Sjöbo och Ystad.",
        "SÖSK är ett samverkansorgan mellan kommunerna Simrishamn, Sjöbo och Ystad.",
    ],
    ids=[
        "funders",
        "partners",
        "area",
        "audience",
        "predecessors",
        "owned",
        "kinds",
        "another-body",
        "another-subject",
    ],
)
def test_names_that_are_not_members_stay_out(sentence):
    reading = read(
        f"<main><h1>Västerbottensrådet</h1><p>Rådet sammankallas av Region Västerbotten. "
        f"{sentence}</p></main>"
    )
    assert members(reading.networks[0]) == []


def test_person_lines_give_the_organisation_as_member_and_keep_the_people_out():
    reading = read(
        "<main><h1>Politisk styrgrupp</h1><p>Styrgruppen består av politiker:</p><ul>"
        "<li>Anna Berg (S) regionråd Region Örebro, ordförande</li>"
        "<li>Kommundirektör Lars Ek, Finspångs kommun</li>"
        "<li>Region Gävleborg: Eva Lind</li>"
        "<li>Per Holm, tf, Umeå universitet</li></ul>"
        "<p>Maria Sjöström</p><p>Ale</p><p>+46 (0)70-000 10 01</p></main>"
    )
    network = reading.networks[0]
    assert members(network)[:4] == [
        ("Region Örebro", ["region-orebro-lan"]),
        ("Finspångs kommun", ["finspang"]),
        ("Region Gävleborg", ["region-gavleborg"]),
        ("Umeå universitet", ["umea-universitet"]),
    ]
    assert {c.name for c in network.contacts} >= {"Anna Berg", "Lars Ek", "Eva Lind"}
    published = " ".join([*network.description, *reading.page.intro])
    assert not any(person in published for person in ("Anna", "Lars", "Eva", "Per Holm"))
    assert "people_left_out" in network.findings


def test_seat_counts_and_roles_in_parentheses():
    reading = read(
        "<main><h1>Nätverk</h1><h2>Partnerskapet</h2><p>I partnerskapet ingår Region "
        "Skåne (fyra personer, varav en ordförande), Malmö stad (2 platser), Länsstyrelsen "
        "Skåne (adjungerad) och Lunds kommun (ordförande).</p></main>"
    )
    got = {m.as_written: (m.seats, m.role) for m in reading.networks[0].members}
    assert got == {
        "Region Skåne": (4, None),
        "Malmö stad": (2, None),
        "Länsstyrelsen Skåne": (None, "observer"),
        "Lunds kommun": (None, None),
    }


# Conveners -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "joint"),
    [
        ("Region Halland är sammankallande under 2019.", False),
        ("Region Halland är sammankallande för gruppen.", False),
        ("Region Halland sammankallar.", False),
        ("Det är Region Halland som är sammankallande.", False),
        ("Sammankallande för gruppen är Region Halland.", False),
        ("Region Halland och Halmstads kommun är gemensamt sammankallande.", True),
        ("Gruppen består av Region Halland, som är sammankallande, och Falkenbergs kommun.", False),
    ],
)
def test_conveners_in_every_form(sentence, joint):
    reading = read(f"<main><h1>Samverkansgruppen</h1><p>{sentence}</p></main>")
    conveners = reading.networks[0].conveners
    assert conveners[0].resolved == ["region-halland"]
    assert conveners[0].joint is joint


def test_a_fragment_that_is_not_a_name_never_becomes_an_organisation():
    reading = read(
        "<main><h1>Projektgruppen</h1><p>Sammankallande är den som leder projektet.</p></main>"
    )
    assert reading.networks[0].conveners == []
    assert any(f.startswith("convener_not_a_name:") for f in reading.networks[0].findings)


# Names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Ale", "ale"),
        ("Ale kommun", "ale"),
        ("Bergs kommun", "berg"),
        ("Borås Stad", "boras"),
        ("Göteborgs Stad", "goteborg"),
        ("Stockholms stad", "stockholm"),
        ("Region Jämtlands Härjedalen", "region-jamtland-harjedalen"),
        ("Region Kronobergs län", "region-kronoberg"),
        ("Region Örebro", "region-orebro-lan"),
        ("Länsstyrelsen i Västra Götalands län", "lansstyrelsen-vastra-gotaland"),
        ("Länsstyrelsen Västerbotten", "lansstyrelsen-vasterbotten"),
        ("UKÄ", "universitetskanslersambetet"),
        ("Polisen", "polismyndigheten"),
        ("Jordbruksverket", "statens-jordbruksverk"),
    ],
)
def test_names_resolve_in_all_their_forms(written, key):
    reading = read(f"<main><h1>Rådet</h1><p>I rådet ingår {written} och Tillväxtverket.</p></main>")
    assert reading.networks[0].members[0].resolved == [key]


@pytest.mark.parametrize(
    ("written", "key", "old"),
    [
        ("Sveriges Kommuner och Landsting", "skr", "Sveriges Kommuner och Landsting"),
        ("SKL", "skr", "SKL"),
        ("Landstinget Västernorrland", "region-vasternorrland", "Landstinget Västernorrland"),
        ("Landstinget i Dalarna", "region-dalarna", "Landstinget i Dalarna"),
        ("Malmö högskola", "malmo-universitet", "Malmö högskola"),
        ("Mälardalens högskola", "malardalens-universitet", "Mälardalens högskola"),
    ],
)
def test_former_names_resolve_and_are_reported_as_renames(written, key, old):
    result = page_read(
        f"<main><h1>Rådet</h1><p>I rådet ingår {written} och Tillväxtverket.</p></main>".encode()
    )
    mention = result.reading.networks[0].members[0]
    assert (mention.resolved, mention.how) == ([key], "former")
    assert f"renamed:{key}" in result.reading.networks[0].findings
    assert any(r[0] == key and r[1] == old for r in result.renamed)


def test_fuzzy_matching_never_crosses_a_place_name():
    reading = read(
        "<main><h1>Rådet</h1><p>I rådet ingår Torsbys kommun, Simrishams kommun och "
        "Tillväxtverkt.</p></main>"
    )
    got = {m.as_written: (m.resolved, m.how) for m in reading.networks[0].members}
    assert got["Torsbys kommun"][0] == ["torsby"]  # the genitive form, not Osby
    assert got["Simrishams kommun"] == (["simrishamn"], "fuzzy")
    assert got["Tillväxtverkt"] == (["tillvaxtverket"], "fuzzy")
    reading = read("<main><h1>Rådet</h1><p>I rådet ingår Torsdy kommun och Osbi kommun.</p></main>")
    assert {m.as_written: m.resolved for m in reading.networks[0].members} == {
        "Torsdy kommun": ["torsby"],
        "Osbi kommun": ["osby"],
    }


def test_a_bare_county_board_region_or_municipality_is_the_one_the_page_is_about():
    reading = read(
        "<html><head><title>Krisberedskap - Länsstyrelsen Västmanland</title></head><body>"
        "<main><h1>U-Sam</h1><p>U-Sam består av representanter från Västerås stad, "
        "Regionen, Försvarsmakten och Länsstyrelsen, som är sammankallande.</p></main></body>"
        "</html>"
    )
    network = reading.networks[0]
    got = {m.as_written: (m.resolved, m.how) for m in network.members}
    assert got["Länsstyrelsen"] == (["lansstyrelsen-vastmanland"], "context")
    assert got["Regionen"] == (["region-vastmanland"], "context")
    assert network.conveners[0].resolved == ["lansstyrelsen-vastmanland"]
    assert reading.page.context["county"] == "Västmanlands län"
    reason = next(m for m in network.members if m.as_written == "Länsstyrelsen").reason
    assert reason["county"] == "Västmanlands län" and reason["evidence"]


def test_a_page_that_does_not_say_its_county_takes_the_installations_own():
    reading = read("<main><h1>Rådet</h1><p>I rådet ingår Länsstyrelsen och Polisen.</p></main>")
    mention = reading.networks[0].members[0]
    assert mention.resolved == ["lansstyrelsen-skane"]
    assert mention.reason["home"] is True


def test_kommunen_is_the_municipality_the_sentence_names():
    reading = read(
        "<main><h1>Lokal samverkansgrupp</h1><p>Samverkan inom Örnsköldsviks kommun mellan "
        "kommunen, Försäkringskassan och Arbetsförmedlingen.</p></main>"
    )
    assert reading.networks[0].members[0].resolved == ["ornskoldsvik"]
