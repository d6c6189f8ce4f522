"""Leaflets: HTML from content and one language's catalog, then PDFs with WeasyPrint.

Before rendering, every character of a leaflet must have a glyph in the language's
font (checked with fontTools). While rendering, WeasyPrint may read only files inside
the project and beside the organisation file: any other address (a web address in an
SVG logo, a file elsewhere) stops the build, and nothing is requested. After layout,
no box may stick out of its parent or the page, and the PDF's text must contain the
translated title. Every failure names the leaflet, the language and what to change;
a set of PDFs is moved into place only when all of them rendered.
"""

from __future__ import annotations

import html as html_module
import logging
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from babel.dates import format_date
from fontTools.ttLib import TTCollection, TTFont
from markupsafe import Markup, escape

from generator.citations import source_numbers
from generator.config import Language
from generator.content import LEAFLET_PAGES, ContentSet, Organisation, leaflet_filename, leaflets_for
from generator.errors import LeafletError
from generator.i18n import Translations
from generator.pdf_text import install as install_actual_text
from generator.render import _Localiser, make_env, page_titles
from generator.sheets import sheet_filename, write_sheet

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
    allowed: tuple[str, ...] = ()  # folders WeasyPrint may read files from
    org_file: str = ""  # the organisation file, for messages about the logo
    paper: str = "a4"  # a4, a5 or a6


def text_direction(text: str) -> str:
    """``rtl`` when the first letter with a direction is right-to-left, else ``ltr``.

    WeasyPrint ignores ``dir="auto"``, so each isolated run gets its direction from here.

    >>> text_direction("210 Belgrave Road"), text_direction("١٢ شارع النهر"), text_direction("0116")
    ('ltr', 'rtl', 'ltr')
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def isolate(text: str) -> Markup:
    """Text as its own bidi run (``<bdi>``) in its own direction: a Latin address keeps
    "210 Belgrave Road" in order inside an Arabic leaflet, and Latin runs use the Latin font."""
    direction = text_direction(text)
    return Markup(f'<bdi dir="{direction}" class="{direction}">{escape(text)}</bdi>')


def qr_svg(url: str) -> Markup:
    """A vector QR code for a URL, as inline SVG."""
    return Markup(segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", omitsize=True))


def render_leaflets(content: ContentSet, translations: Translations, english: Translations, *,
                    site_url: str, today: date, organisation: Organisation | None = None,
                    logo: Path | None = None, org_file: Path | None = None,
                    project: Path | None = None, only: tuple[str, ...] = ()) -> list[RenderedLeaflet]:
    """The HTML of every leaflet of one language (or only the leaflets named in ``only``).

    Args:
        project: the project folder; with ``org_file``'s folder, the only place files may be read from.
    """
    env = make_env()
    titles = page_titles(content, translations)
    english_titles = page_titles(content, english)
    allowed = tuple(str(folder.resolve()) for folder in
                    (Path(TEMPLATES_DIR), project, org_file.parent if org_file else None, logo.parent if logo else None)
                    if folder)
    rendered = []
    for leaflet in leaflets_for(content, translations.lang.code):
        if only and leaflet.id not in only:
            continue
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
            base_font=BASE_FONT, footnotes=loc.footnotes, isolate=isolate,
            sources=[content.sources[source] for source in leaflet.sources])
        title = loc.plain(f"leaflet.{leaflet.id}", leaflet.title)[0]
        filename = leaflet_filename(leaflet, translations.lang.code)
        rendered.append(RenderedLeaflet(leaflet.id, translations.lang, filename, title, html, TEMPLATES_DIR,
                                        LEAFLET_PAGES[leaflet.format], f"content/leaflets/{leaflet.id}.yml",
                                        allowed, str(org_file) if org_file else "", leaflet.format))
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


def _local_fetcher(allowed: tuple[str, ...]):
    """A WeasyPrint URL fetcher that reads ``data:`` URLs and files inside ``allowed`` only.

    Any other address is noted in ``refused`` and raises ``RefusedURL`` before a request is
    made. WeasyPrint lets that through (it is a ``FatalURLFetchingError``) and stops, except
    inside an SVG image, where it only logs; ``refused`` catches both."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class RefusedURL(FatalURLFetchingError):
        def __init__(self, url: str) -> None:
            super().__init__(url)
            self.url = url

    class LocalFetcher(URLFetcher):
        refused: list[str]

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(folder) for folder in allowed):
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise RefusedURL(url)

    fetcher = LocalFetcher(fail_on_errors=True)
    fetcher.refused = []
    return fetcher, RefusedURL


