"""The MkDocs step: every language built, chooser page, privacy defaults, one-language and atomic rebuilds."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import GeneratorError
from generator.pipeline import build
from tests.conftest import replace_in
from tests.test_i18n import translate

pytestmark = pytest.mark.slow

PAGES = ["index.html", "see-a-doctor.html", "for-gp-surgeries.html", "glossary.html", "sources.html"]
EXTERNAL_RESOURCE = [
    re.compile(r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"url\(\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"@import\s+[\"']?(?:url\()?[\"']?(?:https?:)?//", re.I),
    re.compile(r"fonts\.googleapis|fonts\.gstatic|googletagmanager|google-analytics|unpkg\.com|jsdelivr|cdnjs", re.I),
]


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_every_language_is_built_with_its_direction(built_mini):
    site = built_mini / "site"
    for code, direction in (("en", "ltr"), ("ar", "rtl"), ("ti", "ltr")):
        for page in PAGES:
            html = (site / code / page).read_text(encoding="utf-8")
            assert re.search(rf'<html lang="{code}"[^>]* dir="{direction}"', html), (code, page)
            assert "Leave this site now" in html or code != "en"
            assert 'href="tel:999"' in html, "urgent numbers on every page"


def test_language_chooser_lists_own_names_without_javascript(built_mini):
    html = (built_mini / "site" / "index.html").read_text(encoding="utf-8")
    for code, name in (("en", "English"), ("ar", "العربية"), ("ti", "ትግርኛ")):
        assert re.search(rf'<a href="{code}/index.html"[^>]* lang="{code}"[^>]*><span class="own">{name}</span>', html)
    assert "<script" not in html
    assert re.search(r'<a class="exit" href="https://www.bbc.co.uk/weather" rel="noopener noreferrer"[^>]*>'
                     r'Leave this site now</a>', html), "quick exit on the chooser too"


def test_titles_of_pages_shown_in_english_are_marked_english(built_mini):
    """The mini project's Arabic has no catalog, so its guide pages are shown whole in English."""
    arabic = (built_mini / "site" / "ar" / "see-a-doctor.html").read_text(encoding="utf-8")
    assert '<a lang="en" href="see-a-doctor.html" class="md-nav__link md-nav__link--active">' in arabic, \
        "the page's own entry in the menu"
    assert re.search(r'<a lang="en" href="#[^"]+" class="md-nav__link">', arabic), "in the contents list"
    menu = page_menu_list(built_mini / "site" / "ar")
    pages = {entry[0]: entry for section in menu[1:] for entry in section[1]}
    assert pages["for-gp-surgeries.html"][2] == "en", "the other pages, in the menu's script"
    assert pages["glossary.html"][2] == "", "Arabic pages keep Arabic's language"
    english = (built_mini / "site" / "en" / "see-a-doctor.html").read_text(encoding="utf-8")
    assert '<a lang="en"' not in english
    index = (built_mini / "site" / "ar" / "search-index.js").read_text(encoding="utf-8")
    documents = {doc["url"]: doc for doc in json.loads(index.removeprefix("window.staSearchIndex = ").rstrip(";\n"))}
    assert documents["see-a-doctor.html"].get("lang") == "en", "search results name the page's language"
    assert "lang" not in documents["glossary.html"]


def page_menu_list(language_dir: Path) -> list:
    """The list of pages that a language's built assets/nav.js adds to the drawer's menu."""
    script = next(language_dir.glob("assets/nav.*.js")).read_text(encoding="utf-8")
    start = re.search(r"var NAV\s*=\s*", script).end()
    return json.JSONDecoder().raw_decode(script, start)[0]


