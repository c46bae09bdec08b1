"""`manage.py load_reference`: the shipped Skåne reference data, the national register of
municipalities, county boards and state bodies, and bad files."""

import csv
import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from natverk.registry.enums import NameKind, OrganisationKind
from natverk.registry.models import Affiliation, Boundary, Organisation, OrganisationName
from natverk.registry.services.reference import (
    DEFAULT_NATIONAL,
    DEFAULT_ORGANISATIONS,
    REFERENCE_DIR,
)

pytestmark = pytest.mark.django_db


def load(**paths) -> str:
    out = io.StringIO()
    call_command("load_reference", stdout=out, **paths)
    return out.getvalue()


def history_rows() -> int:
    return (
        Organisation.history.count()
        + OrganisationName.history.count()
        + Affiliation.history.count()
    )


def test_load_reference_loads_organisations_names_groups_and_outlines():
    load(without_national=True)
    assert Organisation.objects.count() == 95
    malmo = Organisation.objects.get(slug="malmo")
    assert malmo.name == "Malmö stad"
    assert malmo.municipality_code == "1280"
    assert malmo.sub_region == "sydvast"
    assert malmo.org_number == "212000-1124"
    assert {g.slug for g in malmo.groups.all()} == {"malmolundregionen", "skanes-kommuner"}
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == 33
    assert Boundary.objects.count() == 33
    assert Boundary.objects.get(organisation=malmo).geometry["type"] == "MultiPolygon"
    # The four corners make up "Skånes fyra hörn"; each corner contains its municipalities.
    corners = Organisation.objects.get(slug="skanes-fyra-horn").contained.all()
    assert {c.slug for c in corners} == {
        "skane-nordost", "familjen-helsingborg", "sosk", "malmolundregionen",
    }  # fmt: skip
    assert Organisation.objects.get(slug="sosk").contained.count() == 4
    # Parents: Region Skåne runs Skåne European Office.
    assert Organisation.objects.get(slug="skane-european-office").parent.slug == "region-skane"


def test_former_names_keep_the_day_the_next_name_took_effect():
    load()
    former = OrganisationName.objects.get(name="Malmö högskola")
    assert former.organisation.slug == "malmo-universitet"
    assert former.kind == NameKind.FORMER
    assert former.replaced_on == datetime.date(2018, 1, 1)
    kfsk = OrganisationName.objects.get(name="Kommunförbundet Skåne")
    assert (kfsk.organisation.slug, kfsk.kind) == ("skanes-kommuner", NameKind.FORMER)
    # A bare "Länsstyrelsen" is no name of one board: it means the board of the county a
    # page is about.
    assert not OrganisationName.objects.filter(name="Länsstyrelsen").exists()
    landsting = OrganisationName.objects.get(name="Landstinget Blekinge")
    assert (landsting.organisation.slug, landsting.kind) == ("region-blekinge", NameKind.FORMER)


def test_loading_twice_leaves_the_same_rows_and_no_new_history():
    load()
    counts = (
        Organisation.objects.count(),
        OrganisationName.objects.count(),
        Affiliation.objects.count(),
    )
    history = history_rows()
    output = load()
    assert "0 organisations created, 0 updated, 552 unchanged; 0 names added" in output
    assert (
        Organisation.objects.count(),
        OrganisationName.objects.count(),
        Affiliation.objects.count(),
    ) == counts
    assert history_rows() == history


def write_variant(tmp_path: Path, edit) -> Path:
    """A copy of the shipped organisations file with `edit` applied to its rows."""
    with DEFAULT_ORGANISATIONS.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames, rows = list(reader.fieldnames), list(reader)
    fieldnames, rows = edit(fieldnames, rows)
    path = tmp_path / "organisations.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_changed_canonical_name_keeps_the_old_one_as_former_name(tmp_path):
    load()

    def rename(fieldnames, rows):
        for row in rows:
            if row["key"] == "tillvaxtverket":
                row["canonical_name"] = "Myndigheten för tillväxt"
        return fieldnames, rows

    output = load(organisations=write_variant(tmp_path, rename))
    agency = Organisation.objects.get(slug="tillvaxtverket")
    assert agency.name == "Myndigheten för tillväxt"
    old = agency.other_names.get(name="Tillväxtverket")
    assert old.kind == NameKind.FORMER
    assert "'Tillväxtverket' is now 'Myndigheten för tillväxt'" in output
    assert agency.history.first().history_change_reason == "load_reference"


