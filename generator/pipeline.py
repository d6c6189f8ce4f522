"""The build recipe: load, check, render, build with MkDocs, then swap into ``site/``."""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

from babel.numbers import format_decimal

from generator.build_cache import precompress_cached, prune_cached
from generator.catalog_check import check_catalogs, language_status
from generator.citations import citation_problems, unreviewed_problems
from generator.config import Language, ProjectConfig
from generator.content import ContentSet, load_content
from generator.deploy import fingerprint_assets, minify_assets, write_headers
from generator.errors import Location, Problem, ProblemsError, Severity, has_errors
from generator.i18n import forget_cached_catalogs, load_translations
from generator.leaflets import render_leaflets, write_pdfs
from generator.organisation import Organisation
from generator.parallel import in_parallel
from generator.render import (
    REVIEW_MAX_DAYS,
    copy_date_line,
    inert,
    interface_strings,
    nav_for,
    page_menu,
    render_changes_feed,
    render_language_chooser,
    render_pages,
    shown_in_english,
)
from generator.site import (
    THEME_STYLESHEETS,
    build_sites,
    harden_language,
    write_docs,
    write_download,
    write_language_chooser,
    write_mkdocs_config,
    write_search_index,
    write_service_worker,
    write_sitemap_index,
    write_theme_overlay,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did and the warnings it found."""

    languages: tuple[str, ...]
    warnings: tuple[Problem, ...]


def source_date_epoch() -> int:
    """``SOURCE_DATE_EPOCH`` for reproducible files, or 2026-01-01 when unset."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))


def file_size(size: int, lang: Language) -> str:
    """A download size in megabytes, written the way the language writes numbers."""
    return f"{format_decimal(round(size / 1_000_000, 1), format='0.0', locale=lang.locale)} MB"


def today() -> date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch else date.today()


def review_problems(content: ContentSet, on: date) -> list[Problem]:
    """A warning for every page or directory entry not checked for over 12 months."""
    items = [(f"page:{page.id}", page.last_reviewed) for page in content.pages]
    items += [(f"dir:{entry.id}", entry.last_reviewed) for entry in content.directory.values()]
    return [Problem(content.where(item, "last_reviewed"),
                    f"last reviewed {reviewed.isoformat()}, more than 12 months ago: check the facts "
                    "against the sources, then update last_reviewed", Severity.WARNING)
            for item, reviewed in items if (on - reviewed).days > REVIEW_MAX_DAYS]


def check(config: ProjectConfig, languages: list[Language] | None = None, *,
          strict: bool = False) -> tuple[ContentSet, list[Problem]]:
    """Load all content and catalogs and return every problem found (errors and warnings).

    ``strict`` also reports pages no adviser has signed off, which only a strict build stops on."""
    content = load_content(config.root)
    # Dates in the future are judged against the real day: SOURCE_DATE_EPOCH may be older.
    problems = review_problems(content, today()) + citation_problems(content, date.today()) \
        + check_catalogs(config, content, languages) + site_url_problems(config)
    if strict:
        problems += unreviewed_problems(content)
    return content, problems


def build(config: ProjectConfig, *, only: str | tuple[str, ...] | None = None, strict: bool = False,
          leaflets: bool = True, clean: bool = False) -> BuildReport:
    """Build the site (every language, or only some) into ``site/``; leave it untouched on failure.

    ``leaflets=False`` skips the PDFs (for benchmarks that time the site alone); ``clean`` reads
    nothing from the caches under ``build/cache/`` (it refreshes them)."""
    only = (only,) if isinstance(only, str) else tuple(only or ())
    languages = [config.language(code) for code in dict.fromkeys(only)] or list(config.languages)
    missing = sorted(lang.code for lang in config.languages if not (config.site_dir / lang.code).is_dir())
    if only and missing:  # every language's menu and status page must list a new language
        log.warning("site/ has no %s yet, so every language is built: each menu and the translation status "
                    "page must list it", ", ".join(missing))
        only, languages = (), list(config.languages)
    # 1. Read and validate everything before writing anything.
    if clean:
        forget_cached_catalogs(config)
    log.info("Checking content and %d catalog(s)", len(languages))
    content, problems = check(config, [lang for lang in languages if lang != config.source_lang], strict=strict)
    if has_errors(problems, strict=strict):
        raise ProblemsError(problems)
    log.info("Checked %d pages, %d leaflets and %d change(s): %d warning(s)", len(content.pages),
             len(content.leaflets), len(content.changes), sum(p.severity is Severity.WARNING for p in problems))
    # 2. Render each language's Markdown, theme overlay and MkDocs config into a staging folder.
    staging = config.build_dir / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    status = [(row, config.language(row.code)) for row in language_status(config, content)]
    configs = {lang.code: prepare_language(config, content, lang, staging, status) for lang in languages}
    # 3. Let MkDocs build every language in parallel; harden its pages (CSP, no other host) and mark
    #    English titles in other languages; print the leaflets; keep only the stylesheet rules each
    #    language's pages use; give each language its hashed asset names, search index, offline service
    #    worker and ZIP download. Each per-language pass runs a language per core.
    log.info("Building %d language(s) with MkDocs", len(configs))
    build_sites(configs)
    site, cache = staging / "site", config.build_dir / "cache"
    in_parallel(harden_language, [site / lang.code for lang in languages])
    if leaflets:
        write_site_leaflets(config, content, languages, site, clean=clean)
    log.info("Writing search indexes, offline copies and downloads")
    prune_cached([site / lang.code for lang in languages], THEME_STYLESHEETS, cache / "css", refresh=clean)
    sizes = in_parallel(partial(finish_language, site, today(), source_date_epoch()), languages)
    for lang, size in zip(languages, sizes, strict=True):
        log.info("  %-8s download %.1f MB", lang.code, size / 1_000_000)
    # 4. Add the language chooser, the hosts' _headers and a .br and .gz copy of every text file, then
    #    swap the finished site into place.
    write_language_chooser(render_language_chooser(config.languages, content, config.quick_exit_url), staging / "site")
    write_sitemap_index(staging / "site", config)
    log.info("Compressing and publishing into %s/", config.site_dir.name)
    write_headers(staging / "site")
    # after the ZIPs and service workers, which must not hold the copies
    precompress_cached(staging / "site", cache / "compressed", refresh=clean, forget_unused=not only)
    publish(config.site_dir, staging / "site", replace_all=not only)
    shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(tuple(lang.code for lang in languages),
                       tuple(p for p in problems if p.severity is Severity.WARNING))


def finish_language(site_dir: Path, day: date, epoch: int, lang: Language) -> int:
    """One language's last passes: minified scripts and hashed asset names (before anything lists or
    zips the assets), the search index, the service worker (it lists every file) and the ZIP download;
    the ZIP's size."""
    language_dir = site_dir / lang.code
    minify_assets(language_dir)
    fingerprint_assets(language_dir)
    write_search_index(language_dir)
    write_service_worker(language_dir, day)
    path = write_download(language_dir, site_dir / "downloads", lambda size: file_size(size, lang), epoch)
    return path.stat().st_size


def prepare_language(config: ProjectConfig, content: ContentSet, lang: Language, staging: Path,
                     status: list | None = None) -> Path:
    """Write one language's Markdown, theme overlay and MkDocs config; return the config's path."""
    translations = load_translations(config, lang)
    docs_dir = staging / "docs" / lang.code
    pages = render_pages(content, translations, today(), status or [], source_lang=config.source_lang)
    write_docs([*pages, render_changes_feed(content, translations, site_url=config.site_url, today=today())], docs_dir)
    log.info("  %-8s %d pages, %d text(s) shown in English", lang.code, len(pages),
             sum(page.untranslated for page in pages))
    labels = interface_strings(content, translations)
    theme_dir = staging / "theme" / lang.code
    write_theme_overlay(config, lang, labels, theme_dir,
                        page_menu(content, translations, shown_in_english(content, translations, config.source_lang)))
    return write_mkdocs_config(config, lang, docs_dir=docs_dir, site_dir=staging / "site" / lang.code,
                               theme_dir=theme_dir, nav=nav_for(content, translations),
                               site_name=inert(labels["site_name"]), urgent=_urgent(content, labels),
                               target=staging / "mkdocs" / f"{lang.code}.yml",
                               copy_date=copy_date_line(content, translations, today(), source_lang=config.source_lang))


def _urgent(content: ContentSet, labels: dict[str, str]) -> list[dict[str, str]]:
    """The urgent numbers shown at the top of every page, from the directory."""
    entries = [content.directory[item] for item in content.home.urgent]
    return [{"label": inert(labels.get(f"urgent.{entry.id}", entry.name)), "phone": entry.phone}
            for entry in entries if entry.phone]


def write_site_leaflets(config: ProjectConfig, content: ContentSet, languages: list[Language],
                        site_dir: Path, organisation: Organisation | None = None, logo: Path | None = None,
                        previews: bool = True, subfolder: str = "leaflets", *, org_file: Path | None = None,
                        only: tuple[str, ...] = (), sheet: bool = False, clean: bool = False) -> list[Path]:
    """Render every leaflet (or ``only`` those) of the given languages to ``<site_dir>/<lang>/<subfolder>/``,
    in parallel, all or nothing; ``sheet`` adds the A4 office-printer sheets.

    Unchanged leaflets come from ``build/cache/leaflets/`` (see ``leaflets/cache.py``) unless ``clean``."""
    english = load_translations(config, config.source_lang)
    jobs, counts = [], {}
    for lang in languages:
        translations = english if lang == config.source_lang else load_translations(config, lang)
        counts[lang.code] = len(jobs)
        for leaflet in render_leaflets(content, translations, english, site_url=config.site_url, today=today(),
                                       organisation=organisation, logo=logo, org_file=org_file,
                                       project=config.root, only=only, every_language=lambda: [
                                           load_translations(config, other) for other in config.languages]):
            jobs.append((leaflet, site_dir / lang.code / subfolder / leaflet.filename))
        counts[lang.code] = len(jobs) - counts[lang.code]
    log.info("Printing %d leaflet(s) in %d language(s)", len(jobs), len(languages))
    paths = write_pdfs(jobs, workers=os.cpu_count() or 1, sheet=sheet, previews=previews,
                       cache=config.build_dir / "cache" / "leaflets", refresh=clean)
    log.info("  printed %d PDF(s): %s", len(paths), ", ".join(f"{code} {count}" for code, count in counts.items()))
    return paths


def site_url_problems(config: ProjectConfig) -> list[Problem]:
    """A warning when leaflets cannot carry a QR code because the site has no address."""
    if config.site_url:
        return []
    return [Problem(Location(Path("mkdocs.yml")), "the site has no public address, so leaflets are printed without "
                    "a QR code and pages without canonical links or a sitemap: set SITE_URL=https://… (or pass "
                    "--site-url, or set site_url in mkdocs.yml)", Severity.WARNING)]


def publish(site_dir: Path, new_site: Path, *, replace_all: bool) -> None:
    """Swap ``new_site`` into ``site_dir`` with renames, so readers never see half a site.

    With ``replace_all`` false (a one-language rebuild), the languages not rebuilt are
    carried over from the current site first, as hard links (no file is copied or changed).
    """
    if not replace_all and site_dir.exists():
        for old in [*site_dir.iterdir(), *site_dir.glob("downloads/*")]:
            target = new_site / old.relative_to(site_dir)
            if not target.exists():
                if old.is_dir():
                    shutil.copytree(old, target, copy_function=_link)
                else:
                    _link(old, target)
    previous = site_dir.with_name(site_dir.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    new_site.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)


def _link(source: str | Path, target: str | Path) -> None:
    """A hard link to ``source`` at ``target``, or a copy where the file system has no hard links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
