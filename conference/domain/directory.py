"""The partner directory's files, read and checked row by row (issue 10). Pure: bytes in,
structures or problems out; the service applies them in one transaction.

Two formats, both with data·inclusion's structure field names (schema v1,
gip-inclusion/data-inclusion-schema: ``id``, ``source``, ``nom`` and ``date_maj`` required;
the typology is ``reseaux_porteurs``):

- ``csv``: Cercle's template, ``;``-separated, UTF-8, the data·inclusion columns followed by
  Cercle's own (``TEMPLATE_EXTRA``: missions, public, eligibility, one contact, the day the
  entry was checked); an unknown column is refused;
- ``datainclusion``: a data·inclusion "structures" export, JSON (a list of structures, or
  ``{"items": [...]}`` as the API pages them) or CSV (``,`` or ``;``); columns Cercle does not
  keep (longitude, score…) are ignored.

Every problem names its line (the header is line 1; in JSON, the structure's number), its
field and a code the catalogs turn into French (``PROBLEM_MESSAGES``).
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .enums import StrEnum
from .reseaux_porteurs import RESEAUX_PORTEURS


class FileFormat(StrEnum):
    CSV = "csv"
    DATAINCLUSION = "datainclusion"


#: data·inclusion's structure fields (schema v1), in the schema's order.
DI_REQUIRED = ("id", "source", "nom", "date_maj")
DI_FIELDS = DI_REQUIRED + ("description", "lien_source", "siret", "commune", "code_postal", "code_insee", "adresse",
                           "complement_adresse", "longitude", "latitude", "telephone", "courriel", "site_web",
                           "horaires_accueil", "accessibilite_lieu", "reseaux_porteurs")
#: Cercle's own columns after data·inclusion's in the template (service-schema names where
#: data·inclusion has one: ``publics_precisions``, ``conditions_acces``, ``contact_nom_prenom``).
TEMPLATE_EXTRA = ("missions", "publics_precisions", "conditions_acces", "contact_nom_prenom", "contact_role",
                  "contact_telephone", "contact_courriel", "date_verification")
TEMPLATE_COLUMNS = DI_FIELDS + TEMPLATE_EXTRA

VERIFY_EVERY = timedelta(days=365)  # a directory entry not checked for a year is flagged

_POSTAL = re.compile(r"^\d{5}$")
_SIRET = re.compile(r"^\d{14}$")
_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")
_URL = re.compile(r"^https?://[^\s]+$", re.I)
_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: ``line`` (header = 1; JSON: the structure's number, 0 for
    the whole file), ``field`` (a column name, or "" for the whole line), ``code``."""

    line: int
    field: str
    code: str
    value: str = ""


@dataclass(frozen=True)
class ContactInput:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class StructureInput:
    """One valid structure of a file, in Cercle's words."""

    line: int
    source: str
    di_id: str
    name: str
    date_maj: date
    reseaux_porteurs: tuple[str, ...] = ()
    description: str = ""
    address: str = ""
    postal_code: str = ""
    commune: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    siret: str = ""
    opening_hours: str = ""
    missions: str = ""
    public: str = ""
    eligibility: str = ""
    last_verified: date | None = None
    contact: ContactInput | None = None


@dataclass
class Parsed:
    structures: list[StructureInput] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def needs_verification(last_verified: date | None, today: date) -> bool:
    """Never checked, or checked more than a year ago."""
    return last_verified is None or today - last_verified > VERIFY_EVERY


# --- reading a file --------------------------------------------------------------------

def parse(data: bytes, fmt: FileFormat | str, today: date) -> Parsed:
    fmt = FileFormat(fmt)
    parsed = Parsed()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        parsed.problems.append(Problem(data[:error.start].count(b"\n") + 1, "", "not_utf8"))
        return parsed
    if fmt is FileFormat.DATAINCLUSION and text.lstrip()[:1] in ("[", "{"):
        records = _json_records(text, parsed)
    else:
        records = _csv_records(text, fmt, parsed)
    if parsed.problems:
        return parsed
    seen: dict[tuple[str, str], int] = {}
    for line, record in records:
        structure = _structure(line, record, fmt, today, parsed.problems)
        if structure is None:
            continue
        key = (structure.source, structure.di_id)
        if key in seen:
            parsed.problems.append(Problem(line, "id", "duplicate", str(seen[key])))
            continue
        seen[key] = line
        parsed.structures.append(structure)
    if not records and not parsed.problems:
        parsed.problems.append(Problem(0, "", "empty"))
    return parsed


