"""PDFs: each leaflet laid out by WeasyPrint at the largest type that fits, checked, and
written as a tagged PDF; many leaflets in parallel, all or nothing.

Before rendering, every character of a leaflet must have a glyph in its fonts (checked with
fontTools). While rendering, WeasyPrint may read only files inside the project and beside the
organisation file: any other address (a web address in an SVG logo, a file elsewhere) stops
the build, and nothing is requested. Each leaflet comes in several type steps (``design.py``);
the largest whose pages and boxes fit is printed, and its organisation box and footer are then
moved to the foot of the last page (shifted after layout, not laid out again). If even the
smallest step does not fit, the error names the leaflet, the language and what to change. The
PDF's text must contain the title; a set of PDFs is moved into place only when all of them rendered.
"""

from __future__ import annotations

import html as html_module
import logging
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import LeafletError
from generator.leaflets.cache import cached, leaflet_key, outputs, store, touch
from generator.leaflets.fit import check_pdf_text, free_height, overflowing_box, push_foot
from generator.leaflets.fonts import BASE_FONT, missing_glyphs, visible_text
from generator.leaflets.render import TEMPLATES_DIR, RenderedLeaflet
from generator.pdf_text import install as install_actual_text
from generator.sheets import sheet_filename, write_sheet

log = logging.getLogger(__name__)

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
    """Render one leaflet to a tagged PDF at the largest type step that fits; check glyphs before,
    and boxes, pages and text after."""
    install_actual_text()  # copy-paste and screen readers get the real text of every script

    where = f"{leaflet.source}: {leaflet.filename}"
    families = list(leaflet.fonts or dict.fromkeys([leaflet.lang.font, BASE_FONT]))
    missing = missing_glyphs(visible_text(leaflet.html), families)
    if missing:
        shown = " ".join(f"{char} (U+{ord(char):04X})" for char in missing[:12])
        raise LeafletError(f"{where}: {len(missing)} character(s) have no glyph in {' or '.join(families)}: "
                           f"{shown}. Set a font that covers them for {leaflet.lang.code} in "
                           "translations/languages.yml")
    fetcher, refused = _local_fetcher(leaflet.allowed or (str(Path(TEMPLATES_DIR).resolve()),))
    with _weasyprint_errors() as errors:
        try:
            document = _fitted_sides(leaflet, lambda html: _layout(html, leaflet, fetcher), where)
            target.parent.mkdir(parents=True, exist_ok=True)
            # SVG images are read and drawn here, not while laying out
            document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_identifier=leaflet.filename.encode())
        except refused as error:
            raise _refused(leaflet, error.url) from None
    if fetcher.refused:
        raise _refused(leaflet, fetcher.refused[0])
    if errors:
        raise LeafletError(f"{where}: {'; '.join(errors)}")
    check_pdf_text(leaflet.title, target, where)
    return target


def _layout(html: str, leaflet: RenderedLeaflet, fetcher):
    from weasyprint import HTML  # imported here: slow to import, and only leaflet workers need it

    document = HTML(string=html, base_url=leaflet.base_url, url_fetcher=fetcher).render(pdf_variant="pdf/ua-1")
    if fetcher.refused:
        raise _refused(leaflet, fetcher.refused[0])
    return document


def _problem(document, leaflet: RenderedLeaflet, where: str) -> str:
    """Why a laid-out leaflet does not fit, or "" when it does."""
    if len(document.pages) > leaflet.max_pages:
        return (f"{where}: the text fills {len(document.pages)} pages; this format has room for "
                f"{leaflet.max_pages}. Shorten the text.")
    overflow = overflowing_box(document)
    return f"{where} ({leaflet.lang.english_name}): {overflow}" if overflow else ""


_LAST_STEP: dict[str, int] = {}
"""The type step each leaflet (by id; a bilingual card's back by id and " back") was last printed at
in this process: where the next language's search starts. Most languages of a leaflet need the
same step or the next one, so the search then takes two layouts instead of three; where it starts
never changes the step it finds."""


def _fitted_sides(leaflet: RenderedLeaflet, layout, where: str):
    """The laid-out document at the largest type that fits, its foot moved to the foot of the page.

    A bilingual card has two searches, as its sides share no page: the front's step,
    laying out the front alone, then the back's largest step with the front at that step."""
    key = leaflet.leaflet_id
    if leaflet.back:
        fronts = tuple(_front_only(html, where) for html in leaflet.steps)
        _, _LAST_STEP[key] = _fitted(replace(leaflet, max_pages=1), layout, f"{where} (front)",
                                     _LAST_STEP.get(key), fronts)
        front = leaflet.steps[_LAST_STEP[key]]
        if leaflet.back[-1] not in front:
            raise RuntimeError(f"{where}: the card back's stylesheet is missing from the leaflet's HTML")
        backs = tuple(front.replace(leaflet.back[-1], css) for css in leaflet.back)
        document, _LAST_STEP[f"{key} back"] = _fitted(leaflet, layout, where, _LAST_STEP.get(f"{key} back"), backs)
    else:
        document, _LAST_STEP[key] = _fitted(leaflet, layout, where, _LAST_STEP.get(key))
    free = free_height(document) if leaflet.push else 0
    if free > 8:  # CSS px: worth moving the foot down
        push_foot(document, round(free - 4))
    return document


