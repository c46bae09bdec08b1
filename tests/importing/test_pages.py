"""Pages of the kind the importer is for, written as other associations write them: each
must read as its expected reading says (in the fields that reading names)."""

import json
from pathlib import Path

import pytest

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
