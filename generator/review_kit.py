"""The review kit: one language's messages beside the English, for a bilingual reviewer with a
browser, a printer or a spreadsheet (``build/review/<lang>/review-<lang>.html``, ``.pdf``, ``.xlsx``).

Every message keeps a stable id (its msgctxt and a short hash of its English), so a filled-in
sheet can come back through :mod:`generator.review_import` and be checked by the same rules as
the catalog (:func:`generator.catalog_check.check_catalog`). Texts that decide what a reader tells the
Home Office or police, pays, or dials come first: a wrong word there costs the reader most.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.catalog_check import LanguageRules, check_catalog, load_rules
from generator.config import LANGUAGES_FILE, Language, ProjectConfig
from generator.content import ContentSet, load_content
from generator.errors import Severity, TranslationError
from generator.i18n import Entry, Review, Translations, load_translations
from generator.messages import PLACEHOLDER, texts

log = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).parent / "templates"
SAFETY = re.compile(r"Home Office|share|charge|bill|pay|999|111|police|debt|must|do not have to", re.I)
"""English that decides what a reader tells the authorities, pays or dials: reviewed first."""
_TOPICS = (
    (re.compile(r"Home Office|police|share", re.I), "the Home Office, the police, or what is shared"),
    (re.compile(r"charge|bill|pay|debt", re.I), "charges, bills and debts"),
    (re.compile(r"999|111|\{phone:", re.I), "emergency numbers and phone numbers"),
    (re.compile(r"must|do not have to", re.I), "must / do not have to"),
)
PLACEHOLDER_NAMES = {"phone": "phone placeholder", "org": "organisation-name placeholder",
                     "web": "web address placeholder", "email": "e-mail address placeholder",
                     "page": "page link placeholder", "lang": "language-name placeholder",
                     "date": "date placeholder"}
_FIRST_SENTENCE = re.compile(r'^((?:"[^"]*"|[^"])*?)\.(?:\s+|$)(.*)$', re.S)
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_GROUP_PREFIX = re.compile(r'^(?:(?:Page|Leaflet) "[^"]*" \([^)]*\)|Home page), ')


def message_id(context: str, english: str) -> str:
    """The id a review sheet uses for a message: stable while its context and English stay the same.

    >>> message_id("see-a-doctor.title", "Seeing a doctor")
    'see-a-doctor.title#9f137766'
    """
    return f"{context}#{hashlib.sha1(english.encode('utf-8')).hexdigest()[:8]}"


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One message as a reviewer sees it."""

    id: str
    context: str
    english: str
    translation: str
    status: str  # untranslated, fuzzy, draft (not yet checked by a person) or reviewed
    group: str  # where it appears, e.g. 'Page "Seeing a doctor"'
    where: str  # the part of it, e.g. 'body heading'
    note: str  # the rest of the translator comment: readers, length limit, placeholders
    reasons: tuple[str, ...]  # why it needs care: its topics, trap phrases, broken rules
    problems: tuple[str, ...]  # rules the current translation breaks
    in_catalog: bool  # False for English newer than the PO file (before `i18n update`)
    comments: tuple[str, ...] = ()  # translator comments in the PO file
    critical: bool = False  # safety-critical: reviewed first, in its own section

    @property
    def key(self) -> tuple[str, str]:
        return self.context, self.english


@dataclass(frozen=True)
class ReviewKit:
    """Every message of one language, safety-critical first, then page by page."""

    lang: Language
    review: Review
    items: tuple[ReviewItem, ...]
    catalog: Path  # repo-relative PO file

    def counts(self) -> Counter[str]:
        return Counter(item.status for item in self.items)


