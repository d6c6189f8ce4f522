"""End to end in headless Chromium: every page loads from file:// with no other host and no console error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-gpu", "--no-first-run"]
NEUTRAL = "https://www.bbc.co.uk/weather"
LOCAL = "http://127.0.0.1:"


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
                  if route.request.url.startswith(NEUTRAL) else route.continue_()
                  if route.request.url.startswith(LOCAL) else route.abort())
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


def test_a_citation_opens_its_source_marked_and_back_returns_to_the_sentence(built_mini, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto((built_mini / "site/en/see-a-doctor.html").as_uri())
    citation = page.locator(".sta-cite a[aria-label='Source 2']").first
    citation.scroll_into_view_if_needed()
    citation.click()
    page.wait_for_url("**/en/see-a-doctor-sources.html#source-2")
    source = page.locator("#source-2")
    assert source.is_visible() and source.evaluate("element => getComputedStyle(element).backgroundColor") \
        == "rgb(255, 244, 206)", "the cited source is marked"
    assert page.get_by_role("heading", level=1).inner_text() == "Sources: Seeing a doctor"
    page.go_back()
    page.wait_for_url("**/en/see-a-doctor.html")
    assert page.evaluate("window.scrollY") > 0, "back where the reader was"
    page.click(".sta-sources-link a")
    page.click(".sta-sources-page a")
    assert page.url.endswith("/en/see-a-doctor.html") and page.errors == []


def test_a_linked_heading_stops_below_the_header_however_tall_it_grows(built_mini, page):
    """In Tamil the quick-exit label takes four lines at 360 px; larger text does the same in any language."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto((built_mini / "site/en/see-a-doctor.html").as_uri())
    page.evaluate("document.querySelector('.sta-exit').style.paddingBlock = '2rem'")  # as a long label would
    page.wait_for_timeout(200)
    heading = page.locator("article h2[id]").first
    page.evaluate(f"location.hash = '#{heading.get_attribute('id')}'")
    page.wait_for_timeout(200)
    header = page.locator(".md-header").bounding_box()
    assert page.evaluate("window.scrollY") > 0 and header["y"] == 0 and header["height"] > 100
    assert heading.bounding_box()["y"] >= header["height"], "the heading is not hidden under the header"


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


def test_shift_hint_shows_with_a_keyboard_but_not_on_a_phone(built_mini, page, browser):
    url = (built_mini / "site/en/see-a-doctor.html").as_uri()
    page.goto(url)
    assert page.locator(".sta-urgent-bar__hint").is_visible()
    phone = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    phone_page = phone.new_page()
    phone_page.goto(url)
    assert not phone_page.locator(".sta-urgent-bar__hint").is_visible()
    assert phone_page.locator(".sta-exit").is_visible(), "the quick exit button stays"
    phone.close()


def test_every_page_has_a_content_security_policy_and_no_referrer(built_mini):
    for path in (built_mini / "site").glob("*/*.html"):
        html = path.read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\'' in html
        assert '<meta name="referrer" content="no-referrer">' in html
        assert not re.search(r'<a (?![^>]*rel="noopener noreferrer")[^>]*href="https?://', html), path


@pytest.mark.parametrize(("code", "word", "expected"), [("en", "interpreter", "Seeing a doctor"),
                                                         ("ar", "طبيب", "رؤية الطبيب")])
def test_search_works_offline_and_leaves_no_trace(hostile_free_site, page, code, word, expected):
    site = hostile_free_site / "site" / code
    for name in ("index.html", "see-a-doctor.html", "glossary.html"):
        page.goto((site / name).as_uri())
    page.goto((site / "search.html").as_uri())
    page.fill("#sta-q", word)
    page.click(".sta-search button")
    page.wait_for_selector(".sta-search-results a")
    assert expected in page.locator(".sta-search-results").inner_text()
    assert page.errors == [] and [url for url in page.requests if not url.startswith("file://")] == []
    storage = page.evaluate("""async () => [document.cookie, localStorage.length, sessionStorage.length,
        (await indexedDB.databases()).length, (await caches.keys()).length]""")
    assert storage == ["", 0, 0, 0, 0]