def _refused(leaflet: RenderedLeaflet, url: str) -> LeafletError:
    """The error for an address outside the project: the org file is to blame unless the
    leaflet's own HTML (from content) holds the address."""
    shown = url if len(url) < 200 else url[:197] + "..."
    rule = ("leaflets read only files inside the project and beside the organisation file, and never "
            "fetch from the web")
    if leaflet.org_file and html_module.escape(url) not in leaflet.html and url not in leaflet.html:
        return LeafletError(f"{leaflet.org_file}: the logo refers to {shown}, which was not fetched: {rule}. "
                            "Save the logo as a PNG, or as an SVG with no links to other files.")
    return LeafletError(f"{leaflet.source}: {leaflet.filename} refers to {shown}, which was not fetched: {rule}.")


def write_pdf(leaflet: RenderedLeaflet, target: Path) -> Path:
    """Render one leaflet to a tagged PDF; check glyphs before, and boxes, pages and text after."""
    from weasyprint import HTML  # imported here: slow to import, and only leaflet workers need it

    install_actual_text()  # copy-paste and screen readers get the real text of every script

    where = f"{leaflet.source}: {leaflet.filename}"
    families = list(dict.fromkeys([leaflet.lang.font, BASE_FONT]))
    missing = missing_glyphs(_visible_text(leaflet.html), families)
    if missing:
        shown = " ".join(f"{char} (U+{ord(char):04X})" for char in missing[:12])
        raise LeafletError(f"{where}: {len(missing)} character(s) have no glyph in {' or '.join(families)}: "
                           f"{shown}. Set a font that covers them for {leaflet.lang.code} in "
                           "translations/languages.yml")
    fetcher, refused = _local_fetcher(leaflet.allowed or (str(Path(TEMPLATES_DIR).resolve()),))
    with _weasyprint_errors() as errors:
        try:
            document = HTML(string=leaflet.html, base_url=leaflet.base_url, url_fetcher=fetcher) \
                .render(pdf_variant="pdf/ua-1")
        except refused as error:
            raise _refused(leaflet, error.url) from None
        if fetcher.refused:
            raise _refused(leaflet, fetcher.refused[0])
        if len(document.pages) > leaflet.max_pages:
            raise LeafletError(f"{where}: the text fills {len(document.pages)} pages; this format has room for "
                               f"{leaflet.max_pages}. Shorten the text.")
        overflow = overflowing_box(document)
        if overflow:
            raise LeafletError(f"{where} ({leaflet.lang.english_name}): {overflow}")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:  # SVG images are read and drawn here, not while laying out
            document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_identifier=leaflet.filename.encode())
        except refused as error:
            raise _refused(leaflet, error.url) from None
    if fetcher.refused:
        raise _refused(leaflet, fetcher.refused[0])
    if errors:
        raise LeafletError(f"{where}: {'; '.join(errors)}")
    _check_pdf_text(leaflet, target, where)
    return target


# --- fit: every box inside its parent and the page ----------------------------------------------

FIELD_NAMES = {"name": "the organisation's name", "address": "the organisation's address",
               "phone": "the organisation's phone number", "logo": "the organisation's logo",
               "organisation": "the organisation's details"}
_TOLERANCE = 3.78  # CSS px (1 mm): glyph overhang and rounding, never a visible overflow
_INLINE = ("TextBox", "InlineBox", "InlineReplacedBox")  # glyphs may rise above their line; lines are checked


def _field(box, field: str) -> str:
    element = getattr(box, "element", None)
    named = element.get("data-field") if element is not None and hasattr(element, "get") else None
    return named or field


def _text_of(box) -> str:
    if hasattr(box, "text"):
        return box.text
    return " ".join(_text_of(child) for child in getattr(box, "children", ()))[:60].strip()


def overflowing_box(document) -> str:
    """What sticks out of its box or off the page, in words, or "" when everything fits.

    Walks WeasyPrint's layout boxes: each box's border box must lie inside its parent's
    horizontally (a word too long for its line, an image wider than its box), and inside
    the page's printable area both ways. List markers hang outside their item by design."""
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        area = (page_box.margin_left, page_box.margin_top, page.width - page_box.margin_right,
                page.height - page_box.margin_bottom)
        found = _overflow_in(page_box, None, "", area)
        if found:
            field, box, how = found
            what = FIELD_NAMES.get(field, field or "the text")
            mm = how[1] * 25.4 / 96
            return (f"{what} runs {mm:.1f} mm past {how[0]} on page {number} ({_text_of(box)!r}). Shorten it"
                    + (" in your organisation file." if field in FIELD_NAMES else "."))
    return ""


