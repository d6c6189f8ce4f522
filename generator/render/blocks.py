"""Body blocks (headings, paragraphs, lists, steps, warnings, notes) and contact cards as HTML."""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.render.localise import _Localiser, attr_list, contact_link, markdown_heading
from generator.schema import Block, Callout, DirectoryEntry


def render_block(loc: _Localiser, context: str, block: Block) -> str:
    """One body block as HTML (a heading as a Markdown main heading, level 2)."""
    kind = block.kind
    if kind == "heading":
        shown, fallback = loc.plain(context, block.heading)
        loc.untranslated += fallback
        return markdown_heading(shown, 2, attr_list(loc, context, block.heading))
    if kind == "paragraph":
        return str(loc.html(context, block.paragraph, "p", cite=block.cite))
    if kind in ("list", "steps"):
        tag = "ul" if kind == "list" else "ol"
        items = "".join(str(loc.html(context, item.text, "li", cite=tuple(dict.fromkeys((*block.cite, *item.cite)))))
                        for item in block.list_items)
        return f'<{tag} class="sta-{kind}">{items}</{tag}>'
    if kind in ("warning", "note"):
        return _callout(loc, context, kind, block.warning or block.note, block.cite)
    cards = "".join(str(contact_card(loc, loc.content.directory[item])) for item in block.contacts)
    return f'<div class="sta-contacts">{cards}</div>'


def _callout(loc: _Localiser, context: str, kind: str, callout: Callout, cite: tuple[str, ...] = ()) -> str:
    title = loc.html(context, callout.title, "p", class_="admonition-title")
    text = loc.html(context, callout.text, "p", cite=cite)
    return f'<div class="admonition {kind}">{title}{text}</div>'


def contact_card(loc: _Localiser, entry: DirectoryEntry) -> Markup:
    """A directory entry as a card: name, what it does, phone, web, hours, languages.

    When the page already showed the entry's card, this one keeps only its name, one way to get
    in touch (its phone number, or else its website or e-mail address) and its hours.
    """
    rows = [f'<p class="sta-contact__name"><bdi>{escape(entry.name)}</bdi></p>']
    ways = [kind for kind, key in (("phone", "phone"), ("web", "url"), ("email", "email")) if getattr(entry, key)]
    repeat = entry.id in loc.cards_shown
    loc.cards_shown.add(entry.id)
    if not repeat:
        rows.append(str(loc.html(f"directory.{entry.id}.what", entry.what, "p")))
    for kind in ways[:1] if repeat else ways:
        rows.append(f"<p>{escape(loc.label(f'contact.{kind}'))} {contact_link(entry, kind)}</p>")
    for name in ("hours",) if repeat else ("hours", "languages"):
        if getattr(entry, name):
            value = loc.html(f"directory.{entry.id}.{name}", getattr(entry, name), "span")
            rows.append(f"<p>{escape(loc.label(f'contact.{name}'))} {value}</p>")
    return Markup(f'<div class="sta-contact">{"".join(rows)}</div>')
