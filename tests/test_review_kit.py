"""Review kit: side-by-side HTML/PDF and a sheet out, corrections back in through every check."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.config import load_config
from generator.content import load_content
from generator.i18n import catalog_path, extract, load_translations, update_catalogs
from generator.review_import import SheetRejected, import_review
from generator.review_kit import SAFETY, collect_review, message_id, write_review_kit
from generator.review_sheet import COLUMNS
from tests.conftest import REPO
from tests.test_i18n import PARAGRAPH, WARNING, translate

NHS_111 = "For medical help that is not an emergency, call {phone:nhs-111}."
ARABIC = "يمكنك التسجيل لدى عيادة طبيب عام قريبة من مكان سكنك."


@pytest.fixture
def project(make_project):
    root = make_project()
    config = load_config(root)
    extract(config, load_content(root))
    update_catalogs(config)
    translate(root, "ar", {PARAGRAPH: ARABIC, NHS_111: "للمساعدة الطبية غير الطارئة، اتصل بالرقم {phone:nhs-111}."})
    return root


def kit(root: Path) -> Path:
    """Write the Arabic kit without its PDF (the slow part) and return the sheet."""
    paths = write_review_kit(load_config(root), "ar", pdf=False)
    return next(path for path in paths if path.suffix == ".xlsx")


def fill(sheet: Path, corrections: dict[str, str], comments: dict[str, str] | None = None) -> dict[str, int]:
    """Type corrections (by English) into the sheet as a reviewer would; return each English's row."""
    book = load_workbook(sheet)
    rows = book["Review"]
    header = [cell.value for cell in rows[1]]
    english, correction, comment = (header.index(name) + 1 for name in ("English", "correction", "reviewer comment"))
    numbers = {}
    for number in range(2, rows.max_row + 1):
        text = rows.cell(number, english).value
        numbers[text] = number
        if text in corrections:
            rows.cell(number, correction).value = corrections[text]
        if comments and text in comments:
            rows.cell(number, comment).value = comments[text]
    book.save(sheet)
    return numbers


def entry(root: Path, english: str):
    config = load_config(root)
    return next(e for (_, msgid), e in load_translations(config, config.language("ar")).entries.items()
                if msgid == english)


