"""Export and import of the network map: JSON (versioned schema), GraphML, CSV.

Pure functions: domain snapshots in, bytes out; bytes in, validated values out. No
database, no Streamlit; ``conference.services.network`` decides who may do what.

Exports take ``for_sharing`` (default True, the safe choice): people flagged "not safe"
or "not to be invited" and every tie touching them are never written; contact details
not marked visible and the coordinator's notes are left empty. Only the coordinator's
own copy in the database (network snapshots) uses ``for_sharing=False``.

Imports validate everything and report every problem at once
(``NetworkImportInvalid.problems``, French text through ``problem_text``). A file is
refused when it is over 2 MB, not UTF-8, malformed, of an unknown schema, holds more
than 5,000 people, or any value is wrong; nothing of it is kept then.

Every format writes characters XML 1.0 cannot hold (control characters but tab,
newline and carriage return) as U+FFFD, so the three formats always agree; imports
refuse such characters with the line where they are.

Members are identified by a *key*: their ``id`` when the file gives one (GraphML: the
node id, ``p<id>`` in Cercle's exports), else their name. Ties refer to keys.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Iterable, NamedTuple

import networkx as nx
from lxml import etree

from conference import clock
from conference.domain.enums import Attendance, InvitationStatus, Relation, Support, TieKind
from conference.domain.errors import DomainError
from conference.domain.model import Conference, Participant, Tie
from conference.i18n import N_, translator
from conference.i18n.labels import label

from .analysis import normalised_name
from .graph import network_parts

SCHEMA = "cercle.network/1"
FORMATS = ("graphml", "csv", "json")
MAX_BYTES = 2 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_PROBLEMS = 100  # beyond, one "and N more problems" line: a wrong file is not 5,000 messages

MEMBER_FIELDS = ("id", "name", "relation", "ring", "invitation", "not_safe", "is_focal", "supports",
                 "expert_question", "attendance", "phone", "phone_visible", "email", "email_visible", "note",
                 "pos_x", "pos_y")
TIE_FIELDS = ("source", "target", "kind")
# The same limits as conference.services.preparation.PARTICIPANT_TEXT (a test checks it).
TEXT_LIMITS = {"name": 200, "expert_question": 1000, "phone": 60, "email": 200, "note": 2000}
FIELD_ENUMS = {"relation": Relation, "invitation": InvitationStatus, "attendance": Attendance,
               "supports": Support, "kind": TieKind}
BOOL_FIELDS = ("not_safe", "is_focal", "phone_visible", "email_visible")
MAX_COORDINATE = 100_000.0

# Characters XML 1.0 cannot hold (C0 controls but tab, newline and carriage return;
# surrogates; U+FFFE, U+FFFF). Exports replace them with U+FFFD; imports refuse them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")
_FORMULA_START = frozenset("=+-@\t\r")  # a spreadsheet would run these as formulas
_INCLUSIVE = re.compile(r"(\w+)·(\w+)")
_TRUE = frozenset({"true", "1", "yes", "oui", "vrai", "x"})
_FALSE = frozenset({"false", "0", "no", "non", "faux"})


# --- export ------------------------------------------------------------------------------

def member_record(person: Participant) -> dict:
    """One member as the exchange formats write it (codes, not labels)."""
    return {
        "id": person.id, "name": _xml_text(person.name), "relation": person.relation.value, "ring": person.ring,
        "invitation": person.invitation.value, "not_safe": person.not_safe, "is_focal": person.is_focal,
        "supports": [s.value for s in person.supports], "expert_question": _xml_text(person.expert_question),
        "attendance": person.attendance.value if person.attendance else None,
        "phone": _xml_text(person.phone), "phone_visible": person.phone_visible,
        "email": _xml_text(person.email), "email_visible": person.email_visible, "note": _xml_text(person.note),
        "pos_x": float(person.position[0]) if person.position else None,
        "pos_y": float(person.position[1]) if person.position else None,
    }


def to_json(conf: Conference, *, for_sharing: bool = True, now: datetime | None = None) -> dict:
    """The network as a JSON-ready dict, ``"schema": "cercle.network/1"``.

    ``case`` holds the conference id, title, field and ``exported_at`` (UTC, ISO 8601).
    ``members`` hold every field of the model (``member_record``); ``ties`` refer to
    member ids. Snapshots in the database use this format with ``for_sharing=False``.
    """
    people, ties = network_parts(conf, for_sharing=for_sharing)
    return {
        "schema": SCHEMA,
        "case": _case(conf, now),
        "for_sharing": for_sharing,
        "members": [member_record(p) for p in people],
        "ties": [{"source": t.source_id, "target": t.target_id, "kind": t.kind.value} for t in ties],
    }


def to_json_bytes(conf: Conference, *, for_sharing: bool = True, now: datetime | None = None) -> bytes:
    """``to_json`` as an indented UTF-8 file."""
    return json.dumps(to_json(conf, for_sharing=for_sharing, now=now), ensure_ascii=False, indent=2).encode("utf-8")


def to_graphml(conf: Conference, *, for_sharing: bool = True, now: datetime | None = None) -> bytes:
    """GraphML (``networkx.write_graphml``) for Gephi, yEd, Cytoscape or R/igraph.

    Graph-level keys carry the case metadata (``schema``, ``conference_id``, ``title``,
    ``field``, ``exported_at``, ``for_sharing``). Node ids are ``p<participant id>``;
    node data are the fields of ``member_record`` (``supports`` comma-separated; ``ring``,
    ``attendance`` and positions omitted when empty); edge data: ``kind``.

    XML 1.0 cannot hold control characters other than tab, newline and carriage return
    (nor U+FFFE/U+FFFF): they are written as U+FFFD, and ``parse_graphml`` refuses them.
    """
    case = _case(conf, now)
    people, ties = network_parts(conf, for_sharing=for_sharing)
    graph = nx.Graph(schema=SCHEMA, conference_id=case["conference_id"], title=case["title"],
                     field=case["field"] or "", exported_at=case["exported_at"], for_sharing=for_sharing)
    for person in people:
        record = member_record(person)
        ident = record.pop("id")
        record["supports"] = ",".join(record["supports"])
        graph.add_node(f"p{ident}", **{k: v for k, v in record.items() if v is not None})
    for tie in ties:
        graph.add_edge(f"p{tie.source_id}", f"p{tie.target_id}", kind=tie.kind.value)
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_csv(conf: Conference, *, for_sharing: bool = True) -> tuple[bytes, bytes]:
    """``(members.csv, ties.csv)``: ``;``-separated, UTF-8 with BOM (Excel opens it right),
    a header of English codes, booleans ``true``/``false``, decimals with a point.

    Text starting like a formula (``=``, ``+``, ``-``, ``@``…) gets a leading apostrophe
    so a spreadsheet shows it instead of running it; ``parse_csv`` removes it again.
    """
    people, ties = network_parts(conf, for_sharing=for_sharing)
    members = _csv_bytes(MEMBER_FIELDS, ([_csv_cell(k, v) for k, v in member_record(p).items()] for p in people))
    links = _csv_bytes(TIE_FIELDS, ([str(t.source_id), str(t.target_id), t.kind.value] for t in ties))
    return members, links


def to_csv_zip(conf: Conference, *, for_sharing: bool = True, now: datetime | None = None) -> bytes:
    """``members.csv`` and ``ties.csv`` in one ZIP archive (one download, one upload)."""
    members, links = to_csv(conf, for_sharing=for_sharing)
    stamp = (now or clock.now()).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (("members.csv", members), ("ties.csv", links)):
            archive.writestr(zipfile.ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0))), content,
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _case(conf: Conference, now: datetime | None) -> dict:
    moment = now or clock.now()
    return {"conference_id": conf.id, "title": _xml_text(conf.title),
            "field": conf.field.value if conf.field else None,
            "exported_at": moment.isoformat(timespec="seconds")}


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _csv_cell(name: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    return "'" + text if name in TEXT_LIMITS and _looks_like_formula(text) else text


def _looks_like_formula(text: str) -> bool:
    # Also guards a text already starting with an apostrophe before one of those, so
    # that the import, which removes one apostrophe there, gives back the exact text.
    return bool(text) and (text[0] in _FORMULA_START or (text[0] == "'" and text[1:2] in _FORMULA_START | {"'"}))


def _csv_bytes(header: Iterable[str], rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


# --- import: results and problems ----------------------------------------------------------

@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong in an imported file. ``code`` is a catalog key (``problem_text``).

    Where: ``line`` (CSV, GraphML, malformed JSON), ``file`` (``members.csv``/``ties.csv``),
    or ``item`` (the n-th person or tie of a JSON file, ``section`` "members"/"ties").
    """

    line: int | None
    field: str | None
    code: str
    value: str = ""
    file: str | None = None
    item: int | None = None
    section: str | None = None