def _json_records(text: str, parsed: Parsed) -> list[tuple[int, dict]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        parsed.problems.append(Problem(error.lineno, "", "bad_json"))
        return []
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        document = document["items"]
    if not isinstance(document, list):
        parsed.problems.append(Problem(0, "", "bad_json"))
        return []
    records = []
    for n, record in enumerate(document, start=1):
        if not isinstance(record, dict):
            parsed.problems.append(Problem(n, "", "not_a_structure"))
            continue
        records.append((n, {k: _as_text(v) for k, v in record.items()}))
    return records


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return ",".join(str(v) for v in value)
    return str(value)


def _csv_records(text: str, fmt: FileFormat, parsed: Parsed) -> list[tuple[int, dict]]:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        parsed.problems.append(Problem(1, "", "empty"))
        return []
    header_line = lines[0]
    delimiter = ";"
    if fmt is FileFormat.DATAINCLUSION and header_line.count(",") > header_line.count(";"):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    if fmt is FileFormat.CSV and len(header) == 1 and "," in header[0]:
        parsed.problems.append(Problem(1, "", "wrong_separator"))
        return []
    for name in DI_REQUIRED:
        if name not in header:
            parsed.problems.append(Problem(1, name, "missing_column"))
    if fmt is FileFormat.CSV:
        for name in header:
            if name and name not in TEMPLATE_COLUMNS:
                parsed.problems.append(Problem(1, name, "unknown_column"))
    seen_columns = set()
    for name in header:
        if name in seen_columns:
            parsed.problems.append(Problem(1, name, "duplicate_column"))
        seen_columns.add(name)
    if parsed.problems:
        return []
    records = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            parsed.problems.append(Problem(line, "", "too_many_values"))
            continue
        records.append((line, dict(zip(header, values))))
    return records


# --- one structure -----------------------------------------------------------------------

_LIMITS = {"nom": 150, "adresse": 300, "complement_adresse": 300, "commune": 150, "telephone": 60, "courriel": 200,
           "site_web": 300, "horaires_accueil": 300, "description": 10000, "missions": 5000,
           "publics_precisions": 5000, "conditions_acces": 5000, "contact_nom_prenom": 200, "contact_role": 200,
           "contact_telephone": 60, "contact_courriel": 200, "id": 200, "source": 100}


def _structure(line: int, record: dict, fmt: FileFormat, today: date, problems: list[Problem]) -> StructureInput | None:
    before = len(problems)
    value = {k.strip(): _clean(v) for k, v in record.items() if k}

    def text(name: str) -> str:
        v = value.get(name, "")
        limit = _LIMITS.get(name)
        if limit and len(v) > limit:
            problems.append(Problem(line, name, "too_long", str(limit)))
        return v

    for name in DI_REQUIRED:
        if not value.get(name):
            problems.append(Problem(line, name, "required"))
    name = text("nom")
    if name and len(name) < 3:
        problems.append(Problem(line, "nom", "too_short", "3"))
    source, di_id = text("source"), text("id")
    date_maj = _date(line, "date_maj", value.get("date_maj", ""), problems)
    if date_maj is not None:
        if date_maj < date(2000, 1, 1):
            problems.append(Problem(line, "date_maj", "before_2000"))
        elif date_maj > today:
            problems.append(Problem(line, "date_maj", "in_future"))
    codes = _codes(value.get("reseaux_porteurs", ""))
    for code in codes:
        if code not in RESEAUX_PORTEURS:
            problems.append(Problem(line, "reseaux_porteurs", "unknown_code", code))
    postal = text("code_postal")
    if postal and not _POSTAL.match(postal):
        problems.append(Problem(line, "code_postal", "bad_postal_code", postal))
    siret = value.get("siret", "")
    if siret and not _SIRET.match(siret):
        problems.append(Problem(line, "siret", "bad_siret", siret))
    for column in ("courriel", "contact_courriel"):
        email = text(column)
        if email and not _EMAIL.match(email):
            problems.append(Problem(line, column, "bad_email", email))
    website = text("site_web")
    if website and not _URL.match(website):
        problems.append(Problem(line, "site_web", "bad_url", website))
    verified = None
    if value.get("date_verification"):
        verified = _date(line, "date_verification", value["date_verification"], problems)
        if verified is not None and verified > today:
            problems.append(Problem(line, "date_verification", "in_future"))
    contact_name = text("contact_nom_prenom")
    contact_rest = [text(c) for c in ("contact_role", "contact_telephone")] + [value.get("contact_courriel", "")]
    if not contact_name and any(contact_rest):
        problems.append(Problem(line, "contact_nom_prenom", "required"))
    address = ", ".join(x for x in (text("adresse"), text("complement_adresse")) if x)
    if len(problems) > before:
        return None
    return StructureInput(
        line=line, source=source, di_id=di_id, name=name, date_maj=date_maj, reseaux_porteurs=tuple(codes),
        description=text("description"), address=address[:300], postal_code=postal, commune=text("commune"),
        phone=text("telephone"), email=value.get("courriel", ""), website=website, siret=siret,
        opening_hours=text("horaires_accueil"), missions=text("missions"), public=text("publics_precisions"),
        eligibility=text("conditions_acces"), last_verified=verified,
        contact=ContactInput(contact_name, *contact_rest) if contact_name else None,
    )


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _clean(value) -> str:
    return _CONTROL.sub("", str(value or "")).strip()


def _date(line: int, column: str, raw: str, problems: list[Problem]) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        french = _FR_DATE.match(raw)
        if french:
            day, month, year = (int(x) for x in french.groups())
            return date(year, month, day)
        return date.fromisoformat(raw[:10])
    except ValueError:
        problems.append(Problem(line, column, "bad_date", raw))
        return None


def _codes(raw: str) -> list[str]:
    """``caf,ccas-cias`` or ``caf|ccas-cias`` or a JSON array, deduplicated in order."""
    raw = raw.strip()
    if raw.startswith("[") or raw.startswith("{"):
        try:
            loaded = json.loads(raw.replace("'", '"').replace("{", "[").replace("}", "]"))
            if isinstance(loaded, list):
                raw = ",".join(str(x) for x in loaded)
        except json.JSONDecodeError:
            pass
    out: list[str] = []
    for piece in re.split(r"[,|]", raw):
        code = piece.strip().strip("\"'").strip()
        if code and code not in out:
            out.append(code)
    return out


# --- the template ------------------------------------------------------------------------

def template_csv(example: bool = True) -> bytes:
    """The directory template: ``;``-separated, UTF-8 with BOM (a spreadsheet opens it
    with accents right), the header and, unless ``example`` is False, one fictional line."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_COLUMNS)
    if example:
        row = dict.fromkeys(TEMPLATE_COLUMNS, "")
        row.update({
            "id": "ccas-exemple-1", "source": "cercle", "nom": "CCAS de Villeneuve-Imaginaire",
            "date_maj": "2026-11-02", "commune": "Villeneuve-Imaginaire", "code_postal": "99999",
            "adresse": "1 place de la Mairie", "telephone": "01 00 00 00 00", "courriel": "accueil@ccas.invalid",
            "horaires_accueil": "Mo-Fr 09:00-12:00", "reseaux_porteurs": "ccas-cias",
            "missions": "Aides facultatives, domiciliation, énergie", "publics_precisions": "Habitants de la commune",
            "conditions_acces": "Sur rendez-vous", "contact_nom_prenom": "Agent Fictif",
            "contact_role": "Travailleur social", "date_verification": "2026-11-02",
        })
        writer.writerow([row[c] for c in TEMPLATE_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
