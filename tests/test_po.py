"""Strict PO reading: every broken fixture in tests/fixtures/po/ stops check, build and i18n at its line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ProblemsError
from generator.i18n import catalog_path, load_translations
from generator.po import read_po_text
from tests.conftest import FIXTURES, REPO
from tests.test_cli import run

PO = FIXTURES / "po"
AR = "translations/ar/LC_MESSAGES/content.po"

BROKEN = {
    "unclosed-quote": ':15: error: this line opens a quote (") but does not close it; '
                      'end the text with " on the same line',
    "inner-quote": ':15: error: this line has a quote (") inside the text, which ends the text too early; '
                   'write \\" for a quote inside the text (or use « » or “ ”)',
    "stray-quote": ':16: error: this line holds only a quote ("); delete it, or move the quote to the end '
                   "of the line above",
    "bom": ':1: error: the file starts with an invisible byte-order mark (BOM), which gettext tools reject; '
           'save it as "UTF-8" without BOM (not "UTF-8 with BOM")',
    "duplicate": ":18: error: this message is already in the file at line 14 (same msgctxt and msgid); "
                 "keep one of the two and delete the other",
    "msgstr-without-msgid": ":17: error: this msgstr has no msgid above it; every translation needs its "
                            "English msgid line just above it, with no blank line in between",
    "comment-between": ":15: error: a comment line (#) cannot stand between msgid and msgstr; move it above "
                       "the msgctxt or msgid line",
    "bad-escape": ':15: error: \\b is not allowed in the text; write \\\\ for a backslash, \\" for a quote, '
                  "\\n for a new line",
    "bad-header": ":9: error: header line 'Garbage' is not 'Name: value'; fix or delete it",
    "no-header": ':1: error: this file has no header (msgid "" and a msgstr with Content-Type); '
                 "copy the header from translations/content.pot",
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_po_is_one_problem_at_its_line(name):
    relative = Path(AR)
    _, _, problems = read_po_text((PO / f"{name}.po").read_bytes(), relative)
    assert [str(p) for p in problems] == [AR + BROKEN[name]]


def test_clean_po_has_no_problems_and_keeps_msgstr_lines():
    _, messages, problems = read_po_text((PO / "good.po").read_bytes(), Path(AR))
    assert problems == []
    title = next(m for m in messages if m.context == "see-a-doctor.title")
    assert (title.string, title.msgid_line, title.string_line) == ("Çûna cem bijîşk", 14, 15)


@pytest.mark.parametrize(("line", "problem"), [
    ('msgstr "x" junk', 'there is text after the closing quote ("): junk; put all of the text inside the quotes'),
    ('msgstr "ends with \\"', 'this line ends with \\" (a quote inside the text), so the text is never closed; '
                             'end the line with " alone'),
    ("msgstr", 'msgstr must be followed by its text in quotes, like msgstr "…"'),
    ('mgstr "x"', "'mgstr' is not a PO keyword; a line starts with msgctxt, msgid, msgstr, # or \""),
])
def test_line_syntax_is_explained(line, problem):
    text = (PO / "good.po").read_text(encoding="utf-8").replace('msgstr "Çûna cem bijîşk"', line)
    _, _, problems = read_po_text(text.encode(), Path(AR))
    assert [p.message for p in problems] == [problem]


def test_line_breaks_must_match_the_english():
    text = (PO / "good.po").read_text(encoding="utf-8").replace('msgstr "Çûna cem bijîşk"', 'msgstr "Bijîşk\\n"')
    _, _, problems = read_po_text(text.encode(), Path(AR))
    assert [str(p) for p in problems] == [f"{AR}:15: error: the translation ends with a line break (\\n) and the "
                                          "English does not; remove it"]


def test_not_utf8_names_the_line():
    data = (PO / "good.po").read_bytes().replace("Çûna".encode(), "Çûna".encode("latin-1"))
    _, _, problems = read_po_text(data, Path(AR))
    assert [str(p) for p in problems] == [f"{AR}:15: error: this line has a character that is not UTF-8; save the "
                                          "file as UTF-8 (in Poedit this is automatic)"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is installed by make")
@pytest.mark.parametrize("name", sorted(set(BROKEN) - {"bad-header", "bad-escape"}))
def test_msgfmt_agrees_the_fixture_is_broken(name):
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(PO / f"{name}.po")],
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0


def test_loading_a_broken_catalog_raises_every_problem(make_project):
    root = make_project()
    config = load_config(root)
    catalog_path(config, "ar").parent.mkdir(parents=True)
    shutil.copy(PO / "unclosed-quote.po", catalog_path(config, "ar"))
    with pytest.raises(ProblemsError) as raised:
        load_translations(config, config.language("ar"))
    assert str(raised.value) == AR + BROKEN["unclosed-quote"]


@pytest.mark.parametrize("name", BROKEN)
def test_broken_po_stops_check_with_file_and_line(make_project, name):
    root = make_project()
    (root / AR).parent.mkdir(parents=True)
    shutil.copy(PO / f"{name}.po", root / AR)
    result = run(root, "check")
    assert result.returncode == 1
    assert AR + BROKEN[name] in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["build"], ["i18n", "update"], ["i18n", "compile"], ["i18n", "status"],
                                     ["i18n", "extract"], ["i18n", "init", "ti"]])
def test_broken_po_stops_build_and_every_i18n_command(make_project, command):
    root = make_project()
    (root / AR).parent.mkdir(parents=True)
    shutil.copy(PO / "unclosed-quote.po", root / AR)
    result = run(root, *command)
    assert result.returncode == 1
    assert AR + BROKEN["unclosed-quote"] in result.stderr.splitlines(), result.stderr
    assert (root / AR).read_bytes() == (PO / "unclosed-quote.po").read_bytes(), "the catalog is left as it was"
    assert not (root / "site").exists()


def test_shipped_catalogs_and_template_are_strictly_valid():
    for path in [REPO / "translations/content.pot", *sorted((REPO / "translations").glob("*/LC_MESSAGES/*.po"))]:
        _, _, problems = read_po_text(path.read_bytes(), path.relative_to(REPO))
        assert problems == [], problems
