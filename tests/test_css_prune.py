"""Stylesheet reduction: what is kept and dropped, and, in Chromium, that the pages look the same."""

from __future__ import annotations

import io
import re
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.css_prune import prune_folder, prune_stylesheets

PAGE = """<!doctype html><html lang="en" dir="ltr"><head><link rel="stylesheet" href="assets/stylesheets/main.css">
</head><body><div class="md-header"><a class="md-header__button" href="#">x</a></div>
<nav class="md-nav"><input class="md-toggle" type="checkbox" id="__drawer"><label for="__drawer">x</label></nav>
<p class="sta-x" style="color: var(--inline)">text</p></body></html>"""
CSS = (
    ".md-header{color:red}.md-search{color:blue}"
    ".md-header__button:hover,.md-search__input:focus{color:green}"
    ".md-toggle:checked~label{color:var(--md-a)}.md-toggle:not(:checked)+.md-unused{color:red}"
    'p::before{content:"x"}.md-typeset p::before{content:"y"}'
    "@media screen and (max-width:10em){.md-header{margin:0}.md-search{margin:0}}"
    "@media print{.md-search{display:none}}"
    ":root{--md-a:var(--md-b);--md-b:red;--md-c:blue;--inline:red;--unused:0}"
    ".md-nav{animation:spin 1s}@keyframes spin{to{transform:rotate(1turn)}}@keyframes unused{to{opacity:0}}"
    "@font-face{font-family:Used;src:url(a.woff2)}@font-face{font-family:Unused;src:url(b.woff2)}"
    "body{font-family:Used,sans-serif}"
    ".sta-languages__list a{color:red}"
)


def _prune(tmp_path: Path, css: str = CSS, page: str = PAGE, other_css: str = "") -> str:
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    (tmp_path / "assets" / "stylesheets" / "main.css").write_text(css, encoding="utf-8")
    (tmp_path / "assets" / "ours.css").write_text(other_css, encoding="utf-8")
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    assert prune_folder(tmp_path, "assets/stylesheets/*.css") == [tmp_path / "assets/stylesheets/main.css"]
    return (tmp_path / "assets" / "stylesheets" / "main.css").read_text(encoding="utf-8")


def test_keeps_the_selectors_a_page_can_match_in_any_state(tmp_path):
    css = _prune(tmp_path)
    assert ".md-header{color:red}" in css and ".md-search{" not in css
    assert ".md-header__button:hover{color:green}" in css and ".md-search__input" not in css
    assert ".md-toggle:checked~label{" in css and ".md-unused" not in css
    assert 'p::before{content:"x"}' in css and ".md-typeset p::before" not in css
    assert "@media screen and (max-width:10em){.md-header{margin:0}}" in css and "@media print" not in css


def test_keeps_custom_properties_keyframes_and_fonts_that_are_used(tmp_path):
    css = _prune(tmp_path)
    assert ":root{--md-a:var(--md-b);--md-b:red;--inline:red}" in css  # --inline: read by the page's style
    assert "@keyframes spin" in css and "@keyframes unused" not in css
    assert "font-family:Used;" in css and "Unused" not in css


def test_a_custom_property_another_stylesheet_reads_stays(tmp_path):
    assert "--md-c:blue" in _prune(tmp_path, other_css="a{color:var(--md-c)}")


def test_the_language_menu_our_script_builds_keeps_its_rules(tmp_path):
    page = PAGE.replace('<p class="sta-x"', '<div class="md-header__option sta-languages"><a href="../index.html">x</a>'
                        '</div><div id="sta-offline" hidden></div><p class="sta-x"')
    assert ".sta-languages__list a{color:red}" in _prune(tmp_path, page=page)


def test_the_same_pages_give_the_same_bytes(tmp_path):
    assert _prune(tmp_path / "a") == _prune(tmp_path / "b")


def test_each_folder_keeps_what_its_own_pages_use(tmp_path):
    for name, page in (("en", PAGE), ("ar", PAGE.replace('class="md-header"', 'class="md-search"'))):
        (tmp_path / name / "assets" / "stylesheets").mkdir(parents=True)
        (tmp_path / name / "assets" / "stylesheets" / "main.css").write_text(CSS, encoding="utf-8")
        (tmp_path / name / "index.html").write_text(page, encoding="utf-8")
    prune_stylesheets([tmp_path / "en", tmp_path / "ar"], "assets/stylesheets/*.css")
    en, ar = ((tmp_path / name / "assets" / "stylesheets" / "main.css").read_text(encoding="utf-8")
              for name in ("en", "ar"))
    assert ".md-header{color:red}" in en and ".md-search{" not in en
    assert ".md-search{color:blue}" in ar and ".md-header{" not in ar