def correction_problems(item: ReviewItem, text: str, translations: Translations,
                        rules: LanguageRules) -> tuple[list[str], list[str]]:
    """(errors, warnings) for ``text`` as the translation of ``item``, worded for a reviewer."""
    errors = []
    if "\n" in text and "\n" not in item.english:
        errors.append("the correction has a line break; write it on one line, as the English is")
    if "\ufffd" in text or "???" in text:
        errors.append("the correction has ??? or \ufffd where letters were: the file lost its letters when it "
                      "was saved; send the .xlsx, or save as 'CSV UTF-8'")
    wanted, found = Counter(PLACEHOLDER.findall(item.english)), Counter(PLACEHOLDER.findall(text))
    for kind, name in sorted(wanted - found):
        errors.append(f"the correction drops the {PLACEHOLDER_NAMES[kind]} {{{kind}:{name}}}; "
                      "copy it exactly as in the English")
    for kind, name in sorted(found - wanted):
        errors.append(f"the correction adds {{{kind}:{name}}}, which the English does not have; "
                      "use only the placeholders of the English, copied exactly")
    single = Translations(translations.lang, translations.path,
                          {item.key: Entry(text, False, 0, item.comments)}, Review())
    warnings = []
    for problem in check_catalog(single, {item.key: item.english}, rules):
        message = problem.message.removeprefix(f"msgctxt {item.context!r}: ")
        if message.startswith("placeholders differ"):
            continue  # worded above, naming each placeholder
        if problem.severity is Severity.WARNING:
            warnings.append(f"the correction is {message}" if message.startswith("much") else message)
        else:
            errors.append(_reword(message))
    return errors, warnings


def _reword(message: str) -> str:
    if message.startswith("translation is identical to the English"):
        return "the correction is the same as the English; translate it, or leave the correction empty"
    if message.startswith(("contains", "has ")):
        return f"the correction {message}"
    return f"in the correction, {message}"


def safety_reasons(english: str, translation: str, rules: LanguageRules) -> tuple[tuple[str, ...], bool]:
    """Why a message needs care, and whether that makes it safety-critical (checked first).

    Its topics and a trap phrase in its translation make it critical; English that a trap phrase
    of the language often mistranslates only adds a reminder."""
    reasons = [topic for pattern, topic in _TOPICS if pattern.search(english)]
    critical = bool(reasons or SAFETY.search(english))
    risky: dict[str, list[str]] = {}
    for trap in rules.traps:
        said = trap.english.search(english)
        if trap.hit(english, translation):
            reasons.append(f"the translation uses the trap phrase «{trap.phrase}»: {trap.advice}")
            critical = True
        elif said and not (trap.unless_english and trap.unless_english.search(english)):
            risky.setdefault(said.group(0), []).append(f"«{trap.phrase}»")
    for said, phrases in risky.items():
        unique = list(dict.fromkeys(phrases))
        listed = ", ".join(unique[:-1]) + " or " + unique[-1] if len(unique) > 1 else unique[0]
        reasons.append(f"the English says “{said}”: check the translation does not use {listed}")
    return tuple(dict.fromkeys(reasons)), critical


def _group(context: str, content: ContentSet) -> tuple[int, str]:
    """(order, label) of the place a message appears."""
    first, _, rest = context.partition(".")
    pages = {page.id: page for page in content.pages}
    leaflets = {leaflet.id: leaflet for leaflet in content.leaflets}
    if first in pages:
        return 1, f'Page "{pages[first].title}"'
    if first == "leaflet" and rest in leaflets:
        return 4, f'Leaflet "{leaflets[rest].title}"'
    labels = {"home": (0, "Home page"), "directory": (2, "Directory of services"), "glossary": (3, "Glossary"),
              "interface": (5, "Interface (buttons, menus, search)")}
    return labels.get(first, (6, context))


def _status(entry: Entry | None, review: Review) -> str:
    if entry is None or not entry.string:
        return "untranslated"
    if entry.fuzzy:
        return "fuzzy"
    return "reviewed" if review.is_reviewed else "draft"


def collect_review(config: ProjectConfig, code: str, content: ContentSet | None = None,
                   rules: LanguageRules | None = None) -> ReviewKit:
    """The review kit of one language from the current content and catalog."""
    lang = config.language(code)
    content = content or load_content(config.root)
    if rules is None:
        rules, problems = load_rules(config, code)
        for problem in problems:
            log.warning("%s", problem)
    translations = load_translations(config, lang)
    seen: dict[tuple[str, str], ReviewItem] = {}
    order: dict[tuple[str, str], tuple[int, int, int]] = {}
    groups: dict[str, int] = {}
    for index, text in enumerate(texts(content)):
        key = (text.context, text.text)
        if key in seen:
            continue
        entry = translations.entries.get(key)
        translation = entry.string if entry else ""
        rank, group = _group(text.context, content)
        groups.setdefault(group, len(groups))
        match = _FIRST_SENTENCE.match(text.comment)
        where, note = (match.group(1), match.group(2)) if match else (text.comment, "")
        reasons, critical = safety_reasons(text.text, translation, rules)
        item = ReviewItem(message_id(*key), text.context, text.text, translation,
                          _status(entry, translations.review), group, _GROUP_PREFIX.sub("", where), note,
                          reasons, (), entry is not None, entry.comments if entry else (), critical)
        if translation:
            item = _with_problems(item, translations, rules)
        seen[key] = item
        order[key] = (0 if item.critical else 1, rank * 1000 + groups[group], index)
    items = sorted(seen.values(), key=lambda item: order[item.key])
    return ReviewKit(lang, translations.review, tuple(items), translations.path)


