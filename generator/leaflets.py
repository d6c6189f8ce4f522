"""Leaflets: HTML from content and one language's catalog, then PDFs with WeasyPrint.

Before rendering, every character of a leaflet must have a glyph in the language's
font (checked with fontTools); after rendering, the PDF's text must contain the
translated title. Either failure stops the build with the leaflet and language named.
"""

from __future__ import annotations

import html as html_module
import logging
import re
import subprocess
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import segno
from babel.dates import format_date
from fontTools.ttLib import TTCollection, TTFont
from markupsafe import Markup

from generator.citations import source_numbers
from generator.config import Language
from generator.content import LEAFLET_PAGES, ContentSet, Organisation, leaflet_filename, leaflets_for
from generator.errors import LeafletError
from generator.i18n import Translations
from generator.render import _Localiser, make_env, page_titles

log = logging.getLogger(__name__)

BASE_FONT = "Noto Sans"  # Latin digits, £ and punctuation for every language
TEMPLATES_DIR = str(Path(__file__).parent / "templates")


@dataclass(frozen=True, slots=True)
class RenderedLeaflet:
    """One leaflet in one language, ready for WeasyPrint."""

    leaflet_id: str
    lang: Language
    filename: str  # e.g. rights-a5-ar.pdf
    title: str
    html: str
    base_url: str
    max_pages: int
    source: str  # content/leaflets/<id>.yml, for messages


def qr_svg(url: str) -> Markup:
    """A vector QR code for a URL, as inline SVG."""
    return Markup(segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", omitsize=True))


def render_leaflets(content: ContentSet, translations: Translations, english: Translations, *,
                    site_url: str, today: date, organisation: Organisation | None = None,
                    logo: Path | None = None) -> list[RenderedLeaflet]:
    """The HTML of every leaflet of one language."""
    env = make_env()
    titles = page_titles(content, translations)
    english_titles = page_titles(content, english)
    rendered = []
    for leaflet in leaflets_for(content, translations.lang.code):
        footnotes = leaflet.languages == "english"  # the guides for professionals print their sources
        loc = _Localiser(content, translations, titles, leaflet.page, footnotes=footnotes,
                         source_numbers=source_numbers(leaflet.sources) if footnotes else {})
        english_loc = _Localiser(content, english, english_titles, leaflet.page, reader=translations.lang)
        url = f"{site_url.rstrip('/')}/{translations.lang.code}/{leaflet.page}.html" if site_url else ""
        html = env.get_template("leaflet.html.j2").render(
            leaflet=leaflet, lang=translations.lang, loc=loc, english=english_loc,
            context=f"leaflet.{leaflet.id}", label=loc.label, url=url, qr=qr_svg(url) if url else "",
            helplines=[content.directory[item] for item in leaflet.helplines],
            checked=format_date(leaflet.last_reviewed, "long", locale=translations.lang.locale),
            jurisdictions=[loc.label(f"jurisdiction.{j}") for j in leaflet.jurisdictions],
            organisation=organisation, logo=logo.as_uri() if logo else "", font=translations.lang.font,
            base_font=BASE_FONT, footnotes=loc.footnotes,
            sources=[content.sources[source] for source in leaflet.sources])
        title = loc.plain(f"leaflet.{leaflet.id}", leaflet.title)[0]
        filename = leaflet_filename(leaflet, translations.lang.code)
        rendered.append(RenderedLeaflet(leaflet.id, translations.lang, filename, title, html, TEMPLATES_DIR,
                                        LEAFLET_PAGES[leaflet.format], f"content/leaflets/{leaflet.id}.yml"))
    return rendered


# --- fonts ---------------------------------------------------------------------------------------


@cache
def font_file(family: str) -> Path:
    """The installed file of a font family; a LeafletError says how to install it."""
    found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", f"{family}:style=Regular"],
                           capture_output=True, text=True, check=False).stdout.splitlines()
    if len(found) < 2 or family.lower() not in found[0].lower():
        raise LeafletError(f"font {family!r} is not installed; `make site` installs Debian's fonts-noto-core "
                           "and fonts-noto-cjk")
    return Path(found[1])