@pytest.mark.slow
def test_material_markup_nobody_uses_is_gone(built_mini):
    for path in (built_mini / "site").glob("*/*.html"):
        html = path.read_text(encoding="utf-8")
        assert 'id="__search"' not in html and "data-md-type" not in html and "data-md-level" not in html, path
        assert ('id="__toc"' in html) == ('for="__toc"' in html), path  # the toggle stays where a label opens it


# --- In Chromium: the reduced stylesheets draw every page exactly as Material's full ones --------------------

playwright_api = pytest.importorskip("playwright.sync_api")
MATERIAL = Path(pytest.importorskip("material").__file__).parent / "templates" / "assets" / "stylesheets"
# Rasterising the same page twice can differ in a few antialiased pixels; these make it repeatable.
STEADY = ["--no-sandbox", "--disable-gpu", "--disable-partial-raster", "--force-color-profile=srgb",
          "--disable-threaded-animation", "--disable-checker-imaging", "--disable-lcd-text"]


def _with_material_stylesheets(site: Path) -> None:
    """Put Material's full stylesheets back under the names the reduced ones have."""
    for reduced in site.glob("*/assets/stylesheets/*.css"):
        stem = reduced.name.split(".")[0]
        full = next(MATERIAL.glob(f"{stem}.*.min.css")).read_text(encoding="utf-8")
        reduced.write_text(re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", full), encoding="utf-8")
        for copy in (reduced.with_name(reduced.name + ".br"), reduced.with_name(reduced.name + ".gz")):
            copy.unlink(missing_ok=True)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def served(built_mini, tmp_path) -> Iterator[str]:
    """The mini site as built (after/) and with Material's full stylesheets (before/), over http so
    that "Save for offline" shows too."""
    shutil.copytree(built_mini / "site", tmp_path / "after")
    shutil.copytree(built_mini / "site", tmp_path / "before")
    _with_material_stylesheets(tmp_path / "before")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _screenshots(page, url: str) -> Iterator[tuple[str, bytes]]:
    """Each page and state to compare: name and PNG."""
    def shot(full: bool = True) -> bytes:
        page.wait_for_timeout(300)
        return page.screenshot(full_page=full, animations="disabled")

    for name, address in (("home", "index.html"), ("guide", "see-a-doctor.html"), ("search", "search.html?q=a"),
                          ("printables", "printables.html"), ("sources", "sources.html")):
        page.goto(f"{url}/{address}")
        yield name, shot()
    page.goto(f"{url}/index.html")
    page.click(".sta-languages summary")
    yield "language menu", shot(False)
    page.keyboard.press("Tab")
    yield "language menu, focus", shot(False)
    page.goto(f"{url}/index.html")
    page.hover(".sta-choice")
    yield "choice, hover", shot(False)
    if page.locator("#sta-offline-save").is_visible():
        page.click("#sta-offline-save")
        yield "save for offline, asked", shot(False)
    page.goto(f"{url}/see-a-doctor.html")
    page.focus("#sta-exit")
    yield "quick exit, focus", shot(False)
    if page.locator("label.md-header__button[for=__drawer]").is_visible():
        page.click("label.md-header__button[for=__drawer]")
        yield "drawer", shot(False)
        page.click(".md-nav--primary label.md-nav__link[for=__toc]")
        yield "drawer, contents", shot(False)
    page.goto(f"{url}/see-a-doctor.html")
    page.emulate_media(media="print")
    yield "print", shot()
    page.emulate_media(media="screen")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("code", ["en", "ar"])
@pytest.mark.parametrize("width", [360, 1280])
def test_pages_look_the_same_with_the_reduced_stylesheets(served, code, width):
    from PIL import Image, ImageChops

    from tests.test_browser import CHROMIUM

    different = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=STEADY)
        shots = {}
        for version in ("before", "after"):
            context = browser.new_context(viewport={"width": width, "height": 800})
            shots[version] = dict(_screenshots(context.new_page(), f"{served}/{version}/{code}"))
            context.close()
        browser.close()
    assert len(shots["after"]) >= 10 and shots["before"].keys() == shots["after"].keys()
    for name, png in shots["before"].items():
        before, after = (Image.open(io.BytesIO(image)).convert("RGB") for image in (png, shots["after"][name]))
        if before.size != after.size or ImageChops.difference(before, after).getbbox():
            different.append(f"{name}: {before.size} vs {after.size}, "
                             f"{ImageChops.difference(before, after).getbbox() if before.size == after.size else ''}")
    assert different == []

