"""The open-data page and its downloads as a researcher gets them: CSV that Swedish Excel
reads (BOM, semicolons, decimal commas), XLSX with typed dates and a frozen header, a
README that documents every column, in Swedish at /oppna-data/ and in English at
/en/open-data/."""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from natverk.api.enums import Dataset
from natverk.registry.models import Relation
from tests.publishing.support import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("register")]


def csv_rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    text = response.content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def readme(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode()


def test_the_memberships_csv_holds_current_and_former_memberships(client):
    rows = csv_rows(client, "/oppna-data/memberships.csv")
    lund = [r for r in rows if r["organisation"] == "lund"]
    assert [(r["network"], r["current"]) for r in lund] == [("skur-natverket", "false")]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lund[0]["end_date"])
    assert all(r["network"] != "hemligt-natverk" for r in rows)
    assert {r["role"] for r in rows} >= {"convener", "member"}
    assert rows[0]["network_name"] == "Brysselnätverket"


@pytest.mark.parametrize("dataset", Dataset.values)
def test_every_column_of_every_dataset_is_documented_in_both_languages(client, dataset):
    columns = list(csv_rows(client, f"/oppna-data/{dataset}.csv")[0])
    swedish = readme(client, f"/oppna-data/{dataset}-README.txt")
    english = readme(client, f"/en/open-data/{dataset}-README.txt")
    for column in columns:
        assert re.search(rf"^{column} \([^)]+\): \S", swedish, re.M), (dataset, column)
        assert re.search(rf"^{column} \([^)]+\): \S", english, re.M), (dataset, column)
    assert "Licens: CC0 1.0" in swedish
    assert "Licence: CC0 1.0" in english
    assert "Senast uppdaterad: " in swedish
    # The XLSX has the same columns, and documents them on a sheet of its own.
    workbook = load_workbook(io.BytesIO(client.get(f"/oppna-data/{dataset}.xlsx").content))
    data, about = workbook.worksheets
    assert [cell.value for cell in data[1]] == columns
    assert data.freeze_panes == "A2"
    assert data[1][0].font.bold
    assert about.title == "Om datan"
    documented = {row[0].value for row in about.iter_rows()}
    assert set(columns) <= documented


def test_the_networks_csv_has_decimal_commas_and_the_readme_lists_codes(client, register):
    skur = register["skur"]
    skur.meetings_per_year = "1.5"
    skur.save()
    rows = {r["slug"]: r for r in csv_rows(client, "/oppna-data/networks.csv")}
    assert rows["skur-natverket"]["meetings_per_year"] == "1,5"
    assert rows["skur-natverket"]["conveners"] == "region-skane"
    assert "hemligt-natverk" not in rows
    text = readme(client, "/oppna-data/networks-README.txt")
    assert "    working_group: arbetsgrupp" in text


def test_the_xlsx_has_typed_dates_and_times(client):
    workbook = load_workbook(io.BytesIO(client.get("/oppna-data/memberships.xlsx").content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    lund = next(row for row in sheet.iter_rows(min_row=2) if row[3].value == "lund")
    end = lund[header.index("end_date")]
    assert isinstance(end.value, datetime.datetime)  # Excel keeps dates as date-times
    assert end.number_format == "yyyy-mm-dd"
    assert end.value.date() == timezone.localdate() - datetime.timedelta(days=400)
    assert lund[header.index("current")].value is False
    meetings = load_workbook(io.BytesIO(client.get("/en/open-data/meetings.xlsx").content))
    meeting = meetings.worksheets[0]
    start = meeting[2][[c.value for c in meeting[1]].index("start")]
    assert isinstance(start.value, datetime.datetime)
    assert start.number_format == "yyyy-mm-dd hh:mm"
    assert meetings.worksheets[1].title == "About"


def test_text_that_looks_like_a_formula_stays_text(client, register):
    register["skur"].name = '=HYPERLINK("http://example.org")'
    register["skur"].save()
    rows = csv_rows(client, "/oppna-data/networks.csv")
    assert '\'=HYPERLINK("http://example.org")' in {r["name"] for r in rows}
    workbook = load_workbook(io.BytesIO(client.get("/oppna-data/networks.xlsx").content))
    names = [row[1] for row in workbook.worksheets[0].iter_rows(min_row=2)]
    cell = next(c for c in names if c.value.startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_the_open_data_page_in_both_languages(client):
    swedish = page_text(client, "/oppna-data/")
    assert "Öppna data" in swedish
    assert "Licens: CC0 1.0" in swedish
    assert swedish.count("Senast uppdaterad:") >= 5
    assert "Medlemskap som CSV" in swedish
    english = page_text(client, "/en/open-data/")
    assert "Memberships as XLSX" in english
    assert "/api/v1/networks/?member=lund" in english
    html = client.get("/en/open-data/").content.decode()
    for dataset in Dataset.values:
        assert f'href="/en/open-data/{dataset}.csv"' in html
        assert f'href="/en/open-data/{dataset}-README.txt"' in html
    # The footer of every public page leads here.
    assert 'href="/oppna-data/"' in client.get("/natverk/").content.decode()
    assert 'href="/en/open-data/"' in client.get("/en/natverk/").content.decode()


def test_the_licence_is_the_installations_choice(client, settings):
    settings.NATVERK_OPEN_DATA_LICENCE = "CC BY 4.0"
    settings.NATVERK_OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
    assert "Licens: CC BY 4.0" in page_text(client, "/oppna-data/")
    assert "Licence: CC BY 4.0" in readme(client, "/en/open-data/relations-README.txt")


def test_a_download_revalidates_and_an_unknown_one_is_not_found(client):
    first = client.get("/oppna-data/relations.csv")
    again = client.get("/oppna-data/relations.csv", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert client.get("/oppna-data/people.csv").status_code == 404
    assert client.get("/oppna-data/networks.json").status_code == 404


def test_each_dataset_says_when_it_last_changed(client):
    from django.apps import apps

    long_ago = datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)
    for model in apps.get_models():
        if any(field.name == "history_date" for field in model._meta.fields):
            model.objects.update(history_date=long_ago)
    relation = Relation.objects.get(kind="advises")
    relation.kind = "reports_to"
    relation.save()
    html = client.get("/oppna-data/").content.decode()
    updated = dict(
        re.findall(r'<h3 id="dataset-(\w+)">.*?<time datetime="([\d-]+)"', html, flags=re.S)
    )
    today = timezone.localdate().isoformat()
    assert updated == {
        "networks": "2020-01-01",
        "organisations": "2020-01-01",
        "memberships": "2020-01-01",
        "relations": today,
        "meetings": "2020-01-01",
    }
    assert f"Senast uppdaterad: {timezone.localdate().day}" in readme(
        client, "/oppna-data/relations-README.txt"
    )
    assert "Senast uppdaterad: 1 januari 2020" in readme(
        client, "/oppna-data/memberships-README.txt"
    )
