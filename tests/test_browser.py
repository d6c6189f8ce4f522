"""End to end in headless Chromium: every page loads from file:// with no other host and no console error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-gpu", "--no-first-run"]
NEUTRAL = "https://www.bbc.co.uk/weather"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records every request and blocks any that leaves file://."""
    context = browser.new_context()
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    context.route("http*://**/*", lambda route: route.fulfill(body="<p>elsewhere</p>", content_type="text/html")
                  if route.request.url.startswith(NEUTRAL) else route.abort())
    yield page
    context.close()


def test_every_page_loads_offline_without_requests_or_errors(built_mini, page):
    site = built_mini / "site"
    # 404.html is only ever shown by a web server, for a missing path, so its links are root-relative.
    pages = [path for path in sorted(site.glob("*/*.html")) if path.name != "404.html"] + [site / "index.html"]
    assert len(pages) > 10
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert [url for url in page.requests if not url.startswith("file://")] == [], path
        assert page.errors == [], (path, page.errors)
    assert page.evaluate("document.cookie") == ""


def test_page_is_styled_and_readable(built_mini, page):
    page.goto((built_mini / "site/ar/see-a-doctor.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    header = page.locator(".md-header")
    assert header.evaluate("element => getComputedStyle(element).position") == "sticky"
    assert page.locator(".sta-exit").is_visible()


def test_quick_exit_by_click_replaces_history(built_mini, page):
    first = (built_mini / "site/en/index.html").as_uri()
    page.goto(first)
    page.goto((built_mini / "site/en/see-a-doctor.html").as_uri())
    page.click("#sta-exit")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert page.url == first, "Back skips the page the reader was on"


def test_quick_exit_by_pressing_shift_three_times(built_mini, page):
    page.goto((built_mini / "site/en/see-a-doctor.html").as_uri())
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)
