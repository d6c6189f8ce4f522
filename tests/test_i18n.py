"""Catalogs: extract/update/compile round trip, fuzzy on change, integrity rules, status."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from generator.catalog_check import check_catalogs, language_status
from generator.config import load_config
from generator.content import load_content
from generator.i18n import (
    _write_catalog,
    catalog_path,
    compile_catalogs,
    extract,
    init_catalog,
    load_translations,
    read_catalog,
    template_path,
    update_catalogs,
)
from generator.integrity import message_problems
from generator.suggest import update_with_suggestions
from tests.conftest import REPO, replace_in

PARAGRAPH = "You can register with a GP surgery near where you live."
WARNING = "If you owe a hospital £500 or more, the NHS can tell the Home Office."


def translate(root: Path, code: str, strings: dict[str, str], fuzzy: bool = False) -> Path:
    """Set translations (by English msgid) in a language's catalog, as a translator would."""
    config = load_config(root)
    path = catalog_path(config, code)
    catalog, review = read_catalog(path, path, config.language(code))
    for message in catalog:
        if message.id in strings:
            message.string = strings[message.id]
            if fuzzy:
                message.flags.add("fuzzy")
    _write_catalog(path, catalog, review)
    return path


@pytest.fixture
def project(make_project):
    root = make_project()
    config = load_config(root)
    extract(config, load_content(root))
    update_catalogs(config)
    return root


def test_round_trip_extract_update_compile(project):
    config = load_config(project)
    pot = template_path(config).read_text(encoding="utf-8")
    assert 'msgctxt "see-a-doctor.body"' in pot and f'msgid "{PARAGRAPH}"' in pot
    assert "#: content/pages/see-a-doctor.yml:12" in pot
    assert "Keep these placeholders exactly as written: {phone:nhs-111} = a phone number" in pot.replace("\n#. ", " ")
    translate(project, "ar", {PARAGRAPH: "يمكنك التسجيل لدى عيادة طبيب عام قريبة من مكان سكنك."})
    assert not extract(config, load_content(project)), "an unchanged template is not rewritten"
    assert compile_catalogs(config)
    assert (project / "build/locale/ar/LC_MESSAGES/content.mo").stat().st_size > 0
    assert load_translations(config, config.language("ar")).get("see-a-doctor.body", PARAGRAPH).startswith("يمكنك")


def test_changed_english_makes_translation_fuzzy_and_hidden(project):
    config = load_config(project)
    translate(project, "ar", {PARAGRAPH: "يمكنك التسجيل لدى عيادة طبيب عام قريبة من مكان سكنك."})
    replace_in(project / "content/pages/see-a-doctor.yml", "near where you live.", "near where you live now.")
    extract(config, load_content(project))
    update_catalogs(config)
    po = catalog_path(config, "ar").read_text(encoding="utf-8")
    assert ('#, fuzzy\n#| msgid "You can register with a GP surgery near where you live."\n'
            'msgctxt "see-a-doctor.body"\nmsgid "You can register with a GP surgery near where you live now."\n'
            'msgstr "يمكنك') in po
    translations = load_translations(config, config.language("ar"))
    assert translations.get("see-a-doctor.body", "You can register with a GP surgery near where you live now.") is None
    update_catalogs(config)  # a second update changes nothing but dates: the #| line is read back as it was

    def undated(text: str) -> list[str]:
        return [line for line in text.splitlines() if "-Date:" not in line]

    assert undated(catalog_path(config, "ar").read_text(encoding="utf-8")) == undated(po)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is installed by make")