@pytest.fixture(scope="module")
def hostile_free_site(tmp_path_factory):
    """The mini project with an Arabic translation, built."""
    from generator.config import load_config
    from generator.content import load_content
    from generator.i18n import extract, update_catalogs
    from generator.pipeline import build
    from tests.conftest import _copy_project
    from tests.test_i18n import translate

    root = _copy_project(tmp_path_factory.mktemp("arabic") / "project")
    config = load_config(root)
    extract(config, load_content(root))
    update_catalogs(config)
    translate(root, "ar", {"Seeing a doctor": "رؤية الطبيب", "You can register with a GP. You do not need ID.":
                           "يمكنك التسجيل لدى طبيب عام. لا تحتاج إلى هوية."})
    build(config)
    return root


def test_hostile_translations_never_run_in_the_browser(make_project, page):
    """Even if the integrity check were bypassed, hostile translations render as inert text."""
    from generator.config import load_config
    from generator.content import load_content
    from generator.i18n import Entry, Review, Translations
    from generator.pipeline import today
    from generator.render import interface_strings, nav_for, page_menu, render_pages
    from generator.site import build_sites, make_self_contained, write_docs, write_theme_overlay

    root = make_project()
    config = load_config(root)
    content = load_content(root)
    lang = config.language("ar")
    hostile = ["<script>window.pwned = 1</script>", '<img src=x onerror="window.pwned = 1">',
               "<iframe srcdoc='<script>parent.pwned = 1</script>'></iframe>", "[x](javascript:window.pwned=1)",
               "{{ config.extra }} <!-- c -->", "![x](data:image/svg+xml,<svg onload='window.pwned=1'>)"]
    texts = ["Seeing a doctor", "You can register with a GP surgery near where you live.", "You do not need ID.",
             "You do not need proof of address.", "What can still be shared",
             'Registering with a GP: "yes", it\'s free']
    entries = {(ctx, text): Entry(hostile[number % len(hostile)], False, number)
               for number, text in enumerate(texts) for ctx in ("see-a-doctor.title", "see-a-doctor.body")}
    translations = Translations(lang, Path("hostile.po"), entries, Review())
    staging = root / "build" / "hostile"
    write_docs(render_pages(content, translations, today(), source_lang=config.source_lang), staging / "docs")
    labels = interface_strings(content, translations)
    write_theme_overlay(config, lang, labels, staging / "theme", page_menu(content, translations))
    from generator.site import write_mkdocs_config
    config_file = write_mkdocs_config(config, lang, docs_dir=staging / "docs", site_dir=staging / "site",
                                      theme_dir=staging / "theme", nav=nav_for(content, translations),
                                      site_name="x", urgent=[], target=staging / "ar.yml")
    build_sites({"ar": config_file})
    make_self_contained(staging / "site")
    page.on("dialog", lambda dialog: page.errors.append("dialog"))
    page.goto((staging / "site" / "see-a-doctor.html").as_uri())
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None
    assert page.locator("article script, article img[src='x'], article iframe").count() == 0
    assert "<script>window.pwned = 1</script>" in page.locator("article").inner_text()
    page.goto((staging / "site" / "glossary.html").as_uri())  # assets/nav.js adds the hostile title here
    assert page.locator(".md-nav--primary a[href='see-a-doctor.html']").inner_text() == hostile[0]
    assert page.evaluate("window.pwned") is None


