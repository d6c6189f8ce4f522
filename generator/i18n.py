"""Gettext catalogs: extract, update, compile, load, integrity checks and status.

Catalogs are untrusted input: every file is read strictly (:mod:`generator.po`) and every
translation is checked (:mod:`generator.integrity`, :mod:`generator.traps`) before it can be
shown, and each problem names the PO file and line a translator has to fix."""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, unescape, write_po

from generator import catalog_cache
from generator.config import Language, ProjectConfig
from generator.content import ContentSet
from generator.errors import Location, Problem, ProblemsError, TranslationError
from generator.messages import texts
from generator.po import PoMessage, read_po_text
from generator.suggest import update_with_suggestions

log = logging.getLogger(__name__)

DOMAIN = "content"
REVIEW_HEADERS = ("X-Review-Status", "X-Reviewed-By", "X-Reviewed-Date")
_REVIEW_LINE = re.compile(r'^"(X-Review-Status|X-Reviewed-By|X-Reviewed-Date):\s*(.*?)\\n"$', re.M)


@dataclass(frozen=True, slots=True)
class Review:
    """Whether a named person has checked a catalog (PO header ``X-Review-Status``)."""

    status: str = "draft"  # "draft" or "reviewed"
    reviewer: str = ""
    date: str = ""

    @property
    def is_reviewed(self) -> bool:
        return self.status == "reviewed" and bool(self.reviewer)


@dataclass(frozen=True, slots=True)
class Entry:
    """One message of a language's catalog, as the translator left it."""

    string: str
    fuzzy: bool
    line: int  # the msgid line
    comments: tuple[str, ...] = ()
    string_line: int = 0  # the msgstr line, where a translator fixes the text


@dataclass(frozen=True)
class Translations:
    """One language's catalog, ready for rendering."""

    lang: Language
    path: Path  # repo-relative PO file
    entries: dict[tuple[str, str], Entry]
    review: Review

    def get(self, context: str, msgid: str) -> str | None:
        """The translation to show, or None to fall back to English (missing or fuzzy)."""
        entry = self.entries.get((context, msgid))
        if entry is None or entry.fuzzy or not entry.string:
            return None
        return entry.string


def template_path(config: ProjectConfig) -> Path:
    return config.translations_dir / f"{DOMAIN}.pot"


def catalog_path(config: ProjectConfig, code: str) -> Path:
    return config.translations_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def _now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime(2026, 1, 1, tzinfo=UTC)


# --- extract -------------------------------------------------------------------------------------


def build_template(content: ContentSet) -> Catalog:
    """A catalog of every translatable text, one message per heading, paragraph or list item."""
    catalog = Catalog(project="Safe to Ask", version="1", copyright_holder="Safe to Ask contributors",
                      msgid_bugs_address="", creation_date=_now(), fuzzy=False)
    for text in texts(content):
        message = catalog.get(text.text, context=text.context)
        origin = (str(text.location.path), text.location.line)
        if message is None:
            catalog.add(text.text, context=text.context, locations=[origin],
                        auto_comments=[text.comment])
        else:
            message.locations.append(origin)
            if text.comment not in message.auto_comments:
                message.auto_comments.append(text.comment)
    return catalog


NO_WRAP = 100_000
"""Line width for write_po: Babel wraps comments at the width (76 when 0), and a wrapped
``#| msgid`` (the previous English of a fuzzy message) is a syntax error for msgfmt."""


def _render(catalog: Catalog, *, template: bool = False) -> str:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=NO_WRAP, sort_output=False, include_previous=not template,
             omit_header=False, ignore_obsolete=True)
    return buffer.getvalue().decode("utf-8")


def _without_dates(text: str) -> str:
    return re.sub(r'^"(POT-Creation-Date|PO-Revision-Date): .*$', "", text, flags=re.M)


def _write_if_changed(path: Path, text: str) -> bool:
    """Write only when something other than the date headers changed (low-churn diffs)."""
    if path.exists() and _without_dates(path.read_text(encoding="utf-8")) == _without_dates(text):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def extract(config: ProjectConfig, content: ContentSet) -> bool:
    """Write ``translations/content.pot`` and the translators' glossary; True when the template changed."""
    _write_if_changed(config.translations_dir / "glossary.csv", glossary_csv(content))
    return _write_if_changed(template_path(config), _render(build_template(content), template=True))


