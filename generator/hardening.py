"""Hardening MkDocs' pages: nothing that contacts another host, a CSP on every page, no inline
script, Material's markup only its JavaScript reads removed, English titles marked ``lang="en"``.

Every function here works on one language's folder (or, for tests, on a folder of them) and
touches no other language, so the build runs them for several languages at once.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.errors import SiteBuildError

_EXTERNAL_SCRIPT = re.compile(r"https://unpkg\.com/[^\"'`)]*")
_SOURCE_MAP = re.compile(r"\n?/[/*]# sourceMappingURL=\S+?(?: \*/)?$", re.M)


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_EXTERNAL_LINK = re.compile(r'<a (?![^>]*\brel=)([^>]*\bhref="(?:https?:)?//[^"]*")', re.I)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")


def make_self_contained(site_dir: Path) -> None:
    """Remove what would make a reader's browser contact another host, and source maps, in a
    language's folder (or a folder of them).

    Material's JavaScript goes (its bundle would load a ResizeObserver polyfill and Mermaid
    from unpkg.com; its search needs a web worker); as a safety net, any script or stylesheet
    still naming unpkg.com is pointed at about:blank. Then every page gets its CSP.
    """
    _clean_assets(site_dir)
    for path in site_dir.rglob("*.html"):
        path.write_text(secure_html(path.read_text(encoding="utf-8"), str(path)), encoding="utf-8")


def harden_language(language_dir: Path) -> None:
    """``make_self_contained`` and ``mark_english_titles`` for one language's folder, reading and
    writing each page once."""
    _clean_assets(language_dir)
    pages = {path: secure_html(path.read_text(encoding="utf-8"), str(path)) for path in language_dir.rglob("*.html")}
    pages.update(_english_titles({path: html for path, html in pages.items() if path.parent == language_dir}))
    for path, html in pages.items():
        path.write_text(html, encoding="utf-8")


def _clean_assets(site_dir: Path) -> None:
    # Source maps, and MkDocs' sitemap.xml.gz: deploy.precompress writes it again once the ZIP
    # and the service worker, which need no compressed copies, are made.
    for path in [*site_dir.rglob("*.map"), *site_dir.rglob("sitemap.xml.gz")]:
        path.unlink()
    for folder in [*site_dir.glob("assets/javascripts"), *site_dir.glob("*/assets/javascripts")]:
        shutil.rmtree(folder)  # Material's bundle and search, which we replace
    for path in [*site_dir.rglob("*.js"), *site_dir.rglob("*.css")]:
        text = path.read_text(encoding="utf-8")
        cleaned = _SOURCE_MAP.sub("", _EXTERNAL_SCRIPT.sub("about:blank", text))
        if cleaned != text:
            path.write_text(cleaned, encoding="utf-8")


ENGLISH_PAGE_MARK = '<div class="sta-english"'
"""Where the article of a page shown whole in English inside another language begins."""


def mark_english_titles(language_dir: Path) -> None:
    """Give the titles of pages shown in English inside another language ``lang="en"`` where Material
    prints them: navigation links on every page of that language, and each such page's own contents
    list. A screen reader then reads them with an English voice."""
    pages = {path: path.read_text(encoding="utf-8") for path in language_dir.glob("*.html")}
    for path, html in _english_titles(pages).items():
        if html != pages[path]:
            path.write_text(html, encoding="utf-8")


def _english_titles(pages: dict[Path, str]) -> dict[Path, str]:
    """The pages of one language with the English titles marked."""
    english = sorted(path.name for path, html in pages.items() if ENGLISH_PAGE_MARK in html)
    if not english:
        return pages
    links = re.compile(rf'<a href="(?:{"|".join(map(re.escape, english))})" class="md-nav__link')
    marked = {}
    for path, html in pages.items():
        marked[path] = links.sub(_english_tag, html)
        if path.name in english:
            marked[path] = _CONTENTS_TITLE.sub(_english_tag, marked[path])
    return marked


_CONTENTS_TITLE = re.compile(r'<a href="#[^"]*" class="md-nav__link|<label class="md-nav__link md-nav__link--active"')


def _english_tag(match: re.Match) -> str:
    tag, rest = match.group(0).split(" ", 1)
    return f'{tag} lang="en" {rest}'


THEME_INLINE_SCRIPTS = ("var target=document.getElementById(location.hash.slice(1));", "__md_scope=new URL(")
"""Material's inline scripts (tab restore, storage helpers): they only serve its JavaScript bundle,
which the site does not load, so they are removed. Any other inline script stops the build."""


def secure_html(html: str, where: str = "page") -> str:
    """Add a Content-Security-Policy that allows no inline script and a no-referrer policy to a
    page, and make every link to another site ``rel="noopener noreferrer"``."""
    html = _INLINE_SCRIPT.sub(lambda m: "" if m.group(1).startswith(THEME_INLINE_SCRIPTS) else m.group(0), html)
    unknown = _INLINE_SCRIPT.search(html)
    if unknown:
        raise SiteBuildError(f"{where}: an unexpected inline script would run: {unknown.group(1)[:80]!r}")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}"><meta name="referrer" content="no-referrer">'
    direction = re.search(r'<body dir="(ltr|rtl)"', html)
    if direction:  # Material sets the direction on <body>; the root element should carry it too
        html = re.sub(r"<html ([^>]*?)(?: dir=\"\w+\")?>", rf'<html \1 dir="{direction.group(1)}">', html, count=1)
    html = html.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + meta, 1)
    return _valid_markup(_EXTERNAL_LINK.sub(r'<a rel="noopener noreferrer" \1', html))


_UNUSED_MARKUP = (
    (re.compile(r'<div class="md-dialog"[^>]*>\s*<div class="md-dialog__inner[^>]*></div>\s*</div>'), ""),
    (re.compile(r' data-md-(?:component|scrollfix|type|level)(?:="[^"]*")?'), ""),
    (re.compile(r'<input [^>]*\bid="__search"[^>]*>'), ""),
    (re.compile(r'<meta name="generator"[^>]*>'), ""),
    (re.compile(r'(<a [^>]*class="md-nav__link[^>]*>)\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>'), r"\1\2"),
)
"""Markup only Material's JavaScript reads, which the site does not load (its dialog, component
hooks, sidebar and level marks, the search toggle that only its search opened), the generator's
name, which no reader needs, and the one-line truncation of navigation titles, which hid the end of
long translated titles."""
_TOC_TOGGLE = re.compile(r'<input [^>]*\bid="__toc"[^>]*>')
_TOC_TITLE = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.DOTALL)


def _valid_markup(html: str) -> str:
    """Mend the two things in Material's markup the Nu HTML checker rejects, drop what only its
    JavaScript reads, and trim indentation."""
    html = html.replace(' tabindex=""', "")  # navigation section labels
    for pattern, replacement in _UNUSED_MARKUP:
        html = pattern.sub(replacement, html)
    if 'for="__toc"' not in html:  # the contents toggle of a page without contents: no label opens it
        html = _TOC_TOGGLE.sub("", html)
    elif not _TOC_TOGGLE.search(html):  # a page outside the menu (a nation page) has contents but no toggle
        html = _TOC_TITLE.sub(r'<div class="md-nav__title">\1</div>', html)
    html = re.sub(r"\n\s+", "\n", html)  # indentation and blank lines: a tenth of a page's compressed size
    return re.sub(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*) autocomplete="off"', r"\1", html)
