"""Pages as they come: huge, in old encodings, mostly menus, deeply nested, with tables
flattened into text, NUL bytes and characters that reorder text. Each is read or refused
with a clear message, and nothing is half-written."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from natverk.importing.errors import ImportProblem
from natverk.importing.models import ImportRun
from natverk.importing.parser import page_read
from natverk.registry.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]

FOND = (
    "<h2>Fondnätverket</h2><p>Nätverket sammankallas av Region Skåne. Följande organisationer "
    "deltar i nätverket: Region Skåne och Malmö stad.</p>"
)


def members(data: bytes) -> list[tuple[str, list[str]]]:
    network = page_read(data).reading.networks[0]
    return [(m.as_written, m.resolved) for m in network.members]


WANTED = [("Region Skåne", ["region-skane"]), ("Malmö stad", ["malmo"])]


def test_html_nested_five_thousand_deep_is_read():
    page = "<div>" * 5000 + f"<main><h1>Nätverk</h1>{FOND}</main>" + "</div>" * 5000
    assert members(page.encode()) == WANTED


def test_a_twenty_megabyte_page_of_scripts_and_images_is_read():
    page = (
        f"<html><head><script>{'var x = 1;' * 1_000_000}</script></head><body><main>"
        f"<h1>Nätverk</h1><img src='data:image/png;base64,{'A' * 9_000_000}'>{FOND}"
        "</main></body></html>"
    )
    data = page.encode()
    assert len(data) > 19_000_000
    assert members(data) == WANTED


def test_a_page_over_the_limit_is_refused_saying_so():
    with pytest.raises(ImportProblem) as raised:
        page_read(b"<p>" + b"x" * (25 * 1024 * 1024) + b"</p>")
    assert "högst 25 MB" in str(raised.value)


def test_a_page_in_windows_1252_is_read():
    page = f"<html><head><meta charset='windows-1252'></head><body>{FOND}</body></html>"
    assert members(("<h1>Nätverk</h1>" + page).encode("cp1252")) == WANTED


def test_a_page_that_is_mostly_navigation_reads_its_networks():
    menu = "".join(f"<li><a href='/sida/{i}'>Sida nummer {i}</a></li>" for i in range(2000))
    page = (
        f"<html><body><div class='mega-menu'><ul>{menu}</ul></div><div class='sidebar'>"
        f"<h2>Genvägar</h2><ul>{menu}</ul></div><h1>Nätverk</h1>{FOND}"
        f"<div class='footer-links'><ul>{menu}</ul></div></body></html>"
    )
    reading = page_read(page.encode()).reading
    assert [n.name for n in reading.networks] == ["Fondnätverket"]
    assert [m.as_written for m in reading.networks[0].members] == ["Region Skåne", "Malmö stad"]


def test_a_table_flattened_into_text_is_read_row_by_row():
    page = (
        "Nätverk\n\nInledning om nätverken.\n\nTrafiknätverket\n\nNätverket träffas fyra "
        "gånger per år.\n\nDeltagare\nOrganisation\tRoll\nRegion Skåne\tSammankallande\n"
        "Malmö stad\tMedlem\nTrafikverket\tAdjungerad\n"
    )
    network = page_read(page.encode(), html=False).reading.networks[0]
    assert [(c.as_written, c.resolved) for c in network.conveners] == [
        ("Region Skåne", ["region-skane"])
    ]
    assert [(m.as_written, m.role) for m in network.members] == [
        ("Region Skåne", None), ("Malmö stad", None), ("Trafikverket", "observer")
    ]  # fmt: skip


def test_control_and_bidirectional_characters_are_taken_out_of_names():
    page = f"<main><h1>Nätverk</h1>{FOND}</main>".replace(
        "Region Skåne och", "Re\u202egion\u2066 Skåne\u0007 och"
    )
    reading = page_read(page.encode()).reading
    assert [(m.as_written, m.resolved) for m in reading.networks[0].members] == WANTED
    assert "control_characters_removed" in reading.page_findings


def test_nul_bytes_are_taken_out_and_the_upload_is_kept(secretariat_client):
    page = f"<main><h1>Nätverk</h1>{FOND}</main>".replace("Malmö", "Mal\x00mö")
    page += " " * 10_000  # a few NUL bytes in a long page: text, not a binary file
    response = secretariat_client.post(
        reverse("admin:importing_importrun_add"),
        {"file": SimpleUploadedFile("sida.html", page.encode())},
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert "\x00" not in run.content
    secretariat_client.post(reverse("admin:importing_importrun_apply", args=[run.pk]))
    assert Membership.objects.filter(organisation__slug="malmo").exists()


def test_a_large_page_is_read_in_time_that_grows_with_its_size():
    def page(count: int) -> bytes:
        parts = ["<main><h1>Nätverk</h1><p>Inledning.</p>"]
        for number in range(count):
            parts.append(
                f"<h2>Nätverk nummer {number}</h2><p>Nätverket träffas fyra gånger per år. "
                "Följande organisationer deltar i nätverket: Region Skåne (sammankallande), "
                "Malmö stad, Lunds kommun och Tillväxtverket.</p>"
            )
        return "".join([*parts, "</main>"]).encode()

    timings = []
    for count in (250, 1000):
        started = time.perf_counter()
        reading = page_read(page(count)).reading
        timings.append(time.perf_counter() - started)
        assert len(reading.networks) == count
    # Four times the page takes about four times as long, far from sixteen.
    assert timings[1] < timings[0] * 8