def _overflow_in(box, parent, field: str, area) -> tuple[str, object, tuple[str, float]] | None:
    field = _field(box, field)
    if (box.element_tag or "").endswith("::marker"):
        return None
    left, width = box.border_box_x(), box.border_width()
    top, height = box.border_box_y(), box.border_height()
    if width > 0 and height > 0:
        excess = []
        if parent is not None and type(box).__name__ != "PageBox":
            parent_left = parent.border_box_x()
            excess += [("the edge of its box", parent_left - left),
                       ("the edge of its box", left + width - parent_left - parent.border_width())]
        if type(box).__name__ not in ("PageBox", "MarginBox"):
            excess += [("the edge of the page", area[0] - left), ("the edge of the page", left + width - area[2])]
        if type(box).__name__ not in ("PageBox", "MarginBox", *_INLINE):
            excess += [("the top of the page", area[1] - top), ("the bottom of the page", top + height - area[3])]
        worst = max(excess, key=lambda item: item[1], default=("", 0))
        if worst[1] > _TOLERANCE:
            return field, box, worst
    for child in getattr(box, "children", ()):
        found = _overflow_in(child, box, field, area)
        if found:
            return found
    return None


# --- text layer ----------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Words of any script: split at every space, punctuation mark and symbol (the Arabic
    comma "،" and the Ethiopic full stop "።" as well as ASCII ones).

    >>> _words("في منطقتنا، يمكنك: التسجيل؟ ሰላም። Hello, GP.")
    ['في', 'منطقتنا', 'يمكنك', 'التسجيل', 'ሰላም', 'Hello', 'GP']
    """
    return "".join(" " if unicodedata.category(char)[0] in "PZSC" else char for char in text).split()


def _squash(text: str) -> str:
    """Text reduced to its base letters: extraction from a PDF may reorder or split the vowel
    signs of Indic scripts and the joining forms of Arabic, but not the letters themselves."""
    normalised = unicodedata.normalize("NFKD", text)
    return "".join(char for char in normalised if not char.isspace() and unicodedata.category(char)[0] not in "MC")


def pdf_text(path: Path) -> str:
    """The text poppler's pdftotext extracts from a PDF."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _check_pdf_text(leaflet: RenderedLeaflet, target: Path, where: str) -> None:
    """The PDF's extracted text must contain the translated title: proof its glyphs are real."""
    text = _squash(pdf_text(target))
    lost = [word for word in _words(leaflet.title) if len(word) > 1 and _squash(word) not in text]
    if lost:
        raise LeafletError(f"{where}: the PDF's text lacks {' '.join(lost)!r} of the title; a font may be "
                           "missing glyphs or shaping")


def _write_batch(batch: list[tuple[RenderedLeaflet, Path, bool]]) -> list[Path]:
    paths = []
    for leaflet, target, sheet in batch:
        paths.append(write_pdf(leaflet, target))
        if sheet and write_sheet(target, leaflet.paper, target.with_name(sheet_filename(target.name))):
            paths.append(target.with_name(sheet_filename(target.name)))
    return paths


def write_pdfs(leaflets: list[tuple[RenderedLeaflet, Path]], *, workers: int, sheet: bool = False) -> list[Path]:
    """Render many leaflets in parallel (one process per core, a batch each), all or nothing.

    Every PDF is written into a temporary folder beside the targets and moved into place only
    when all of them rendered, so a failure leaves the previous set (or none), never half a set.
    With ``sheet``, each A5 or A6 leaflet also gets its A4 sheet beside it (``sheets.py``)."""
    if not leaflets:
        return []
    top = Path(os.path.commonpath([target.parent for _, target in leaflets]))
    top.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".leaflets-", dir=top.parent))
    try:
        staged = [(leaflet, staging / target.relative_to(top), sheet) for leaflet, target in leaflets]
        if workers <= 1 or len(staged) < 4:
            written = _write_batch(staged)
        else:
            batches = [staged[index::workers] for index in range(workers)]
            with ProcessPoolExecutor(max_workers=workers) as pool:
                written = [path for paths in pool.map(_write_batch, batches) for path in paths]
        targets = sorted(top / path.relative_to(staging) for path in written)
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / target.relative_to(top), target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [target for _, target in leaflets] + [target for target in targets if target.name.endswith("-sheet.pdf")]


def write_preview(pdf: Path, png: Path, width: int = 240) -> Path:
    """A small PNG of the first page, for the Printables page (poppler's pdftoppm)."""
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x", str(width),
                    "-scale-to-y", "-1", str(pdf), str(png.with_suffix(""))], check=True, capture_output=True)
    return png
