"""Leaflet HTML: one leaflet in one language (or, for the welcome poster, every language) at
each type step of its format.

Every text goes through the language's catalog and is escaped before markup is added;
names, addresses and phone numbers from the organisation file are isolated as their own
bidi runs. Nothing here lays out or measures: ``pdf.py`` picks the step that fits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlsplit

import segno
from babel.dates import format_date
from markupsafe import Markup, escape

from generator.citations import source_numbers
from generator.config import Language
from generator.content import ContentSet, leaflet_filename, leaflets_for
from generator.errors import LeafletError
from generator.i18n import Translations
from generator.leaflets.design import BRAND, PAPER, STEPS, pictogram, type_sizes
from generator.leaflets.fonts import BASE_FONT
from generator.organisation import Organisation
from generator.render import _Localiser, make_env, page_titles
from generator.schema import LEAFLET_PAGES, DirectoryEntry, Leaflet

TEMPLATES_DIR = str(Path(__file__).resolve().parent.parent / "templates")


@dataclass(frozen=True, slots=True)
class RenderedLeaflet:
    """One leaflet in one language, ready for WeasyPrint."""

    leaflet_id: str
    lang: Language
    filename: str  # e.g. rights-a5-ar.pdf
    title: str
    html: str  # at the smallest type step: the floor the print brief sets
    base_url: str
    max_pages: int
    source: str  # content/leaflets/<id>.yml, for messages
    allowed: tuple[str, ...] = ()  # folders WeasyPrint may read files from
    org_file: str = ""  # the organisation file, for messages about the logo
    paper: str = "a4"  # a4, a5 or a6
    larger: tuple[str, ...] = ()  # the same leaflet in larger type, largest first: printed if it fits
    fonts: tuple[str, ...] = ()  # every font family it uses, when more than the language's (welcome poster)
    push: bool = False  # move the organisation box and footer to the foot of the last page
    back: tuple[str, ...] = ()  # a bilingual card's back: its CSS at each type step, largest first (html has the last)

    @property
    def steps(self) -> tuple[str, ...]:
        """Every type step's HTML, largest first."""
        return (*self.larger, self.html)


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
    """A vector QR code for a URL, as inline SVG whose title (the PDF's /Alt) is the URL."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", omitsize=True)
    return Markup(svg.replace(">", f"><title>{escape('QR code: ' + url)}</title>", 1))


def short_address(url: str) -> str:
    """The address printed under the QR code: no scheme, no ``www.``, no ``index.html``.

    >>> short_address("https://www.safe-to-ask.example/ar/index.html")
    'safe-to-ask.example/ar/'
    """
    parts = urlsplit(url)
    path = parts.path.removesuffix("index.html")
    return parts.netloc.removeprefix("www.") + path


def halves(entries: Sequence[DirectoryEntry]) -> list[list[DirectoryEntry]]:
    """Helplines in two columns, in order, the first at least as long as the second and the two
    as even as their texts allow (a multi-column box would balance them, but slowly).

    >>> from types import SimpleNamespace as Entry
    >>> long, short = Entry(name="x" * 40, phone="1", url="", hours=""), Entry(name="y", phone="1", url="", hours="")
    >>> [len(half) for half in halves([long, short, short])], [len(half) for half in halves([short] * 5)]
    ([1, 2], [3, 2])
    """
    weights = [len(entry.name) + len(entry.phone or entry.url or "") + len(entry.hours or "") + 20
               for entry in entries]
    before = list(accumulate(weights, initial=0))  # the weight of the first i entries
    split = next(index for index, weight in enumerate(before) if weight * 2 >= before[-1])
    return [list(entries[:split]), list(entries[split:])]


def render_leaflets(content: ContentSet, translations: Translations, english: Translations, *,
                    site_url: str, today: date, organisation: Organisation | None = None,
                    logo: Path | None = None, org_file: Path | None = None,
                    project: Path | None = None, only: tuple[str, ...] = (),
                    every_language: Callable[[], Sequence[Translations]] | None = None) -> list[RenderedLeaflet]:
    """The HTML of every leaflet of one language (or only the leaflets named in ``only``).

    Args:
        project: the project folder; with ``org_file``'s folder, the only place files may be read from.
        every_language: every language's catalog, English first, for the welcome poster (printed
            with the English leaflets); without it the welcome poster is left out.
    """
    env = make_env()
    env.filters["halves"] = halves
    titles = page_titles(content, translations)
    english_titles = page_titles(content, english)
    allowed = tuple(str(folder.resolve()) for folder in
                    (Path(TEMPLATES_DIR), project, org_file.parent if org_file else None, logo.parent if logo else None)
                    if folder)
    common = {"organisation": organisation, "logo": logo.as_uri() if logo else "", "isolate": isolate,
              "pictogram": pictogram, "brand": BRAND, "paper": PAPER, "base_font": BASE_FONT}
    rendered = []
    for leaflet in leaflets_for(content, translations.lang.code):
        if only and leaflet.id not in only:
            continue
        if leaflet.kind == "welcome":
            if every_language is not None:
                rendered.append(_render_welcome(env, content, leaflet, every_language(), titles, site_url, common,
                                                allowed, org_file))
            continue
        footnotes = leaflet.languages == "english"  # the guides for professionals print their sources
        loc = _Localiser(content, translations, titles, leaflet.page, footnotes=footnotes,
                         source_numbers=source_numbers(leaflet.sources) if footnotes else {})
        english_loc = _Localiser(content, english, english_titles, leaflet.page, reader=translations.lang)
        url = _page_url(site_url, translations.lang.code, leaflet.page)
        values = dict(common, leaflet=leaflet, lang=translations.lang, loc=loc, english=english_loc,
                      context=f"leaflet.{leaflet.id}", label=loc.label, url=url, short_url=short_address(url),
                      qr=qr_svg(url) if url else "",
                      helplines=[content.directory[item] for item in leaflet.helplines],
                      checked=format_date(leaflet.last_reviewed, "long", locale=translations.lang.locale),
                      jurisdictions=[loc.label(f"jurisdiction.{j}") for j in leaflet.jurisdictions],
                      font=translations.lang.font, footnotes=loc.footnotes,
                      sources=[content.sources[source] for source in leaflet.sources])
        back = _card_back(env, leaflet)
        steps = [env.get_template("leaflet.html.j2").render(values, size=type_sizes(leaflet.kind, factor),
                                                           back_css=Markup(back[-1] if back else ""))
                 for factor in STEPS[leaflet.kind]]
        title = loc.plain(f"leaflet.{leaflet.id}", leaflet.title)[0]
        filename = leaflet_filename(leaflet, translations.lang.code)
        rendered.append(RenderedLeaflet(leaflet.id, translations.lang, filename, title, steps[-1], TEMPLATES_DIR,
                                        LEAFLET_PAGES[leaflet.format], f"content/leaflets/{leaflet.id}.yml",
                                        allowed, str(org_file) if org_file else "", leaflet.format,
                                        larger=tuple(steps[:-1]), push=True, back=back))
    return rendered


def _card_back(env, leaflet: Leaflet) -> tuple[str, ...]:
    """The CSS of a bilingual card's back at each of its type steps, largest first; () for other
    leaflets. The back (English for the desk, or who can help on the English card) shares no page
    with the front, so its type is chosen on its own."""
    if not (leaflet.bilingual and leaflet.format == "a6"):
        return ()
    template = env.get_template("_card_back.css.j2")
    return tuple(template.render(size=type_sizes(leaflet.kind, factor)) for factor in STEPS[leaflet.kind])


def _page_url(site_url: str, code: str, page: str) -> str:
    return f"{site_url.rstrip('/')}/{code}/{page}.html" if site_url else ""


@dataclass(frozen=True, slots=True)
class WelcomeLine:
    """One language's lines on the welcome poster, in its own script and font."""

    lang: Language
    title: Markup
    subtitle: Markup


