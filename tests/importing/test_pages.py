"""Pages of the kind the importer is for, written as other associations write them: each
must read as its expected reading says (in the fields that reading names)."""

import json
from pathlib import Path

import pytest

from natverk.importing.errors import ImportProblem
from natverk.importing.parser import page_read
from tests.importing.pages_support import differences

PAGES = Path(__file__).parent / "pages"
EXPECTED = sorted(PAGES.glob("*.expected.json")) + sorted((PAGES / "bad").glob("*.expected.json"))

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]


def page_for(expected: Path) -> Path:
    stem = expected.name.removesuffix(".expected.json")
    return next(path for path in expected.parent.glob(f"{stem}.*") if path != expected)


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda path: path.name.split(".")[0])
def test_page_reads_as_expected(expected):
    reading = page_read(page_for(expected).read_bytes()).reading.to_dict()
    wanted = json.loads(expected.read_text(encoding="utf-8"))
    assert differences(reading, wanted) == []


def test_there_are_pages_in_text_and_in_html():
    kinds = {page_for(path).suffix for path in EXPECTED}
    assert kinds == {".txt", ".html"}
    assert len(EXPECTED) >= 8


# Pages the importer refuses, with what it says about each.
REFUSED = {
    "no_networks.html": (
        "Sidan har inga nätverk: ingen rubrik säger att den gäller en grupp, och ingenting på "
        "sidan säger vilka som deltar i en."
    ),
}


def test_every_bad_page_is_tested():
    bad = {path.name for path in (PAGES / "bad").iterdir() if ".expected." not in path.name}
    read = {page_for(path).name for path in EXPECTED if path.parent.name == "bad"}
    assert bad - read == set(REFUSED)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_bad_page_is_refused_with_what_is_wrong(name):
    with pytest.raises(ImportProblem) as raised:
        page_read((PAGES / "bad" / name).read_bytes())
    assert str(raised.value) == REFUSED[name]


FOND = (
    "Nätverket sammankallas av Region Skåne. Följande organisationer deltar i nätverket: "
    "Region Skåne och Malmö stad."
)


def read(page: str, *, html: bool):
    return page_read(page.encode(), html=html).reading


def members(reading) -> dict[str, list[str]]:
    return {n.name: [m.as_written for m in n.members] for n in reading.networks}


def test_a_network_whose_text_starts_with_a_subheading_is_a_network_of_its_own():
    html = read(
        f"<main><h1>Nätverk</h1><p>Inledning.</p><h2>Fondnätverket</h2><p>{FOND}</p>"
        "<h2>SKUR</h2><h3>Deltagare</h3><ul><li>Lunds kommun</li><li>Tillväxtverket</li></ul>"
        "</main>",
        html=True,
    )
    text = read(
        f"Nätverk\n\nInledning.\n\nFondnätverket\n\n{FOND}\n\nSKUR\n\nDeltagare\n\n"
        "- Lunds kommun\n- Tillväxtverket\n",
        html=False,
    )
    for reading in (html, text):
        assert members(reading) == {
            "Fondnätverket": ["Region Skåne", "Malmö stad"],
            "SKUR": ["Lunds kommun", "Tillväxtverket"],
        }


CONTACTS = [
    pytest.param(
        f"<main><h1>Nätverk</h1><p>Inledning.</p><h2>Fondnätverket</h2><p>{FOND}</p>"
        "<h3>Kontaktperson</h3><p>Anna Andersson, anna.andersson@example.se, 040-123 45 67</p>"
        "<p>Utvecklingsledare</p></main>",
        True,
        id="html-subheading",
    ),
    pytest.param(
        f"<main><h1>Nätverk</h1><p>Inledning.</p><h2>Fondnätverket</h2><p>{FOND}</p>"
        "<p>Kontaktperson:<br>Anna Andersson<br>anna.andersson@example.se</p></main>",
        True,
        id="html-label-and-lines",
    ),
    pytest.param(
        f"Nätverk\n\nInledning.\n\nFondnätverket\n\n{FOND}\n\nKontaktperson\n\n"
        "Anna Andersson, anna.andersson@example.se, 040-123 45 67\n",
        False,
        id="text-subheading",
    ),
    pytest.param(
        f"Nätverk\n\nInledning.\n\nFondnätverket\n\n{FOND}\n\nKontaktperson\n\nAnna Andersson\n",
        False,
        id="text-name-below-label",
    ),
    pytest.param(
        f"Nätverk\n\nInledning.\n\nFondnätverket\n\n{FOND} Frågor besvaras av Anna Andersson "
        "på 040-123 45 67.\n\nKontaktperson: Anna Andersson\n",
        False,
        id="text-sentence-and-label",
    ),
]


@pytest.mark.parametrize(("page", "html"), CONTACTS)
def test_a_contact_person_is_left_out_of_the_reading_with_a_finding(page, html):
    reading = read(page, html=html)
    assert [n.name for n in reading.networks] == ["Fondnätverket"]
    network = reading.networks[0]
    assert "Anna" not in " ".join(network.description)
    assert [m.as_written for m in network.members] == ["Region Skåne", "Malmö stad"]
    assert "contact_details_left_out" in network.findings


def test_a_contact_heading_inside_a_network_leaves_the_network_and_drops_the_contact():
    reading = read(
        f"<main><h1>Nätverk</h1><p>Inledning.</p><h2>Fondnätverket</h2><p>{FOND}</p>"
        "<h3>Kontakt</h3><p>Anna Andersson</p><h2>SKUR</h2><p>Region Skåne är sammankallande.</p>"
        "</main>",
        html=True,
    )
    assert [n.name for n in reading.networks] == ["Fondnätverket", "SKUR"]
    assert "Anna" not in " ".join(reading.networks[0].description)


def test_contact_details_are_left_out_of_the_page_introduction():
    reading = read(
        "Nätverk\n\nVi samordnar nätverken. Ring Anna på 0709-12 34 56 eller skriv till "
        f"anna@example.se. Välkommen!\n\nFondnätverket\n\n{FOND}\n",
        html=False,
    )
    assert reading.page.intro == ["Vi samordnar nätverken. Välkommen!"]
    assert "contact_details_left_out" in reading.page_findings


@pytest.mark.parametrize(
    "wrapper",
    ['<div class="has-mega-menu">', '<form id="aspnetForm">', '<div class="sv-layout">'],
)
def test_a_wrapper_around_the_main_content_is_kept_whatever_its_class(wrapper):
    tag = wrapper[1:].split()[0]
    reading = read(
        f"<html><body>{wrapper}<div class='mega-menu'><a href='/'>Start</a></div>"
        f"<main><h1>Nätverk</h1><p>Inledning.</p><h2>Fondnätverket</h2><p>{FOND}</p>"
        f"<div class='shared-content'><p>Nätverket träffas fyra gånger per år.</p></div>"
        f"</main></{tag}></body></html>",
        html=True,
    )
    assert members(reading) == {"Fondnätverket": ["Region Skåne", "Malmö stad"]}
    assert reading.networks[0].cadence.meetings_per_year == 4
    assert "Start" not in " ".join(reading.networks[0].description)


def test_a_sentence_starting_with_updated_is_text_not_the_pages_date():
    reading = read(
        f"Nätverk\n\nInledning.\n\nFondnätverket\n\n{FOND}\n\n"
        "Uppdaterade rutiner tas fram varje år.\n\nSenast uppdaterad 2025-01-08\n",
        html=False,
    )
    assert reading.page.last_updated.isoformat() == "2025-01-08"
    assert "Uppdaterade rutiner tas fram varje år." in reading.networks[0].description