def test_drawer_menu_lists_every_page_in_order_with_the_open_page_and_its_contents(built_mini, page):
    """The page carries only its own entry; assets/nav.js adds the others around it, as Material drew them."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto((built_mini / "site" / "ar" / "see-a-doctor.html").as_uri())
    page.locator("label.md-header__button[for='__drawer']").click()
    menu = page.locator(".md-nav--primary > .md-nav__list")
    sections = menu.locator(":scope > li.md-nav__item--section")
    assert sections.count() >= 2 and menu.locator(":scope > li > a").first.get_attribute("href") == "index.html"
    links = menu.locator("a.md-nav__link:not([href^='#'])")
    addresses = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert addresses.count("see-a-doctor.html") == 1
    assert "glossary.html" in addresses and "for-gp-surgeries.html" in addresses
    own = menu.locator("a.md-nav__link--active[href='see-a-doctor.html']")
    assert own.get_attribute("lang") == "en", "the mini Arabic shows its guide pages in English"
    assert menu.locator("a[href='for-gp-surgeries.html']").get_attribute("lang") == "en"
    assert menu.locator("a[href='glossary.html']").get_attribute("lang") is None
    first = sections.first
    assert first.locator(":scope > input").is_checked(), "the open page's section is the one unfolded"
    assert first.locator("#__toc ~ nav.md-nav--secondary a[href^='#']").count() > 3, "its contents list stays"
    assert not sections.nth(1).locator(":scope > input").is_checked()
    first.locator(":scope > nav > label.md-nav__title").click()  # back, as a reader taps the arrow
    section = sections.filter(has=page.locator("a[href='for-gp-surgeries.html']"))
    section.locator(":scope > label").click()
    page.wait_for_timeout(400)  # the drawer slides
    section.locator("a[href='for-gp-surgeries.html']").click()
    assert page.url.endswith("/ar/for-gp-surgeries.html") and page.errors == []


def test_language_menu_without_javascript_leads_to_the_list_of_languages(built_mini, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((built_mini / "site" / "ar" / "see-a-doctor.html").as_uri())
    page.click(".sta-languages a")
    assert page.url.endswith("/site/index.html")
    assert page.get_by_role("link", name="Leave this site now").get_attribute("href") == NEUTRAL
    page.click("a[hreflang=ti]")
    assert page.url.endswith("/ti/index.html")
    context.close()


def test_downloaded_zip_unpacks_to_a_working_guide(hostile_free_site, page, tmp_path):
    import zipfile
    archive = hostile_free_site / "site" / "downloads" / "safe-to-ask-ar.zip"
    home = (hostile_free_site / "site" / "ar" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/safe-to-ask-ar.zip"' in home and re.search(r"\(ZIP, <span dir=\"ltr\">\d+\.\d MB", home)
    zipfile.ZipFile(archive).extractall(tmp_path)
    guide = tmp_path / "safe-to-ask-ar"
    assert (guide / "ar" / "leaflets" / "rights-a5-ar.pdf").exists()
    page.goto((guide / "index.html").as_uri())
    page.wait_for_url("**/ar/index.html")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.locator(".sta-languages").count() == 0, "the download holds one language: no menu of broken links"
    page.goto((guide / "ar" / "search.html").as_uri() + "?q=طبيب")
    page.wait_for_selector(".sta-search-results a")
    assert page.errors == [] and [url for url in page.requests if not url.startswith("file://")] == []


@pytest.fixture(scope="module")
def served(hostile_free_site):
    """The built site on a local web server (service workers need http)."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(hostile_free_site / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"{LOCAL}{server.server_port}"
    server.shutdown()


STORED = """async () => [(await caches.keys()).length, (await navigator.serviceWorker.getRegistrations()).length]"""


def wait_until(page, script: str, timeout: float = 10.0) -> None:
    """Poll a script until it is true (wait_for_function would need eval, which our CSP forbids)."""
    import time
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        page.wait_for_timeout(100)


def test_save_for_offline_only_after_warning_and_quick_exit_removes_it(served, page):
    page.goto(f"{served}/ar/index.html")
    assert page.evaluate(STORED) == [0, 0], "nothing is stored until the reader chooses"
    page.click("#sta-offline-save")
    assert page.locator("#sta-offline-ask").is_visible()
    assert "Someone who uses this device could find it" in page.locator("#sta-offline-ask").inner_text()
    page.click("#sta-offline-confirm")
    wait_until(page, "document.getElementById('sta-offline-status').textContent.length > 0")
    wait_until(page, "async () => (await caches.keys()).length > 0")
    page.context.set_offline(True)
    page.goto(f"{served}/ar/see-a-doctor.html")
    assert "رؤية الطبيب" in page.content(), "the saved copy reads without a connection"
    page.context.set_offline(False)
    page.goto(f"{served}/ar/index.html")
    page.click("#sta-offline-remove")
    wait_until(page, "async () => (await caches.keys()).length === 0")
    assert page.evaluate(STORED) == [0, 0]
    page.click("#sta-offline-save")
    page.click("#sta-offline-confirm")
    wait_until(page, "async () => (await caches.keys()).length > 0")
    page.click("#sta-exit")
    page.wait_for_url(NEUTRAL)
    page.goto(f"{served}/ar/glossary.html")
    assert page.evaluate(STORED) == [0, 0], "quick exit removed the saved copy"
    assert page.errors == []


def test_save_for_offline_is_hidden_from_a_folder(hostile_free_site, page):
    page.goto((hostile_free_site / "site" / "en" / "index.html").as_uri())
    assert not page.locator("#sta-offline").is_visible()