CARD_BACK = '<div class="back">'
"""Where a bilingual card's back starts in its HTML (``leaflet.html.j2``)."""


def _front_only(html: str, where: str) -> str:
    """A bilingual card's HTML without its back: what the front's search lays out."""
    if CARD_BACK not in html:
        raise RuntimeError(f"{where}: the card's HTML has no back to leave out")
    return html[:html.index(CARD_BACK)] + "</body>\n</html>\n"


def _fitted(leaflet: RenderedLeaflet, layout, where: str, start: int | None = None,
            steps: tuple[str, ...] | None = None):
    """The laid-out document of the largest type step (of ``steps``, by default the leaflet's) that
    fits, and its index; a LeafletError from the smallest step when none fits.

    A step that fits means every smaller one does, so this is a binary search, except that with
    ``start`` (a step) it lays out ``start`` first and then its neighbour towards the answer (the
    next larger type if ``start`` fits, the next smaller if not), and searches by halves after."""
    steps = steps or leaflet.steps
    low, high, best, failure = 0, len(steps) - 1, None, ""
    guess = start if start is not None and 0 <= start < len(steps) else None
    first = True
    while low <= high:
        middle = guess if guess is not None and low <= guess <= high else (low + high) // 2
        document = layout(steps[middle])
        problem = _problem(document, leaflet, where)
        if problem:
            low, failure = middle + 1, problem
        else:
            best, high = (middle, document), middle - 1
        # after the start, its neighbour towards the answer; then by halves
        guess = (middle + 1 if problem else middle - 1) if first and guess is not None else None
        first = False
    if best is None:
        raise LeafletError(failure)
    index, document = best
    return document, index


def _write_batch(batch: list[tuple[RenderedLeaflet, Path, bool, bool]]) -> list[list[Path]]:
    """Render a batch of leaflets (in one worker); each leaflet's files: PDF, sheet, preview image."""
    written = []
    for leaflet, target, sheet, preview in batch:
        paths = [write_pdf(leaflet, target)]
        if sheet and write_sheet(target, leaflet.paper, target.with_name(sheet_filename(target.name))):
            paths.append(target.with_name(sheet_filename(target.name)))
        if preview:
            paths += [write_preview(path, path.with_suffix(".png")) for path in list(paths)]
        written.append(paths)
    return written


def write_pdfs(leaflets: list[tuple[RenderedLeaflet, Path]], *, workers: int, sheet: bool = False,
               previews: bool = False, cache: Path | None = None, refresh: bool = False) -> list[Path]:
    """Render many leaflets in parallel (one process per core, a batch each), all or nothing.

    Every PDF is written into a temporary folder beside the targets and moved into place only
    when all of them rendered, so a failure leaves the previous set (or none), never half a set.
    With ``sheet``, each A5 or A6 leaflet also gets its A4 sheet beside it (``sheets.py``); with
    ``previews``, each PDF a PNG of its first page. With ``cache`` (a folder), a leaflet whose
    inputs are unchanged is copied from there instead of rendered, and what is rendered is kept
    there; ``refresh`` renders everything and only writes the cache (a clean build)."""
    if not leaflets:
        return []
    top = Path(os.path.commonpath([target.parent for _, target in leaflets]))
    top.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".leaflets-", dir=top.parent))
    try:
        staged = [(leaflet, staging / target.relative_to(top), sheet, previews) for leaflet, target in leaflets]
        keys = [leaflet_key(leaflet, sheet=sheet, preview=previews) for leaflet, _ in leaflets] if cache else []
        written: list[Path] = []
        todo = []
        for index, job in enumerate(staged):
            entry = cached(cache, job[0], keys[index]) if cache and not refresh else None
            if entry is None:
                todo.append(index)
                continue
            for name in outputs(entry):
                job[1].parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry / name, job[1].with_name(name))
                written.append(job[1].with_name(name))
            touch(entry)
        rendered = _render_all([staged[index] for index in todo], workers)
        for index, paths in zip(todo, rendered, strict=True):
            written += paths
            if cache:
                store(cache, staged[index][0], keys[index], paths)
        if cache:
            log.info("  %d leaflet(s) rendered, %d unchanged ones taken from %s", len(todo), len(staged) - len(todo),
                     cache.name)
        targets = sorted(top / path.relative_to(staging) for path in written)
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / target.relative_to(top), target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [target for _, target in leaflets] + [target for target in targets if target.name.endswith("-sheet.pdf")]


def _render_all(jobs: list[tuple[RenderedLeaflet, Path, bool, bool]], workers: int) -> list[list[Path]]:
    """Each job's files, in the order of ``jobs``; in ``workers`` processes when there is enough to do."""
    if workers <= 1 or len(jobs) < 4:
        return _write_batch(jobs)
    batches = [jobs[index::workers] for index in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_write_batch, batches))
    ordered: list[list[Path]] = [[] for _ in jobs]
    for start, paths in enumerate(results):
        ordered[start::workers] = paths
    return ordered


def write_preview(pdf: Path, png: Path, width: int = 240) -> Path:
    """A small PNG of the first page, for the Printables page (poppler's pdftoppm)."""
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x", str(width),
                    "-scale-to-y", "-1", str(pdf), str(png.with_suffix(""))], check=True, capture_output=True)
    return png
