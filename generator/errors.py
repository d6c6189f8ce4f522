"""Locations, problems and the exception tree.

Logging policy: every module logs through ``logging.getLogger(__name__)``.
INFO reports phase progress, WARNING an author problem that still produces
output (``--strict`` makes warnings fatal), ERROR broken output. User-facing
messages start with ``path:line:`` so editors and CI can jump to them. Only
``cli.py`` catches ``GeneratorError``; anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a source file: a repo-relative path and a 1-based line."""

    path: Path
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


class Severity(Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the input, where it is, and what to do about it."""

    location: Location
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"


def has_errors(problems: list[Problem], *, strict: bool = False) -> bool:
    """True when the problems must stop the build (any warning counts if strict)."""
    return any(p.severity is Severity.ERROR or strict for p in problems)


class GeneratorError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback."""


class ProblemsError(GeneratorError):
    """Validation found problems; raised by the pipeline and i18n commands."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.location.path), p.location.line))
        super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(GeneratorError):
    """A content file cannot be read or breaks the schema; raised by content.py."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location


class TranslationError(GeneratorError):
    """A catalog cannot be read or written; raised by i18n.py."""


class SiteBuildError(GeneratorError):
    """MkDocs failed to build a language; raised by site.py."""


class LeafletError(GeneratorError):
    """A leaflet cannot be rendered; raised by leaflets.py."""
