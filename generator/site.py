"""The MkDocs step: docs folders written, every language built by MkDocs in parallel.

This module and the ones it draws on are the only ones that know about MkDocs and Material:
``site_config`` (per-language configs and theme overlays), ``hardening`` (what is changed in
MkDocs' pages), ``search_index`` and ``offline`` (service worker, ZIP download). Replacing
MkDocs means rewriting these (and ``theme/``), nothing else. Imports run one way: this module
imports them; they never import it.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.errors import SiteBuildError
from generator.hardening import (
    CSP,
    ENGLISH_PAGE_MARK,
    THEME_INLINE_SCRIPTS,
    harden_language,
    make_self_contained,
    mark_english_titles,
    secure_html,
)
from generator.offline import SERVICE_WORKER, VERSION_FILE, ZIP_SIZE_MARK, write_download, write_service_worker
from generator.render import RenderedPage
from generator.search_index import write_search_index
from generator.site_config import (
    LANGUAGE_MENU,
    LISTEN_SCRIPT,
    MATERIAL_PREFIX,
    fill_language_menu,
    fill_listen_labels,
    language_partial,
    write_mkdocs_config,
    write_sitemap_index,
    write_theme_overlay,
)

log = logging.getLogger(__name__)


def write_docs(pages: list[RenderedPage], docs_dir: Path) -> None:
    """Write one language's Markdown files into an empty folder."""
    shutil.rmtree(docs_dir, ignore_errors=True)
    docs_dir.mkdir(parents=True)
    for page in pages:
        target = docs_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")


def build_sites(configs: dict[str, Path], *, strict: bool = True) -> None:
    """Run ``mkdocs build`` for every language config, in parallel on all cores."""
    workers = max(1, min(len(configs), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        failures = [failure for failure in pool.map(lambda item: _mkdocs(*item, strict), configs.items())
                    if failure]
    if failures:
        raise SiteBuildError("\n".join(failures))


THEME_STYLESHEETS = "assets/stylesheets/*.css"
"""Material's stylesheets in a language folder, which ``css_prune`` reduces to the rules our pages use."""
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _mkdocs(code: str, config_file: Path, strict: bool) -> str | None:
    # Not --quiet: it drops MkDocs' warnings before --strict can count them. The output is shown
    # only on failure, or line by line with -v.
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode == 0:
        for line in _ANSI.sub("", result.stderr + result.stdout).splitlines():
            if line.strip():
                log.debug("  %-8s mkdocs: %s", code, line)
        log.info("  %-8s built by MkDocs", code)
        return None
    output = _ANSI.sub("", result.stderr + result.stdout).strip()
    return f"{config_file}: mkdocs failed for language {code!r}:\n{output}"


def write_language_chooser(html: str, site_dir: Path) -> None:
    """Write ``site/index.html``, the page that lists every language, and its stylesheet."""
    (site_dir / "index.html").write_text(html, encoding="utf-8")
    shutil.copy2(Path(__file__).parent / "templates" / "chooser.css", site_dir / "chooser.css")


__all__ = ["CSP", "ENGLISH_PAGE_MARK", "LANGUAGE_MENU", "LISTEN_SCRIPT", "MATERIAL_PREFIX", "SERVICE_WORKER",
           "THEME_INLINE_SCRIPTS", "THEME_STYLESHEETS", "VERSION_FILE", "ZIP_SIZE_MARK", "build_sites",
           "fill_language_menu", "fill_listen_labels", "harden_language", "language_partial", "make_self_contained",
           "mark_english_titles", "secure_html", "write_docs", "write_download", "write_language_chooser",
           "write_mkdocs_config", "write_search_index", "write_service_worker", "write_sitemap_index",
           "write_theme_overlay"]
