"""No personal data on the public insight pages: the sentinel people of the public
site's crawl sit in every network and answer every meeting, and nothing of them shows on
the matrix, coverage, graph and map, their downloads, or the neighbours and small maps
on the network and organisation pages."""

import pytest

from tests.publishing.test_privacy import (  # noqa: F401 - the fixture is used by name
    SENTINELS,
    crawl,
    people_in_every_network,
)

pytestmark = pytest.mark.django_db

INSIGHT = [
    "/insikt/", "/insikt/matris/", "/insikt/matris/?rader=county", "/insikt/tackning/",
    "/insikt/graf/", "/insikt/karta/", "/insikt/karta/?natverk=skur-natverket",
    "/insikt/matris/?datum=2020-01-01", "/insikt/matris.csv", "/insikt/matris.xlsx",
    "/natverk/skur-natverket/", "/organisationer/lund/",
]  # fmt: skip


@pytest.mark.usefixtures("people_in_every_network")
def test_no_insight_page_shows_personal_data(client):
    start = INSIGHT + ["/en" + url for url in INSIGHT]
    pages = crawl(client, start, limit=300)
    assert sum("/insikt/" in url for url in pages) > 20
    leaks = [(url, s) for url, body in pages.items() for s in SENTINELS if s in body]
    assert leaks == []
    # The reports do name people: they are not public.
    assert client.get("/mina-natverk/rapporter/arbetsbelastning/").status_code == 302
