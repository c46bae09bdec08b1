"""The corpus of real Swedish networks pages (paraphrased, with hand-made readings): the
importer reads each without inventing a member or publishing a network that is not one,
and finds nearly every network and member over the whole corpus."""

import json
from urllib.parse import urlsplit

import pytest

from tests.importing.corpus_support import CORPUS, HOLDOUT, pages, score_folder, score_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]

EVERY_PAGE = [*pages(CORPUS), *pages(HOLDOUT)]


def test_the_corpus_is_many_pages_from_many_sites():
    sites = {
        urlsplit(json.loads(expected.read_text(encoding="utf-8"))["source"]).hostname
        for _page, expected in EVERY_PAGE
    }
    assert len(EVERY_PAGE) >= 25
    assert len(sites) >= 10


@pytest.mark.parametrize(("page", "expected"), EVERY_PAGE, ids=lambda p: p.name)
def test_each_page_is_read_without_inventing_or_publishing_a_guess(page, expected):
    score = score_page(page, expected)
    assert score.refused == []
    assert score.invented == []
    assert score.spurious_public == []


def test_the_whole_corpus_finds_nearly_every_network_and_member():
    total, _each = score_folder(CORPUS)
    figures = total.summary()
    assert figures["networks_found_%"] >= 95
    assert figures["member_recall_%"] >= 95
    assert figures["resolved_right_%"] >= 95
