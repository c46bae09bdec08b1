"""The public pages in a real browser: WCAG 2.1 AA by axe-core, keyboard use, narrow
screens and zoom, nothing loaded from other sites, and screenshots for review."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from natverk.core.models import SiteIdentity
from natverk.importing.seed import seed_load
from natverk.meetings.services import meeting_create
from natverk.publishing.search import documents_refresh
from natverk.registry.models import Network
from natverk.registry.services.reference import reference_load
from tests.browser_support import SCREENSHOTS, WCAG_AA, violations_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "start": "/",
    "search": "/natverk/?q=fonderna",
    "filtered": "/natverk/?roll=alla&funktion=working_group",
    "no-words": "/natverk/?q=och",
    "bad-filter": "/natverk/?fokus=rymdfart",
    "network": "/natverk/brysselnatverket/",
    "network-relations": "/natverk/fondsamordningsgruppen/",
    "network-short-name": "/natverk/skur-natverket/",
    "organisations": "/organisationer/",
    "organisation": "/organisationer/malmo-universitet/",
    "grouping": "/organisationer/skanes-fyra-horn/",
    "municipality": "/organisationer/lund/",
    "not-found": "/natverk/finns-inte/",
    "meetings": "/moten/",
    "meetings-filtered": "/moten/?natverk=skur-natverket",
    "meetings-bad-filter": "/moten/?fokus=rymdfart",
    "login": "/konto/logga-in/",
    "new-password": "/konto/losenord/",
    "accessibility": "/tillganglighet/",
    "about": "/om-webbplatsen/",
    "privacy": "/personuppgifter-och-kakor/",
    "contact": "/kontakt/",
}
LANGUAGES = {"sv": "", "en": "/en"}


@pytest.fixture
def site(live_server):
    reference_load()
    seed_load()
    documents_refresh()
    coming_public_meetings()
    skur = Network.objects.get(slug="skur-natverket")
    skur.contact_email = "eu@skanekommuner.example"
    skur.contact_name = "Skånes Kommuners EU-kontor"
    skur.how_to_take_part = "Kommunerna anmäler sin EU-samordnare.\n\nHör av dig till oss."
    skur.save()
    return live_server.url


def coming_public_meetings():
    """Public meetings of two networks, for the calendar and the network pages."""
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    for days, slug, title in [
        (7, "skur-natverket", "SKUR vårmöte"),
        (9, "brysselnatverket", "Brysselnätverkets möte"),
        (45, "skur-natverket", "SKUR höstmöte"),
    ]:
        network = Network.objects.get(slug=slug)
        meeting_create(
            networks=[network],
            leading=network,
            title=title,
            start=start + datetime.timedelta(days=days),
            end=start + datetime.timedelta(days=days, hours=3),
            city="Malmö",
            is_public=True,
        )


def test_every_public_page_passes_axe_in_both_languages_and_loads_nothing_from_elsewhere(
    site, browser
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    failures, foreign = {}, set()
    for width_name, viewport in [("desktop", (1280, 900)), ("mobile", (390, 844))]:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        page.on(
            "request",
            lambda request: (
                foreign.add(request.url)
                if not request.url.startswith((site, "data:", "about:"))
                else None
            ),
        )
        for language, prefix in LANGUAGES.items():
            for name, path in PAGES.items():
                response = page.goto(site + prefix + path)
                assert response.status == (404 if name == "not-found" else 200), path
                assert page.locator("html").get_attribute("lang") == language
                page.screenshot(
                    path=SCREENSHOTS / f"{language}-{name}-{width_name}.png", full_page=True
                )
                if width_name == "desktop":
                    results = axe.run(page, options=WCAG_AA)
                    if results.violations_count:
                        failures[f"{language}{path}"] = violations_report(results)
        context.close()
    assert failures == {}
    assert foreign == set()


LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="40" height="40" '
    'rx="6" fill="#7a1d3f"/><text x="48" y="27" font-size="18" fill="#222">SK</text></svg>'
)


def test_the_identity_in_header_and_footer_passes_axe_and_fits_a_phone(site, browser):
    SiteIdentity.objects.create(
        name="Skånes Kommuner",
        name_en="Association of Skåne Municipalities",
        logo=LOGO.encode(),
        logo_type="image/svg+xml",
        logo_alt="Skånes Kommuner",
        accent_colour="#7a1d3f",
        address="Box 53\n221 00 Lund",
        organisation_number="222000-1511",
        contact_email="info@skaneskommuner.example.se",
    )
    axe = Axe()
    failures = {}
    for width_name, width in [("desktop", 1280), ("mobile", 390)]:
        context = browser.new_context(viewport={"width": width, "height": 844})
        page = context.new_page()
        for language, prefix in LANGUAGES.items():
            for path in ["/", "/tillganglighet/", "/kontakt/"]:
                page.goto(site + prefix + path)
                logo = page.locator(".site-logo")
                assert logo.is_visible()
                assert page.evaluate("document.querySelector('.site-logo').naturalWidth") > 0
                overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                assert overflow <= 0, f"{path} scrolls sideways at {width}px"
                name = {"/": "identity", "/kontakt/": "identity-contact"}.get(
                    path, "identity-accessibility"
                )
                page.screenshot(
                    path=SCREENSHOTS / f"{language}-{name}-{width_name}.png", full_page=True
                )
                results = axe.run(page, options=WCAG_AA)
                if results.violations_count:
                    failures[f"{language}{path}@{width}"] = violations_report(results)
        context.close()
    assert failures == {}


def test_the_page_works_by_keyboard(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/natverk/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Till innehållet"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Tab on to the search field, type, and send the form with Enter.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_q":
            break
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.type("fonderna")
    page.keyboard.press("Enter")
    page.wait_for_url("**/natverk/?q=fonderna*")
    headings = page.locator("h3").all_inner_texts()
    assert headings == ["Fondsamordningsgruppen"]

    # Filters are ordinary controls, folded behind one button: open it with the
    # keyboard, choose a role and send.
    page.goto(site + "/natverk/")
    assert not page.locator("#id_roll").is_visible()
    page.focus(".more-filters summary")
    page.keyboard.press("Enter")
    assert page.locator("#id_roll").is_visible()
    page.focus("#id_roll")
    page.select_option("#id_roll", "drives")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**roll=drives*")
    assert page.locator("h3").all_inner_texts() == ["Brysselnätverket", "Strategiska EU-nätverket"]
    # Every link and control on the page can be reached with Tab.
    reachable = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, select')]
              .every(el => el.tabIndex >= 0 && el.offsetParent !== null)"""
    )
    assert reachable
    page.close()