class NetworkImportInvalid(DomainError):
    """An imported network was refused; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[ImportProblem]):
        self.problems = tuple(problems)
        codes = ", ".join(sorted({p.code for p in self.problems}))
        super().__init__(f"network import refused: {len(self.problems)} problem(s): {codes}")


@dataclass(frozen=True)
class ImportedMember:
    """A validated person of an imported file. Empty values are ``None``/``""``/``()``:
    on a merge they never erase what the map already holds."""

    key: str
    name: str
    relation: Relation
    id: int | None = None
    ring: int | None = None
    invitation: InvitationStatus | None = None
    not_safe: bool | None = None
    is_focal: bool | None = None
    supports: tuple[Support, ...] = ()
    expert_question: str = ""
    attendance: Attendance | None = None
    phone: str = ""
    phone_visible: bool | None = None
    email: str = ""
    email_visible: bool | None = None
    note: str = ""
    position: tuple[float, float] | None = None
    line: int | None = field(default=None, compare=False)
    item: int | None = field(default=None, compare=False)
    file: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ImportedTie:
    source: str  # member keys
    target: str
    kind: TieKind


@dataclass(frozen=True)
class ImportedNetwork:
    members: tuple[ImportedMember, ...]
    ties: tuple[ImportedTie, ...]
    format: str
    conference_id: int | None = None  # of the exporting conference, when the file says
    title: str = ""
    exported_at: str = ""


class _Where(NamedTuple):
    line: int | None = None
    file: str | None = None
    item: int | None = None
    section: str | None = None


class _Problems:
    def __init__(self) -> None:
        self.items: list[ImportProblem] = []
        self.more = 0

    def add(self, where: _Where, field_name: str | None, code: str, value: object = "") -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.more += 1
            return
        text = "" if value is None else str(value)
        text = _NOT_XML.sub("\ufffd", text if len(text) <= 60 else text[:59] + "…")
        self.items.append(ImportProblem(where.line, field_name, code, text, where.file, where.item, where.section))

    def raise_if_any(self) -> None:
        if self.items:
            extra = [ImportProblem(None, None, "too_many_problems", str(self.more))] if self.more else []
            raise NetworkImportInvalid(self.items + extra)


# --- import: the three formats -------------------------------------------------------------

def parse(fmt: str, data: bytes) -> ImportedNetwork:
    """Parse ``data`` in ``fmt`` ("graphml", "json", or "csv": a ZIP of both files, or a
    lone ``members.csv``). Raises ``NetworkImportInvalid``."""
    if fmt == "json":
        return parse_json(data)
    if fmt == "graphml":
        return parse_graphml(data)
    if fmt == "csv":
        return parse_csv_zip(data) if data[:4] == b"PK\x03\x04" else parse_csv(data, None)
    raise NetworkImportInvalid([ImportProblem(None, None, "unknown_format", str(fmt)[:60])])


def parse_json(data: bytes) -> ImportedNetwork:
    """Read a ``cercle.network/1`` JSON document; every problem is reported at once."""
    problems = _Problems()
    text = _decode(data, problems, None)
    problems.raise_if_any()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        problems.add(_Where(line=error.lineno), None, "malformed_json", error.msg)
    except RecursionError:
        problems.add(_Where(), None, "malformed_json", "nesting too deep")
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        problems.add(_Where(), None, "malformed_json", str(error))
    problems.raise_if_any()
    if not isinstance(doc, dict):
        problems.add(_Where(), None, "wrong_type", type(doc).__name__)
        problems.raise_if_any()
    if doc.get("schema") != SCHEMA:
        problems.add(_Where(), "schema", "schema_unknown", doc.get("schema") or "")
        problems.raise_if_any()
    for name in sorted(set(doc) - {"schema", "case", "for_sharing", "members", "ties"}):
        problems.add(_Where(), name, "unknown_field", name)
    case = doc.get("case") or {}
    if not isinstance(case, dict):
        problems.add(_Where(), "case", "wrong_type", type(case).__name__)
        case = {}
    members = doc.get("members")
    ties = [] if doc.get("ties") is None else doc["ties"]
    for name, value in (("members", members), ("ties", ties)):
        if not isinstance(value, list):
            problems.add(_Where(), name, "wrong_type", type(value).__name__)
    problems.raise_if_any()
    raw_members = _json_items(members, "members", MEMBER_FIELDS, problems)
    raw_ties = _json_items(ties, "ties", TIE_FIELDS, problems)
    return _finish(raw_members, raw_ties, "json", case, problems, _key_of_record)


def _json_items(items: list, section: str, allowed: tuple[str, ...], problems: _Problems) -> list:
    if section == "members" and len(items) > MAX_MEMBERS:
        problems.add(_Where(), None, "too_many_members", len(items))
        problems.raise_if_any()
    out = []
    for number, item in enumerate(items, start=1):
        where = _Where(item=number, section=section)
        if not isinstance(item, dict):
            problems.add(where, None, "wrong_type", type(item).__name__)
            continue
        for name in sorted(set(item) - set(allowed), key=str):
            problems.add(where, str(name), "unknown_field", name)
        out.append((where, item))
    return out


def parse_graphml(data: bytes) -> ImportedNetwork:
    """Read GraphML (Cercle's own or another tool's). Node data named like the fields of
    ``MEMBER_FIELDS`` are read (``label`` stands for a missing ``name``), others ignored;
    edges need a ``kind``. DOCTYPE/ENTITY declarations are refused (no entity expansion),
    and so are characters XML 1.0 cannot hold, with their line.
    """
    problems = _Problems()
    text = _decode(data, problems, None)
    problems.raise_if_any()
    _scan_xml(text, problems)
    problems.raise_if_any()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        problems.add(_Where(line=error.lineno), None, "malformed_xml", error.msg)
        problems.raise_if_any()
    if (root.getroottree().docinfo.encoding or "UTF-8").upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        problems.add(_Where(line=1), None, "not_utf8")
        problems.raise_if_any()
    graph = next((child for child in root if _local(child.tag) == "graph"), None)
    if _local(root.tag) != "graphml" or graph is None:
        problems.add(_Where(line=root.sourceline), None, "not_graphml", _local(root.tag))
        problems.raise_if_any()
    keys: dict[str, tuple[str, str]] = {}
    defaults: dict[str, dict[str, str]] = {"graph": {}, "node": {}, "edge": {}}
    for key in root:
        if _local(key.tag) == "key" and key.get("id"):
            scope, name = key.get("for", "all"), key.get("attr.name") or key.get("id")
            keys[key.get("id")] = (scope, name)
            default = next((d for d in key if _local(d.tag) == "default"), None)
            if default is not None:
                for target in (("graph", "node", "edge") if scope == "all" else (scope,)):
                    defaults.setdefault(target, {})[name] = default.text or ""
    case = dict(defaults["graph"], **_data(graph, keys))
    if case.get("schema") not in (None, SCHEMA):
        problems.add(_Where(line=graph.sourceline), "schema", "schema_unknown", case["schema"])
        problems.raise_if_any()
    nodes = [n for n in graph if _local(n.tag) == "node"]
    if len(nodes) > MAX_MEMBERS:
        problems.add(_Where(), None, "too_many_members", len(nodes))
        problems.raise_if_any()
    raw_members = []
    for number, node in enumerate(nodes, start=1):
        values = dict(defaults["node"], **_data(node, keys))
        if "name" not in values and "label" in values:
            values["name"] = values["label"]
        values = {k: v for k, v in values.items() if k in MEMBER_FIELDS}
        values["id"] = node.get("id")
        raw_members.append((_Where(line=node.sourceline, item=number, section="members"), values))
    raw_ties = []
    for number, edge in enumerate((e for e in graph if _local(e.tag) == "edge"), start=1):
        values = {k: v for k, v in dict(defaults["edge"], **_data(edge, keys)).items() if k == "kind"}
        values.update(source=edge.get("source"), target=edge.get("target"))
        raw_ties.append((_Where(line=edge.sourceline, item=number, section="ties"), values))
    return _finish(raw_members, raw_ties, "graphml", case, problems, _key_of_node)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _data(element, keys: dict[str, tuple[str, str]]) -> dict[str, str]:
    out = {}
    for data in element:
        if _local(data.tag) == "data" and data.get("key") in keys:
            out[keys[data.get("key")][1]] = data.text or ""
    return out


def _scan_xml(text: str, problems: _Problems) -> None:
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        problems.add(_Where(line=text[:text.find("<!")].count("\n") + 1), None, "xml_doctype")
        return
    found = _NOT_XML.search(text)
    if found:
        problems.add(_Where(line=text[:found.start()].count("\n") + 1), None, "control_character",
                     f"U+{ord(found.group()):04X}")
    for ref in _CHAR_REF.finditer(text):
        code = int(ref.group(1)[1:], 16) if ref.group(1)[0] == "x" else int(ref.group(1))
        if code > 0x10FFFF or _NOT_XML.match(chr(code)):
            problems.add(_Where(line=text[:ref.start()].count("\n") + 1), None, "control_character", f"U+{code:04X}")


def parse_csv(members: bytes, ties: bytes | None = None) -> ImportedNetwork:
    """Read ``members.csv`` (columns of ``MEMBER_FIELDS``; ``name`` and ``relation``
    required, others optional, in any order) and, if given, ``ties.csv`` (``source``,
    ``target``, ``kind``). ``;``-separated UTF-8, with or without BOM. Relations,
    supports… may be written as codes or as their French or English labels."""
    problems = _Problems()
    size = len(members) + len(ties or b"")
    if size > MAX_BYTES:
        problems.add(_Where(), None, "too_large", size)
        problems.raise_if_any()
    member_text = _decode(members, problems, "members.csv")
    tie_text = _decode(ties, problems, "ties.csv") if ties is not None else None
    problems.raise_if_any()
    raw_members = _csv_records(member_text, "members.csv", MEMBER_FIELDS, ("name", "relation"), problems)
    raw_ties = _csv_records(tie_text, "ties.csv", TIE_FIELDS, TIE_FIELDS, problems) if tie_text is not None else []
    if raw_members is None or raw_ties is None:
        problems.raise_if_any()
    for _where, values in raw_members:
        for name in TEXT_LIMITS:
            if name in values:
                values[name] = _unguard(values[name])
    return _finish(raw_members, raw_ties, "csv", {}, problems, _key_of_record)


def parse_csv_zip(data: bytes) -> ImportedNetwork:
    """Read the ZIP of ``to_csv_zip``: ``members.csv`` and optionally ``ties.csv`` (also
    found inside one folder, as some systems zip them)."""
    problems = _Problems()
    if len(data) > MAX_BYTES:
        problems.add(_Where(), None, "too_large", len(data))
        problems.raise_if_any()
    found: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = {}
            for info in archive.infolist():
                base = info.filename.rsplit("/", 1)[-1].casefold()
                if base in ("members.csv", "ties.csv") and not info.is_dir():
                    entries.setdefault(base, info)
            if sum(info.file_size for info in entries.values()) > MAX_BYTES:
                problems.add(_Where(), None, "too_large", sum(info.file_size for info in entries.values()))
                problems.raise_if_any()
            for base, info in entries.items():
                with archive.open(info) as handle:
                    found[base] = handle.read(MAX_BYTES + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError):
        problems.add(_Where(), None, "malformed_zip")
        problems.raise_if_any()
    if "members.csv" not in found:
        problems.add(_Where(), None, "missing_file", "members.csv")
        problems.raise_if_any()
    return parse_csv(found["members.csv"], found.get("ties.csv"))


def _csv_records(text: str, file: str, allowed: tuple[str, ...], required: tuple[str, ...],
                 problems: _Problems) -> list | None:
    """[(where, {column: cell})]; ``None`` when the header itself is unusable."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    out = []
    try:
        header = next(reader, None)
        if header is None:
            problems.add(_Where(file=file), None, "empty")
            return None
        names = [h.strip().casefold() for h in header]
        if len(names) == 1 and ("," in header[0] or "\t" in header[0]):
            problems.add(_Where(line=1, file=file), None, "wrong_separator")
            return None
        before = len(problems.items)
        for name in sorted({n for n in names if names.count(n) > 1}):
            problems.add(_Where(line=1, file=file), name, "duplicate_column", name)
        for name in names:
            if name not in allowed:
                problems.add(_Where(line=1, file=file), None, "unknown_column", name)
        for name in required:
            if name not in names:
                problems.add(_Where(line=1, file=file), None, "missing_column", name)
        if len(problems.items) > before:
            return None
        start = reader.line_num + 1
        for row in reader:
            where, start = _Where(line=start, file=file), reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names):
                problems.add(where, None, "column_count", len(row))
                continue
            out.append((where, dict(zip(names, row + [""] * (len(names) - len(row))))))
            if file == "members.csv" and len(out) > MAX_MEMBERS:
                problems.add(_Where(file=file), None, "too_many_members", f"> {MAX_MEMBERS}")
                problems.raise_if_any()
    except csv.Error as error:
        problems.add(_Where(line=reader.line_num, file=file), None, "malformed_csv", str(error))
    return out


