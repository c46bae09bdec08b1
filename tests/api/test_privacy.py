"""No personal data in the open data, whatever the register holds: with people seated in
every network and invited to a public meeting of each, every API address (every page of
every list, every object, every filter), the schema, the Popolo export and every download
in both languages are read and searched for their names, emails and phone numbers."""

import io
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from natverk.api.enums import Dataset
from tests.publishing.test_privacy import SENTINELS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("register", "people_in_every_network")]

LISTS = {
    "networks": "slug",
    "organisations": "slug",
    "memberships": "id",
    "relations": "id",
    "meetings": "uid",
    "focus": "slug",
}
FILTERED = [
    "/api/v1/networks/?member=lund",
    "/api/v1/networks/?convener=region-skane",
    "/api/v1/networks/?changed_since=2000-01-01",
    "/api/v1/organisations/?changed_since=2000-01-01&kind=municipality",
    "/api/v1/memberships/?current=false",
    "/api/v1/meetings/?network=skur-natverket",
    "/api/v1/networks/?member=Sentinelsson",
    "/api/v1/networks/?colour=sentinel",
    "/api/v1/networks/?cursor=forged",
]


def _local(url: str) -> str:
    return urlsplit(url)._replace(scheme="", netloc="").geturl()


def _read(client, url: str, seen: dict[str, str]) -> object:
    response = client.get(url)
    assert response.status_code in (200, 400, 404), url
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    content = response.content
    if url.endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(content))
        text = "\n".join(
            str(cell.value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    else:
        text = content.decode("utf-8-sig")
    seen[url] = text + "\n" + headers
    return response.json() if response["Content-Type"].startswith("application/json") else None


def test_no_open_data_shows_personal_data(client, settings):
    settings.NATVERK_API_RATE = "10000/minute"
    seen: dict[str, str] = {}
    for name, key in LISTS.items():
        url = f"/api/v1/{name}/?page_size=50" if name != "focus" else "/api/v1/focus/"
        while url:
            body = _read(client, url, seen)
            results = body["results"] if isinstance(body, dict) else body
            for item in results:
                _read(client, f"/api/v1/{name}/{item[key]}/", seen)
            url = _local(body["next"]) if isinstance(body, dict) and body["next"] else None
    for url in [*FILTERED, "/api/v1/", "/api/v1/schema/", "/api/v1/popolo.json"]:
        _read(client, url, seen)
    _read(client, "/api/v1/schema/?format=json", seen)
    for prefix in ("/oppna-data/", "/en/open-data/"):
        for dataset in Dataset.values:
            for suffix in (".csv", ".xlsx", "-README.txt"):
                _read(client, f"{prefix}{dataset}{suffix}", seen)
        _read(client, prefix, seen)
        _read(client, prefix + "api/", seen)
    assert sum("/api/v1/organisations/" in url for url in seen) > 90  # every one
    assert sum(url.endswith(".xlsx") for url in seen) == 10
    # The register is full of people; none of them is in what was read.
    assert any("Möte i SKUR-nätverket" in text for text in seen.values())
    leaks = [(url, s) for url, text in seen.items() for s in SENTINELS if s in text]
    assert leaks == []
