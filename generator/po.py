"""Strict reading of PO files, line by line, before Babel sees them.

Babel's reader guesses its way past mistakes (an unclosed quote silently loses the last
letter of the text; a duplicate message replaces the first), and a guessed translation can
mislead a reader about their health or visa. So every line is checked against the gettext
syntax that ``msgfmt -c`` enforces, and each mistake is reported at its own line in words a
volunteer translator with a text editor can act on. Only a file without problems is handed
to Babel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Location, Problem

BOM = "\ufeff"
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=\s|\"|$)\s*(.*)$")
_WORD = re.compile(r"[A-Za-z_][\w\[\]]*")
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"\s*')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")
_HEADER_FIELD = re.compile(r"[A-Za-z][\w-]*:")
_CHARSET = re.compile(r"charset=([\w-]+)", re.I)

QUOTE_HELP = 'write \\" for a quote inside the text (or use « » or “ ”)'


@dataclass(frozen=True, slots=True)
class PoMessage:
    """One message as written in the file, with the lines a translator needs."""

    context: str
    msgid: str
    string: str  # msgstr, or msgstr[0] of a plural message
    fuzzy: bool
    msgid_line: int
    string_line: int


@dataclass
class _Entry:
    """A message being read; ``last`` is the keyword a following text line continues."""

    fuzzy: bool = False
    broken: bool = False  # a problem was reported inside it: say nothing more about it
    fields: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    last: str | None = None

    def text(self, keyword: str) -> str:
        return "".join(part for part, _ in self.fields.get(keyword, ()))

    def line(self, keyword: str) -> int:
        return self.fields[keyword][0][1] if keyword in self.fields else 0

    @property
    def strings(self) -> list[str]:
        return [key for key in self.fields if key.startswith("msgstr")]


def _unescape(body: str) -> tuple[str, str | None]:
    """The text of a quoted string's inside, or a problem with one of its backslashes."""
    for match in _ESCAPE.finditer(body):
        if match.group(1) not in _ESCAPES:
            return "", (f"\\{match.group(1)} is not allowed in the text; write \\\\ for a backslash, "
                        '\\" for a quote, \\n for a new line')
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], body), None


def read_literal(rest: str) -> tuple[str, str | None]:
    """Read ``"text"`` (the whole rest of a line); return its text, or a problem for a translator.

    >>> read_literal('"He said \\\\"hi\\\\""')
    ('He said "hi"', None)
    >>> read_literal('"Çûna cem bijîşk')[1]
    'this line opens a quote (") but does not close it; end the text with " on the same line'
    """
    match = _LITERAL.fullmatch(rest)
    if match:
        return _unescape(match.group(1))
    if not rest.startswith('"'):
        return "", 'the text must be in quotes, like "…"'
    if rest.strip() == '"':
        return "", 'this line holds only a quote ("); delete it, or move the quote to the end of the line above'
    opening = re.match(r'"((?:[^"\\]|\\.)*)("?)', rest)
    assert opening is not None  # the pattern also matches an empty text
    if not opening.group(2):
        if rest.rstrip().endswith('\\"'):
            return "", ('this line ends with \\" (a quote inside the text), so the text is never closed; '
                        'end the line with " alone')
        return "", 'this line opens a quote (") but does not close it; end the text with " on the same line'
    tail = rest[opening.end():].strip()
    if '"' not in tail:
        return "", f'there is text after the closing quote ("): {tail}; put all of the text inside the quotes'
    return "", f'this line has a quote (") inside the text, which ends the text too early; {QUOTE_HELP}'