@cache
def font_coverage(family: str) -> frozenset[int]:
    """Every code point the font family's file has a glyph for."""
    path = font_file(family)
    fonts = TTCollection(path).fonts if path.suffix.lower() == ".ttc" else [TTFont(path, lazy=True)]
    return frozenset(code for font in fonts for code in (font.getBestCmap() or {}))


def missing_glyphs(text: str, families: list[str]) -> list[str]:
    """Characters of ``text`` that none of the font families can draw."""
    covered = frozenset().union(*(font_coverage(family) for family in families))
    return sorted({char for char in text if unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")
                   and ord(char) not in covered})


def _visible_text(html: str) -> str:
    body = re.sub(r"<svg.*?</svg>|<style.*?</style>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", body))


# --- PDFs ----------------------------------------------------------------------------------------


@contextmanager
def _weasyprint_errors():
    """Collect WeasyPrint's ERROR log records (missing image, bad CSS) while rendering."""
    records: list[str] = []

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Handler(level=logging.ERROR)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def write_pdf(leaflet: RenderedLeaflet, target: Path) -> Path:
    """Render one leaflet to a tagged PDF; check glyphs before and text and page count after."""
    from weasyprint import HTML  # imported here: slow to import, and only leaflet workers need it

    where = f"{leaflet.source}: {leaflet.filename}"
    families = list(dict.fromkeys([leaflet.lang.font, BASE_FONT]))
    missing = missing_glyphs(_visible_text(leaflet.html), families)
    if missing:
        shown = " ".join(f"{char} (U+{ord(char):04X})" for char in missing[:12])
        raise LeafletError(f"{where}: {len(missing)} character(s) have no glyph in {' or '.join(families)}: "
                           f"{shown}. Set a font that covers them for {leaflet.lang.code} in "
                           "translations/languages.yml")
    with _weasyprint_errors() as errors:
        document = HTML(string=leaflet.html, base_url=leaflet.base_url).render(pdf_variant="pdf/ua-1")
        if len(document.pages) > leaflet.max_pages:
            raise LeafletError(f"{where}: the text fills {len(document.pages)} pages; this format has room for "
                               f"{leaflet.max_pages}. Shorten the text.")
        target.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_identifier=leaflet.filename.encode())
    if errors:
        raise LeafletError(f"{where}: {'; '.join(errors)}")
    _check_pdf_text(leaflet, target, where)
    return target


def _squash(text: str) -> str:
    """Text reduced to its base letters: extraction from a PDF may reorder or split the vowel
    signs of Indic scripts and the joining forms of Arabic, but not the letters themselves."""
    normalised = unicodedata.normalize("NFKD", text)
    return "".join(char for char in normalised if not char.isspace() and unicodedata.category(char)[0] not in "MC")


def _check_pdf_text(leaflet: RenderedLeaflet, target: Path, where: str) -> None:
    """The PDF's extracted text must contain the translated title: proof its glyphs are real."""
    text = _squash(subprocess.run(["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True,
                                  text=True, check=True).stdout)
    words = [word for word in re.split(r"[\s:,.?!]+", leaflet.title) if len(word) > 1]
    lost = [word for word in words if _squash(word) not in text]
    if lost:
        raise LeafletError(f"{where}: the PDF's text lacks {' '.join(lost)!r} of the title; a font may be "
                           "missing glyphs or shaping")


def _write_batch(batch: list[tuple[RenderedLeaflet, Path]]) -> list[Path]:
    return [write_pdf(leaflet, target) for leaflet, target in batch]


def write_pdfs(leaflets: list[tuple[RenderedLeaflet, Path]], *, workers: int) -> list[Path]:
    """Render many leaflets in parallel (one process per core, a batch each)."""
    if workers <= 1 or len(leaflets) < 4:
        return _write_batch(leaflets)
    batches = [leaflets[index::workers] for index in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [path for paths in pool.map(_write_batch, batches) for path in paths]


def write_preview(pdf: Path, png: Path, width: int = 240) -> Path:
    """A small PNG of the first page, for the Printables page (poppler's pdftoppm)."""
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x", str(width),
                    "-scale-to-y", "-1", str(pdf), str(png.with_suffix(""))], check=True, capture_output=True)
    return png