def test_each_page_carries_only_its_own_menu_entry_and_the_script_lists_the_rest(built_mini):
    """The full menu in every page cost 0.7 KB, compressed, on each page a reader opened."""
    site = built_mini / "site" / "en"
    html = (site / "see-a-doctor.html").read_text(encoding="utf-8")
    menu = html[html.index('class="md-nav md-nav--primary"'):html.index('class="md-sidebar md-sidebar--secondary')]
    assert re.findall(r'<a href="([^"#]+)" class="md-nav__link', menu) == ["index.html", "see-a-doctor.html"], \
        "without JavaScript, the home page, which offers every page, is the way on"
    listed = [entry[0] for entry in page_menu_list(site)[0:1]] + [
        page[0] for section in page_menu_list(site)[1:] for page in section[1]]
    assert listed[0] == "index.html" and "see-a-doctor.html" in listed and "glossary.html" in listed
    assert all((site / address).is_file() for address in listed), "every entry is a built page"


def test_citations_lead_to_each_page_own_source_list_kept_out_of_search_and_menu(built_mini):
    """A page's numbered sources are a page of their own: a reader who does not check them does not
    download them. Every citation number must still find its source, offline too."""
    for code in ("en", "ar"):
        site = built_mini / "site" / code
        html = (site / "see-a-doctor.html").read_text(encoding="utf-8")
        assert 'class="sta-sources"' not in html and 'id="sources"' in html
        assert re.search(r'<p class="sta-sources-link"><a href="see-a-doctor-sources.html">[^<]+</a></p>', html)
        for page in sorted(site.glob("*.html")):
            for target, number in re.findall(r'class="sta-cite">\[<a href="([^"#]+)#source-(\d+)"', page.read_text(
                    encoding="utf-8")):
                assert target == f"{page.stem}-sources.html", page
                assert f'<li id="source-{number}">' in (site / target).read_text(encoding="utf-8"), (page, number)
        listed = (site / "see-a-doctor-sources.html").read_text(encoding="utf-8")
        assert '<a href="see-a-doctor.html">' in listed, "a way back to the page"
        assert 'href="https://www.nhs.uk/' in listed
        search = (site / "search-index.js").read_text(encoding="utf-8")
        assert '"url": "see-a-doctor.html"' in search and "-sources.html" not in search
        assert "-sources.html" not in json.dumps(page_menu_list(site))
        assert "see-a-doctor-sources.html" in json.loads((site / "version.json").read_text())["files"], "saved offline"


def test_our_scripts_and_stylesheet_reach_readers_without_comments(built_mini):
    """Every page loads them on a first visit: their comments were about 3 KB of it, compressed."""
    assets = built_mini / "site" / "ar" / "assets"
    theme = Path(__file__).resolve().parent.parent / "theme" / "assets"
    for source in [*theme.glob("*.js"), *theme.glob("*.css")]:
        built, = assets.glob(f"{source.stem}.*{source.suffix}")
        text = built.read_text(encoding="utf-8")
        assert "/*" not in text and len(text) < 0.85 * len(source.read_text(encoding="utf-8")), built.name


def test_home_page_asks_who_you_are_and_shows_urgent_numbers(built_mini):
    html = (built_mini / "site" / "en" / "index.html").read_text(encoding="utf-8")
    for text in ("Who are you?", "What do you need?", "I work at a GP surgery", 'href="see-a-doctor.html"',
                 'href="tel:999"', 'href="tel:111"'):
        assert text in html


def test_contents_list_shows_headings_as_written(built_mini):
    html = (built_mini / "site" / "en" / "see-a-doctor.html").read_text(encoding="utf-8")
    contents = re.findall(r'<a href="#[^"]+" class="md-nav__link">\s*([^<]*?)\s*</a>', html)
    assert 'Registering with a GP: &#34;yes&#34;, it&#39;s free' in contents or \
        'Registering with a GP: "yes", it\'s free' in contents, contents