def _unguard(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA_START | {"'"} else text


def _decode(data: bytes, problems: _Problems, file: str | None) -> str:
    if len(data) > MAX_BYTES:
        problems.add(_Where(file=file), None, "too_large", len(data))
        return ""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(_Where(line=data[:error.start].count(b"\n") + 1, file=file), None, "not_utf8")
        return ""


# --- import: validating values -------------------------------------------------------------

def _key_of_record(values: dict) -> tuple[str | None, int | None]:
    raw = values.get("id")
    if isinstance(raw, bool) or not isinstance(raw, (int, str, type(None))):
        return None, None
    key = str(raw).strip() if raw is not None else ""
    if not key:
        return None, None
    return key, int(key) if re.fullmatch(r"[0-9]{1,18}", key) else None


def _key_of_node(values: dict) -> tuple[str | None, int | None]:
    key = values.get("id") or ""
    found = re.fullmatch(r"p([0-9]{1,18})", key)
    return key or None, int(found.group(1)) if found else None


def _finish(raw_members: list, raw_ties: list, fmt: str, case: dict, problems: _Problems,
            key_of) -> ImportedNetwork:
    if len(raw_members) > MAX_MEMBERS:
        problems.add(_Where(), None, "too_many_members", len(raw_members))
        problems.raise_if_any()
    if not raw_members:
        problems.add(_Where(), None, "empty")
    members, keys = [], {}
    for where, values in raw_members:
        member = _member(where, values, problems, key_of)
        if member is None:
            continue
        if member.key in keys:
            problems.add(where, "id" if member.id is not None or values.get("id") else "name", "duplicate_key",
                         member.key)
            continue
        keys[member.key] = member
        members.append(member)
    # A tie to a person refused for another reason is not "unknown": one problem is enough.
    all_keys = {key_of(values)[0] or _name_key(values) for _where, values in raw_members}
    ties, pairs = [], set()
    for where, values in raw_ties:
        ends = []
        for end in ("source", "target"):
            raw = values.get(end)
            key = str(raw).strip() if raw is not None and not isinstance(raw, bool) else ""
            if not key:
                problems.add(where, end, "required")
            elif key not in all_keys:
                problems.add(where, end, "unknown_member", key)
            ends.append(key)
        kind = _enum(where, "kind", values.get("kind"), problems, required=True)
        if not all(ends) or kind is None:
            continue
        pair = frozenset(ends)
        if len(pair) == 1:
            problems.add(where, None, "self_tie", ends[0])
        elif pair in pairs:
            problems.add(where, None, "duplicate_tie", " – ".join(ends))
        else:
            pairs.add(pair)
            ties.append(ImportedTie(ends[0], ends[1], kind))
    problems.raise_if_any()
    conference_id = case.get("conference_id")
    if isinstance(conference_id, str) and conference_id.strip().isdigit():
        conference_id = int(conference_id)
    return ImportedNetwork(
        tuple(members), tuple(ties), fmt,
        conference_id=conference_id if isinstance(conference_id, int) and not isinstance(conference_id, bool) else None,
        title=str(case.get("title") or "")[:200], exported_at=str(case.get("exported_at") or "")[:40])


def _name_key(values: dict) -> str | None:
    name = values.get("name")
    return name if isinstance(name, str) and name.strip() else None


def _member(where: _Where, values: dict, problems: _Problems, key_of) -> ImportedMember | None:
    before = len(problems.items) + problems.more
    key, ident = key_of(values)
    if values.get("id") not in (None, "") and key is None:
        problems.add(where, "id", "wrong_type", values.get("id"))
    name = _text(where, "name", values.get("name"), problems, required=True)
    relation = _enum(where, "relation", values.get("relation"), problems, required=True)
    out = dict(
        ring=_ring(where, values.get("ring"), problems),
        invitation=_enum(where, "invitation", values.get("invitation"), problems),
        attendance=_enum(where, "attendance", values.get("attendance"), problems),
        supports=_supports(where, values.get("supports"), problems),
        position=_position(where, values.get("pos_x"), values.get("pos_y"), problems),
        **{n: _bool(where, n, values.get(n), problems) for n in BOOL_FIELDS},
        **{n: _text(where, n, values.get(n), problems) for n in TEXT_LIMITS if n != "name"},
    )
    if len(problems.items) + problems.more > before:
        return None
    return ImportedMember(key=key or name, name=name, relation=relation, id=ident, line=where.line,
                          item=where.item, file=where.file, **out)


def _text(where: _Where, name: str, raw, problems: _Problems, *, required: bool = False) -> str:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            problems.add(where, name, "required")
        return "" if raw is None else raw
    if not isinstance(raw, str):
        problems.add(where, name, "wrong_type", raw)
        return ""
    bad = _NOT_XML.search(raw)
    if bad:
        problems.add(where, name, "control_character", f"U+{ord(bad.group()):04X}")
    elif len(raw) > TEXT_LIMITS[name]:
        problems.add(where, name, "too_long", len(raw))
    return raw


@lru_cache(maxsize=None)
def _aliases(enum_cls) -> dict:
    """Codes, French and English labels of an enum, folded: « Famille », "family"…"""
    out: dict = {}
    for member in enum_cls:
        for alias in (member.value, label(member, "fr"), label(member, "en")):
            # Inclusive writing (« Voisin·e ») also reads as « voisin » and « voisine ».
            for variant in (alias, _INCLUSIVE.sub(r"\1", alias), _INCLUSIVE.sub(r"\1\2", alias)):
                out.setdefault(_fold(variant), member)
    return out


def _fold(text: str) -> str:
    return normalised_name(text.replace("_", " "))


def _enum(where: _Where, name: str, raw, problems: _Problems, *, required: bool = False):
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            problems.add(where, name, "required")
        return None
    member = _aliases(FIELD_ENUMS[name]).get(_fold(raw)) if isinstance(raw, str) else None
    if member is None:
        problems.add(where, name, "unknown_value", raw)
    return member


def _ring(where: _Where, raw, problems: _Problems) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, int) and not isinstance(raw, bool) and raw in (1, 2, 3):
        return raw
    if isinstance(raw, str) and raw.strip() in ("1", "2", "3"):
        return int(raw.strip())
    problems.add(where, "ring", "ring_invalid", raw)
    return None