class _Reader:
    """Collects messages and problems while walking the lines of one file."""

    def __init__(self, relative: Path) -> None:
        self.relative = relative
        self.messages: list[PoMessage] = []
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, str], int] = {}
        self.entry = _Entry()
        self.header_checked = False

    def problem(self, line: int, message: str) -> None:
        """Report a problem in the message being read, which is then not checked any further."""
        self.report(line, message)
        self.entry.broken = True

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(Location(self.relative, line), message))

    def line(self, number: int, raw: str) -> None:
        text = raw.rstrip("\r").strip()
        if not text:
            self.finish()
        elif text.startswith("#"):
            self.comment(number, text)
        elif text.startswith('"'):
            self.continuation(number, text)
        else:
            self.keyword(number, text)

    def comment(self, number: int, text: str) -> None:
        if self.entry.fields and not self.entry.strings:
            self.problem(number, "a comment line (#) cannot stand between msgid and msgstr; "
                         "move it above the msgctxt or msgid line")
            return
        if self.entry.strings:
            self.finish()
        if text.startswith("#,"):
            self.entry.fuzzy = self.entry.fuzzy or "fuzzy" in (flag.strip() for flag in text[2:].split(","))
        elif text.startswith("#|"):
            previous = text[2:].strip()
            match = _KEYWORD.match(previous)
            _, problem = read_literal(match.group(3) if match else previous)
            if problem:
                self.problem(number, f"this '#|' line (the earlier English, kept for reference) is broken: "
                             f"{problem}; or delete the line")

    def continuation(self, number: int, text: str) -> None:
        value, problem = read_literal(text)
        if problem:
            self.problem(number, problem)
        elif self.entry.last is None:
            self.problem(number, "this line of text does not follow a msgid or msgstr line; join it to the "
                         "text above it (no blank or comment line in between) or delete it")
        else:
            self.entry.fields[self.entry.last].append((value, number))

    def keyword(self, number: int, text: str) -> None:
        match = _KEYWORD.match(text)
        if not match:
            word = _WORD.match(text)
            name = f"'{word.group(0)}'" if word else "this line"
            self.problem(number, f"{name} is not a PO keyword; a line starts with msgctxt, msgid, msgstr, "
                         '# or "')
            self.entry.last = None
            return
        keyword, index, rest = match.groups()
        if keyword in ("msgctxt", "msgid") and self.entry.strings:
            self.finish()
        entry = self.entry
        misplaced = self.misplaced(keyword, index, entry)
        if misplaced:
            self.problem(number, misplaced)
            entry.last = None
            return
        value, problem = read_literal(rest)
        if problem:
            self.problem(number, f"{keyword} must be followed by its text in quotes, like {keyword} \"…\""
                         if not rest.startswith('"') else problem)
        entry.fields[keyword] = [(value, number)]
        entry.last = keyword

    def misplaced(self, keyword: str, index: str | None, entry: _Entry) -> str | None:
        """Why this keyword cannot come here, or None."""
        has = entry.fields
        if keyword == "msgctxt" and ("msgctxt" in has or "msgid" in has):
            return f"msgctxt must come before msgid; the msgid at line {entry.line('msgid')} has no msgstr yet" \
                if "msgid" in has else "this message has two msgctxt lines; keep one"
        if keyword == "msgid" and "msgid" in has:
            return f"the msgid at line {entry.line('msgid')} has no msgstr; add msgstr \"\" under it"
        if keyword == "msgid_plural" and ("msgid" not in has or "msgid_plural" in has):
            return "msgid_plural must follow a msgid line"
        if keyword.startswith("msgstr") and "msgid" not in has:
            return ("this msgstr has no msgid above it; every translation needs its English msgid line "
                    "just above it, with no blank line in between")
        if keyword == "msgstr" and "msgid_plural" in has:
            return "this message has plural forms (msgid_plural); write msgstr[0], msgstr[1] … instead of msgstr"
        if index is not None and ("msgid_plural" not in has or int(index) != len(entry.strings)):
            return (f"expected msgstr[{len(entry.strings)}] here" if "msgid_plural" in has
                    else "msgstr[…] is only for messages with msgid_plural; write msgstr")
        if keyword in has:
            return f"this message has two {keyword} lines; keep one"
        return None

    def finish(self) -> None:
        """Close the message being read: it must be complete, new, and keep the English line breaks."""
        entry, self.entry = self.entry, _Entry()
        if not entry.fields or entry.broken:
            self.header_checked = self.header_checked or bool(entry.fields)
            return
        if "msgid" not in entry.fields:
            self.report(entry.line("msgctxt"), "this msgctxt has no msgid and msgstr after it")
            return
        if not entry.strings:
            self.report(entry.line("msgid"), "this msgid has no msgstr; add msgstr \"\" under it")
            return
        context, msgid, first = entry.text("msgctxt"), entry.text("msgid"), entry.strings[0]
        string, msgid_line, string_line = entry.text(first), entry.line("msgid"), entry.line(first)
        key = (context, msgid)
        if key in self.seen:
            self.report(msgid_line, f"this message is already in the file at line {self.seen[key]} "
                         "(same msgctxt and msgid); keep one of the two and delete the other")
            return
        self.seen[key] = msgid_line
        if not self.header_checked:
            self.header_checked = True
            if msgid or context:
                self.report(1, 'this file has no header (msgid "" and a msgstr with Content-Type); '
                             "copy the header from translations/content.pot")
            else:
                self.header(entry)
        elif not msgid:
            self.report(msgid_line, 'msgid "" is only for the header at the top of the file')
        for end, where in ((str.startswith, "begins"), (str.endswith, "ends")):
            if msgid and string and end(msgid, "\n") != end(string, "\n"):
                self.report(string_line, f"the English {where} with a line break (\\n) and the translation "
                             "must too" if end(msgid, "\n") else
                             f"the translation {where} with a line break (\\n) and the English does not; "
                             "remove it")
        self.messages.append(PoMessage(context, msgid, string, entry.fuzzy, msgid_line, string_line))

    def header(self, entry: _Entry) -> None:
        """Every header line is ``Name: value``, and Content-Type says UTF-8 (how the file is read)."""
        parts = entry.fields.get("msgstr", [])
        for part, line in parts:
            for item in part.split("\n"):
                if item and not _HEADER_FIELD.match(item):
                    self.report(line, f"header line {item!r} is not 'Name: value'; fix or delete it")
        charset = _CHARSET.search(entry.text("msgstr"))
        if not charset or charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
            self.report(entry.line("msgstr"), 'the header must say "Content-Type: text/plain; charset=UTF-8\\n" '
                         "and the file must be saved as UTF-8")


def read_po_text(data: bytes, relative: Path) -> tuple[str, list[PoMessage], list[Problem]]:
    """Decode and check a PO file; return its text (for Babel), its messages and every problem found."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problem = Problem(Location(relative, line), "this line has a character that is not UTF-8; "
                          "save the file as UTF-8 (in Poedit this is automatic)")
        return "", [], [problem]
    reader = _Reader(relative)
    if text.startswith(BOM):
        text = text[1:]
        reader.report(1, "the file starts with an invisible byte-order mark (BOM), which gettext tools reject; "
                      'save it as "UTF-8" without BOM (not "UTF-8 with BOM")')
    for number, raw in enumerate(text.split("\n"), 1):
        reader.line(number, raw)
    reader.finish()
    if not reader.header_checked:
        reader.report(1, "this file has no messages; copy the header from translations/content.pot")
    return text, reader.messages, reader.problems
