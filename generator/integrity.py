"""Rules every translated message must keep: no added markup or contacts, the English
placeholders, numbers and bold marks. Each rule looks at one English text and its
translation, so a catalog check can name the PO line of every broken message."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from generator.messages import PLACEHOLDER
from generator.traps import NumberWords

_CONTACT = re.compile(r"\b(?:https?|ftp|file|mailto|tel|sms)\s*:|//\w|www\.|\S+@\S+\.\w|\+?\d[\d \-]{6,}\d", re.I)
_FORBIDDEN = (
    (re.compile(r"<\s*/?\s*[a-z!?]", re.I), "HTML tags or comments"),
    (re.compile(r"\]\s*\(|!\[|\[[^\]]*\]\s*\[", re.I), "Markdown links or images"),
    (re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}"), "template syntax ({{ }} or {% %})"),
    (re.compile(r"javascript\s*:|vbscript\s*:|\bdata:\s*[a-z]+/[a-z0-9.+-]+", re.I), "script or data URLs"),
    (re.compile(r"&[#a-z0-9]+;", re.I), "HTML entities"),
    (re.compile(r"`"), "code marks (`)"),
)
_DIGITS = re.compile(r"\d+(?:[.,\u00a0\u202f\u066b\u066c ]\d{3})*")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
"""A decimal digit of another script (Arabic-Indic, Bengali, Devanagari, …)."""


def numbers(text: str) -> Counter[str]:
    """Numbers in text, written in any script's digits, thousands separators ignored.

    >>> sorted(numbers("٥٠٠ or £1,000 and {phone:nhs-111}").elements())
    ['1000', '500']
    """
    normalised = _OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), text)
    without = PLACEHOLDER.sub(" ", normalised)
    return Counter(re.sub(r"\D", "", match) for match in _DIGITS.findall(without))


def number_problem(source: str, translation: str, words: NumberWords | None = None) -> str | None:
    """Why the translation's numbers differ from the English, or None.

    A digit of the English may be left out only where the translation writes that same number
    as a word listed for its language (``words``); a digit the English does not have always fails.
    """
    wanted, found = numbers(source), numbers(translation)
    if wanted == found:
        return None
    missing = wanted - found
    if words and not (found - wanted) and all(words.count(n, translation) >= k for n, k in missing.items()):
        return None
    also = f" (or write it as a word listed in {words.path})" if words and words.words else ""
    return f"numbers differ from the English ({' '.join(sorted(wanted)) or 'none'}); keep every number{also}"


def message_problems(source: str, translation: str, words: NumberWords | None = None) -> list[str]:
    """Why a translation may not be shown; empty when it is safe and faithful."""
    problems = [f"contains {what}, which translations may not add; write plain text"
                for pattern, what in _FORBIDDEN if pattern.search(translation)]
    if Counter(PLACEHOLDER.findall(translation)) != Counter(PLACEHOLDER.findall(source)):
        wanted = " ".join(sorted(set(m.group(0) for m in PLACEHOLDER.finditer(source)))) or "none"
        problems.append(f"placeholders differ from the English; keep exactly: {wanted}")
    leftover = PLACEHOLDER.sub("", translation)
    if "{" in leftover or "}" in leftover:
        problems.append("has a brace that is not one of the English placeholders")
    contact = _CONTACT.search(PLACEHOLDER.sub("", translation).replace("**", ""))
    if contact and not _CONTACT.search(PLACEHOLDER.sub("", source)):
        problems.append(f"{contact.group(0)!r} looks like a phone number, web or e-mail address; "
                        "these come only from the English placeholders")
    number = number_problem(source, translation, words)
    if number:
        problems.append(number)
    if translation.count("**") != source.count("**"):
        problems.append("bold marks (**) differ from the English")
    return problems