def glossary_csv(content: ContentSet) -> str:
    """The key terms as CSV (term, definition, note), which Weblate can import as a glossary."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source", "explanation", "translator note"])
    for term in content.glossary:
        writer.writerow([term.term, term.definition, term.translator_note or ""])
    return buffer.getvalue()


# --- read, update, init, compile -----------------------------------------------------------------


def read_catalog(path: Path, relative: Path, lang: Language | None) -> tuple[Catalog, Review]:
    """Parse a PO file strictly; every syntax error is a Problem at its line (raised together)."""
    catalog, review, _ = _read_strictly(path, relative, lang)
    return catalog, review


def _read_strictly(path: Path, relative: Path, lang: Language | None) -> tuple[Catalog, Review, list[PoMessage]]:
    raw, messages, problems = read_po_text(path.read_bytes(), relative)
    if problems:
        raise ProblemsError(problems)
    try:
        catalog = read_po(io.StringIO(raw), locale=lang.babel_locale if lang else None, domain=DOMAIN,
                          abort_invalid=True)
    except PoFileError as error:
        line = getattr(error, "lineno", 0)
        raise ProblemsError([Problem(Location(relative, line), f"this PO file cannot be read: {error}")]) \
            from None
    _restore_previous_ids(catalog)
    headers = dict(_REVIEW_LINE.findall(raw.split("\n\n", 1)[0]))
    review = Review(headers.get("X-Review-Status", "draft").strip() or "draft",
                    headers.get("X-Reviewed-By", "").strip(), headers.get("X-Reviewed-Date", "").strip())
    return catalog, review, messages


def _restore_previous_ids(catalog: Catalog) -> None:
    """Babel reads a fuzzy message's ``#| msgid "…"`` (the English it was translated from) as a
    comment; put it back where ``write_po`` expects it, so reading and writing a catalog changes nothing.
    """
    for message in catalog:
        previous = [comment for comment in message.user_comments if comment.startswith("| msgid ")]
        if previous:
            message.previous_id = [unescape(comment.removeprefix("| msgid ")) for comment in previous]
            message.user_comments = [comment for comment in message.user_comments if not comment.startswith("| ")]


HEADER_COMMENT = ("# {language} translation of Safe to Ask, a guide to rights with doctors, schools and police.\n"
                  "# Translate in Poedit or Weblate; see the Help translate page and translations/glossary.csv.\n"
                  "# Keep placeholders such as {{phone:nhs-111}}, every number and every ** exactly.")
DRAFT_TRANSLATOR = "Draft translation, not yet checked by a person"


def _write_catalog(path: Path, catalog: Catalog, review: Review) -> bool:
    if catalog.locale:
        catalog.header_comment = HEADER_COMMENT.format(language=catalog.locale.english_name)
    catalog.msgid_bugs_address = "the Safe to Ask maintainers (see the Help translate page)"
    if catalog.last_translator.startswith("FULL NAME"):
        catalog.last_translator = DRAFT_TRANSLATOR
    text = _render(catalog)
    extra = (f'"X-Review-Status: {review.status}\\n"\n"X-Reviewed-By: {review.reviewer}\\n"\n'
             f'"X-Reviewed-Date: {review.date}\\n"\n')
    head, sep, rest = text.partition("\n\n")
    return _write_if_changed(path, head + "\n" + extra.rstrip("\n") + sep + rest)


def init_catalog(config: ProjectConfig, code: str) -> Path:
    """Create an empty, draft catalog for a language from the template."""
    lang = config.language(code)
    path = catalog_path(config, code)
    if path.exists():
        raise TranslationError(f"{config.relative(path)}: already exists; use `i18n update`")
    template = _read_template(config)
    catalog = Catalog(locale=lang.babel_locale, domain=DOMAIN, project="Safe to Ask", version="1",
                      creation_date=template.creation_date, revision_date=_now(), fuzzy=False,
                      language_team=f"{lang.english_name} <https://safe-to-ask.invalid/help-translate>")
    catalog.update(template, no_fuzzy_matching=True)
    _write_catalog(path, catalog, Review())
    return path


def _read_template(config: ProjectConfig) -> Catalog:
    path = template_path(config)
    if not path.exists():
        raise TranslationError(f"{config.relative(path)}: missing; run `python -m generator i18n extract`")
    return read_catalog(path, config.relative(path), None)[0]


def update_catalogs(config: ProjectConfig) -> list[Path]:
    """Merge the template into every catalog; an earlier translation of nearly the same English is
    kept as a fuzzy draft, anything else starts empty (see :mod:`generator.suggest`)."""
    template = _read_template(config)
    changed = []
    for lang in config.languages[1:]:
        path = catalog_path(config, lang.code)
        if not path.exists():
            init_catalog(config, lang.code)
            changed.append(path)
            continue
        catalog, review = read_catalog(path, config.relative(path), lang)
        update_with_suggestions(catalog, template)
        catalog.revision_date = _now()
        if _write_catalog(path, catalog, review):
            changed.append(path)
    return changed


def compile_catalogs(config: ProjectConfig) -> list[Path]:
    """Write ``build/locale/<lang>/LC_MESSAGES/content.mo`` for each catalog newer than its .mo."""
    written = []
    for lang in config.languages[1:]:
        source = catalog_path(config, lang.code)
        target = config.build_dir / "locale" / lang.code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not source.exists() or (target.exists() and target.stat().st_mtime >= source.stat().st_mtime):
            continue
        catalog, _ = read_catalog(source, config.relative(source), lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(target)
    return written


def load_translations(config: ProjectConfig, lang: Language) -> Translations:
    """The catalog of one language (an empty draft one when it has no PO file yet)."""
    path = catalog_path(config, lang.code)
    relative = config.relative(path)
    if lang == config.source_lang or not path.exists():
        return Translations(lang, relative, {}, Review("reviewed" if lang == config.source_lang else "draft"))
    return parsed_catalog(config, lang)[0]


_READ: dict[Path, tuple[str, Translations]] = {}
"""Each catalog read in this process, by file, with the hash of its content: a build asks for every
catalog several times (check, status page, pages, leaflets) and parses each once, however many there are."""
_KEYS: dict[Path, tuple[tuple[int, int, int], str]] = {}
"""The hash of each catalog file's content, by file, with the file's stat when it was worked out."""


def catalog_key(config: ProjectConfig, path: Path) -> str:
    """The cache key of a catalog file: a hash of its bytes, worked out again only when the file changed."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    known = _KEYS.get(path)
    if known and known[0] == stamp:
        return known[1]
    key = catalog_cache.digest(path.read_bytes(), str(config.relative(path)))
    _KEYS[path] = (stamp, key)
    return key