def _with_problems(item: ReviewItem, translations: Translations, rules: LanguageRules) -> ReviewItem:
    errors, _ = correction_problems(item, item.translation, translations, rules)
    problems = tuple(error.replace("the correction", "the translation") for error in errors)
    return replace(item, problems=problems, critical=item.critical or bool(problems))


# --- writing -------------------------------------------------------------------------------------


def review_dir(config: ProjectConfig, code: str, out: Path | None = None) -> Path:
    return (out or config.build_dir / "review") / code


def isolate(text: str, lang: Language) -> Markup:
    """Escaped text whose «quoted» right-to-left words keep their order inside English.

    >>> from generator.config import Language
    >>> str(isolate("not «لا يجب» here", Language("ar", "Arabic", "العربية", "rtl", "ar", "Noto Naskh Arabic")))
    'not «<bdi lang="ar" dir="rtl">لا يجب</bdi>» here'
    """
    def wrap(match: re.Match[str]) -> str:
        inner = match.group(1)
        if not _RTL.search(inner):
            return f"«{inner}»"
        return f'«<bdi lang="{lang.code}" dir="rtl">{inner}</bdi>»'

    return Markup(re.sub(r"«([^»]*)»", wrap, str(escape(text))))


def mark_placeholders(text: str) -> Markup:
    """Escaped text with each placeholder isolated left to right, so right-to-left text cannot
    turn ``{phone:emergency-999}`` into ``{999-phone:emergency}`` on the page.

    >>> str(mark_placeholders("اتصل <b> {phone:nhs-111}"))
    'اتصل &lt;b&gt; <bdi dir="ltr" class="ph">{phone:nhs-111}</bdi>'
    """
    return Markup(PLACEHOLDER.sub(lambda match: f'<bdi dir="ltr" class="ph">{match.group(0)}</bdi>',
                                  str(escape(text))))


def render_review_html(kit: ReviewKit) -> str:
    """The side-by-side review document (also the source of the PDF)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), undefined=StrictUndefined, autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["isolate"] = lambda text: isolate(text, kit.lang)
    env.filters["placeholders"] = mark_placeholders
    safety = [item for item in kit.items if item.critical]
    sections: dict[str, list[ReviewItem]] = {}
    for item in kit.items:
        if not item.critical:
            sections.setdefault(item.group, []).append(item)
    if not re.fullmatch(r"[\w -]+", kit.lang.font):
        raise TranslationError(f"{LANGUAGES_FILE}: {kit.lang.code}: font {kit.lang.font!r} is not a font family name")
    font_family = Markup(f'"{kit.lang.font}", "Noto Sans", sans-serif')  # checked above: safe inside <style>
    return env.get_template("review.html.j2").render(kit=kit, lang=kit.lang, counts=kit.counts(), safety=safety,
                                                    sections=sections, total=len(kit.items), font_family=font_family)


def write_review_kit(config: ProjectConfig, code: str, out: Path | None = None, *,
                     pdf: bool = True) -> list[Path]:
    """Write review-<lang>.html, .pdf and .xlsx for one language; return their paths."""
    from generator.review_sheet import write_sheet

    kit = collect_review(config, code)
    folder = review_dir(config, code, out)
    folder.mkdir(parents=True, exist_ok=True)
    html = render_review_html(kit)
    html_path = folder / f"review-{code}.html"
    html_path.write_text(html, encoding="utf-8")
    paths = [html_path]
    if pdf:
        from weasyprint import HTML  # slow to import; only the PDF needs it

        from generator.leaflets import _weasyprint_errors

        pdf_path = folder / f"review-{code}.pdf"
        with _weasyprint_errors() as errors:
            HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf(pdf_path)
        if errors:
            raise TranslationError(f"{config.relative(pdf_path)}: {'; '.join(errors)}")
        paths.append(pdf_path)
    paths.append(write_sheet(kit, folder / f"review-{code}.xlsx"))
    log.info("review kit for %s: %d messages, %d safety-critical", code, len(kit.items),
             sum(1 for item in kit.items if item.critical))
    return paths
