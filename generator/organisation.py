"""The organisation file (``--org org.yml``): who hands the leaflets out, read and checked with
messages for a practice manager, not a developer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import field_validator

from generator.errors import ContentError, Location, Problem, ProblemsError
from generator.schema import StrictModel
from generator.yaml_lines import Reader

ORG_NAME_MAX = 80
ORG_ADDRESS_MAX_LINES = 6
ORG_LINE_MAX = 60
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg")


class Organisation(StrictModel):
    """Who hands the leaflets out: printed on every leaflet (``--org org.yml``).

    Each limit is what fits the smallest format (the A6 card); the messages are for a
    practice manager, not a developer."""

    name: str
    """Up to 80 characters, printed in bold."""
    address: str | None = None
    """Up to 6 lines of up to 60 characters, printed line by line as written (a YAML ``|`` block)."""
    phone: str | None = None
    """Digits and spaces, optionally starting with +, e.g. 0116 496 0123."""
    logo: str | None = None
    """A PNG, JPEG or SVG file, relative to the org.yml file."""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, name: Any) -> str:
        name = str(name).strip() if name is not None else ""
        if len(name) < 2:
            raise ValueError("name is missing; write your organisation's name")
        if len(name) > ORG_NAME_MAX:
            raise ValueError(f"name is {len(name)} characters; at most {ORG_NAME_MAX} fit")
        return name

    @field_validator("address", mode="before")
    @classmethod
    def _address(cls, address: Any) -> str | None:
        if address is None:
            return None
        lines = [line.strip() for line in str(address).strip().splitlines() if line.strip()]
        if len(lines) > ORG_ADDRESS_MAX_LINES:
            raise ValueError(f"address has {len(lines)} lines; at most {ORG_ADDRESS_MAX_LINES} fit")
        for number, line in enumerate(lines, 1):
            if len(line) > ORG_LINE_MAX:
                raise ValueError(f"address line {number} is {len(line)} characters; at most {ORG_LINE_MAX} fit: "
                                 "split it over two lines")
        return "\n".join(lines)

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, phone: Any) -> str | None:
        if phone is None:
            return None
        if not isinstance(phone, str) or not re.fullmatch(r"\+?[0-9][0-9 ]{5,18}[0-9]", phone.strip()):
            raise ValueError('phone: write digits and spaces in quotes, e.g. "0116 496 0123"')
        return phone.strip()

    @property
    def address_lines(self) -> tuple[str, ...]:
        """The address as written in the org file, one line per printed line."""
        return tuple(self.address.splitlines()) if self.address else ()


def _plain(message: str) -> str:
    """A schema message reworded for the organisation file's reader.

    >>> _plain("name: name is 81 characters; at most 80 fit")
    'name is 81 characters; at most 80 fit'
    >>> _plain("email: unknown field; check its spelling against content/README.md")
    'email: unknown field; the fields are name, address, phone and logo'
    """
    message = re.sub(r"^(\w+): (?=\1[ :])", "", message)
    message = message.replace("check its spelling against content/README.md",
                              "the fields are name, address, phone and logo")
    return message.replace("see content/README.md", "see examples/org.yml")


def load_organisation(path: Path) -> tuple[Organisation, Path | None]:
    """Read and validate an organisation file; the logo path is resolved and must exist."""
    reader = Reader(path.parent)
    raw, relative = reader.read(path, "org")
    if not isinstance(raw, dict):
        raise ContentError(Location(relative, 1), "write one field a line: name, address, phone, logo "
                                                  "(see examples/org.yml)")
    organisation = reader.one(Organisation, raw, relative)
    if reader.problems:  # "name: name is 81 characters" reads better as "name is 81 characters"
        raise ProblemsError([Problem(p.location, _plain(p.message)) for p in reader.problems])
    logo = None
    if organisation.logo:
        logo = (path.parent / organisation.logo).resolve()
        where = reader.lines[("org", "logo")]
        if logo.suffix.lower() not in LOGO_TYPES:
            raise ContentError(where, f"logo {organisation.logo!r}: give a PNG, JPEG or SVG file")
        if not logo.is_file():
            raise ContentError(where, f"logo {organisation.logo!r} not found; the path is relative to "
                                      f"{path.name}, so it looked for {logo}")
    return organisation, logo