def parsed_catalog(config: ProjectConfig, lang: Language) -> tuple[Translations, str]:
    """One language's parsed catalog and the hash of its file; from memory when the file is unchanged,
    else from ``build/cache/catalogs/`` when its content is, else parsed (and stored there)."""
    path = catalog_path(config, lang.code)
    key = catalog_key(config, path)
    known = _READ.get(path)
    if known and known[0] == key and known[1].lang == lang:
        return known[1], key
    relative = config.relative(path)
    folder = config.build_dir / "cache" / "catalogs"
    stored = catalog_cache.read(folder, f"{lang.code}.parsed", key)
    if isinstance(stored, dict):
        translations = Translations(lang, relative, {(c, m): Entry(s, f, line, tuple(comments), string_line)
                                                     for c, m, s, f, line, comments, string_line in stored["entries"]},
                                    Review(*stored["review"]))
    else:
        translations = _parse_translations(path, relative, lang)
        catalog_cache.write(folder, f"{lang.code}.parsed", key, {
            "review": [translations.review.status, translations.review.reviewer, translations.review.date],
            "entries": [[c, m, e.string, e.fuzzy, e.line, list(e.comments), e.string_line]
                        for (c, m), e in translations.entries.items()]})
    _READ[path] = (key, translations)
    return translations, key


def forget_cached_catalogs(config: ProjectConfig) -> None:
    """Drop every parsed and checked catalog kept in memory and under ``build/cache/catalogs/``."""
    _READ.clear()
    _KEYS.clear()
    shutil.rmtree(config.build_dir / "cache" / "catalogs", ignore_errors=True)


def _parse_translations(path: Path, relative: Path, lang: Language) -> Translations:
    """Parse a catalog strictly into the entries rendering needs."""
    catalog, review, messages = _read_strictly(path, relative, lang)
    string_lines = {(message.context, message.msgid): message.string_line for message in messages}
    entries = {}
    for message in catalog:
        if message.id and isinstance(message.id, str):
            string = message.string if isinstance(message.string, str) else ""
            key = (message.context or "", message.id)
            entries[key] = Entry(string, message.fuzzy, message.lineno, tuple(message.user_comments),
                                 string_lines.get(key, message.lineno))
    return Translations(lang, relative, entries, review)


# --- integrity -----------------------------------------------------------------------------------
