"""`manage.py import_page`: preview, apply, repeat, edit; and what it says about the page."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from natverk.importing.presenting import describe_changes
from natverk.importing.seed import SEED_PAGE
from natverk.importing.services import page_import
from natverk.registry.enums import MembershipRole
from natverk.registry.models import Membership, Network, Organisation, PageSettings, Relation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]

SEED_TEXT = SEED_PAGE.read_text(encoding="utf-8")
BARE_HEADING = "Nätverk\n\nInledning.\n\nBrysselnätverket\n\nEtt nätverk.\n\nSKUR\n".encode()


def import_page(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_page", str(path), *args, stdout=out)
    return out.getvalue()


def written(tmp_path: Path, text: str, name: str = "natverk.txt", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def register_state():
    return (
        sorted(Network.objects.values_list("slug", "name", "introduction")),
        sorted(
            Membership.objects.values_list(
                "network__slug", "organisation__slug", "role", "start_date", "end_date"
            )
        ),
        sorted(Relation.objects.values_list("source__slug", "kind")),
        Network.history.count() + Membership.history.count() + Relation.history.count(),
    )


def test_dry_run_shows_the_plan_and_the_report_and_writes_nothing():
    output = import_page(SEED_PAGE, "--dry-run")
    assert Network.objects.count() == 0
    assert "skapa" in output
    assert "Malmö högskola heter Malmö universitet sedan 2018-01-01." in output
    assert "Kommunförbundet Skåne heter Skånes Kommuner sedan 2020-10-02." in output
    assert "Länsstyrelsen Skåne och Blekinge" in output
    assert "Strategiska fondsamordningsgruppen" in output
    assert "Senast uppdaterad" in output
    assert "Provkörning: ingenting skrevs." in output


def test_importing_the_same_page_twice_changes_nothing():
    import_page(SEED_PAGE)
    before = register_state()
    output = import_page(SEED_PAGE)
    assert register_state() == before
    assert "ingenting ändrades" in output.lower() or "inget ändrades" in output.lower()


def test_an_edited_page_changes_only_what_changed(tmp_path):
    import_page(SEED_PAGE)
    skur = Network.objects.get(slug="skur-natverket")
    untouched = Network.objects.get(slug="landsbygdspartnerskapet")
    untouched_history = untouched.history.count()
    edited = SEED_TEXT.replace(
        "Länsstyrelsen, Kommunförbundet Skåne och Malmö högskola.",
        "Kommunförbundet Skåne, Lunds kommun och Malmö högskola.",
    ).replace("uppdatera varandra", "hålla varandra uppdaterade")
    import_page(written(tmp_path, edited))

    ended = Membership.objects.get(network=skur, organisation__slug="lansstyrelsen-skane")
    assert ended.end_date is not None
    added = Membership.objects.get(network=skur, organisation__slug="lund")
    assert added.role == MembershipRole.MEMBER
    skur.refresh_from_db()
    assert "hålla varandra uppdaterade" in skur.introduction
    assert untouched.history.count() == untouched_history
    assert added.history.get().history_change_reason == "import_page: natverk.txt"


def test_unresolved_names_are_listed_with_suggestions_and_not_created(tmp_path):
    page = SEED_TEXT.replace(
        "Tillväxtverket, Malmö stad", "Tillväxtverket, Malmö stad, Skånes Blåbärsakademi"
    )
    output = import_page(written(tmp_path, page), "--dry-run")
    assert "”Skånes Blåbärsakademi” finns inte i registret" in output
    import_page(written(tmp_path, page))
    assert not Organisation.objects.filter(name="Skånes Blåbärsakademi").exists()


def test_create_unknown_creates_organisations_marked_for_review(tmp_path):
    page = SEED_TEXT.replace(
        "Tillväxtverket, Malmö stad", "Tillväxtverket, Malmö stad, Skånes Blåbärsakademi"
    )
    import_page(written(tmp_path, page), "--create-unknown")
    created = Organisation.objects.get(name="Skånes Blåbärsakademi")
    assert created.needs_review
    assert Membership.objects.filter(
        organisation=created, network__slug="fondsamordningsgruppen"
    ).exists()


def test_a_misspelt_name_is_matched_and_reported(tmp_path):
    page = SEED_TEXT.replace("ESF-rådet, Tillväxtverket", "ESF-rådet, Tillväxtverkt")
    output = import_page(written(tmp_path, page))
    assert "”Tillväxtverkt” tolkades som Tillväxtverket" in output
    assert Membership.objects.filter(
        network__slug="fondsamordningsgruppen", organisation__slug="tillvaxtverket"
    ).exists()


def test_the_same_page_as_html_reads_the_same(tmp_path):
    paragraphs = [p.strip() for p in SEED_TEXT.split("\n\n") if p.strip()]
    body = f"<h1>{paragraphs[0]}</h1>" + "".join(
        f"<h2>{p}</h2>" if len(p) < 60 and not p.endswith(".") and ":" not in p else f"<p>{p}</p>"
        for p in paragraphs[1:]
    )
    html = (
        "<!DOCTYPE html><html lang='sv'><head><title>Nätverk | Kommunförbundet Skåne</title>"
        "<script>var x = 'Följande organisationer deltar i nätverket: Fel';</script></head><body>"
        "<header><nav><ul><li><a href='/'>Start</a></li><li><a href='/eu'>EU</a></li></ul></nav>"
        "</header><div id='cookie-consent'>Vi använder kakor <button>OK</button></div>"
        f"<main>{body.replace('Malmö högskola', 'Malm&ouml; h&ouml;gskola')}</main>"
        "<footer><p>Kommunförbundet Skåne, Box 1, Lund</p></footer></body></html>"
    )
    import_page(written(tmp_path, html, "natverk.html"))
    as_html = register_state()[1]
    Network.objects.all().delete()
    import_page(SEED_PAGE)
    assert register_state()[1] == as_html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Filen är tom."),
        (b"   \n\n  ", "Filen är tom."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "inte text"),
        (b"a" * (25 * 1024 * 1024 + 1), "högst 25 MB"),
        (
            b"<html><body><nav><a href='/'>Start</a></nav><main><h1>Om oss</h1>"
            b"<p>Vi arbetar f&ouml;r Sk&aring;ne.</p></main></body></html>",
            "inga nätverk",
        ),
    ],
    ids=["empty", "blank", "binary", "too-large", "html-without-networks"],
)
def test_bad_input_says_what_is_wrong_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "sida.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        import_page(path)
    assert message in str(raised.value)
    assert "Ingenting skrevs" in str(raised.value)
    assert Network.objects.count() == 0


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_pages_in_older_encodings_are_read(tmp_path, encoding):
    import_page(written(tmp_path, SEED_TEXT.replace("\u00a0", " "), encoding=encoding))
    assert Network.objects.get(slug="skur-natverket").memberships.count() == 5
    assert Organisation.objects.get(slug="hushallningssallskapet-skane").memberships.exists()


def test_a_heading_without_text_is_reported_and_the_rest_of_the_page_is_read(tmp_path):
    output = import_page(written(tmp_path, BARE_HEADING.decode()), "--dry-run")
    assert "Brysselnätverket" in output
    assert "Rubriken ”SKUR” på rad 9 har ingen text efter sig" in output


def test_a_network_twice_on_the_page_is_read_once_naming_both_lines(tmp_path):
    page = SEED_TEXT.replace(
        "Strategiska EU-nätverket\n",
        "SKUR- nätverket\n\nRegion Skåne är sammankallande.\n\nStrategiska EU-nätverket\n",
    )
    output = import_page(written(tmp_path, page))
    assert "Rubriken ”SKUR-nätverket” står två gånger på sidan: på rad 21 och på rad 25" in output
    skur = Network.objects.get(slug="skur-natverket")
    assert skur.memberships.count() == 5


def test_a_membership_entered_ahead_of_time_stops_the_import_and_nothing_is_written(tmp_path):
    import_page(SEED_PAGE)
    skur = Network.objects.get(slug="skur-natverket")
    lund = Organisation.objects.get(slug="lund")
    joining = timezone.localdate() + datetime.timedelta(days=30)
    Membership.objects.create(network=skur, organisation=lund, start_date=joining)
    before = register_state()
    # An edit to a network before SKUR on the page, then Lund among SKUR's members.
    edited = SEED_TEXT.replace("fyra per år", "fem per år").replace(
        "Kommunförbundet Skåne och Malmö högskola.",
        "Kommunförbundet Skåne, Lunds kommun och Malmö högskola.",
    )
    with pytest.raises(CommandError) as raised:
        import_page(written(tmp_path, edited))
    assert (
        f"Rad 21: Sidan tar upp Lunds kommun i SKUR-nätverket, men enligt registret går "
        f"organisationen med först {joining.isoformat()}." in str(raised.value)
    )
    assert register_state() == before
    assert Network.objects.get(slug="brysselnatverket").meetings_per_year == 4


def test_what_the_register_cannot_hold_is_named_by_network_and_line(tmp_path):
    page = SEED_TEXT.replace(
        "Ett informellt nätverk som samlar",
        "Nätverket träffas en gång per år och har två internat per år. Ett nätverk som samlar",
    )
    with pytest.raises(CommandError) as raised:
        import_page(written(tmp_path, page))
    assert (
        "Rad 21: SKUR-nätverket: registret kan inte lagra det som sidan säger: Internaten räknas"
        in str(raised.value)
    )
    # The networks above SKUR on the page were written before it, and are undone.
    assert Network.objects.count() == 0


def changes(data: bytes, *, apply: bool = False) -> str:
    return describe_changes(page_import(data, apply=apply, reason="test").report)


def test_the_preview_shows_every_change_to_a_networks_focus(tmp_path):
    import_page(SEED_PAGE)
    skur = Network.objects.get(slug="skur-natverket")
    assert not skur.focus_tags.exists()
    with_focus = SEED_TEXT.replace("uppdatera varandra", "uppdatera varandra om EU").encode()
    preview = changes(with_focus)
    assert "SKUR-nätverket: inriktning" in preview
    assert changes(with_focus, apply=True) == preview
    assert list(skur.focus_tags.values_list("slug", flat=True)) == ["eu"]

    preview = changes(SEED_TEXT.encode())
    assert "SKUR-nätverket: inriktning" in preview
    assert changes(SEED_TEXT.encode(), apply=True) == preview
    assert not skur.focus_tags.exists()
    assert changes(SEED_TEXT.encode()) == "Ändringar: inga."


def test_no_contact_person_reaches_the_register(tmp_path):
    page = SEED_TEXT.replace(
        "Strategiska EU-nätverket\n",
        "Kontaktperson\n\nAnna Andersson, anna.andersson@example.se, 040-123 45 67\n\n"
        "Strategiska EU-nätverket\n",
    ).replace("Nedan finns", "Frågor? Ring 040-123 45 67. Nedan finns")
    output = import_page(written(tmp_path, page))
    assert Network.objects.count() == 6  # the five networks and the body one reports to
    public_text = " ".join(
        [*Network.objects.values_list("introduction", flat=True), PageSettings.load().introduction]
    )
    assert "Anna" not in public_text
    assert "040" not in public_text
    assert (
        "SKUR-nätverket: En kontaktperson, e-postadress eller ett telefonnummer togs inte med i "
        "beskrivningen" in output
    )
    assert (
        "Meningar med en e-postadress eller ett telefonnummer togs inte med i sidans "
        "inledning" in output
    )


def networks_page(count: int, *, edited: bool) -> bytes:
    """A page of `count` networks, each reporting to Region Skåne with three members; the
    edited page drops the report, a member and the focus, and adds another member."""
    parts = ["Nätverk", "En sida för att räkna frågor."]
    for number in range(1, count + 1):
        parts.append(f"Nätverk nummer {number}")
        if edited:
            parts.append(
                "Följande organisationer deltar i nätverket: Region Skåne (sammankallande), "
                "Malmö stad och Helsingborgs stad."
            )
        else:
            parts.append(
                "Nätverket arbetar med EU-frågor och rapporterar till Region Skåne. Följande "
                "organisationer deltar i nätverket: Region Skåne (sammankallande), Malmö stad "
                "och Lunds kommun."
            )
    parts += ["Senast uppdaterad: 2025-01-08", "Sidansvarig: Alma Sandberg"]
    return "\n\n".join(parts).encode()


def test_a_preview_asks_the_database_as_often_for_a_long_page_as_for_a_short_one():
    page_import(networks_page(6, edited=False), apply=True, reason="test")
    counted = []
    for count in (1, 6):
        with CaptureQueriesContext(connection) as queries:
            preview = page_import(networks_page(count, edited=True)).report
        assert {(c.subject, c.action) for c in preview.changes} >= {
            ("membership", "end"),
            ("relation", "delete"),
            ("network", "update"),
        }
        counted.append(len(queries))
    assert counted[0] == counted[1]
