"""YAML with line numbers: every mapping and list remembers where it came from, so schema
errors (pydantic) and cross-reference errors can name ``path:line``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator.errors import ContentError, Location, Problem


class _LineDict(dict):
    lines: dict[Any, int]


class _LineList(list):
    lines: list[int]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: about 9 times faster
    """A safe loader whose mappings and sequences remember the line of each entry."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict()
    mapping.lines = {"": node.start_mark.line + 1}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    sequence = _LineList(loader.construct_object(item, deep=True) for item in node.value)
    sequence.lines = [item.start_mark.line + 1 for item in node.value]
    return sequence


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path, relative: Path) -> Any:
    """Parse one YAML file; a syntax error becomes a ContentError at its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(Location(relative), "save this file as UTF-8") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        what = error.problem or str(error)
        raise ContentError(Location(relative, line),
                           f"this is not valid YAML ({what}); check indentation, colons and quotes") from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as a control code
        line = text[:text.find(chr(error.character))].count("\n") + 1
        raise ContentError(Location(relative, line),
                           f"this line holds a character YAML does not allow (U+{error.character:04X}, often "
                           "pasted from another program); delete it and type the text again") from None


def _walk_lines(node: Any, path: str, relative: Path, item: str,
                lines: dict[tuple[str, str], Location]) -> None:
    if isinstance(node, _LineDict):
        lines[(item, path)] = Location(relative, node.lines[""])
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            lines[(item, child)] = Location(relative, node.lines[key])
            _walk_lines(value, child, relative, item, lines)
    elif isinstance(node, _LineList):
        for index, (value, line) in enumerate(zip(node, node.lines, strict=True)):
            child = f"{path}.{index}" if path else str(index)
            lines[(item, child)] = Location(relative, line)
            _walk_lines(value, child, relative, item, lines)


def _line_for(raw: Any, loc: tuple[Any, ...], fallback: int) -> int:
    """The YAML line of the deepest part of a pydantic error location we can find."""
    line, node = fallback, raw
    for part in loc:
        in_dict = isinstance(node, _LineDict) and part in node
        in_list = isinstance(node, _LineList) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            line, node = node.lines[part], node[part]
        else:
            break
    return line


def _validation_problems(error: ValidationError, raw: Any, relative: Path) -> list[Problem]:
    problems = []
    start = raw.lines[""] if isinstance(raw, _LineDict) else 1
    for detail in error.errors():
        loc = tuple(part for part in detail["loc"] if part not in ("function-after", "function-before"))
        loc = tuple(part for part in loc if not (isinstance(part, str) and part.startswith("function")))
        where = ".".join(str(part) for part in loc) or "this item"
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = "unknown field; check its spelling against content/README.md"
        elif detail["type"] == "missing":
            message = "this required field is missing; see content/README.md"
        problems.append(Problem(Location(relative, _line_for(raw, loc, start)), f"{where}: {message}"))
    return problems


class Reader:
    """Reads content files, keeping every field's line and collecting problems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines: dict[tuple[str, str], Location] = {}
        self.problems: list[Problem] = []

    def read(self, path: Path, item: str) -> tuple[Any, Path]:
        relative = path.relative_to(self.root)
        if not path.exists():
            raise ContentError(Location(relative), "file not found; see content/README.md")
        raw = read_yaml(path, relative)
        _walk_lines(raw, "", relative, item, self.lines)
        return raw, relative

    def one(self, model: type[BaseModel], raw: Any, relative: Path) -> Any:
        try:
            return model.model_validate(raw)
        except ValidationError as error:
            self.problems.extend(_validation_problems(error, raw, relative))
            return None

    def entries(self, paths: list[Path], model: type[BaseModel], prefix: str) -> list[Any]:
        """Validate a list file of entries; per-entry lines are stored under ``prefix:id``."""
        items = []
        for path in paths:
            raw, relative = self.read(path, f"file:{path.name}")
            if not isinstance(raw, list):
                raise ContentError(Location(relative, 1), "expected a list of entries, each starting with '- '")
            for index, entry in enumerate(raw):
                item = self.one(model, entry, relative)
                if item is not None:
                    key = getattr(item, "id", None) or getattr(item, "term", str(index))
                    _walk_lines(entry, "", relative, f"{prefix}:{key}", self.lines)
                    items.append(item)
        return items

    def unique(self, items: list[Any], prefix: str) -> dict[str, Any]:
        by_id: dict[str, Any] = {}
        for item in items:
            if item.id in by_id:
                self.problems.append(Problem(self.lines[(f"{prefix}:{item.id}", "")],
                                             f"id {item.id!r} is used twice; ids must be unique"))
            by_id[item.id] = item
        return by_id
