"""Bringing a filled-in review sheet back into a language's PO file, all or nothing.

Every correction passes the catalog's own rules (:func:`generator.review_kit.correction_problems`:
placeholders, numbers, markup, trap phrases) before anything is written; one bad row stops the
whole sheet, and each bad row is named by the row number the reviewer sees. A language is
recorded as reviewed only when the reviewer approved a sheet holding every current message and
nothing is left untranslated, fuzzy or broken.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator.catalog_check import load_rules
from generator.config import ProjectConfig
from generator.errors import ProblemsError, TranslationError
from generator.i18n import Review, _now, _write_catalog, catalog_path, load_translations, read_catalog
from generator.review_kit import ReviewItem, collect_review, correction_problems
from generator.review_sheet import SheetRow, read_sheet

log = logging.getLogger(__name__)

REVIEWER_NOTE = "Reviewer"
"""Translator comments from a review start with this word; a new review replaces the old one."""


class SheetRejected(TranslationError):
    """A review sheet has bad rows; nothing of it was applied."""

    def __init__(self, sheet: Path, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(f"{sheet.name}: {len(errors)} problem(s); nothing was changed. Fix them and import "
                         "the whole sheet again:\n" + "\n".join(errors))


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import changed."""

    catalog: Path  # repo-relative PO file
    corrected: int
    comments: int
    skipped: int  # untouched rows whose English has changed since the sheet was made
    approved: bool
    warnings: tuple[str, ...]
    written: bool  # False when the file already said all this


def import_review(config: ProjectConfig, code: str, sheet: Path, *, reviewer: str = "",
                  approve: bool = False) -> ImportResult:
    """Merge the corrections and comments of ``sheet`` into the language's PO file."""
    reviewer = " ".join(reviewer.split())
    if approve and not reviewer:
        raise TranslationError("--approve needs --reviewer \"Full Name\": an approval records who checked it")
    if '"' in reviewer or "\\" in reviewer:
        raise TranslationError("--reviewer: write the name without quotes or backslashes")
    rules, rule_problems = load_rules(config, code)
    if rule_problems:
        raise ProblemsError(rule_problems)
    kit = collect_review(config, code, rules=rules)
    items = {item.id: item for item in kit.items}
    translations = load_translations(config, kit.lang)
    rows = read_sheet(sheet)
    errors: list[str] = []
    warnings: list[str] = []
    changes: dict[str, tuple[SheetRow, str]] = {}
    first_row: dict[str, int] = {}
    skipped = 0
    for row in rows:
        correction = _clean(row.correction)
        touched = bool(correction or row.comment.strip())
        if row.id in first_row:
            errors.append(f"row {row.number}: this id is also on row {first_row[row.id]}; keep one row per text")
            continue
        first_row[row.id] = row.number
        item = items.get(row.id)
        if item is None:
            stale = _stale_message(row, {item.context for item in kit.items})
            if touched or approve:
                errors.append(f"row {row.number}: {stale}")
            else:
                skipped += 1
            continue
        if not touched:
            continue
        if correction and not item.in_catalog:
            errors.append(f"row {row.number}: this text is new and not in the translation file yet; ask the "
                          "maintainers to run `i18n update`, then make a new review sheet")
            continue
        if correction and _clean(row.translation) != _clean(item.translation):
            errors.append(f"row {row.number}: someone changed this translation since the sheet was made; make a "
                          "new review sheet so that neither change is lost")
            continue
        if correction:
            problems, advice = correction_problems(item, correction, translations, rules)
            errors.extend(f"row {row.number}: {problem}" for problem in problems)
            warnings.extend(f"row {row.number}: {text}" for text in advice)
        changes[row.id] = (row, correction)
    if approve:
        errors.extend(_approval_problems(kit.items, first_row, changes))
    if errors:
        raise SheetRejected(sheet, errors)
    return _apply(config, code, kit.items, changes, reviewer, approve, skipped, warnings)


def _clean(text: str) -> str:
    """A cell's text as the catalog holds it: no stray spaces at the ends, Unix line ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _stale_message(row: SheetRow, contexts: set[str]) -> str:
    from generator.review_kit import message_id

    if not row.id:
        return "this row has no id; write corrections on the rows of the sheet, not on new rows"
    context = row.id.rpartition("#")[0]
    if context in contexts or (context and message_id(context, row.english) == row.id):
        return "the English has changed since this sheet was made; make a new review sheet"
    return f"unknown id {row.id!r}; do not change the id column (make a new review sheet if in doubt)"


def _approval_problems(items: tuple[ReviewItem, ...], rows: dict[str, int],
                       changes: dict[str, tuple[SheetRow, str]]) -> list[str]:
    """Why the reviewer cannot approve the whole language with this sheet, if they cannot."""
    problems = []
    unseen = [item for item in items if item.id not in rows]
    if unseen:
        problems.append(f"cannot approve: the sheet lacks {len(unseen)} of the {len(items)} current texts "
                        f"(for example {unseen[0].english[:60]!r}); make a new review sheet, review it and "
                        "approve that")
    for item in items:
        if item.id not in rows:
            continue
        correction = changes.get(item.id, (None, ""))[1]
        if not item.in_catalog:
            problems.append(f"row {rows[item.id]}: cannot approve: this text is new and not in the translation "
                            "file yet; ask the maintainers to run `i18n update`, then make a new review sheet")
        elif correction:
            continue
        elif item.status in ("untranslated", "fuzzy"):
            what = "has no translation" if item.status == "untranslated" else "is a fuzzy draft for older English"
            problems.append(f"row {rows[item.id]}: cannot approve: this text {what}; write a correction "
                            "(or import without --approve)")
        elif item.problems:
            problems.append(f"row {rows[item.id]}: cannot approve: {item.problems[0]}; write a correction")
    return problems


def _note(reviewer: str, comment: str) -> str:
    by = f" {reviewer}" if reviewer else ""
    text = re.sub(r"\s+", " ", comment).strip()  # a PO comment is one line
    return f"{REVIEWER_NOTE}{by}: {text}"


def _apply(config: ProjectConfig, code: str, items: tuple[ReviewItem, ...], changes: dict[str, tuple[SheetRow, str]],
           reviewer: str, approve: bool, skipped: int, warnings: list[str]) -> ImportResult:
    lang = config.language(code)
    path = catalog_path(config, code)
    catalog, review = read_catalog(path, config.relative(path), lang)
    by_id = {item.id: item for item in items}
    corrected = comments = 0
    for item_id, (row, correction) in changes.items():
        item = by_id[item_id]
        message = catalog.get(item.english, context=item.context)
        if message is None:  # only English newer than the PO file, rejected above when corrected
            continue
        if correction:
            message.string = correction
            message.flags.discard("fuzzy")
            message.previous_id = []  # the `#|` English of a fuzzy draft no longer applies
            message.previous_context = None
            corrected += 1
        if row.comment.strip():
            message.user_comments = [c for c in message.user_comments if not c.startswith(REVIEWER_NOTE)]
            message.user_comments.append(_note(reviewer, row.comment))
            comments += 1
    if approve:
        review = Review("reviewed", reviewer, _today())
    if corrected or approve:
        catalog.revision_date = _now()
    written = _write_catalog(path, catalog, review)
    log.info("%s: %d correction(s), %d comment(s)", config.relative(path), corrected, comments)
    return ImportResult(config.relative(path), corrected, comments, skipped, approve, tuple(warnings), written)


def _today() -> str:
    """The approval date (``SOURCE_DATE_EPOCH`` when set, so tests and rebuilds are reproducible)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.date().isoformat()
