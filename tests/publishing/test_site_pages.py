"""The pages every Swedish public body's site has: the accessibility statement in DIGG's
form, about the site, and personal data and cookies; written from the site identity
until the secretariat writes them, in Swedish and English, linked from every page."""

import pytest

from natverk.core.models import SiteIdentity

pytestmark = pytest.mark.django_db

PAGES = {
    "/tillganglighet/": ("Tillgänglighetsredogörelse", "Accessibility statement"),
    "/om-webbplatsen/": ("Om webbplatsen", "About the site"),
    "/personuppgifter-och-kakor/": ("Personuppgifter och kakor", "Personal data and cookies"),
}


@pytest.fixture
def identity(db):
    return SiteIdentity.objects.create(
        name="Skånes Kommuner",
        name_en="Association of Skåne Municipalities",
        organisation_number="222000-1511",
        address="Box 53\n221 00 Lund",
        contact_email="info@skaneskommuner.example.se",
    )


def test_the_pages_are_written_from_the_identity_in_both_languages(client, identity):
    for path, (swedish, english) in PAGES.items():
        page = client.get(path)
        html = page.content.decode()
        assert page.status_code == 200, path
        assert f"<title>{swedish} – Skånes Kommuner</title>" in html
        assert "info@skaneskommuner.example.se" in html, path
        english_page = client.get("/en" + path)
        assert f"<title>{english} – Association of Skåne Municipalities</title>" in (
            english_page.content.decode()
        )
    statement = client.get("/tillganglighet/").content.decode()
    assert "Tillgänglighet för Skånes Kommuner" in statement
    assert "lagen (2018:1937) om tillgänglighet till digital offentlig service" in statement
    assert "Myndigheten för digital förvaltning (DIGG)" in statement
    assert "digg.se" in statement
    assert "delvis förenlig med lagen" in statement
    privacy = client.get("/personuppgifter-och-kakor/").content.decode()
    for said in ["personuppgiftsansvarig", "artikel 6.1 e", "csrftoken", "sessionid", "IMY"]:
        assert said in privacy
    about = client.get("/en/om-webbplatsen/").content.decode()
    assert "organisation number 222000-1511" in about


def test_every_page_links_to_them(client, cast):
    for path in ["/", "/natverk/skur-natverket/", "/organisationer/", "/oppna-data/",
                 "/konto/logga-in/", "/en/insikt/"]:  # fmt: skip
        html = client.get(path).content.decode()
        for target in PAGES:
            assert target in html, (path, target)


def test_what_the_secretariat_writes_is_shown_sanitised(secretariat_client, client, identity):
    assert "Kartan saknar" not in client.get("/tillganglighet/").content.decode()
    response = secretariat_client.post(
        "/admin/publishing/sitepages/add/",
        {
            "compliance": "partial",
            "shortcomings": "Kartan saknar textalternativ.\n\nPDF-filer från nätverken.",
            "shortcomings_en": "",
            "assessed_on": "2026-11-30",
            "about": '<p>Vår egen text.</p><script>alert("x")</script>',
            "about_en": "<p>Our own text.</p>",
            "privacy": "",
            "privacy_en": "",
            "accessibility_extra": "",
            "accessibility_extra_en": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    secretariat_client.logout()
    statement = client.get("/tillganglighet/").content.decode()
    assert "<li>Kartan saknar textalternativ.</li><li>PDF-filer från nätverken.</li>" in statement
    assert "30 november 2026" in statement
    english = client.get("/en/tillganglighet/").content.decode()
    assert '<ul lang="sv"><li>Kartan saknar' in english
    about = client.get("/om-webbplatsen/").content.decode()
    assert "Vår egen text." in about and "<script>" not in about.split("<main", 1)[1]
    assert "Our own text." in client.get("/en/om-webbplatsen/").content.decode()


def test_bad_input_in_the_back_office_is_explained(secretariat_client):
    response = secretariat_client.post(
        "/admin/publishing/sitepages/add/", {"compliance": "maybe", "assessed_on": "igår"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett giltigt alternativ" in html and "giltigt datum" in html


def test_the_public_pages_set_no_cookie_as_the_privacy_page_says(client, cast):
    for path in ["/", "/natverk/skur-natverket/", "/organisationer/", *PAGES]:
        assert not client.get(path).cookies, path
    assert set(client.get("/konto/logga-in/").cookies) == {"csrftoken"}