def _serve(folder: Path, slow: dict) -> tuple[str, object]:
    """A local web server for ``folder``; ``slow["seconds"]`` delays what a service worker fetches to save
    a copy (requests of no particular kind, other than version.json), and ``slow["seen"]`` counts them."""
    import threading
    import time
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            if self.headers.get("Sec-Fetch-Dest") == "empty" and not self.path.endswith("version.json"):
                slow["seen"] = slow.get("seen", 0) + 1
                time.sleep(slow.get("seconds", 0))
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"{LOCAL}{server.server_port}", server


def _copy_date(page) -> str:
    return page.locator(".sta-copy-date").inner_text()


def _saved_version(page, version: str) -> bool:
    return page.evaluate(f"async () => (await caches.keys()).join() === 'safe-to-ask-ar-{version}'")


def test_saved_copy_follows_a_newer_build_and_says_its_date(tmp_path, monkeypatch, page):
    import json

    from generator.config import load_config
    from generator.content import load_content
    from generator.i18n import extract, update_catalogs
    from generator.pipeline import build
    from tests.conftest import _copy_project
    from tests.test_i18n import translate

    root = _copy_project(tmp_path / "project")
    config = load_config(root)
    extract(config, load_content(root))
    update_catalogs(config)
    translate(root, "ar", {"Seeing a doctor": "رؤية الطبيب",
                           "This copy is from {date:copy}": "هذه النسخة من {date:copy}"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796515200")  # 6 December 2026
    build(config, leaflets=False)
    slow: dict = {}
    url, server = _serve(root / "site", slow)
    version = lambda: json.loads((root / "site/ar/version.json").read_text(encoding="utf-8"))["version"]  # noqa: E731
    try:
        page.goto(f"{url}/ar/index.html")
        assert _copy_date(page) == "هذه النسخة من 6 ديسمبر 2026"
        page.click("#sta-offline-save")
        page.click("#sta-offline-confirm")
        wait_until(page, "document.getElementById('sta-offline-status').textContent.length > 0")
        assert _saved_version(page, version())
        page.goto(f"{url}/ar/see-a-doctor.html")
        # A new season's build: a changed page, a later date.
        translate(root, "ar", {"Seeing a doctor": "رؤية طبيب عام"})
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1803859200")  # 1 March 2027
        build(config, only="ar", leaflets=False)
        page.reload()
        assert page.locator("h1").inner_text() == "رؤية طبيب عام" and _copy_date(page) == "هذه النسخة من 1 مارس 2027"
        wait_until(page, f"async () => (await caches.keys()).join() === 'safe-to-ask-ar-{version()}'")
        page.context.set_offline(True)
        for name in ("see-a-doctor.html", "glossary.html", "index.html"):  # glossary: not visited since
            page.goto(f"{url}/ar/{name}")
            assert _copy_date(page) == "هذه النسخة من 1 مارس 2027", name
        page.goto(f"{url}/ar/see-a-doctor.html")
        assert page.locator("h1").inner_text() == "رؤية طبيب عام", "the saved copy holds the new text"
        page.context.set_offline(False)
        # Quick exit while the worker is saving the next build keeps nothing.
        newer = root / "site/ar/version.json"  # as a rebuild would, without the wait
        newer.write_text(newer.read_text(encoding="utf-8").replace(version(), "0" * 16), encoding="utf-8")
        slow["seconds"], slow["seen"] = 1.0, 0
        page.reload()
        page.wait_for_timeout(300)
        assert slow["seen"] > 0, "the worker has started saving the new build"
        page.click("#sta-exit")
        page.wait_for_url(NEUTRAL)
        page.wait_for_timeout(2500)  # let the interrupted save finish
        slow["seconds"] = 0
        page.goto(f"{url}/ar/glossary.html")
        assert page.evaluate(STORED) == [0, 0], "quick exit removed the saved copy and the update in progress"
        assert page.errors == []
    finally:
        server.shutdown()


def test_a_reader_who_never_saved_has_nothing_stored(served, page):
    for name in ("index.html", "see-a-doctor.html", "glossary.html", "index.html"):
        page.goto(f"{served}/ar/{name}")
        page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert page.evaluate(STORED) == [0, 0]
    assert [url for url in page.requests if url.endswith(("sw.js", "version.json"))] == []
