"""Caches for the two slowest passes after MkDocs, under ``build/cache/``: each language's reduced
stylesheets (``css_prune``) and the ``.br``/``.gz`` copy of every text file (``deploy.precompress``).

Both passes are pure functions of files in the site, so each result is kept under a hash of
exactly what it was made from (every page and stylesheet of the language, or the file's bytes)
and of the code that made it; a result is reused only for the same inputs, so the output is
byte for byte what the pass itself writes. ``refresh`` (a clean build) makes everything again.
"""

from __future__ import annotations

import hashlib
import shutil
from functools import cache
from importlib.metadata import version
from pathlib import Path

from generator.css_prune import prune_stylesheets
from generator.deploy import PRECOMPRESSED, compress_files

_PACKAGE = Path(__file__).resolve().parent


@cache
def _code(*names: str) -> bytes:
    """A hash of some of the generator's modules and of the libraries they call."""
    digest = hashlib.sha256(" ".join(version(name) for name in ("tinycss2", "cssselect2", "lxml", "brotli")).encode())
    for name in names:
        digest.update(name.encode() + b"\0" + (_PACKAGE / name).read_bytes())
    return digest.digest()


def _prune_key(folder: Path, pattern: str) -> str:
    """A hash of every page and stylesheet of one language (what ``prune_folder`` reads) and the code."""
    digest = hashlib.sha256(_code("css_prune.py", "css_match.py", "css_states.py") + pattern.encode())
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".html", ".css") and path.is_file():
            name = path.relative_to(folder).as_posix()
            digest.update(f"{name}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def prune_cached(folders: list[Path], pattern: str, cache_dir: Path, *, refresh: bool = False) -> None:
    """``prune_stylesheets``, taking each language's reduced stylesheets from ``cache_dir`` when its
    pages and stylesheets are unchanged; one entry is kept per language."""
    todo: dict[Path, Path] = {}
    for folder in folders:
        entry = cache_dir / folder.name / _prune_key(folder, pattern)
        sheets = sorted(folder.glob(pattern))
        if not refresh and (entry / ".complete").is_file() and all((entry / sheet.name).is_file() for sheet in sheets):
            for sheet in sheets:
                shutil.copyfile(entry / sheet.name, sheet)
        else:
            todo[folder] = entry
    prune_stylesheets(list(todo), pattern)
    for folder, entry in todo.items():
        shutil.rmtree(entry.parent, ignore_errors=True)
        entry.mkdir(parents=True)
        for sheet in folder.glob(pattern):
            shutil.copyfile(sheet, entry / sheet.name)
        (entry / ".complete").touch()


def precompress_cached(site_dir: Path, cache_dir: Path, *, refresh: bool = False, forget_unused: bool = False) -> int:
    """``deploy.precompress``, taking the copies of a file whose bytes were compressed before from
    ``cache_dir``; ``forget_unused`` (a full build) drops the copies no file of this site needs."""
    code = _code("deploy.py")
    paths = sorted(path for path in site_dir.rglob("*") if path.suffix in PRECOMPRESSED and path.is_file())
    todo, used = [], set()
    for path in paths:
        key = hashlib.sha256(code + path.read_bytes()).hexdigest()
        entry = cache_dir / key[:2] / key
        used.add(entry)
        if not refresh and entry.with_suffix(".br").is_file() and entry.with_suffix(".gz").is_file():
            for suffix in (".br", ".gz"):  # copies: a later pass writing a copy in place must not change the cache
                shutil.copyfile(entry.with_suffix(suffix), f"{path}{suffix}")
        else:
            todo.append((path, entry))
    compress_files([path for path, _ in todo])
    for path, entry in todo:
        entry.parent.mkdir(parents=True, exist_ok=True)
        for suffix in (".br", ".gz"):
            shutil.copyfile(f"{path}{suffix}", entry.with_suffix(suffix))
    if forget_unused and cache_dir.is_dir():
        for stored in cache_dir.glob("*/*"):
            if stored.with_suffix("") not in used:
                stored.unlink()
    return len(paths)