def test_interface_strings_come_from_our_catalog(make_project):
    root = make_project()
    config = load_config(root)
    from generator.content import load_content
    from generator.i18n import extract, update_catalogs
    extract(config, load_content(root))
    update_catalogs(config)
    translate(root, "ti", {"Search": "ድለ", "Leave this site now": "ካብዚ ወጻእ"})
    build(config, only="ti")
    html = (root / "site" / "ti" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="ድለ"' in html and "ካብዚ ወጻእ" in html


def test_site_references_no_other_host(built_mini):
    site = built_mini / "site"
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(site)}: {p.pattern[:40]}" for p in EXTERNAL_RESOURCE if p.search(text)]
    assert offenders == []


def test_one_language_rebuild_keeps_the_others(make_project):
    root = make_project()
    config = load_config(root)
    build(config)
    english = tree_digest(root / "site" / "en")
    inodes = {path: path.stat().st_ino for path in (root / "site" / "en").rglob("*") if path.is_file()}
    replace_in(root / "content/pages/see-a-doctor.yml", "summary: You can register", "summary: Anyone can register")
    build(config, only="ar")
    assert tree_digest(root / "site" / "en") == english, "English was not rebuilt"
    assert {path: path.stat().st_ino for path in inodes} == inodes, "the other languages are linked, not copied"
    assert "Anyone can register" in (root / "site/ar/see-a-doctor.html").read_text(encoding="utf-8")
    assert (root / "site" / "index.html").exists() and (root / "site" / "ti" / "index.html").exists()


def test_failed_build_leaves_previous_site_untouched(make_project):
    root = make_project()
    config = load_config(root)
    build(config)
    before = tree_digest(root / "site")
    (root / "content/pages/see-a-doctor.yml").write_text("id: [broken\n", encoding="utf-8")
    with pytest.raises(GeneratorError):
        build(config)
    assert tree_digest(root / "site") == before


