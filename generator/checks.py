"""Cross-phase checks and reports: reading grade of the English pages."""

from __future__ import annotations

from dataclasses import dataclass

import textstat

from generator.content import ContentSet
from generator.messages import PLACEHOLDER, page_texts

PLAIN_ENGLISH_GRADE = 6.0
"""Pages for people who need help aim at this Flesch-Kincaid grade or lower (reading age about 11)."""


@dataclass(frozen=True, slots=True)
class Readability:
    page_id: str
    grade: float
    for_migrants: bool

    @property
    def too_hard(self) -> bool:
        return self.for_migrants and self.grade > PLAIN_ENGLISH_GRADE


def _readable_text(text: str) -> str:
    """Text as a reader sees it: placeholders become short words, sentences end with a full stop."""
    text = PLACEHOLDER.sub("it", text).replace("**", "").strip()
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def readability(content: ContentSet) -> list[Readability]:
    """The Flesch-Kincaid grade of every English page."""
    textstat.set_lang("en")
    rows = []
    for page in content.pages:
        body = " ".join(_readable_text(text) for _, _, text in page_texts(page))
        rows.append(Readability(page.id, round(textstat.flesch_kincaid_grade(body), 1),
                                "migrants" in page.audiences))
    return rows
