"""Parsed and checked catalogs kept under ``build/cache/catalogs/``, keyed by what they were made from.

Reading a PO file strictly and checking every translation is the slow part of ``check`` and of a
one-language rebuild (which still needs every catalog for the translation status page). Each
result is stored as JSON beside a key: a hash of the PO file's bytes and of the code that reads
and checks it (and, for check results, of the English texts and the language's rule files). A
result whose key does not match is ignored and made again, so a stale cache is never read.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path

from generator.errors import Location, Problem, Severity

_CODE = ("po.py", "i18n.py", "catalog_check.py", "integrity.py", "traps.py", "messages.py", "catalog_cache.py",
         "__init__.py")
"""The modules (in ``generator/``) whose code shapes a parsed or checked catalog."""


@cache
def code_digest() -> str:
    """A hash of the modules that read and check catalogs, and of Babel's version."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(version("babel").encode())
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    return digest.hexdigest()


def digest(*parts: str | bytes) -> str:
    """A hash of several values (and of the code), for a cache key.

    >>> digest("a", b"b") == digest("a", b"b") != digest("ab")
    True
    """
    hashed = hashlib.sha256(code_digest().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hashed.update(hashlib.sha256(data).digest())
    return hashed.hexdigest()


def read(folder: Path, name: str, key: str) -> object | None:
    """The value stored as ``name`` under exactly this key, or None."""
    try:
        stored = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stored.get("value") if isinstance(stored, dict) and stored.get("key") == key else None


def write(folder: Path, name: str, key: str, value: object) -> None:
    """Store a value as ``name`` under a key, replacing what was there (atomically, so two builds
    at once never leave half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump({"key": key, "value": value}, file, ensure_ascii=False, separators=(",", ":"))
    os.replace(temporary, folder / f"{name}.json")


def problems_to_json(problems: list[Problem]) -> list[list]:
    return [[str(p.location.path), p.location.line, p.message, p.severity.value] for p in problems]


def problems_from_json(rows: list[list]) -> list[Problem]:
    return [Problem(Location(Path(path), line), message, Severity(severity)) for path, line, message, severity in rows]
