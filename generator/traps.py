"""Per-language lists kept beside each catalog: trap phrases and number words.

``translations/<lang>/traps.yml`` lists phrases that readers of the language take to mean
something the English does not say (Arabic «لا يجب أن» is read as "you must not", not "you do
not have to"); a translation of a matching English message may not contain them.
``translations/<lang>/numbers.yml`` lists the words that may stand for a digit of the English
where grammar needs a word (the Arabic dual «شهرين» is "2 months"). Both are matched after
:func:`fold`, so diacritics, tatweel, letter variants and spacing cannot hide a phrase. A
missing file means an empty list; a broken one is an error at its line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ContentError, Location, Problem
from generator.yaml_lines import read_yaml

TRAP_KEYS = {"phrase": True, "english": True, "unless_english": False, "advice": True}
"""The keys of one trap, and whether each is required."""

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": None,
                       "ş": "ș", "ţ": "ț", "Ş": "ș", "Ţ": "ț",
                       "\u200b": None, "\u200e": None, "\u200f": None, "\u061c": None, "\u00ad": None})
_MARKS = re.compile("[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed]")
"""Combining accents and Arabic vowel marks, which writers add or leave out freely."""


def fold(text: str) -> str:
    """Text as trap phrases are compared: case, marks, Arabic letter variants and spacing folded.

    >>> fold("لا يَجِبُ  ان") == fold("لا يجب أن")
    True
    >>> fold("NU  trebuie")
    'nu trebuie'
    """
    text = _MARKS.sub("", unicodedata.normalize("NFC", text)).translate(_FOLD)
    return re.sub(r"\s+", " ", text).casefold()


@dataclass(frozen=True, slots=True)
class Trap:
    """A phrase that must not translate English matching ``english`` (unless ``unless_english`` matches)."""

    phrase: str
    english: re.Pattern[str]
    unless_english: re.Pattern[str] | None
    advice: str
    location: Location

    def hit(self, english: str, translation: str) -> bool:
        """True when the translation of this English contains the phrase."""
        return (fold(self.phrase) in fold(translation) and self.english.search(english) is not None
                and not (self.unless_english and self.unless_english.search(english)))


NUMBER_KEYS = ("numbers", "prefixes", "compounds")


@dataclass(frozen=True, slots=True)
class NumberWords:
    """Words that may stand for a number of the English (``numbers.yml``).

    ``prefixes`` may be joined to the front of a word (Arabic «بشهرين», «والثلاثة»); a word
    followed by one of ``compounds`` is part of a bigger number («ثلاثة عشر» is 13, not 3)."""

    words: dict[str, frozenset[str]]
    prefixes: tuple[str, ...] = ()
    compounds: frozenset[str] = frozenset()
    path: Path | None = None  # repo-relative numbers.yml, for messages

    def count(self, number: str, text: str) -> int:
        """How many words of ``text`` write ``number`` on their own."""
        forms = self.words.get(number, frozenset())
        tokens = re.findall(r"\w+", fold(text))
        return sum(1 for index, word in enumerate(tokens)
                   if (word in forms or any(word.startswith(p) and word[len(p):] in forms for p in self.prefixes))
                   and (index + 1 == len(tokens) or tokens[index + 1] not in self.compounds))


def _lines(node: Any, key: Any, fallback: int) -> int:
    lines = getattr(node, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key, fallback)
    if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
        return lines[key]
    return fallback


def _read(path: Path, relative: Path) -> tuple[Any, list[Problem]]:
    if not path.exists():
        return None, []
    try:
        return read_yaml(path, relative), []
    except ContentError as error:
        return None, [Problem(error.location, str(error).removeprefix(f"{error.location}: "))]


def _regex(value: Any, where: Location, key: str, problems: list[Problem]) -> re.Pattern[str] | None:
    if not isinstance(value, str) or not value:
        problems.append(Problem(where, f"{key} must be a regular expression in quotes"))
        return None
    try:
        return re.compile(value, re.I)
    except re.error as error:
        problems.append(Problem(where, f"{key} is not a valid regular expression ({error}); "
                                "check brackets, and write \\\\b for a word boundary inside double quotes"))
        return None


def _trap(raw: Any, line: int, relative: Path, problems: list[Problem]) -> Trap | None:
    if not isinstance(raw, dict):
        problems.append(Problem(Location(relative, line), "each trap is a mapping starting with '- phrase:'"))
        return None
    before = len(problems)
    for key in raw:
        if key not in TRAP_KEYS:
            problems.append(Problem(Location(relative, _lines(raw, key, line)),
                                    f"unknown key {key!r}; a trap has phrase, english, advice and "
                                    "optionally unless_english"))
    for key, required in TRAP_KEYS.items():
        if required and not raw.get(key):
            problems.append(Problem(Location(relative, line), f"this trap has no {key}; add it"))
    english = _regex(raw.get("english"), Location(relative, _lines(raw, "english", line)), "english", problems)
    unless = raw.get("unless_english")
    unless_pattern = None if unless is None else _regex(
        unless, Location(relative, _lines(raw, "unless_english", line)), "unless_english", problems)
    phrase, advice = raw.get("phrase"), raw.get("advice")
    for key, value in (("phrase", phrase), ("advice", advice)):
        if value and not isinstance(value, str):
            problems.append(Problem(Location(relative, _lines(raw, key, line)), f"{key} must be text in quotes"))
    if len(problems) > before or english is None:
        return None
    return Trap(phrase, english, unless_pattern, advice.strip(), Location(relative, line))


def load_traps(path: Path, relative: Path) -> tuple[tuple[Trap, ...], list[Problem]]:
    """The trap phrases in ``traps.yml`` (none when it is missing), and any problems at their lines."""
    raw, problems = _read(path, relative)
    if raw is None:
        return (), problems
    if not isinstance(raw, list):
        return (), [Problem(Location(relative, 1), "expected a list of traps, each starting with '- phrase:'")]
    traps = [_trap(item, _lines(raw, index, 1), relative, problems) for index, item in enumerate(raw)]
    return tuple(trap for trap in traps if trap is not None), problems


def trap_problems(traps: Sequence[Trap], english: str, translation: str) -> list[str]:
    """The advice of every trap the translation of this English falls into."""
    return [f"«{trap.phrase}» is a trap phrase for this English: {trap.advice} (listed in {trap.location})"
            for trap in traps if trap.hit(english, translation)]


def load_number_words(path: Path, relative: Path) -> tuple[NumberWords, list[Problem]]:
    """The number words in ``numbers.yml`` (none when it is missing), and any problems at their lines."""
    raw, problems = _read(path, relative)
    if raw is None:
        return NumberWords({}), problems
    if not isinstance(raw, dict) or set(raw) - set(NUMBER_KEYS) or not isinstance(raw.get("numbers"), dict):
        return NumberWords({}), [Problem(Location(relative, 1), "expected 'numbers:' (a number, then a list of "
                                         "words for it) and optionally 'prefixes:' and 'compounds:' (lists)")]
    words = {}
    for number, forms in raw["numbers"].items():
        where = Location(relative, _lines(raw["numbers"], number, 1))
        if not isinstance(number, int) or not isinstance(forms, list) \
                or not all(isinstance(form, str) and form for form in forms):
            problems.append(Problem(where, "write a number, a colon, then its words in a list: 2: [\"…\", \"…\"]"))
            continue
        words[str(number)] = frozenset(fold(form) for form in forms)
    lists = {}
    for key in ("prefixes", "compounds"):
        items = raw.get(key) or []
        if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
            problems.append(Problem(Location(relative, _lines(raw, key, 1)), f"{key} must be a list of text"))
            items = []
        lists[key] = [fold(item) for item in items]
    return NumberWords(words, tuple(sorted(lists["prefixes"], key=len, reverse=True)),
                       frozenset(lists["compounds"]), relative), problems