def edit_row(key, **changes):
    def edit(fieldnames, rows):
        for row in rows:
            if row["key"] == key:
                row.update(changes)
        return fieldnames, rows

    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda fieldnames, rows: ([f for f in fieldnames if f != "kind"], rows),
            "organisations.csv, line 1: missing column(s): kind",
        ),
        (
            lambda fieldnames, rows: (fieldnames, [*rows, dict(rows[0], canonical_name="Dubbel")]),
            "organisations.csv, line 97: duplicate key 'svalov' (first used on line 2)",
        ),
        (
            edit_row("lund", municipality_code="128"),
            "organisations.csv, line 24: invalid municipality code '128' for 'lund' (four digits)",
        ),
        (
            edit_row("lund", kind="kommun"),
            "organisations.csv, line 24: unknown kind 'kommun' for 'lund'",
        ),
        (
            edit_row("skane-european-office", parent_key="region-skaane"),
            "parent_key 'region-skaane' of 'skane-european-office' does not exist",
        ),
        (
            edit_row("lund", member_of="malmolundregionen|no-such-group"),
            "organisations.csv, line 24: member_of 'no-such-group' of 'lund' does not exist",
        ),
        (
            edit_row("lund", aliases="Lund|Malmö stad"),
            "the name 'malmö stad' of 'lund' is also a name of 'malmo'",
        ),
        (
            edit_row("malmo-universitet", former_names="Malmö högskola@2018-13-01"),
            "has the date '2018-13-01', expected YYYY-MM-DD or ?",
        ),
    ],
    ids=[
        "missing-column",
        "duplicate-key",
        "bad-municipality-code",
        "unknown-kind",
        "missing-parent",
        "missing-group",
        "name-of-two",
        "bad-date",
    ],
)
def test_a_malformed_file_says_where_and_what_and_writes_nothing(tmp_path, edit, expected):
    path = write_variant(tmp_path, edit)
    with pytest.raises(CommandError) as raised:
        load(organisations=path)
    assert expected in str(raised.value)
    assert "Nothing was loaded" in str(raised.value)
    assert Organisation.objects.count() == 0
    assert OrganisationName.objects.count() == 0


