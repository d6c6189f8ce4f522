"""Suggestions for new messages when catalogs are updated: an earlier translation is offered
(as a fuzzy draft, with the earlier English shown) only when its English is nearly the same.

Babel's own fuzzy matching offers anything above a 0.6 similarity, across contexts and
placeholders: the Somali for "Urgent help" was offered for "Getting help", and a legal-aid
sentence for a jurisdiction note. A translator who accepts such a guess publishes a wrong
sentence, so an empty message is the safer default.
"""

from __future__ import annotations

import copy
from collections import Counter
from difflib import SequenceMatcher

from babel.messages.catalog import Catalog, Message

from generator.messages import PLACEHOLDER

CLOSE = 0.9
"""The least ``difflib`` ratio between two English texts for a translation to be offered."""


def context_family(context: str | None) -> str:
    """What kind of text a context names, without the page or entry it belongs to.

    >>> context_family("see-a-doctor.body"), context_family("directory.nhs-111.hours")
    ('body', 'directory.hours')
    >>> context_family("leaflet.rights-a5"), context_family(None)
    ('leaflet', '')
    """
    parts = (context or "").split(".")
    if len(parts) >= 3:
        return f"{parts[0]}.{parts[-1]}"
    return parts[0] if parts[0] == "leaflet" else parts[-1]


def _placeholders(text: str) -> Counter[str]:
    return Counter(match.group(0) for match in PLACEHOLDER.finditer(text))


def close_match(message: Message, candidates: list[Message]) -> Message | None:
    """The candidate whose English is closest to the message's, if it is close enough to offer."""
    text = message.id.strip().lower()
    family, placeholders = context_family(message.context), _placeholders(message.id)
    best, best_ratio = None, CLOSE
    for candidate in candidates:
        if context_family(candidate.context) != family or _placeholders(candidate.id) != placeholders:
            continue
        matcher = SequenceMatcher(None, text, candidate.id.strip().lower())
        if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio \
                and (ratio := matcher.ratio()) >= best_ratio and (best is None or ratio > best_ratio):
            best, best_ratio = candidate, ratio
    return best


def update_with_suggestions(catalog: Catalog, template: Catalog) -> None:
    """Merge ``template`` into ``catalog`` like ``Catalog.update``, offering only close matches.

    A fuzzy draft keeps the earlier English it was made from (Babel's update forgets it)."""
    previous = {(message.id, message.context): message.previous_id for message in catalog
                if message.id and message.fuzzy and message.previous_id}
    # Babel puts the template's own Message objects for new texts into the catalog: without a copy,
    # a suggestion written into one language would appear in every language updated after it.
    catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False)
    for message in catalog:
        if message.fuzzy and not message.previous_id:
            message.previous_id = previous.get((message.id, message.context), [])
    candidates = [old for old in catalog.obsolete.values()
                  if isinstance(old.id, str) and old.id and isinstance(old.string, str) and old.string]
    for message in catalog:
        if not message.id or message.string or not isinstance(message.id, str):
            continue
        match = close_match(message, candidates)
        if match is not None:
            candidates.remove(match)
            message.string = match.string
            message.flags.add("fuzzy")
            message.previous_id = [match.id]
            for key in [key for key, old in catalog.obsolete.items() if old is match]:
                del catalog.obsolete[key]
