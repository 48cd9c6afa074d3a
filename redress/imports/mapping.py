"""The mapping file of `redress import`: which CSV column feeds which complaint field.

A small TOML file (read with tomllib); the format is in README.md and an example for
the CFPB export is `redress/imports/mappings/cfpb.toml`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from redress.complaints.lifecycle import Status
from redress.complaints.models import Category, Channel

# Fields a column (or a list of columns, first non-empty wins, or a "{Column} text"
# template) may feed, and whether a row needs a value for it.
FIELDS = {
    "subject": True,
    "description": True,
    "received_at": True,
    "category": True,
    "language": True,
    "channel": True,
    "status": True,
    "closed_at": False,
    "product": False,
    "order_reference": False,
    "incident_place": False,
    "desired_outcome": False,
    "customer_name": True,
    "customer_email": False,
    "customer_phone": False,
    "customer_address": False,
}
SECTIONS = {"columns", "defaults", "values", "options"}
OPTIONS = {"date_formats", "delimiter", "encoding"}
IMPORT_STATUSES = {Status.RECEIVED.value, Status.CLOSED.value}
NOW = "now"


class MappingError(Exception):
    """The mapping file cannot be used; the message says where and why."""


@dataclass
class Mapping:
    columns: dict[str, list[str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    # field -> {CSV value -> stored value}, e.g. category names to category codes.
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_formats: list[str] = field(default_factory=lambda: ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z"])
    delimiter: str = ","
    encoding: str = "utf-8-sig"

    def referenced_columns(self) -> set[str]:
        """Every CSV column the mapping reads, from plain names and from templates."""
        import string

        names: set[str] = set()
        for specs in self.columns.values():
            for spec in specs:
                if "{" in spec:
                    names |= {f for _, f, _, _ in string.Formatter().parse(spec) if f}
                else:
                    names.add(spec)
        return names


def _strings(name: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    raise MappingError(
        _("“%(name)s” must be a column name or a list of column names.") % {"name": name}
    )


def parse_mapping(text: str, *, source: str = "mapping") -> Mapping:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingError(
            _("%(source)s is not valid TOML: %(error)s") % {"source": source, "error": error}
        ) from error
    unknown = set(data) - SECTIONS
    if unknown:
        raise MappingError(
            _("%(source)s: unknown section [%(names)s]; use %(known)s.")
            % {
                "source": source,
                "names": ", ".join(sorted(unknown)),
                "known": ", ".join(f"[{s}]" for s in sorted(SECTIONS)),
            }
        )
    mapping = Mapping()
    for section in ("columns", "defaults", "values"):
        if not isinstance(data.get(section, {}), dict):
            raise MappingError(_("[%(section)s] must be a table.") % {"section": section})
        bad = set(data.get(section, {})) - set(FIELDS)
        if bad:
            raise MappingError(
                _("[%(section)s]: unknown field %(names)s; known fields: %(known)s.")
                % {
                    "section": section,
                    "names": ", ".join(f"“{b}”" for b in sorted(bad)),
                    "known": ", ".join(FIELDS),
                }
            )
    mapping.columns = {k: _strings(k, v) for k, v in data.get("columns", {}).items()}
    for key, value in data.get("defaults", {}).items():
        if not isinstance(value, str):
            raise MappingError(_("[defaults] %(name)s must be text.") % {"name": key})
        mapping.defaults[key] = value
    for key, table in data.get("values", {}).items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise MappingError(_("[values.%(name)s] must map CSV values to text.") % {"name": key})
        mapping.values[key] = dict(table)
    options = data.get("options", {})
    if not isinstance(options, dict) or set(options) - OPTIONS:
        raise MappingError(
            _("[options] knows only %(known)s.") % {"known": ", ".join(sorted(OPTIONS))}
        )
    if "date_formats" in options:
        mapping.date_formats = _strings("date_formats", options["date_formats"])
    if "delimiter" in options:
        if not isinstance(options["delimiter"], str) or len(options["delimiter"]) != 1:
            raise MappingError(_("[options] delimiter must be one character."))
        mapping.delimiter = options["delimiter"]
    if "encoding" in options:
        mapping.encoding = str(options["encoding"])
    missing = [f for f, required in FIELDS.items() if required and f not in mapping.columns]
    missing = [f for f in missing if f not in mapping.defaults]
    if missing:
        raise MappingError(
            _("%(source)s: no column and no default for %(names)s.")
            % {"source": source, "names": ", ".join(missing)}
        )
    _check_values(mapping)
    return mapping


def _check_values(mapping: Mapping) -> None:
    """Fixed values in the mapping (defaults, value tables) must be valid here."""
    codes = set(Category.objects.values_list("code", flat=True))
    allowed = {
        "category": codes,
        "language": {code for code, _name in settings.LANGUAGES},
        "channel": set(Channel.values),
        "status": IMPORT_STATUSES,
    }
    for name, valid in allowed.items():
        fixed = [mapping.defaults[name]] if name in mapping.defaults else []
        fixed += list(mapping.values.get(name, {}).values())
        wrong = sorted({v for v in fixed if v not in valid})
        if wrong:
            raise MappingError(
                _("Unknown %(field)s %(values)s in the mapping; use one of: %(valid)s.")
                % {
                    "field": name,
                    "values": ", ".join(f"“{w}”" for w in wrong),
                    "valid": ", ".join(sorted(valid)),
                }
            )


def load_mapping(path: Path) -> Mapping:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise MappingError(
            _("Cannot read the mapping file %(path)s: %(error)s.")
            % {"path": path, "error": error.strerror}
        ) from error
    except UnicodeDecodeError as error:
        raise MappingError(_("The mapping file %(path)s is not UTF-8.") % {"path": path}) from error
    return parse_mapping(text, source=path.name)