def test_kit_lists_every_message_safety_first_with_stable_ids(project):
    sheet = kit(project)
    folder = sheet.parent
    assert folder == project / "build/review/ar"
    rows = list(load_workbook(sheet)["Review"].iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    ids = [row[0] for row in rows[1:]]
    assert len(ids) == len(set(ids)) == len(collect_review(load_config(project), "ar").items)
    by_english = {row[2]: row for row in rows[1:]}
    assert by_english[PARAGRAPH][0] == message_id("see-a-doctor.body", PARAGRAPH)
    assert by_english[PARAGRAPH][3:5] == (ARABIC, "draft")
    first_plain = next(i for i, row in enumerate(rows[1:]) if not safe(row[2]))
    assert all(not safe(row[2]) for row in rows[1 + first_plain:]), "safety-critical texts come first"
    html = (folder / "review-ar.html").read_text(encoding="utf-8")
    assert f"<td class=\"tr\" lang=\"ar\" dir=\"rtl\">{ARABIC}</td>" in html
    assert "<bdi dir=\"ltr\" class=\"ph\">{phone:nhs-111}</bdi>" in html
    assert html.index("Check these first") < html.index(WARNING) < html.index(ARABIC)


def safe(english: str) -> bool:
    """Safety-critical English, as the kit sorts it first (without trap phrases)."""
    return bool(SAFETY.search(english) or "{phone:" in english)


def test_good_correction_lands_in_the_po_file_and_is_not_fuzzy(project):
    translate(project, "ar", {PARAGRAPH: ARABIC + " قديم"}, fuzzy=True)
    sheet = kit(project)
    better = "يمكنك التسجيل في عيادة طبيب عام قريبة من بيتك."
    fill(sheet, {PARAGRAPH: better}, {PARAGRAPH: "«بيتك» is simpler"})
    result = import_review(load_config(project), "ar", sheet, reviewer="Amina Yusuf")
    assert (result.corrected, result.comments, result.approved) == (1, 1, False)
    assert entry(project, PARAGRAPH).string == better and not entry(project, PARAGRAPH).fuzzy
    po = catalog_path(load_config(project), "ar").read_text(encoding="utf-8")
    assert "# Reviewer Amina Yusuf: «بيتك» is simpler\n" in po
    assert '"X-Review-Status: draft\\n"' in po, "corrections alone do not approve the language"


def test_csv_export_is_accepted(project, tmp_path):
    sheet = kit(project)
    fill(sheet, {PARAGRAPH: "ترجمة مصححة للنص."})
    exported = tmp_path / "review-ar.csv"
    with exported.open("w", encoding="utf-8-sig", newline="") as handle:  # Excel's "CSV UTF-8" has a BOM
        csv.writer(handle, delimiter=";").writerows(load_workbook(sheet)["Review"].iter_rows(values_only=True))
    assert import_review(load_config(project), "ar", exported).corrected == 1
    assert entry(project, PARAGRAPH).string == "ترجمة مصححة للنص."


def test_bad_row_is_rejected_with_its_row_number_and_nothing_is_written(project):
    sheet = kit(project)
    po = catalog_path(load_config(project), "ar")
    before = po.read_bytes()
    rows = fill(sheet, {PARAGRAPH: "ترجمة صحيحة.", NHS_111: "للمساعدة الطبية غير الطارئة، اتصل بالرقم ١١١.",
                        WARNING: "إذا كنت مدينًا للمستشفى بمبلغ 50 جنيهًا"})
    with pytest.raises(SheetRejected) as error:
        import_review(load_config(project), "ar", sheet)
    assert (f"row {rows[NHS_111]}: the correction drops the phone placeholder {{phone:nhs-111}}; "
            "copy it exactly as in the English") in error.value.errors
    assert any(e.startswith(f"row {rows[WARNING]}: in the correction, numbers differ") for e in error.value.errors)
    assert "nothing was changed" in str(error.value)
    assert po.read_bytes() == before, "one bad row stops the whole sheet"


def test_trap_phrase_in_a_correction_is_rejected(project):
    shutil.copy2(REPO / "translations/ar/traps.yml", project / "translations/ar/traps.yml")
    sheet = kit(project)
    row = fill(sheet, {"You do not need ID.": "لا يجب أن تقدم هوية."})["You do not need ID."]
    with pytest.raises(SheetRejected, match=rf"row {row}: in the correction, «لا يجب» is a trap phrase"):
        import_review(load_config(project), "ar", sheet)


def test_changed_english_and_unknown_ids_are_rejected(project):
    sheet = kit(project)
    rows = fill(sheet, {PARAGRAPH: "ترجمة.", NHS_111: "اتصل بالرقم {phone:nhs-111}."})
    book = load_workbook(sheet)
    book["Review"].cell(rows[NHS_111], 1).value = "made-up#12345678"
    book.save(sheet)
    page = project / "content/pages/see-a-doctor.yml"
    page.write_text(page.read_text(encoding="utf-8").replace("near where you live.", "near your home."),
                    encoding="utf-8")
    config = load_config(project)
    extract(config, load_content(project))
    update_catalogs(config)
    with pytest.raises(SheetRejected) as error:
        import_review(config, "ar", sheet)
    assert error.value.errors == [
        f"row {rows[NHS_111]}: unknown id 'made-up#12345678'; do not change the id column "
        "(make a new review sheet if in doubt)",
        f"row {rows[PARAGRAPH]}: the English has changed since this sheet was made; make a new review sheet",
    ]


def test_approval_is_recorded_only_for_the_whole_language(project):
    config = load_config(project)
    sheet = kit(project)
    with pytest.raises(SheetRejected, match=r"cannot approve: this text has no translation"):
        import_review(config, "ar", sheet, reviewer="Amina Yusuf", approve=True)
    items = collect_review(config, "ar").items
    everything = {item.english: item.translation or "ترجمة هذا النص" for item in items}
    # a translation must keep the English placeholders, numbers and bold marks: copy them over
    from generator.integrity import numbers
    from generator.messages import PLACEHOLDER
    for english, text in everything.items():
        if not any(english == item.english and item.translation for item in items):
            digits = " و ".join(numbers(english).elements())
            marks = " ".join(m.group(0) for m in PLACEHOLDER.finditer(english))
            everything[english] = f"{text} {marks} {digits}".strip() + (" **نص**" * (english.count("**") // 2))
    fill(sheet, everything)
    partial = sheet.with_name("partial.xlsx")
    book = load_workbook(sheet)
    book["Review"].delete_rows(5)
    book.save(partial)
    with pytest.raises(SheetRejected, match=rf"cannot approve: the sheet lacks 1 of the {len(items)} current texts"):
        import_review(config, "ar", partial, reviewer="Amina Yusuf", approve=True)
    assert not load_translations(config, config.language("ar")).review.is_reviewed
    result = import_review(config, "ar", sheet, reviewer="Amina Yusuf", approve=True)
    assert result.approved
    review = load_translations(config, config.language("ar")).review
    assert review.is_reviewed and review.reviewer == "Amina Yusuf" and review.date


def test_approval_needs_a_reviewer_name(project):
    with pytest.raises(Exception, match="--approve needs --reviewer"):
        import_review(load_config(project), "ar", kit(project), approve=True)


def test_cli_review_and_import(project):
    import sys
    run = [sys.executable, "-m", "generator", "--root", str(project), "i18n"]
    result = subprocess.run([*run, "review", "ar", "--out", str(project / "build/kit")], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "wrote build/kit/ar/review-ar.pdf" in result.stdout
    sheet = project / "build/kit/ar/review-ar.xlsx"
    rows = fill(sheet, {NHS_111: "اتصل."})
    result = subprocess.run([*run, "import-review", "ar", str(sheet)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert f"row {rows[NHS_111]}: the correction drops the phone placeholder {{phone:nhs-111}}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by make")
def test_review_of_the_real_arabic_catalog(tmp_path):
    paths = write_review_kit(load_config(REPO), "ar", tmp_path)
    assert [path.name for path in paths] == ["review-ar.html", "review-ar.pdf", "review-ar.xlsx"]
    text = subprocess.run(["pdftotext", "-l", "3", str(paths[1]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Check these first: safety-critical texts" in text
    sheet = load_workbook(paths[2], read_only=True)["Review"]
    assert sheet.max_row > 500


def test_translation_changed_since_the_sheet_is_rejected(project):
    sheet = kit(project)
    row = fill(sheet, {PARAGRAPH: "ترجمة المراجع."})[PARAGRAPH]
    translate(project, "ar", {PARAGRAPH: "ترجمة المترجم الجديدة."})
    with pytest.raises(SheetRejected, match=rf"row {row}: someone changed this translation since the sheet was made"):
        import_review(load_config(project), "ar", sheet)
    assert entry(project, PARAGRAPH).string == "ترجمة المترجم الجديدة."