def _bool(where: _Where, name: str, raw, problems: _Problems) -> bool | None:
    if isinstance(raw, bool) or raw is None:
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        folded = raw.strip().casefold()
        if not folded:
            return None
        if folded in _TRUE or folded in _FALSE:
            return folded in _TRUE
    problems.add(where, name, "not_boolean", raw)
    return None


def _supports(where: _Where, raw, problems: _Problems) -> tuple[Support, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        items = [item for item in raw.split(",") if item.strip()]
    elif isinstance(raw, list):
        items = raw
    else:
        problems.add(where, "supports", "wrong_type", raw)
        return ()
    found = [_enum(where, "supports", item, problems, required=True) for item in items]
    return tuple(dict.fromkeys(s for s in found if s is not None))


def _number(where: _Where, name: str, raw, problems: _Problems) -> float | None:
    if _empty(raw):
        return None
    try:
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise ValueError
        value = float(raw.strip().replace(",", ".")) if isinstance(raw, str) else float(raw)
        if not math.isfinite(value) or abs(value) > MAX_COORDINATE:
            raise ValueError
    except (ValueError, OverflowError):
        problems.add(where, name, "not_number", raw)
        return None
    return value


def _empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _position(where: _Where, raw_x, raw_y, problems: _Problems) -> tuple[float, float] | None:
    if _empty(raw_x) and _empty(raw_y):
        return None
    if _empty(raw_x) or _empty(raw_y):
        problems.add(where, "pos_x" if _empty(raw_x) else "pos_y", "position_incomplete")
        return None
    x, y = _number(where, "pos_x", raw_x, problems), _number(where, "pos_y", raw_y, problems)
    return (x, y) if x is not None and y is not None else None


# --- messages ------------------------------------------------------------------------------

MESSAGES = {
    "too_large": N_("the file is too large ({value} bytes; at most 2 MB)."),
    "not_utf8": N_("the file is not in UTF-8. In your spreadsheet, save it as “CSV UTF-8”."),
    "too_many_members": N_("too many people ({value}; at most 5,000)."),
    "malformed_json": N_("this is not valid JSON (a bracket, comma or quote is missing or extra)."),
    "malformed_xml": N_("this is not valid XML (a tag is not closed, or a character is not allowed)."),
    "malformed_csv": N_("this line cannot be read as CSV (check its quotes)."),
    "malformed_zip": N_("this is not a readable ZIP archive."),
    "not_graphml": N_("this XML file is not GraphML."),
    "missing_file": N_("the archive has no “{value}” file."),
    "xml_doctype": N_("DOCTYPE and ENTITY declarations are refused, for safety."),
    "unknown_format": N_("unknown file format “{value}”: Cercle reads GraphML, CSV and JSON."),
    "schema_unknown": N_("unknown format version “{value}”: Cercle reads “cercle.network/1”."),
    "wrong_type": N_("unexpected kind of value “{value}”."),
    "unknown_field": N_("this field is unknown to Cercle."),
    "unknown_column": N_("unknown column “{value}”. Possible columns: {allowed}."),
    "missing_column": N_("the column “{value}” is missing."),
    "duplicate_column": N_("the column “{value}” appears twice."),
    "wrong_separator": N_("the columns must be separated by semicolons (;)."),
    "column_count": N_("this line has {value} cells, more than the header."),
    "empty": N_("the file contains no person."),
    "required": N_("this value is missing."),
    "unknown_value": N_("unknown value “{value}”. Possible values: {allowed}."),
    "ring_invalid": N_("the ring must be 1, 2, 3 or empty, not “{value}”."),
    "not_boolean": N_("expected true or false, not “{value}”."),
    "not_number": N_("expected a number, not “{value}”."),
    "position_incomplete": N_("give both pos_x and pos_y, or neither."),
    "too_long": N_("the text is too long ({value} characters; at most {limit})."),
    "control_character": N_("the text contains an invisible control character ({value}) that cannot be kept: "
                            "remove it."),
    "duplicate_key": N_("“{value}” appears twice (same identifier or, without one, same name)."),
    "unknown_member": N_("the tie points to “{value}”, who is not in the list of people."),
    "self_tie": N_("a tie cannot link a person to themselves."),
    "duplicate_tie": N_("the tie between {value} appears twice."),
    "ambiguous_name": N_("several people of the map are called “{value}”: add the id column to say which one."),
    "same_person_twice": N_("“{value}” is the same person of the map as another line of the file."),
    "too_many_problems": N_("and {value} more problems."),
}


def problem_text(problem: ImportProblem, lang: str = "fr") -> str:
    """The problem as a sentence: « Ligne 4, champ relation : valeur inconnue « cousinn ».
    Valeurs possibles : family, friend, … »."""
    _ = translator(lang)
    where = []
    if problem.file:
        where.append(_("file {file}", file=problem.file))
    if problem.line is not None:
        where.append(_("line {line}", line=problem.line))
    elif problem.item is not None:
        where.append(_("tie no. {item}", item=problem.item) if problem.section == "ties"
                     else _("person no. {item}", item=problem.item))
    if problem.field:
        where.append(_("field {field}", field=problem.field))
    allowed = ""
    if problem.code == "unknown_value" and problem.field in FIELD_ENUMS:
        allowed = ", ".join(m.value for m in FIELD_ENUMS[problem.field])
    elif problem.code == "unknown_column":
        allowed = ", ".join(TIE_FIELDS if problem.file == "ties.csv" else MEMBER_FIELDS)
    message = _(MESSAGES.get(problem.code, problem.code), value=problem.value, allowed=allowed,
                limit=TEXT_LIMITS.get(problem.field or "", ""))
    if not where:
        return message[:1].upper() + message[1:]
    text = ", ".join(where)
    return _("{where}: {message}", where=text[:1].upper() + text[1:], message=message)


# --- import: merging into an existing map ----------------------------------------------------

@dataclass(frozen=True)
class MergePlan:
    """What ``plan_merge`` decided. ``update`` and ``create`` values use the column names
    of ``participants``; tie ends are participant ids (int) or keys of created members (str)."""

    create: tuple[tuple[ImportedMember, dict], ...]
    update: tuple[tuple[int, dict], ...]
    unchanged: tuple[int, ...]
    ties: tuple[tuple[int | str, int | str, TieKind], ...]
    ties_skipped: int


def plan_merge(people: Iterable[Participant], ties: Iterable[Tie], imported: ImportedNetwork, *,
               conference_id: int) -> MergePlan:
    """Merge ``imported`` into a map, by id or name; raises ``NetworkImportInvalid``.

    Matching: by participant id when the file comes from this same conference
    (``imported.conference_id``), else by name (``analysis.normalised_name``); a name
    shared by several people of the map is refused (give ids). Unmatched people are
    created; people of the map absent from the file are left alone (merge, not replace).

    Updating a matched person: names never change; an empty value never erases; text
    (phone, note…) only fills an empty field; "not safe" and "not to be invited" are
    never lifted by a file; a focal person is only set when the map has none. Ties
    between two people already tied are skipped (the map's kind stays).
    """
    people = tuple(people)
    problems = _Problems()
    by_id = {p.id: p for p in people}
    by_name: dict[str, list[Participant]] = {}
    for person in people:
        by_name.setdefault(normalised_name(person.name), []).append(person)
    same_case = imported.conference_id == conference_id
    has_focal = any(p.is_focal for p in people)
    resolved: dict[str, int | str] = {}
    claimed: set[int] = set()
    create, update, unchanged = [], [], []
    for member in imported.members:
        where = _Where(line=member.line, file=member.file, item=member.item,
                       section="members" if member.item is not None else None)
        match = by_id.get(member.id) if same_case and member.id is not None else None
        if match is None:
            candidates = by_name.get(normalised_name(member.name), [])
            if len(candidates) > 1:
                problems.add(where, "name", "ambiguous_name", member.name)
                continue
            match = candidates[0] if candidates else None
        if match is not None and match.id in claimed:
            problems.add(where, "name", "same_person_twice", member.name)
            continue
        focal = bool(member.is_focal) and not has_focal
        has_focal = has_focal or focal
        if match is None:
            resolved[member.key] = member.key
            create.append((member, _new_values(member, focal)))
            continue
        claimed.add(match.id)
        resolved[member.key] = match.id
        changes = _changes(match, member, focal)
        if changes:
            update.append((match.id, changes))
        else:
            unchanged.append(match.id)
    if len(people) + len(create) > MAX_MEMBERS:
        problems.add(_Where(), None, "too_many_members", len(people) + len(create))
    problems.raise_if_any()
    existing = {frozenset((t.source_id, t.target_id)) for t in ties}
    new_ties, skipped = [], 0
    for tie in imported.ties:
        a, b = resolved[tie.source], resolved[tie.target]
        if isinstance(a, int) and isinstance(b, int) and frozenset((a, b)) in existing:
            skipped += 1
            continue
        new_ties.append((a, b, tie.kind))
    return MergePlan(tuple(create), tuple(update), tuple(unchanged), tuple(new_ties), skipped)


def _new_values(member: ImportedMember, focal: bool) -> dict:
    not_safe = bool(member.not_safe)
    invitation = InvitationStatus.NOT_TO_INVITE if not_safe else (member.invitation or InvitationStatus.TO_INVITE)
    return {
        "name": member.name.strip(), "relation": member.relation.value, "ring": member.ring,
        "invitation": invitation.value, "not_safe": not_safe, "is_focal": focal,
        "supports": [s.value for s in member.supports], "expert_question": member.expert_question.strip(),
        "attendance": member.attendance.value if member.attendance else None,
        "phone": member.phone.strip(), "phone_visible": bool(member.phone_visible),
        "email": member.email.strip(), "email_visible": bool(member.email_visible), "note": member.note.strip(),
        "pos_x": member.position[0] if member.position else None,
        "pos_y": member.position[1] if member.position else None,
    }


def _changes(person: Participant, member: ImportedMember, focal: bool) -> dict:
    new: dict = {"relation": member.relation.value}
    if member.ring is not None:
        new["ring"] = member.ring
    if member.supports:
        new["supports"] = [s.value for s in member.supports]
    if member.position is not None:
        new["pos_x"], new["pos_y"] = member.position
    if member.attendance is not None:
        new["attendance"] = member.attendance.value
    # Imports never widen visibility: a file may hide a phone or an e-mail address, never
    # show one that is hidden here; only a person editing in the app makes it visible.
    for flag in ("phone_visible", "email_visible"):
        if getattr(member, flag) is False:
            new[flag] = False
    if member.not_safe and not person.not_safe:
        new["not_safe"], new["invitation"] = True, InvitationStatus.NOT_TO_INVITE.value
    elif member.invitation is not None and person.invitation is not InvitationStatus.NOT_TO_INVITE \
            and not person.not_safe:
        new["invitation"] = member.invitation.value
    if focal and not person.is_focal:
        new["is_focal"] = True
    for name in ("expert_question", "phone", "email", "note"):
        if getattr(member, name).strip() and not getattr(person, name):
            new[name] = getattr(member, name).strip()
    current = {
        "relation": person.relation.value, "ring": person.ring, "supports": [s.value for s in person.supports],
        "pos_x": person.position[0] if person.position else None,
        "pos_y": person.position[1] if person.position else None,
        "attendance": person.attendance.value if person.attendance else None,
        "phone_visible": person.phone_visible, "email_visible": person.email_visible,
        "not_safe": person.not_safe, "invitation": person.invitation.value, "is_focal": person.is_focal,
        "expert_question": person.expert_question, "phone": person.phone, "email": person.email,
        "note": person.note,
    }
    return {k: v for k, v in new.items() if current[k] != v}
