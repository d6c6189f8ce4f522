"""Catalog checks and status: each translation against the project's rules (integrity, trap
phrases, number words) at its PO line, with results kept in ``build/cache/catalogs/``, and how
complete and how checked each language is."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from generator import catalog_cache
from generator.config import Language, ProjectConfig
from generator.content import ContentSet
from generator.errors import Location, Problem, ProblemsError, Severity
from generator.i18n import Entry, Translations, catalog_key, catalog_path, load_translations, parsed_catalog
from generator.integrity import message_problems
from generator.messages import texts
from generator.parallel import in_parallel
from generator.traps import NumberWords, Trap, load_number_words, load_traps, trap_problems

SAME_AS_SOURCE = "same-as-source"
PARALLEL_FROM = 3
"""Catalogs to check, at least, before they are checked a language per core (a pool costs time to start)."""


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """A language's trap phrases and number words (``translations/<lang>/traps.yml``, ``numbers.yml``)."""

    traps: tuple[Trap, ...] = ()
    numbers: NumberWords | None = None


def load_rules(config: ProjectConfig, code: str) -> tuple[LanguageRules, list[Problem]]:
    """The trap phrases and number words of a language, and problems in their files."""
    folder = config.translations_dir / code
    traps, problems = load_traps(folder / "traps.yml", config.relative(folder / "traps.yml"))
    numbers, more = load_number_words(folder / "numbers.yml", config.relative(folder / "numbers.yml"))
    return LanguageRules(traps, numbers), problems + more


def check_traps(translations: Translations, traps: tuple[Trap, ...]) -> list[Problem]:
    """Trap phrases in any translation, fuzzy drafts included, each at its msgstr line."""
    return [problem for key, entry in translations.entries.items()
            for problem in _trap_problems(translations.path, key, entry, traps)]


def _trap_problems(path: Path, key: tuple[str, str], entry: Entry, traps: tuple[Trap, ...]) -> list[Problem]:
    """One message's trap phrases, at its msgstr line; none for an empty translation."""
    return [Problem(Location(path, entry.string_line or entry.line), f"msgctxt {key[0]!r}: {message}")
            for message in trap_problems(traps, key[1], entry.string)] if entry.string else []


def check_catalog(translations: Translations, template: dict[tuple[str, str], str],
                  rules: LanguageRules | None = None) -> list[Problem]:
    """Integrity problems of one catalog, each at its PO file line."""
    return _check_entries(translations, template, rules or LanguageRules(), {})[0]


def _check_entries(translations: Translations, template: dict[tuple[str, str], str], rules: LanguageRules,
                   earlier: dict[str, list]) -> tuple[list[Problem], dict[str, list]]:
    """The problems of one catalog (trap phrases first, then the other rules), and each message's
    problems by a fingerprint of everything they depend on but the rules: messages found in
    ``earlier`` (a check with the same rules) are not checked again."""
    traps: list[Problem] = []
    others: list[Problem] = []
    found: dict[str, list] = {}
    for key, entry in translations.entries.items():
        source = template.get(key)
        mark = hashlib.sha1(json.dumps([str(translations.path), *key, source, entry.string, entry.fuzzy, entry.line,
                                        entry.string_line, entry.comments], ensure_ascii=False).encode()).hexdigest()
        if mark in earlier:
            pair = [catalog_cache.problems_from_json(rows) for rows in earlier[mark]]
        else:
            pair = _message_problems(translations.path, key, entry, source, rules)
        found[mark] = [catalog_cache.problems_to_json(problems) for problems in pair]
        traps += pair[0]
        others += pair[1]
    return traps + others, found


def _message_problems(path: Path, key: tuple[str, str], entry: Entry, source: str | None,
                      rules: LanguageRules) -> tuple[list[Problem], list[Problem]]:
    """One message's trap phrases (fuzzy drafts included), and its other problems against ``source``."""
    traps = _trap_problems(path, key, entry, rules.traps)
    if source is None or entry.fuzzy or not entry.string:
        return traps, []
    where = Location(path, entry.line)
    problems = [Problem(where, f"msgctxt {key[0]!r}: {message}")
                for message in message_problems(source, entry.string, rules.numbers)]
    if entry.string.strip() == "":
        problems.append(Problem(where, "translation is only spaces; leave it empty to use English"))
    if entry.string == source and len(source) > 40 and SAME_AS_SOURCE not in entry.comments:
        problems.append(Problem(where, "translation is identical to the English; translate it, or "
                                f"add the translator comment '# {SAME_AS_SOURCE}'"))
    if key[0].startswith("leaflet.") and len(entry.string) > 2 * len(source) + 20:
        problems.append(Problem(where, "much longer than the English; it may not fit the leaflet", Severity.WARNING))
    return traps, problems