def test_site_address_gives_sitemaps_canonical_hreflang_and_descriptions(make_project):
    root = make_project()
    replace_in(root / "content/pages/see-a-doctor.yml", "summary: You can register with a GP. You do not need ID.",
               'summary: You can register with a GP. You do not need "ID".')
    build(load_config(root, "https://guide.example/safe"))
    site = root / "site"
    index = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert [f"https://guide.example/safe/{code}/sitemap.xml" for code in ("en", "ar", "ti")] == \
        re.findall(r"<loc>([^<]+)</loc>", index)
    pages = re.findall(r"<loc>([^<]+)</loc>", (site / "ar/sitemap.xml").read_text(encoding="utf-8"))
    assert "https://guide.example/safe/ar/see-a-doctor.html" in pages and len(pages) >= len(PAGES)
    assert "Sitemap: https://guide.example/safe/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    html = (site / "ar/see-a-doctor.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://guide.example/safe/ar/see-a-doctor.html">' in html
    for code in ("en", "ar", "ti"):
        assert f'<link rel="alternate" hreflang="{code}" href="https://guide.example/safe/{code}/see-a-doctor.html">' \
            in html
    assert '<link rel="alternate" hreflang="x-default" href="https://guide.example/safe/">' in html
    english = (site / "en/see-a-doctor.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="You can register with a GP. You do not need &quot;ID&quot;.">' in english
    assert '<meta name="description" content="' in (site / "en/index.html").read_text(encoding="utf-8")


def test_without_a_site_address_pages_name_no_host(built_mini):
    html = (built_mini / "site/ar/see-a-doctor.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in html and "hreflang=\"x-default\"" not in html
    assert not (built_mini / "site/sitemap.xml").exists()


def test_site_address_comes_from_the_flag_then_the_environment(make_project, monkeypatch):
    root = make_project()
    monkeypatch.setenv("SITE_URL", "https://from-env.example")
    assert load_config(root).site_url == "https://from-env.example/"
    assert load_config(root, "https://from-flag.example/x/").site_url == "https://from-flag.example/x/"
    monkeypatch.setenv("SITE_URL", "guide.example")
    with pytest.raises(GeneratorError, match=r"site address 'guide.example' is not a web address"):
        load_config(root)


COPY_LINE = re.compile(r'<p class="sta-copy-date"([^>]*)>(.*?)</p>')


def test_every_page_and_the_download_say_the_date_of_this_copy(make_project, monkeypatch):
    import zipfile

    from generator.content import load_content
    from generator.i18n import extract, update_catalogs
    root = make_project()
    config = load_config(root)
    extract(config, load_content(root))
    update_catalogs(config)
    translate(root, "ar", {"This copy is from {date:copy}": "هذه النسخة من {date:copy}"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796515200")  # 6 December 2026
    build(config, leaflets=False)
    site = root / "site"
    for name in PAGES:
        assert COPY_LINE.findall((site / "en" / name).read_text(encoding="utf-8")) == \
            [("", 'This copy is from <time datetime="2026-12-06">6 December 2026</time>')], name
    assert COPY_LINE.findall((site / "ar/see-a-doctor.html").read_text(encoding="utf-8")) == \
        [("", 'هذه النسخة من <time datetime="2026-12-06">6 ديسمبر 2026</time>')]
    assert COPY_LINE.findall((site / "ti/glossary.html").read_text(encoding="utf-8")) == \
        [(' lang="en"', 'This copy is from <time datetime="2026-12-06">6 December 2026</time>')], \
        "untranslated, the line is English with an English date, marked as English"
    with zipfile.ZipFile(site / "downloads/safe-to-ask-ar.zip") as archive:
        home = archive.read("safe-to-ask-ar/ar/index.html").decode()
    assert 'هذه النسخة من <time datetime="2026-12-06">6 ديسمبر 2026</time>' in home
    search = (site / "en/search-index.js").read_text(encoding="utf-8")
    assert "This copy is from" not in search, "the line is outside the article, so search does not find it"


def test_version_file_changes_with_any_file_and_the_worker_stays_the_same(make_project, monkeypatch):
    root = make_project()
    config = load_config(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796515200")
    build(config, only="ar", leaflets=False)
    first = json.loads((root / "site/ar/version.json").read_text(encoding="utf-8"))
    worker = (root / "site/ar/sw.js").read_bytes()
    assert first["date"] == "2026-12-06" and re.fullmatch(r"[0-9a-f]{16}", first["version"])
    assert first["files"][0] == "./" and "see-a-doctor.html" in first["files"] and "index.html" in first["files"]
    assert not [name for name in first["files"] if name in ("sw.js", "version.json") or name.endswith((".br", ".gz"))]
    build(config, only="ar", leaflets=False)
    assert json.loads((root / "site/ar/version.json").read_text(encoding="utf-8")) == first, "rebuilds are identical"
    replace_in(root / "content/pages/see-a-doctor.yml", "near where you live", "close to where you live")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1803859200")  # 1 March 2027
    build(config, only="ar", leaflets=False)
    second = json.loads((root / "site/ar/version.json").read_text(encoding="utf-8"))
    assert second["version"] != first["version"] and second["date"] == "2027-03-01"
    assert (root / "site/ar/sw.js").read_bytes() == worker, "the browser never swaps the worker on its own"
    assert b'const PREFIX = "safe-to-ask-ar-";' in worker


def test_search_index_holds_only_the_article(tmp_path):
    from generator.site import write_search_index

    page = ('<html><body><nav class="md-nav"><a href="other.html" class="md-nav__link">Other page</a></nav>'
            '<article class="md-content__inner md-typeset"><h1>Seeing a doctor</h1><p>You can register.</p>'
            "<article><p>Nested</p></article></article><footer>This copy is from</footer></body></html>")
    (tmp_path / "see-a-doctor.html").write_text(page, encoding="utf-8")
    index = write_search_index(tmp_path).read_text(encoding="utf-8")
    assert json.loads(index.removeprefix("window.staSearchIndex = ").rstrip(";\n")) == [
        {"url": "see-a-doctor.html", "title": "Seeing a doctor", "text": "Seeing a doctor You can register. Nested"}]