def test_fuzzy_catalog_with_long_previous_english_passes_msgfmt(project, tmp_path):
    config = load_config(project)
    longer = "You can register with a GP surgery near where you live, or near where you work, or near a friend."
    replace_in(project / "content/pages/see-a-doctor.yml", PARAGRAPH, longer)
    extract(config, load_content(project))
    update_catalogs(config)
    translate(project, "ar", {longer: "يمكنك التسجيل لدى عيادة طبيب عام قريبة من مكان سكنك أو عملك أو صديق."})
    replace_in(project / "content/pages/see-a-doctor.yml", longer, longer.replace("a friend.", "a friend's home."))
    extract(config, load_content(project))
    update_catalogs(config)
    assert f'#| msgid "{longer}"' in catalog_path(config, "ar").read_text(encoding="utf-8")
    result = subprocess.run(["msgfmt", "-c", "-o", str(tmp_path / "ar.mo"), str(catalog_path(config, "ar"))],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_new_catalog_is_a_draft_and_status_reports_it(project):
    config = load_config(project)
    catalog_path(config, "ti").unlink()
    init_catalog(config, "ti")
    assert '"X-Review-Status: draft\\n"' in catalog_path(config, "ti").read_text(encoding="utf-8")
    translate(project, "ti", {PARAGRAPH: "ኣብ ጥቓ መንበሪኻ ኣብ ክሊኒክ ክትምዝገብ ትኽእል ኢኻ።"})
    rows = {row.code: row for row in language_status(config, load_content(project))}
    assert rows["ti"].translated == 1 and rows["ti"].status == "draft" and rows["ar"].translated == 0


def test_review_status_switches_without_code(project):
    config = load_config(project)
    path = catalog_path(config, "ar")
    replace_in(path, '"X-Review-Status: draft\\n"', '"X-Review-Status: reviewed\\n"')
    replace_in(path, '"X-Reviewed-By: \\n"', '"X-Reviewed-By: Amina Yusuf\\n"')
    review = load_translations(config, config.language("ar")).review
    assert review.is_reviewed and review.reviewer == "Amina Yusuf"
    update_catalogs(config)
    assert "X-Reviewed-By: Amina Yusuf" in path.read_text(encoding="utf-8"), "update keeps the review"


@pytest.mark.parametrize(("source", "translation", "problem"), [
    (WARNING, "إذا كنت مدينًا للمستشفى بمبلغ 50 جنيهًا", "numbers differ"),
    (WARNING, "إذا كنت مدينًا بمبلغ £500 اتصل 0800 123 4567", "looks like a phone number"),
    ("Call {phone:nhs-111}.", "اتصل.", "placeholders differ"),
    ("Call {phone:nhs-111}.", "اتصل {phone:emergency-999}.", "placeholders differ"),
    ("Call {phone:nhs-111}.", "اتصل {phone:nhs-111} {web:nhs-111}.", "placeholders differ"),
    (PARAGRAPH, "<script>alert(1)</script>", "HTML tags"),
    (PARAGRAPH, '<img src=x onerror="alert(1)">', "HTML tags"),
    (PARAGRAPH, "<iframe src=x></iframe>", "HTML tags"),
    (PARAGRAPH, "نص <!-- مخفي -->", "HTML tags or comments"),
    (PARAGRAPH, "[انقر هنا](https://evil.example)", "Markdown links"),
    (PARAGRAPH, "![صورة](x.png)", "Markdown links or images"),
    (PARAGRAPH, "انقر javascript:alert(1)", "script or data URLs"),
    (PARAGRAPH, "صورة data:text/html;base64,AAAA", "script or data URLs"),
    (PARAGRAPH, "مرحبا {{ config.extra }}", "template syntax"),
    (PARAGRAPH, "مرحبا {% include 'x' %}", "template syntax"),
    (PARAGRAPH, "زوروا www.evil.example", "looks like a phone number, web or e-mail"),
    (PARAGRAPH, "اكتب إلى a@b.example", "looks like a phone number, web or e-mail"),
    ("You **must** be seen.", "يجب أن يراك الطبيب.", "bold marks"),
])
def test_integrity_rule_rejects(source, translation, problem):
    assert any(problem in message for message in message_problems(source, translation))


@pytest.mark.parametrize(("source", "translation"), [
    (WARNING, "إذا كنت مدينًا للمستشفى بمبلغ ٥٠٠ جنيه إسترليني أو أكثر، يمكن لـ NHS إبلاغ Home Office."),
    ("Call {phone:nhs-111} in **24 hours**.", "اتصل بـ {phone:nhs-111} خلال **24 ساعة**."),
    ("It costs £1,000.", "Kosztuje 1 000 £."),
])
def test_integrity_rule_accepts_faithful_translations(source, translation):
    assert message_problems(source, translation) == []


def test_build_check_names_po_file_and_line(project):
    path = translate(project, "ar", {WARNING: "إذا كنت مدينًا بمبلغ 50 جنيهًا", PARAGRAPH: "<script>x</script>"})
    problems = [str(p) for p in check_catalogs(load_config(project), load_content(project))]
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line == f'msgid "{WARNING}"')
    assert any(p.startswith(f"translations/ar/LC_MESSAGES/content.po:{number}: error:") and "numbers differ" in p
               for p in problems), problems
    assert any("HTML tags" in p for p in problems)


