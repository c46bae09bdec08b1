"""Whose site this is: the secretariat fills in the name, logo, colour and addresses in
the back office, and every page and every email shows them."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from natverk.core.models import SiteIdentity
from natverk.core.outbox import email_queue
from tests.outbox import deliver

pytestmark = pytest.mark.django_db

ADD = "/admin/core/siteidentity/add/"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#036"/></svg>'
)

FIELDS = {
    "name": "Skånes Kommuner",
    "name_en": "Association of Skåne Municipalities",
    "description": "Nätverk där Skånes kommuner samarbetar.",
    "description_en": "Networks in which Skåne's municipalities work together.",
    "logo_alt": "Skånes Kommuner",
    "logo_alt_en": "Association of Skåne Municipalities",
    "accent_colour": "#7a1d3f",
    "address": "Box 53\n221 00 Lund",
    "organisation_number": "222000-1511",
    "contact_email": "info@skaneskommuner.example.se",
    "site_url": "https://natverk.example.se",
}


def _fill_in(client, **changes):
    data = {**FIELDS, **changes}
    return client.post(ADD, data)


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_the_identity_shows_on_every_page_in_both_languages(secretariat_client, client, cast):
    response = _fill_in(secretariat_client, new_logo=SimpleUploadedFile("logo.png", PNG))
    assert response.status_code == 302, response.content.decode()[:3000]
    secretariat_client.logout()
    pages = ["/", "/natverk/skur-natverket/", "/organisationer/", "/oppna-data/", "/insikt/"]
    for path in pages:
        page = client.get(path)
        html = page.content.decode()
        assert page.status_code == 200, path
        assert _title(page).endswith(" – Skånes Kommuner"), path
        assert 'alt="Skånes Kommuner"' in html and "/logo?v=" in html, path
        assert "Box 53<br>221 00 Lund" in html and "222000-1511" in html, path
        assert "mailto:info@skaneskommuner.example.se" in html, path
        assert '<meta name="description" content="' in html, path
    english = client.get("/en/natverk/skur-natverket/")
    assert _title(english).endswith(" – Association of Skåne Municipalities")
    assert 'alt="Association of Skåne Municipalities"' in english.content.decode()
    assert "--accent: #7a1d3f;" in client.get("/theme.css").content.decode()


def test_account_pages_name_the_site_not_the_address_they_were_asked_by(client, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    SiteIdentity.objects.create(name="Skånes Kommuner")
    for path in ["/konto/logga-in/", "/konto/losenord/"]:
        page = client.get(path, HTTP_HOST="127.0.0.1:8101")
        assert page.status_code == 200, path
        assert "127.0.0.1" not in page.content.decode(), path
        assert _title(page).endswith("– Skånes Kommuner"), path


def test_a_changed_identity_retires_the_kept_pages(secretariat_client, client, cast):
    assert "Ett annat namn" not in client.get("/natverk/").content.decode()
    assert _fill_in(secretariat_client, name="Ett annat namn").status_code == 302
    assert "Ett annat namn" in client.get("/natverk/").content.decode()
    identity = SiteIdentity.objects.get()
    identity.name = "Ett tredje namn"
    identity.save()
    assert "Ett tredje namn" in client.get("/natverk/").content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"accent_colour": "blå"}, "sex hexadecimala"),
        ({"accent_colour": "#ffff00"}, "kontrast"),
        ({"organisation_number": "2220001511"}, "222000-1234"),
        ({"contact_email": "info@"}, "giltig"),
        ({"new_logo": SimpleUploadedFile("logo.svg", SVG), "logo_alt": ""}, "vad logotypen"),
        ({"new_logo": SimpleUploadedFile("logo.gif", b"GIF89a....")}, "SVG eller en PNG"),
        (
            {
                "new_logo": SimpleUploadedFile(
                    "x.svg", SVG.replace(b"<rect", b"<script>alert(1)</script><rect")
                )
            },
            "&lt;script&gt;",
        ),
        (
            {
                "new_logo": SimpleUploadedFile(
                    "x.svg", SVG.replace(b"<rect", b'<rect onclick="alert(1)"')
                )
            },
            "skript",
        ),
        (
            {
                "new_logo": SimpleUploadedFile(
                    "x.svg",
                    SVG.replace(b"<rect", b'<image href="https://elsewhere.example/x.png"/><rect'),
                )
            },
            "image",
        ),
        (
            {"new_logo": SimpleUploadedFile("x.svg", b'<!DOCTYPE svg [<!ENTITY a "b">]>' + SVG)},
            "dokumenttyp",
        ),
        ({"new_logo": SimpleUploadedFile("x.svg", b"<svg><rect></svg>")}, "inte en läsbar SVG"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(secretariat_client, changes, message):
    response = _fill_in(secretariat_client, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SiteIdentity.objects.exists()


def test_the_logo_is_served_so_that_nothing_in_it_can_run(secretariat_client, client):
    assert client.get("/logo").status_code == 404
    assert (
        _fill_in(secretariat_client, new_logo=SimpleUploadedFile("l.svg", SVG)).status_code == 302
    )
    logo = client.get("/logo")
    assert logo.content == SVG and logo["Content-Type"] == "image/svg+xml"
    assert "sandbox" in logo["Content-Security-Policy"]
    assert "default-src 'none'" in logo["Content-Security-Policy"]
    assert logo["X-Content-Type-Options"] == "nosniff"
    assert client.get("/favicon.ico").content == SVG


def test_favicon_and_robots_without_an_identity(client):
    icon = client.get("/favicon.ico")
    assert icon["Content-Type"] == "image/svg+xml" and b"#0b5394" in icon.content
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Disallow: /en/mina-natverk/" in robots
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots
    SiteIdentity.objects.create(site_url="https://natverk.example.se/")
    assert (
        "Sitemap: https://natverk.example.se/sitemap.xml"
        in client.get("/robots.txt").content.decode()
    )


def test_every_email_ends_with_whose_site_sends_it(smtp_server, secretariat_client):
    assert (
        _fill_in(secretariat_client, new_logo=SimpleUploadedFile("l.png", PNG)).status_code == 302
    )
    email_queue(
        to="kim@example.se",
        template="access/email/password_reset",
        context={"link": "https://natverk.example.se/x"},
        kind="access.password_reset",
        language="en",
    )
    assert deliver() == 1
    [message] = smtp_server.to("kim@example.se")
    text = smtp_server.text(message).replace("\r\n", "\n")
    assert text.rstrip().endswith(
        "-- \nAssociation of Skåne Municipalities\nBox 53\n221 00 Lund\n"
        "Organisation number 222000-1511\ninfo@skaneskommuner.example.se\n"
        "https://natverk.example.se/"
    )
    assert "Association of Skåne Municipalities" in message["Subject"]
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'src="https://natverk.example.se/logo?v=' in html
    assert "222000-1511" in html