def test_the_calendar_filters_work_by_keyboard(site, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site + "/moten/")
    assert page.locator("h3").all_inner_texts() == [
        "SKUR vårmöte",
        "Brysselnätverkets möte",
        "SKUR höstmöte",
    ]
    assert not page.locator("#id_natverk").is_visible()
    page.focus(".more-filters summary")
    page.keyboard.press("Enter")
    assert page.locator("#id_natverk").is_visible()
    page.focus("#id_natverk")
    page.select_option("#id_natverk", "brysselnatverket")
    page.keyboard.press("Tab")  # the focus
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Visa möten"
    page.keyboard.press("Enter")
    page.wait_for_url("**natverk=brysselnatverket*")
    assert page.locator("h3").all_inner_texts() == ["Brysselnätverkets möte"]
    page.close()


@pytest.mark.parametrize(
    ("width", "scale"), [(320, 1), (640, 2)], ids=["320px", "200-percent-zoom"]
)
def test_pages_fit_narrow_screens_and_zoom_without_sideways_scrolling(site, browser, width, scale):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, device_scale_factor=scale
    )
    page = context.new_page()
    for path in [
        "/natverk/",
        "/natverk/skur-natverket/",
        "/organisationer/",
        "/organisationer/skanes-fyra-horn/",
        "/moten/",
    ]:
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        assert page.locator("h1").is_visible()
    context.close()


def test_the_print_stylesheet_leaves_out_navigation_and_search(site, browser):
    page = browser.new_page()
    page.goto(site + "/natverk/")
    page.emulate_media(media="print")
    assert not page.locator(".filters").is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert page.locator("h1").is_visible()
    page.close()


def test_logging_in_by_keyboard_and_the_member_area_pass_axe(site, browser):
    from natverk.people.models import Coordination, Person
    from natverk.registry.models import Network, Organisation
    from tests.roles import PASSWORD, make_person

    person = make_person("samordnare", organisation="region-skane")
    Coordination.objects.create(person=person, network=Network.objects.get(slug="skur-natverket"))
    Person.objects.create(
        given_name="Eva",
        family_name="Lind",
        email="eva@example.se",
        employer=Organisation.objects.get(slug="malmo"),
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/konto/logga-in/")
    page.focus("#id_username")
    page.keyboard.type("samordnare@example.se")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/mina-natverk/")
    axe, failures = Axe(), {}
    for name, path in [
        ("my-networks", "/mina-natverk/"),
        ("workspace", "/mina-natverk/skur-natverket/"),
        ("representatives", "/mina-natverk/skur-natverket/representanter/"),
        ("account", "/konto/"),
    ]:
        page.goto(site + path)
        page.screenshot(path=SCREENSHOTS / f"sv-member-{name}-desktop.png", full_page=True)
        results = axe.run(page, options=WCAG_AA)
        if results.violations_count:
            failures[path] = violations_report(results)
    assert failures == {}
    page.close()