def test_identical_long_translation_needs_a_mark(project):
    translate(project, "ar", {PARAGRAPH: PARAGRAPH})
    problems = [str(p) for p in check_catalogs(load_config(project), load_content(project))]
    assert any("identical to the English" in p for p in problems)


def test_fuzzy_translations_are_not_checked_or_shown(project):
    translate(project, "ar", {PARAGRAPH: "<script>x</script>"}, fuzzy=True)
    config = load_config(project)
    assert check_catalogs(config, load_content(project)) == []
    assert load_translations(config, config.language("ar")).get("see-a-doctor.body", PARAGRAPH) is None


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is installed by make")
@pytest.mark.parametrize("path", sorted((REPO / "translations").glob("*/LC_MESSAGES/*.po")), ids=lambda p: p.parts[-3])
def test_shipped_catalog_passes_msgfmt_check(path, tmp_path):
    result = subprocess.run(["msgfmt", "-c", "-o", str(tmp_path / "out.mo"), str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_shipped_catalogs_pass_integrity_checks():
    config = load_config(REPO)
    problems = [str(p) for p in check_catalogs(config, load_content(REPO))]
    assert problems == []


def _catalog(messages: dict[tuple[str, str], str]) -> Catalog:
    catalog = Catalog(locale="so", domain="content")
    for (context, msgid), string in messages.items():
        catalog.add(msgid, string, context=context)
    return catalog


def test_update_offers_a_translation_only_for_nearly_the_same_english():
    old = _catalog({("urgent.title", "Urgent help"): "Caawimaad degdeg ah",
                    ("legal.body", "Legal aid can pay for a lawyer."): "Gargaarka sharciga ayaa bixin kara qareen.",
                    ("gp.body", PARAGRAPH): "Waxaad iska diiwaangelin kartaa GP.",
                    ("gp.body", "Call {phone:nhs-111} for help."): "Wac {phone:nhs-111} si aad caawimaad u hesho."})
    template = _catalog({("help.title", "Getting help"): "",  # unrelated English
                         ("legal.jurisdiction_note", "Legal aid can pay for a lawyer."): "",  # another kind of text
                         ("gp.body", "Call {phone:emergency-999} for help."): "",  # another placeholder
                         ("gp2.body", PARAGRAPH.replace("live.", "live now.")): ""})  # nearly the same
    update_with_suggestions(old, template)
    offered = {(m.context, m.id): (m.string, m.fuzzy, m.previous_id) for m in old if m.id}
    assert offered == {
        ("help.title", "Getting help"): ("", False, []),
        ("legal.jurisdiction_note", "Legal aid can pay for a lawyer."): ("", False, []),
        ("gp.body", "Call {phone:emergency-999} for help."): ("", False, []),
        ("gp2.body", PARAGRAPH.replace("live.", "live now.")): ("Waxaad iska diiwaangelin kartaa GP.", True,
                                                               [PARAGRAPH]),
    }


def test_a_suggestion_for_one_language_never_reaches_another():
    template = _catalog({("gp2.body", PARAGRAPH.replace("live.", "live now.")): ""})
    somali = _catalog({("gp.body", PARAGRAPH): "Waxaad iska diiwaangelin kartaa GP."})
    polish = _catalog({("other.body", "Something else entirely."): "Coś zupełnie innego."})
    update_with_suggestions(somali, template)
    update_with_suggestions(polish, template)
    assert [m.string for m in somali if m.id] == ["Waxaad iska diiwaangelin kartaa GP."]
    assert [(m.string, m.fuzzy) for m in polish if m.id] == [("", False)]


def test_update_leaves_a_rewritten_message_empty(project):
    config = load_config(project)
    translate(project, "ar", {PARAGRAPH: "يمكنك التسجيل لدى عيادة طبيب عام قريبة من مكان سكنك."})
    replace_in(project / "content/pages/see-a-doctor.yml", PARAGRAPH, "Any GP surgery must let you register.")
    extract(config, load_content(project))
    update_catalogs(config)
    po = catalog_path(config, "ar").read_text(encoding="utf-8")
    assert 'msgid "Any GP surgery must let you register."\nmsgstr ""\n' in po and "سكنك" not in po


def _checked_with_a_copied_paragraph(project: Path):
    """The project's config and content, and the catalogs' problems once the Arabic catalog gives
    PARAGRAPH as its own translation."""
    config = load_config(project)
    content = load_content(project)
    translate(project, "ar", {PARAGRAPH: PARAGRAPH})
    problems = check_catalogs(config, content)
    assert any("identical to the English" in problem.message for problem in problems)
    return config, content, problems


def _record_parses(monkeypatch) -> list[str]:
    """The code of each language whose catalog is parsed from its PO file from now on."""
    from generator import i18n

    parsed = []
    parse = i18n._parse_translations
    monkeypatch.setattr(i18n, "_parse_translations", lambda *args: parsed.append(args[2].code) or parse(*args))
    return parsed


def test_catalogs_checked_on_every_core_give_the_same_problems_and_are_not_parsed_again(project, monkeypatch):
    from generator import catalog_check, i18n, parallel

    config, content, alone = _checked_with_a_copied_paragraph(project)
    i18n.forget_cached_catalogs(config)
    monkeypatch.setattr(catalog_check, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    parsed = _record_parses(monkeypatch)
    assert check_catalogs(config, content) == alone
    assert load_translations(config, config.language("ar")).get("see-a-doctor.body", PARAGRAPH) == PARAGRAPH
    assert parsed == [], "the build reads what the workers parsed from build/cache/catalogs/"


def test_unchanged_catalogs_are_neither_parsed_nor_checked_again(project, monkeypatch):
    from generator import catalog_check, i18n

    config, content, first = _checked_with_a_copied_paragraph(project)
    rows = language_status(config, content)
    i18n._READ.clear()  # as in a new process: only build/cache/catalogs/ is left
    i18n._KEYS.clear()
    parsed, checked = _record_parses(monkeypatch), []
    check = catalog_check._message_problems
    monkeypatch.setattr(catalog_check, "_message_problems", lambda *args: checked.append(args[1][1]) or check(*args))
    assert check_catalogs(config, content) == first and parsed == checked == []
    assert language_status(config, content) == rows and parsed == [], "the status page reads no unchanged catalog"
    assert load_translations(config, config.language("ar")).get("see-a-doctor.body", PARAGRAPH) == PARAGRAPH
    translate(project, "ar", {PARAGRAPH: "يمكنك التسجيل في عيادة قريبة من مكان سكنك."})
    problems = check_catalogs(config, content)
    assert parsed == ["ar"] and checked == [PARAGRAPH], "only the changed message is checked again"
    assert not any("identical to the English" in problem.message for problem in problems)
    checked.clear()
    replace_in(project / "content/pages/see-a-doctor.yml", "paragraph: You can", "paragraph: Anyone can")
    edited = load_content(project)
    assert check_catalogs(config, edited) == check_catalogs(config, edited)
    assert parsed == ["ar"] and set(checked) == {PARAGRAPH}, \
        "a change to the English checks again only the messages of that English, in every catalog"