def check_catalogs(config: ProjectConfig, content: ContentSet | None,
                   languages: list[Language] | None = None) -> list[Problem]:
    """Problems in every (or the given) language's catalog and rule files, read or not.

    Without ``content`` only what the catalogs show alone is checked (syntax, rule files, trap
    phrases): that is what the ``i18n`` commands need. Catalogs checked before come from the cache;
    the others are checked a language per core (what they parse is kept in the cache too, so the
    build reads it from there)."""
    template = {(text.context, text.text): text.text for text in texts(content)} if content else {}
    english = catalog_cache.digest(json.dumps(sorted(template), ensure_ascii=False)) if content else "syntax only"
    chosen = [lang for lang in languages or list(config.languages[1:]) if lang != config.source_lang]
    found = {lang.code: _checked_before(config, lang, english) for lang in chosen}
    todo = [lang for lang in chosen if found[lang.code] is None]
    check = partial(_check_language, config, template=template if content else None, english=english)
    found.update(zip([lang.code for lang in todo], in_parallel(check, todo, at_least=PARALLEL_FROM), strict=True))
    return [problem for lang in chosen for problem in found[lang.code]]


def _checked_before(config: ProjectConfig, lang: Language, english: str) -> list[Problem] | None:
    """The language's problems as kept in the cache when nothing it depends on changed, else None."""
    stored = catalog_cache.read(config.build_dir / "cache" / "catalogs", f"{lang.code}.checked",
                                _check_key(config, lang, english))
    return catalog_cache.problems_from_json(stored) if isinstance(stored, list) else None


def _check_key(config: ProjectConfig, lang: Language, english: str) -> str:
    """What a language's check depends on: its PO file, its rule files and the English texts."""
    path = catalog_path(config, lang.code)
    rules_key = _rules_key(config, lang)
    return catalog_cache.digest(catalog_key(config, path) if path.exists() else "no catalog", english, rules_key)


def _rules_key(config: ProjectConfig, lang: Language) -> str:
    """A hash of the language's ``traps.yml`` and ``numbers.yml`` (empty when absent)."""
    folder = config.translations_dir / lang.code
    return catalog_cache.digest(*((folder / name).read_bytes() if (folder / name).is_file() else b""
                                  for name in ("traps.yml", "numbers.yml")))


def _check_language(config: ProjectConfig, lang: Language, template: dict[tuple[str, str], str] | None,
                    english: str) -> list[Problem]:
    """One language's problems, kept in ``build/cache/catalogs/``: all of them by the hash of its PO
    file, its rule files and the English texts (``english``), so an unchanged catalog is not checked
    again; and each message's, so after a change to the English or the catalog only the messages
    that changed are."""
    path = catalog_path(config, lang.code)
    rules_key = _rules_key(config, lang)
    cache_dir = config.build_dir / "cache" / "catalogs"
    try:  # a file that cannot be read is reported with the others
        translations = parsed_catalog(config, lang)[0] if path.exists() else load_translations(config, lang)
    except ProblemsError as error:
        return load_rules(config, lang.code)[1] + error.problems
    rules, problems = load_rules(config, lang.code)
    if template is None:
        problems += check_traps(translations, rules.traps)
    else:
        earlier = catalog_cache.read(cache_dir, f"{lang.code}.messages", rules_key)
        found, messages = _check_entries(translations, template, rules, earlier if isinstance(earlier, dict) else {})
        problems += found
        catalog_cache.write(cache_dir, f"{lang.code}.messages", rules_key, messages)
    catalog_cache.write(cache_dir, f"{lang.code}.checked", _check_key(config, lang, english),
                        catalog_cache.problems_to_json(problems))
    return problems


# --- status --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LanguageStatus:
    code: str
    name: str
    translated: int
    fuzzy: int
    untranslated: int
    status: str
    reviewer: str
    reviewed_on: str

    @property
    def percent(self) -> int:
        total = self.translated + self.fuzzy + self.untranslated
        return round(100 * self.translated / total) if total else 0


def language_status(config: ProjectConfig, content: ContentSet) -> list[LanguageStatus]:
    """How complete and how checked each language is."""
    keys = {(text.context, text.text) for text in texts(content)}
    english = catalog_cache.digest(json.dumps(sorted(keys), ensure_ascii=False))
    folder = config.build_dir / "cache" / "catalogs"
    rows = []
    for lang in config.languages[1:]:  # from build/cache/ when neither the catalog nor the English changed
        path = catalog_path(config, lang.code)
        key = catalog_cache.digest(catalog_key(config, path), english) if path.exists() else ""
        stored = catalog_cache.read(folder, f"{lang.code}.status", key) if key else None
        if isinstance(stored, list):
            rows.append(LanguageStatus(lang.code, lang.english_name, *stored))
            continue
        translations = load_translations(config, lang)
        fuzzy = sum(1 for k in keys if (e := translations.entries.get(k)) and e.fuzzy and e.string)
        done = sum(1 for k in keys if translations.get(*k) is not None)
        review = translations.review
        rows.append(LanguageStatus(lang.code, lang.english_name, done, fuzzy, len(keys) - done - fuzzy,
                                   "reviewed" if review.is_reviewed else "draft", review.reviewer, review.date))
        if key:
            catalog_cache.write(folder, f"{lang.code}.status", key, list(asdict(rows[-1]).values())[2:])
    return rows


def write_status_json(rows: list[LanguageStatus], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [{**asdict(row), "percent": row.percent} for row in rows]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
