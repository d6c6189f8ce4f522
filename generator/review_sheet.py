"""The review spreadsheet: one row per message, written as .xlsx and read back from the .xlsx
or from a CSV export of it (Excel's or LibreOffice's), with the row numbers the reviewer sees."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from generator.errors import TranslationError
from generator.review_kit import ReviewKit

COLUMNS = ("id", "where", "English", "current translation", "status", "correction", "reviewer comment",
           "what to check")
"""The sheet's columns; the import finds them by these names, so their order may change."""
REQUIRED = ("id", "English", "current translation", "correction")
_WIDTHS = (26, 28, 55, 55, 12, 55, 35, 40)
_SHEET_TITLE = "Review"


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One filled-in row; ``number`` is the row number the spreadsheet shows (the header is row 1)."""

    number: int
    id: str
    english: str
    translation: str
    correction: str
    comment: str


def write_sheet(kit: ReviewKit, path: Path) -> Path:
    """Write the review sheet: wrapped text, frozen header, right-to-left cells for RTL languages."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = _SHEET_TITLE
    sheet.append(COLUMNS)
    for item in kit.items:
        sheet.append([item.id, f"{item.group} · {item.where}", item.english, item.translation, item.status,
                      "", "", "; ".join(item.reasons + item.problems)])
    wrap = Alignment(wrap_text=True, vertical="top")
    rtl = Alignment(wrap_text=True, vertical="top", horizontal="right", readingOrder=2)
    safety = PatternFill("solid", fgColor="FFF2CC")
    for column, width in zip("ABCDEFGH", _WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    for number, row in enumerate(sheet.iter_rows(), start=1):
        for cell in row:
            if cell.data_type == "f":  # a text starting with "=" is text, not a formula
                cell.data_type = "s"
            cell.alignment = rtl if kit.lang.direction == "rtl" and cell.column in (4, 6) else wrap
            if number == 1:
                cell.font = Font(bold=True)
            elif kit.items[number - 2].critical:
                cell.fill = safety
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _add_instructions(book.create_sheet("How to review"), kit)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _add_instructions(sheet, kit: ReviewKit) -> None:
    from openpyxl.styles import Alignment

    lines = [
        f"Review of the {kit.lang.english_name} translation of Safe to Ask",
        "Rows with a yellow background are safety-critical (Home Office, police, charges, phone numbers, "
        "must / do not have to): check them first. The PDF or HTML beside this file shows the same texts side "
        "by side.",
        "When a translation is wrong, unclear or missing, write the whole corrected text in the 'correction' column. "
        "Leave it empty when the translation is right.",
        "Copy every placeholder such as {phone:nhs-111} exactly as in the English, keep every number, and keep ** "
        "around the same words.",
        "Do not change the id, English or current translation columns: they tell the import which text you mean.",
        "Write anything you are unsure about in 'reviewer comment'. Send the file back as .xlsx (or saved as "
        "'CSV UTF-8').",
    ]
    sheet.column_dimensions["A"].width = 110
    for line in lines:
        sheet.append([line])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")


def read_sheet(path: Path) -> list[SheetRow]:
    """The rows of a filled-in sheet (.xlsx or .csv); a TranslationError says what is wrong with the file."""
    if not path.exists():
        raise TranslationError(f"{path}: file not found")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table = _xlsx_rows(path)
    elif path.suffix.lower() in (".csv", ".txt"):
        table = _csv_rows(path)
    else:
        raise TranslationError(f"{path}: expected the review sheet as .xlsx or .csv")
    if not table:
        raise TranslationError(f"{path}: the file is empty")
    header = [cell.strip().lower() for cell in table[0]]
    missing = [name for name in REQUIRED if name.lower() not in header]
    if missing:
        raise TranslationError(f"{path}: row 1 lacks the column(s) {', '.join(missing)}; keep the header row of "
                               "the review sheet as it was")
    index = {name: header.index(name.lower()) for name in COLUMNS if name.lower() in header}

    def cell(row: list[str], name: str) -> str:
        column = index.get(name)
        return row[column] if column is not None and column < len(row) else ""

    return [SheetRow(number, cell(row, "id").strip(), cell(row, "English"), cell(row, "current translation"),
                     cell(row, "correction"), cell(row, "reviewer comment"))
            for number, row in enumerate(table[1:], start=2) if any(value.strip() for value in row)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a cell that reads 999 comes back as 999.0
    return str(value)


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise TranslationError(f"{path}: cannot be opened as a spreadsheet ({error})") from None
    sheet = book[_SHEET_TITLE] if _SHEET_TITLE in book.sheetnames else book.worksheets[0]
    rows = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranslationError(f"{path}: not UTF-8 text, so its letters cannot be read; in Excel choose "
                               "Save As 'CSV UTF-8 (Comma delimited)', or send the .xlsx") from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # Excel writes ';' where the decimal mark is a comma
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
