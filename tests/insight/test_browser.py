"""The insight pages in a real browser: WCAG 2.1 AA by axe-core, the pictures by keyboard,
narrow screens, nothing loaded from elsewhere, and screenshots for review."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from natverk.importing.seed import seed_load
from natverk.people.models import Coordination
from natverk.publishing.search import documents_refresh
from natverk.registry.models import Network
from natverk.registry.services.reference import reference_load
from tests.browser_support import SCREENSHOTS, WCAG_AA, violations_report
from tests.roles import PASSWORD, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "insight": "/insikt/",
    "matrix": "/insikt/matris/",
    "matrix-eu": "/insikt/matris/?fokus=eu&typ=municipality",
    "matrix-by-county": "/insikt/matris/?rader=county",
    "coverage": "/insikt/tackning/?fokus=eu",
    "graph": "/insikt/graf/",
    "map": "/insikt/karta/",
    "map-network": "/insikt/karta/?natverk=skur-natverket",
    "map-bad": "/insikt/karta/?datum=igår",
    "network-neighbours": "/natverk/skur-natverket/",
    "municipality-map": "/organisationer/lund/",
}


@pytest.fixture
def site(live_server):
    reference_load()
    seed_load()
    documents_refresh()
    return live_server.url


def test_insight_pages_pass_axe_in_both_languages_and_load_nothing_from_elsewhere(site, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    failures, foreign = {}, set()
    for width_name, width in [("desktop", 1280), ("mobile", 390)]:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.on(
            "request",
            lambda request: (
                foreign.add(request.url)
                if not request.url.startswith((site, "data:", "about:"))
                else None
            ),
        )
        for language, prefix in {"sv": "", "en": "/en"}.items():
            for name, path in PAGES.items():
                response = page.goto(site + prefix + path)
                assert response.status == 200, path
                page.screenshot(
                    path=SCREENSHOTS / f"{language}-{name}-{width_name}.png", full_page=True
                )
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
                if width_name == "desktop" or language == "sv":
                    results = axe.run(page, options=WCAG_AA)
                    if results.violations_count:
                        failures[f"{width_name} {language}{path}"] = violations_report(results)
        context.close()
    assert failures == {}
    assert foreign == set()


def test_the_map_and_the_graph_work_by_keyboard(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/insikt/karta/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/organisationer/bjuv/":
            break
    assert page.evaluate("document.activeElement.closest('svg') !== null")
    outline = page.evaluate(
        "getComputedStyle(document.activeElement.querySelector('path')).strokeWidth"
    )
    assert outline == "3.5px"  # focus is seen on the map
    page.keyboard.press("Enter")
    page.wait_for_url("**/organisationer/bjuv/")
    assert page.locator("h1").inner_text() == "Bjuvs kommun"

    page.goto(site + "/insikt/graf/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if (
            page.evaluate("document.activeElement.getAttribute('href')")
            == "/natverk/skur-natverket/"
        ):
            break
    assert page.evaluate("document.activeElement.closest('svg.graph') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/natverk/skur-natverket/")

    # The matrix scrolls by keyboard: its region takes focus, and its headers stay.
    page.goto(site + "/insikt/matris/")
    page.focus(".matrix-wrap")
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    page.wait_for_timeout(600)  # the browser scrolls smoothly
    header_top = page.evaluate(
        "document.querySelector('.matrix thead th').getBoundingClientRect().top"
        " - document.querySelector('.matrix-wrap').getBoundingClientRect().top"
    )
    assert page.evaluate("document.querySelector('.matrix-wrap').scrollTop") > 0
    assert abs(header_top) < 2
    page.close()


def test_the_reports_pass_axe(site, browser):
    from django.contrib.auth.models import Group

    from natverk.access.roles import SECRETARIAT_GROUP

    person = make_person("kansliet", organisation="skanes-kommuner")
    person.user.is_staff = True
    person.user.save()
    person.user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    Coordination.objects.create(person=person, network=Network.objects.get(slug="skur-natverket"))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/konto/logga-in/")
    page.fill("#id_username", "kansliet@example.se")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/mina-natverk/")
    axe, failures = Axe(), {}
    for name, path in [
        ("reports", "/mina-natverk/rapporter/"),
        ("engagement", "/mina-natverk/rapporter/engagemang/"),
        ("cadence", "/mina-natverk/rapporter/motesplan/"),
        ("workload", "/mina-natverk/rapporter/arbetsbelastning/?minst=1"),
        ("vacancies", "/mina-natverk/rapporter/vakanta-platser/"),
        ("closing", "/mina-natverk/rapporter/att-se-over/"),
        ("organisation-year", "/mina-natverk/rapporter/organisationens-ar/?organisation=malmo"),
    ]:
        page.goto(site + path)
        page.screenshot(path=SCREENSHOTS / f"sv-report-{name}-desktop.png", full_page=True)
        results = axe.run(page, options=WCAG_AA)
        if results.violations_count:
            failures[path] = violations_report(results)
    assert failures == {}
    page.close()
