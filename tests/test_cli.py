"""The command line: clear errors with exit status 1 and an untouched site; commands documented."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import REPO, replace_in
from tests.test_site import tree_digest

PAGE = "content/pages/see-a-doctor.yml"


def run(root, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, check=False)


BAD_INPUT = [
    ("topic: health", "topic: [health", rf"{PAGE}:4: this is not valid YAML"),
    ("summary:", "sumary:", rf"{PAGE}:5: error: sumary: unknown field; check its spelling"),
    ("title: Seeing a doctor\n", "", rf"{PAGE}:1: error: title: this required field is missing"),
    ("{page:for-gp-surgeries}", "{page:for-gp}",
     rf"{PAGE}:27: error: \{{page:for-gp\}} links to a page that does not exist"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("old", "new", "message"), BAD_INPUT, ids=["yaml", "unknown-field", "missing-field", "link"])
def test_bad_content_stops_build_with_location_and_keeps_site(make_project, old, new, message):
    root = make_project()
    assert run(root, "build").returncode == 0
    before = tree_digest(root / "site")
    replace_in(root / PAGE, old, new)
    result = run(root, "build")
    assert result.returncode == 1
    assert re.search(message, result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(root / "site") == before


def test_unknown_language_is_a_clear_error(make_project):
    result = run(make_project(), "build", "--lang", "xx")
    assert result.returncode == 1
    assert "unknown language 'xx'; known: en, ar, ti" in result.stderr


def test_check_reports_reading_grade(make_project):
    result = run(make_project(), "check")
    assert result.returncode == 0, result.stderr
    assert re.search(r"see-a-doctor\s+grade\s+\d+\.\d\s+sourced\s+83% \(5/6 texts\)\s+\(people who need help\)",
                     result.stdout)


def test_overdue_review_warns_and_strict_fails(make_project):
    root = make_project()
    replace_in(root / PAGE, "last_reviewed: 2026-11-01", "last_reviewed: 2020-01-01")
    result = run(root, "check")
    assert result.returncode == 0
    assert f"{PAGE}:8: warning: last reviewed 2020-01-01, more than 12 months ago" in result.stderr
    assert run(root, "check", "--strict").returncode == 1


def _commands(group, prefix=""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize(("name", "command"), list(_commands(cli)), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_and_is_in_the_readme(name, command):
    assert command.help, f"{name} has no help text"
    assert f"python -m generator {name}" in (REPO / "README.md").read_text(encoding="utf-8")
    assert CliRunner().invoke(cli, [*name.split(), "--help"]).exit_code == 0


@pytest.mark.slow
@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">',
                                     "<iframe src=x></iframe>", "<!-- x -->", "[x](javascript:alert(1))",
                                     "![x](data:image/png;base64,AA)", "{{ config }}", "{% include 'x' %}"])
def test_hostile_translation_stops_the_build_at_its_po_line(make_project, hostile):
    from tests.test_i18n import translate
    root = make_project()
    assert run(root, "i18n", "update").returncode == 0
    path = translate(root, "ar", {"You do not need ID.": hostile})
    line = path.read_text(encoding="utf-8").splitlines().index('msgid "You do not need ID."') + 1
    result = run(root, "build")
    assert result.returncode == 1
    where = f"translations/ar/LC_MESSAGES/content.po:{line}: error: msgctxt 'see-a-doctor.body': contains"
    assert where in result.stderr
    assert not (root / "site").exists()


def test_i18n_status_prints_a_table_and_writes_json(make_project, tmp_path):
    import json
    root = make_project()
    assert run(root, "i18n", "update").returncode == 0
    result = run(root, "i18n", "status", "--json", str(tmp_path / "status.json"))
    assert result.returncode == 0
    assert re.search(r"Arabic \(ar\)\s+0%\s+0\s+\d+\s+draft", result.stdout)
    rows = json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))
    assert {row["code"]: row["status"] for row in rows} == {"ar": "draft", "ti": "draft"}


@pytest.mark.slow
def test_one_language_build_of_a_language_the_site_lacks_builds_every_language(make_project):
    root = make_project()
    result = run(root, "build", "--lang", "ar")
    assert result.returncode == 0, result.stderr
    assert "site/ has no ar, en, ti yet, so every language is built" in result.stderr
    assert "Built 3 language(s)" in result.stdout
    for code in ("en", "ar", "ti"):
        assert "ar" in (root / "site" / code / "translation-status.html").read_text(encoding="utf-8")
    result = run(root, "build", "--lang", "ar")
    assert "every language is built" not in result.stderr and "Built 1 language(s)" in result.stdout


OUR_LINE = re.compile(r"^(Checking |Checked |Building |Printing |Writing |Compressing |  \S+ |\S+: warning: )")


@pytest.mark.slow
def test_build_reports_each_stage_and_language_as_it_goes_and_q_keeps_quiet(make_project):
    root = make_project()
    result = run(root, "build")
    assert result.returncode == 0, result.stderr
    stages = ["Checking content and 3 catalog(s)", "Checked 2 pages, 3 leaflets and 2 change(s)",
              "Building 3 language(s) with MkDocs", "Printing 7 leaflet(s) in 3 language(s)",
              "Writing search indexes", "Compressing and publishing into site/"]
    positions = [result.stderr.find(stage) for stage in stages]
    assert -1 not in positions and positions == sorted(positions), result.stderr
    for code in ("en", "ar", "ti"):
        assert re.search(rf"^  {code} +\d+ pages, \d+ text\(s\) shown in English$", result.stderr, re.M)
        assert re.search(rf"^  {code} +built by MkDocs$", result.stderr, re.M)
        assert re.search(rf"^  {code} +download \d+\.\d MB$", result.stderr, re.M)
    assert "printed 7 PDF(s): en 3, ar 2, ti 2" in result.stderr
    assert [line for line in result.stderr.splitlines() if not OUR_LINE.match(line)] == [], \
        "nothing from WeasyPrint or MkDocs without -v"
    assert re.fullmatch(r"Built 3 language\(s\) into site/ in (\d+\.\d s|\d+ min \d+ s)\.\n", result.stdout)

    for quiet in (run(root, "-q", "build", "--lang", "ar"), run(root, "build", "--lang", "ar", "-q")):
        assert quiet.returncode == 0 and quiet.stdout == ""
        assert all(": warning: " in line for line in quiet.stderr.splitlines()), quiet.stderr

    verbose = run(root, "-v", "build", "--lang", "en", "--clean")  # --clean: leaflets laid out again, not cached
    assert verbose.returncode == 0
    assert re.search(r"^  en +mkdocs: INFO +- +Building documentation", verbose.stderr, re.M), verbose.stderr
    assert "Step 1 - Fetching and parsing HTML" in verbose.stderr, "WeasyPrint's own progress with -v"
