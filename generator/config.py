"""Project configuration: paths, languages and site settings, built once."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from generator.errors import ContentError, Location

LANGUAGES_FILE = Path("translations/languages.yml")


@dataclass(frozen=True, slots=True)
class Language:
    """One language of the guide, as listed in ``translations/languages.yml``."""

    code: str  # folder name under site/ and translations/, and the HTML lang tag
    english_name: str
    own_name: str  # the language's name in its own script, e.g. العربية
    direction: str  # "ltr" or "rtl"
    babel_locale: str  # the Babel/CLDR locale used for plurals and dates
    font: str  # the font family leaflets use, e.g. "Noto Sans Ethiopic"

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.babel_locale)


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """Everything the pipeline needs to know about one project folder."""

    root: Path
    languages: tuple[Language, ...]
    site_url: str
    quick_exit_url: str

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def translations_dir(self) -> Path:
        return self.root / "translations"

    @property
    def theme_dir(self) -> Path:
        return self.root / "theme"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def source_lang(self) -> Language:
        return self.languages[0]

    def language(self, code: str) -> Language:
        """The language with this code; a GeneratorError names the known ones."""
        for language in self.languages:
            if language.code == code:
                return language
        known = ", ".join(lang.code for lang in self.languages)
        raise ContentError(Location(LANGUAGES_FILE), f"unknown language {code!r}; known: {known}")

    def relative(self, path: Path) -> Path:
        """The path relative to the project root, for messages."""
        try:
            return path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return path


def load_config(root: Path, site_url: str | None = None) -> ProjectConfig:
    """Read ``mkdocs.yml`` and ``translations/languages.yml`` under ``root``.

    The site's public address comes from ``site_url`` (``--site-url``), else the ``SITE_URL``
    environment variable, else ``site_url`` in ``mkdocs.yml``; empty means the site has none yet."""
    root = root.resolve()
    mkdocs = _read_yaml(root, Path("mkdocs.yml"))
    extra = mkdocs.get("extra") or {}
    return ProjectConfig(
        root=root,
        languages=_read_languages(root),
        site_url=normal_site_url(site_url or os.environ.get("SITE_URL") or str(mkdocs.get("site_url") or "")),
        quick_exit_url=str(extra.get("quick_exit_url") or "https://www.bbc.co.uk/weather"),
    )


def normal_site_url(url: str) -> str:
    """The site's address ending in one slash, or "" when unset; anything but http(s) is an error.

    >>> normal_site_url("https://example.org/guide"), normal_site_url("")
    ('https://example.org/guide/', '')
    """
    url = url.strip()
    if not url:
        return ""
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        raise ContentError(Location(Path("mkdocs.yml")),
                           f"site address {url!r} is not a web address; write it like https://example.org/ "
                           "(in SITE_URL, --site-url or site_url)")
    return url.rstrip("/") + "/"


def _read_yaml(root: Path, relative: Path) -> dict:
    try:
        data = yaml.safe_load((root / relative).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(Location(relative), "file not found") from None
    except yaml.YAMLError as error:
        line = error.problem_mark.line + 1 if getattr(error, "problem_mark", None) else 0
        raise ContentError(Location(relative, line), f"not valid YAML: {error}") from None
    if not isinstance(data, dict | list):
        raise ContentError(Location(relative, 1), "expected a YAML mapping or list")
    return data


_LANGUAGE_KEYS = {"code", "english_name", "own_name", "direction", "babel_locale", "font"}


def _read_languages(root: Path) -> tuple[Language, ...]:
    entries = _read_yaml(root, LANGUAGES_FILE)
    languages = []
    for number, entry in enumerate(entries, start=1):
        where = Location(LANGUAGES_FILE)
        if not isinstance(entry, dict) or set(entry) != _LANGUAGE_KEYS:
            raise ContentError(where, f"entry {number} needs exactly: {', '.join(sorted(_LANGUAGE_KEYS))}")
        if entry["direction"] not in ("ltr", "rtl"):
            raise ContentError(where, f"{entry['code']}: direction must be ltr or rtl")
        try:
            Locale.parse(entry["babel_locale"])
        except (UnknownLocaleError, ValueError):
            raise ContentError(where, f"{entry['code']}: Babel does not know {entry['babel_locale']!r}") from None
        languages.append(Language(**{key: str(value) for key, value in entry.items()}))
    if not languages or languages[0].code != "en":
        raise ContentError(Location(LANGUAGES_FILE), "the first language must be English (code: en)")
    return tuple(languages)
