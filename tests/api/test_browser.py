"""The open-data page and the API documentation in a real browser: WCAG 2.1 AA by
axe-core in both languages, at desktop width and at 390 px, by keyboard, nothing loaded
from other sites, and Swagger UI running under the site's Content Security Policy."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser_support import SCREENSHOTS, WCAG_AA, violations_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "open-data": ("/oppna-data/", "/en/open-data/"),
    "api-docs": ("/oppna-data/api/", "/en/open-data/api/"),
}


def _watch(page, site: str, foreign: set, refused: list) -> None:
    page.on(
        "request",
        lambda request: (
            foreign.add(request.url)
            if not request.url.startswith((site, "data:", "about:", "blob:"))
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            refused.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )


def test_the_open_data_pages_pass_axe_and_load_nothing_from_elsewhere(live_register, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    failures, foreign, refused = {}, set(), []
    for width_name, width in [("desktop", 1280), ("mobile", 390)]:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        _watch(page, live_register, foreign, refused)
        for name, paths in PAGES.items():
            for language, path in zip(("sv", "en"), paths, strict=True):
                response = page.goto(live_register + path)
                assert response.status == 200, path
                assert page.locator("html").get_attribute("lang") == language
                if name == "api-docs":
                    # Swagger UI has drawn the operations from the schema; one is open.
                    page.wait_for_selector(".opblock-summary-path", timeout=15000)
                    page.click("#operations-networks-networks_list .opblock-summary-control")
                    page.wait_for_selector(".parameters")
                else:
                    page.click("details summary")  # the columns of the first dataset
                overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
                page.screenshot(
                    path=SCREENSHOTS / f"{language}-{name}-{width_name}.png", full_page=True
                )
                results = axe.run(page, options=WCAG_AA)
                if results.violations_count:
                    failures[f"{width_name} {path}"] = violations_report(results)
        context.close()
    assert failures == {}
    assert foreign == set()
    assert refused == []


def test_swagger_ui_lists_every_operation_and_reads_by_keyboard(live_register, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_register + "/en/open-data/api/")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/networks/" in paths
    assert "/api/v1/popolo.json" in paths
    assert len(paths) == 13
    # An operation opens from the keyboard and shows its parameters.
    page.focus("#operations-networks-networks_list .opblock-summary-control")
    page.keyboard.press("Enter")
    page.wait_for_selector(".parameters")
    assert page.locator(".parameters .parameter__name").count() > 0
    page.close()


def test_the_downloads_are_reached_by_keyboard(live_register, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_register + "/oppna-data/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == (
            "/oppna-data/memberships.csv"
        ):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        "/oppna-data/memberships.csv"
    )
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "memberships.csv"
    page.close()