def test_a_municipality_code_unknown_to_the_register_is_refused(tmp_path):
    municipalities = tmp_path / "skane_municipalities.csv"
    text = (REFERENCE_DIR / "skane_municipalities.csv").read_text(encoding="utf-8")
    municipalities.write_text(text.replace("1280,Malmö", "1299,Malmö"), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        load(municipalities=municipalities)
    assert (
        "skane_municipalities.csv, line 23: no organisation has the municipality code '1299'"
        in str(raised.value)
    )
    assert Organisation.objects.count() == 0


def test_a_broken_outline_file_is_refused(tmp_path):
    boundaries = tmp_path / "outlines.geojson"
    boundaries.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        load(boundaries=boundaries)
    assert "outlines.geojson, line 1: not valid JSON" in str(raised.value)
    assert Organisation.objects.count() == 0


def test_a_failure_half_way_leaves_the_previous_load_untouched(tmp_path):
    load()
    before = Organisation.objects.get(slug="lund").name
    shutil.copy(DEFAULT_ORGANISATIONS, tmp_path / "organisations.csv")
    path = write_variant(
        tmp_path,
        lambda fieldnames, rows: (
            fieldnames,
            [
                dict(row, canonical_name="Lund ändrad") if row["key"] == "lund" else row
                for row in rows
            ]
            + [dict(rows[0], key="ny", kind="okänd")],
        ),
    )
    with pytest.raises(CommandError):
        load(organisations=path)
    assert Organisation.objects.get(slug="lund").name == before
    assert not Organisation.objects.filter(slug="ny").exists()


def test_if_empty_leaves_an_existing_register_alone():
    load()
    Organisation.objects.filter(slug="lund").update(name="Lund, ändrat i registret")
    output = load(if_empty=True)
    assert "nothing was loaded" in output
    assert Organisation.objects.get(slug="lund").name == "Lund, ändrat i registret"


def test_the_national_register_adds_every_municipality_county_board_and_state_body():
    load()
    municipalities = Organisation.objects.exclude(municipality_code="")
    assert municipalities.count() == 290
    # Skåne's municipalities keep their curated rows and gain their county.
    malmo = Organisation.objects.get(slug="malmo")
    assert (malmo.name, malmo.county_code, malmo.org_number) == ("Malmö stad", "12", "212000-1124")
    ale = Organisation.objects.get(slug="ale")
    assert (ale.name, ale.short_name, ale.municipality_code, ale.county_code) == (
        "Ale kommun", "Ale", "1440", "14",
    )  # fmt: skip
    # Håbo and Habo make the same key: both take their code.
    assert set(
        Organisation.objects.filter(slug__startswith="habo").values_list("slug", flat=True)
    ) == {"habo-0305", "habo-0643"}
    # Gotland is a municipality with a region's tasks: one organisation.
    gotland = Organisation.objects.get(slug="region-gotland")
    assert (gotland.kind, gotland.municipality_code) == (OrganisationKind.REGION, "0980")
    boards = Organisation.objects.filter(kind=OrganisationKind.COUNTY_BOARD)
    assert boards.count() == 21
    skane = Organisation.objects.get(slug="lansstyrelsen-skane")
    assert skane.org_number == "202100-2346"  # from the register of state bodies
    assert {n.name for n in skane.other_names.all()} >= {
        "Länsstyrelsen i Skåne län", "Länsstyrelsen Skåne län"
    }  # fmt: skip
    police = Organisation.objects.get(slug="polismyndigheten")
    assert police.other_names.get(name="Polisen").kind == NameKind.ALIAS
    assert police.other_names.get(name="Rikspolisstyrelsen").kind == NameKind.FORMER
    mdu = Organisation.objects.get(slug="malardalens-universitet")
    assert mdu.kind == OrganisationKind.UNIVERSITY
    assert mdu.other_names.get(name="Mälardalens högskola").kind == NameKind.FORMER
    # Names Wikidata gives that are another body's are left out.
    assert not OrganisationName.objects.filter(name__in=["Regelrådet", "Skandalhuset"]).exists()
    assert Organisation.objects.get(slug="skr").other_names.get(name="SKL").kind == NameKind.FORMER


def test_a_malformed_national_file_says_where_and_writes_nothing(tmp_path):
    national = tmp_path / "national"
    shutil.copytree(DEFAULT_NATIONAL, national)
    path = national / "municipalities.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("0114,Upplands Väsby", "114,Upplands Väsby"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as raised:
        load(national=national)
    assert "municipalities.csv, line 2: invalid municipality or county code in '114'" in str(
        raised.value
    )
    assert Organisation.objects.count() == 0


def test_a_national_name_that_is_another_organisations_is_left_out(tmp_path):
    def claim(fieldnames, rows):
        for row in rows:
            if row["key"] == "lrf":
                row["aliases"] += "|AMV"  # also a former abbreviation of Arbetsförmedlingen
        return fieldnames, rows

    output = load(organisations=write_variant(tmp_path, claim))
    assert "1 names from the national files were left out" in output
    agency = Organisation.objects.get(slug="arbetsformedlingen")
    assert agency.org_number == "202100-2114"
    assert OrganisationName.objects.get(name="AMV").organisation.slug == "lrf"