def welcome_lines(content: ContentSet, source: Leaflet, every_language: Sequence[Translations]) -> list[WelcomeLine]:
    """The source leaflet's title and subtitle in every language that has both translated
    (English from the content itself); a language missing either is left out, never shown in English."""
    context = f"leaflet.{source.id}"
    lines = []
    for translations in every_language:
        loc = _Localiser(content, translations, {}, source.page)
        texts = [source.title, source.subtitle or ""]
        if translations.lang.code != "en" and not all(translations.get(context, text) for text in texts if text):
            continue
        title, subtitle = (loc.inline(loc.plain(context, text)[0]) if text else Markup("") for text in texts)
        lines.append(WelcomeLine(translations.lang, title, subtitle))
    return lines


def _render_welcome(env, content: ContentSet, leaflet: Leaflet, every_language: Sequence[Translations],
                    titles: dict[str, str], site_url: str, common: dict, allowed: tuple[str, ...],
                    org_file: Path | None) -> RenderedLeaflet:
    """The welcome poster: one sheet with the ``text_from`` leaflet's promise in every language."""
    source = next((other for other in content.leaflets if other.id == leaflet.text_from), None)
    where = f"content/leaflets/{leaflet.id}.yml"
    if source is None or source.languages != "all":
        raise LeafletError(f"{where}: text_from: {leaflet.text_from!r} is not a leaflet printed in every language")
    english = every_language[0]
    loc = _Localiser(content, english, titles, leaflet.page)
    lines = welcome_lines(content, source, every_language)
    url = _page_url(site_url, "en", leaflet.page)
    values = dict(common, leaflet=leaflet, lang=english.lang, loc=loc, label=loc.label, lines=lines, url=url,
                  short_url=short_address(url), qr=qr_svg(url) if url else "", font=english.lang.font,
                  checked=format_date(leaflet.last_reviewed, "long", locale=english.lang.locale),
                  jurisdictions=[loc.label(f"jurisdiction.{j}") for j in leaflet.jurisdictions],
                  languages=", ".join(line.lang.own_name for line in lines))
    steps = [env.get_template("welcome.html.j2").render(values, size=type_sizes("welcome", factor))
             for factor in STEPS["welcome"]]
    fonts = tuple(dict.fromkeys([BASE_FONT, *(line.lang.font for line in lines)]))
    return RenderedLeaflet(leaflet.id, english.lang, leaflet_filename(leaflet, "en"), source.title, steps[-1],
                           TEMPLATES_DIR, LEAFLET_PAGES[leaflet.format], where, allowed,
                           str(org_file) if org_file else "", leaflet.format, larger=tuple(steps[:-1]),
                           fonts=fonts, push=True)
