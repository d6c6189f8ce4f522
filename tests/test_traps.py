"""Trap phrases and number words: translations/<lang>/traps.yml and numbers.yml beside each catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator.catalog_check import LanguageRules, check_catalog
from generator.config import load_config
from generator.i18n import Entry, Review, Translations, catalog_path
from generator.integrity import message_problems
from generator.traps import load_number_words, load_traps
from tests.conftest import REPO
from tests.test_cli import run
from tests.test_i18n import translate

AR = Path("translations/ar/LC_MESSAGES/content.po")
TRAPS = Path("translations/ar/traps.yml")
ADVICE = "Most readers take «لا يجب أن» as «you must not». For «you do not have to», write «ليس عليك أن»."
TRAPS_YML = f'''# Phrases that readers of this language take to mean something the English does not say.
- phrase: "لا يجب أن"
  english: "\\\\b(do not|don't|does not|doesn't|did not) (have|need) to\\\\b"
  unless_english: "\\\\bmust\\\\b"
  advice: "{ADVICE}"
'''
PAY = "You do not have to pay."


def traps_from(tmp_path: Path, text: str):
    (tmp_path / "traps.yml").write_text(text, encoding="utf-8")
    return load_traps(tmp_path / "traps.yml", TRAPS)


def catalog(english: str, translation: str, fuzzy: bool = False) -> Translations:
    entry = Entry(translation, fuzzy, 40, (), 42)
    return Translations(load_config(REPO).language("ar"), AR, {("page.body", english): entry}, Review())


def test_trap_in_translation_is_an_error_at_the_msgstr_line(tmp_path):
    traps, problems = traps_from(tmp_path, TRAPS_YML)
    assert problems == []
    found = [str(p) for p in check_catalog(catalog(PAY, "لا يجب أن تدفع."), {}, LanguageRules(traps))]
    assert found == [f"{AR}:42: error: msgctxt 'page.body': «لا يجب أن» is a trap phrase for this English: "
                     f"{ADVICE} (listed in {TRAPS}:2)"]


@pytest.mark.parametrize(("english", "translation", "hit"), [
    (PAY, "لا يجب أن تدفع.", True),
    (PAY, "لا يَجِبُ  ان تدفع.", True),  # vowel marks, a plain alef and a double space do not hide it
    (PAY, "ليس عليك أن تدفع.", False),
    ("You don't need to show ID.", "لا يجب أن تظهر هويتك.", True),
    ("Staff must not ask for ID.", "لا يجب أن يطلب الموظفون هويتك.", False),  # English does not match
    ("You must pay, but you do not have to pay now.", "يجب أن تدفع، لكن لا يجب أن تدفع الآن.", False),  # unless
])
def test_trap_applies_only_where_the_english_matches(tmp_path, english, translation, hit):
    traps, _ = traps_from(tmp_path, TRAPS_YML)
    assert bool(check_catalog(catalog(english, translation), {}, LanguageRules(traps))) is hit


def test_fuzzy_drafts_are_checked_for_traps(tmp_path):
    traps, _ = traps_from(tmp_path, TRAPS_YML)
    assert check_catalog(catalog(PAY, "لا يجب أن تدفع.", fuzzy=True), {}, LanguageRules(traps))


@pytest.mark.parametrize(("text", "problem"), [
    (TRAPS_YML.replace('"\\\\bmust\\\\b"', '"(must"'),
     f"{TRAPS}:4: error: unless_english is not a valid regular expression (missing ), unterminated subpattern at "
     "position 0); check brackets, and write \\\\b for a word boundary inside double quotes"),
    (TRAPS_YML.replace("  advice:", "  advise:"),
     f"{TRAPS}:5: error: unknown key 'advise'; a trap has phrase, english, advice and optionally unless_english\n"
     f"{TRAPS}:2: error: this trap has no advice; add it"),
    (TRAPS_YML.replace("  advice:", "advice:"),
     f"{TRAPS}:5: error: this is not valid YAML (did not find expected '-' indicator); "
     "check indentation, colons and quotes"),
    ("phrase: x\n", f"{TRAPS}:1: error: expected a list of traps, each starting with '- phrase:'"),
])
def test_bad_traps_file_is_an_error_at_its_line(tmp_path, text, problem):
    traps, problems = traps_from(tmp_path, text)
    assert traps == () and [str(p) for p in problems] == problem.split("\n")


def test_missing_traps_file_means_no_traps(tmp_path):
    assert load_traps(tmp_path / "traps.yml", TRAPS) == ((), [])


def test_trap_stops_build_and_i18n_at_the_po_line(make_project):
    root = make_project()
    assert run(root, "i18n", "update").returncode == 0
    path = translate(root, "ar", {"You do not need ID.": "لا يجب أن تظهر هويتك."})
    (root / TRAPS).write_text(TRAPS_YML.replace("(have|need) to", "need"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = lines.index('msgid "You do not need ID."') + 2
    assert lines[line - 1].startswith("msgstr")
    for command in (["build"], ["check"], ["i18n", "compile"]):
        result = run(root, *command)
        assert result.returncode == 1, command
        assert f"{AR}:{line}: error: msgctxt 'see-a-doctor.body': «لا يجب أن» is a trap phrase" in result.stderr
    assert not (root / "site").exists()
    translate(root, "ar", {"You do not need ID.": "ليس عليك أن تظهر هويتك."})
    assert run(root, "check").returncode == 0


def test_bad_traps_file_stops_check(make_project):
    root = make_project()
    (root / TRAPS).parent.mkdir(parents=True, exist_ok=True)
    (root / TRAPS).write_text(TRAPS_YML.replace('"\\\\bmust\\\\b"', '"(must"'), encoding="utf-8")
    result = run(root, "check")
    assert result.returncode == 1
    assert f"{TRAPS}:4: error: unless_english is not a valid regular expression" in result.stderr


# --- number words --------------------------------------------------------------------------------

NUMBERS = REPO / "translations/ar/numbers.yml"


@pytest.fixture(scope="module")
def arabic_numbers():
    words, problems = load_number_words(NUMBERS, NUMBERS.relative_to(REPO))
    assert problems == []
    return words


@pytest.mark.parametrize(("english", "translation"), [
    ("Pay within 2 months.", "ادفع خلال شهرين."),
    ("Pay within 2 months.", "ادفع خلال 2 شهر."),
    ("You can stay for 3 months.", "يمكنك البقاء لمدة ثلاثة أشهر."),
    ("During the 3 months, you can get help.", "خلال الثلاثة أشهر، يمكنك الحصول على المساعدة."),
])
def test_arabic_may_write_a_number_as_a_word(arabic_numbers, english, translation):
    assert message_problems(english, translation, arabic_numbers) == []


@pytest.mark.parametrize(("english", "translation"), [
    ("Pay within 2 months.", "ادفع خلال 3 أشهر."),  # a changed digit
    ("Pay within 2 months.", "ادفع خلال ثلاثة أشهر."),  # a word for another number
    ("You can stay for 2 months.", "يمكنك البقاء لمدة اثنين عشر شهرا."),  # 12, not 2
    ("You can stay for 2 months.", "يمكنك البقاء لمدة شهرين و 3 أيام."),  # a digit the English lacks
])
def test_a_changed_number_still_fails(arabic_numbers, english, translation):
    assert message_problems(english, translation, arabic_numbers) == [
        "numbers differ from the English (2); keep every number "
        "(or write it as a word listed in translations/ar/numbers.yml)"]


def test_without_number_words_the_digit_is_required():
    assert message_problems("Pay within 2 months.", "ادفع خلال شهرين.") == [
        "numbers differ from the English (2); keep every number"]


def test_bad_numbers_file_is_an_error_at_its_line(tmp_path):
    (tmp_path / "numbers.yml").write_text('numbers:\n  2: ["a"]\n  two: ["b"]\n', encoding="utf-8")
    _, problems = load_number_words(tmp_path / "numbers.yml", Path("numbers.yml"))
    assert [str(p) for p in problems] == ['numbers.yml:3: error: write a number, a colon, then its words in a '
                                          'list: 2: ["…", "…"]']


def test_check_catalogs_uses_the_language_number_words(make_project):
    root = make_project()
    config = load_config(root)
    assert run(root, "i18n", "update").returncode == 0
    translate(root, "ar", {"If you owe a hospital £500 or more, the NHS can tell the Home Office.":
                           "إذا كنت مدينًا للمستشفى بخمسمئة جنيه أو أكثر، يمكن إبلاغ وزارة الداخلية."})
    (root / "translations/ar/numbers.yml").write_text("numbers:\n  2: [شهرين]\n", encoding="utf-8")
    result = run(root, "check")
    assert result.returncode == 1
    assert "numbers differ from the English (500); keep every number (or write it as a word listed in " \
           "translations/ar/numbers.yml)" in result.stderr
    assert catalog_path(config, "ar").exists()


AUDITED = [  # the messages an outside audit found read as "you must not" (ar, ro) or "must" (fr, ru, uk)
    ("ar", "Free, confidential help for anyone affected by crime in England and Wales. You do not have to report "
           "the crime to the police.", "لا يجب أن تبلغ الشرطة"),
    ("ar", "Someone to talk to about anything that upsets you. You do not have to be suicidal to call. Free from "
           "any phone.", "لا يجب أن تكون لديك أفكار انتحارية"),
    ("ro", "Call {phone:modern-slavery-helpline} for advice. You do not have to give your name.",
     "Nu trebuie să vă spuneți numele."),
    ("fr", "The guidance says police should not search their computers only to find out your immigration status.",
     "La police ne doit pas fouiller ses ordinateurs."),
    ("ru", "The guidance says police should not search their computers only to find out your immigration status.",
     "Полиция не должна искать в своих компьютерах."),
    ("uk", "The guidance says police should not search their computers only to find out your immigration status.",
     "Поліція не повинна шукати у своїх комп'ютерах."),
]


@pytest.mark.parametrize(("code", "english", "old"), AUDITED, ids=[f"{c}-{n}" for n, (c, _, _) in enumerate(AUDITED)])
def test_shipped_traps_stop_the_audited_misreadings_and_the_fixed_drafts_pass(code, english, old):
    folder = REPO / "translations" / code
    traps, problems = load_traps(folder / "traps.yml", Path(f"translations/{code}/traps.yml"))
    assert problems == []
    assert any(trap.hit(english, old) for trap in traps), "the draft the audit found would stop the build"
    config = load_config(REPO)
    with catalog_path(config, code).open(encoding="utf-8") as handle:
        fixed = next(message.string for message in read_po(handle) if message.id == english)
    assert fixed and not any(trap.hit(english, fixed) for trap in traps), fixed
