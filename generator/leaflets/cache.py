"""The leaflet cache: PDFs, A4 sheets and preview images kept under ``build/cache/leaflets/``,
keyed by everything that makes them, so an unchanged leaflet is copied instead of laid out again.

The key of a leaflet is a hash of its HTML at every type step (which holds its text, organisation
details and dates), its fit limits, the bytes of every font file and every local file its HTML
names (a logo), the organisation file, and the generator itself (its version, the leaflet code and
templates, WeasyPrint's version). Anything else that changes a PDF changes one of those, so a
cached copy is the file a fresh render would write, byte for byte. A clean build does not read
the cache (it refreshes it). Each leaflet keeps its latest two entries; older ones are deleted.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import __version__
from generator.leaflets.fonts import BASE_FONT, font_file
from generator.leaflets.render import TEMPLATES_DIR, RenderedLeaflet

KEEP = 2
"""Entries kept per leaflet, so switching between two states (an organisation file or none) stays quick."""
_FILE_URL = re.compile(r"""file://[^"'\s)<>]+""")
_CODE = ("leaflets", "pdf_text.py", "sheets.py", "__init__.py")  # beside this package, under generator/


@cache
def _file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes (memoised: font files are read once per process)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def generator_digest() -> str:
    """A hash of the code and templates that lay out leaflets, with the versions of the generator and
    WeasyPrint: a change to any of them makes every cached leaflet stale."""
    import weasyprint

    package = Path(__file__).resolve().parent.parent
    files = [path for name in _CODE for path in sorted((package / name).rglob("*") if (package / name).is_dir()
                                                        else [package / name]) if path.suffix == ".py"]
    files += sorted(path for path in Path(TEMPLATES_DIR).rglob("*") if path.is_file())
    digest = hashlib.sha256(f"{__version__}\0{weasyprint.__version__}\n".encode())
    for path in files:
        digest.update(f"{path.relative_to(package.parent).as_posix()}\0{_file_digest(path)}\n".encode())
    return digest.hexdigest()


def leaflet_key(leaflet: RenderedLeaflet, *, sheet: bool, preview: bool) -> str:
    """The cache key of one leaflet's outputs: a hash of every input that shapes them."""
    digest = hashlib.sha256(generator_digest().encode())
    for value in (leaflet.lang.code, leaflet.filename, leaflet.title, leaflet.base_url, str(leaflet.max_pages),
                  leaflet.paper, str(leaflet.push), repr(leaflet.allowed), f"sheet={sheet} preview={preview}"):
        digest.update(value.encode() + b"\0")
    for html in (*leaflet.steps, *leaflet.back):
        digest.update(hashlib.sha256(html.encode()).digest())
    families = list(leaflet.fonts or dict.fromkeys([leaflet.lang.font, BASE_FONT]))
    files = [font_file(family) for family in families]
    files += [Path(unquote(urlsplit(url).path)) for url in sorted(set(_FILE_URL.findall(leaflet.html)))]
    if leaflet.org_file:
        files.append(Path(leaflet.org_file))
    for path in files:
        digest.update(f"{path}\0{_file_digest(path) if path.is_file() else 'missing'}\n".encode())
    return digest.hexdigest()


def _slot(folder: Path, leaflet: RenderedLeaflet) -> Path:
    return folder / leaflet.lang.code / leaflet.filename


def cached(folder: Path, leaflet: RenderedLeaflet, key: str) -> Path | None:
    """The folder of a complete cache entry for this key, or None."""
    entry = _slot(folder, leaflet) / key
    return entry if (entry / ".complete").is_file() else None


def store(folder: Path, leaflet: RenderedLeaflet, key: str, outputs: list[Path]) -> None:
    """Keep copies of a leaflet's freshly written outputs under its key, and drop older entries."""
    slot = _slot(folder, leaflet)
    entry = slot / key
    shutil.rmtree(entry, ignore_errors=True)
    entry.mkdir(parents=True)
    for path in outputs:
        shutil.copyfile(path, entry / path.name)
    (entry / ".complete").write_text("\n".join(path.name for path in outputs) + "\n", encoding="utf-8")
    touch(entry)
    old = sorted((other for other in slot.iterdir() if other != entry), key=lambda p: p.stat().st_mtime_ns)
    for other in old[:max(0, len(old) - (KEEP - 1))]:
        shutil.rmtree(other, ignore_errors=True)


def touch(entry: Path) -> None:
    """Mark an entry as just used, so it is the last one deleted."""
    os.utime(entry)


def outputs(entry: Path) -> list[str]:
    """The file names a cache entry holds, in the order they were written."""
    return (entry / ".complete").read_text(encoding="utf-8").split()
