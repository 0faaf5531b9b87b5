"""The partner directory (qui fait quoi, issue 10): structures and their contacts by role
with a successor, the day an entry was last checked and the reminder past a year, the
template and data·inclusion imports (checked row by row, applied in ONE transaction,
nothing written on any problem), partner accounts tied to their structure, and the rows
of the printable "qui fait quoi" sheet of a territory.

Reading is for every active professional; changing is for an administrator or the single
user of a local install (``partner_rules.can_manage_directory``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from conference import clock
from conference.domain import directory
from conference.domain.directory import FileFormat, Problem
from conference.domain.enums import Role
from conference.domain.errors import DomainError, Forbidden, InvalidInput, NotFound
from conference.domain.partnership import Structure
from conference.domain.reseaux_porteurs import RESEAUX_PORTEURS
from conference.i18n import N_, gettext
from conference.security import partner_rules as pr
from conference.security.rules import Actor
from conference.store import models as r
from conference.store import territories
from conference.store.uow import UnitOfWork, check_version

from .base import MAX_LONG, MAX_SHORT, clean

#: Fields of a structure a screen may change, with their length limit.
STRUCTURE_FIELDS = {"name": 150, "description": MAX_LONG, "missions": MAX_LONG, "public": MAX_LONG,
                    "eligibility": MAX_LONG, "opening_hours": 300, "address": 300, "postal_code": 10,
                    "commune": 150, "phone": 60, "email": MAX_SHORT, "website": 300}


class DirectoryFileRefused(DomainError):
    """A directory file with problems: nothing was written. ``problems`` in file order."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the directory file")
        self.problems = list(problems)


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    contacts: int


@dataclass(frozen=True)
class Contact:
    id: int
    name: str
    role: str
    phone: str = ""
    email: str = ""
    user_id: int | None = None
    successor_id: int | None = None
    left_at: date | None = None


@dataclass(frozen=True)
class DirectoryEntry:
    """A structure as the directory screen shows it."""

    id: int
    name: str
    territory_id: int | None
    reseaux_porteurs: tuple[str, ...]
    missions: str
    public: str
    eligibility: str
    opening_hours: str
    address: str
    postal_code: str
    commune: str
    phone: str
    email: str
    website: str
    di_source: str | None
    di_id: str | None
    date_maj: date | None
    last_verified: date | None
    needs_verification: bool
    active: bool
    contacts: tuple[Contact, ...] = ()
    version: int = 1


# --- problems in French ----------------------------------------------------------------

#: English message ids of the file problems (French in partners.po).
PROBLEM_MESSAGES = {
    "required": N_("This field is required."),
    "too_long": N_("Too long (at most {value} characters)."),
    "too_short": N_("Too short (at least {value} characters)."),
    "bad_date": N_("« {value} » is not a date (write 2026-12-01 or 01/12/2026)."),
    "before_2000": N_("The date must be in the 21st century."),
    "in_future": N_("The date cannot be in the future."),
    "unknown_code": N_("« {value} » is not a data·inclusion network code (reseaux_porteurs)."),
    "bad_postal_code": N_("« {value} » is not a postal code (five digits)."),
    "bad_siret": N_("« {value} » is not a SIRET number (fourteen digits)."),
    "bad_email": N_("« {value} » is not an e-mail address."),
    "bad_url": N_("« {value} » is not a web address (starting with https://)."),
    "duplicate": N_("This structure (same source and id) is already on line {value}."),
    "missing_column": N_("This column is missing from the header."),
    "unknown_column": N_("Unknown column: use the columns of the template."),
    "duplicate_column": N_("This column appears twice in the header."),
    "too_many_values": N_("More values than columns on this line (a « ; » too many?)."),
    "wrong_separator": N_("The columns must be separated by « ; »."),
    "not_utf8": N_("The file is not in UTF-8: save it again as « CSV UTF-8 »."),
    "bad_json": N_("The file is not a valid JSON list of structures."),
    "not_a_structure": N_("This entry is not a structure."),
    "empty": N_("The file holds no structure."),
}


def problem_text(problem: Problem, lang: str = "fr") -> str:
    """« Ligne 3, champ date_maj : … » (JSON: « Structure n° 3 »)."""
    message = gettext(PROBLEM_MESSAGES.get(problem.code, N_("This value is not valid.")), lang)
    message = message.replace("{value}", problem.value)
    if problem.line and problem.field:
        where = gettext(N_("Line {line}, field {field}"), lang)
    elif problem.line:
        where = gettext(N_("Line {line}"), lang)
    elif problem.field:
        where = gettext(N_("Field {field}"), lang)
    else:
        return message
    colon = "\u202f: " if lang == "fr" else ": "
    return where.replace("{line}", str(problem.line)).replace("{field}", problem.field) + colon + message


# --- checks --------------------------------------------------------------------------

def _managing(actor: Actor, action: str) -> None:
    if not pr.can_manage_directory(actor):
        raise Forbidden(action)


def _codes(values) -> list[str]:
    codes = []
    for code in values or ():
        code = str(code).strip()
        if code not in RESEAUX_PORTEURS:
            raise InvalidInput("reseaux_porteurs", "unknown_value", value=code)
        if code not in codes:
            codes.append(code)
    return codes


def _structure(uow: UnitOfWork, structure_id: int) -> r.StructureRow:
    row = uow.session.get(r.StructureRow, structure_id)
    if row is None:
        raise NotFound("structure", structure_id)
    return row


# --- structures ------------------------------------------------------------------------

def create_structure(actor: Actor, name: str, *, reseaux_porteurs=(), territory_id: int | None = None,
                     last_verified: date | None = None, uow: UnitOfWork, **values) -> int:
    _managing(actor, "create_structure")
    unknown = set(values) - set(STRUCTURE_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "unknown_field")
    cleaned = {k: clean(v, k, limit=STRUCTURE_FIELDS[k]) for k, v in values.items()}
    cleaned["name"] = clean(name, "name", required=True, limit=STRUCTURE_FIELDS["name"])
    codes = _codes(reseaux_porteurs)
    with uow:
        row = r.StructureRow(**cleaned, reseaux_porteurs=codes, last_verified=last_verified,
                             territory_id=territory_id or territories.default_territory_id(uow.session))
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "structure.created", "structure", row.id)
        uow.commit()
        return row.id


def update_structure(actor: Actor, structure_id: int, expected_version: int, *, reseaux_porteurs=None,
                     uow: UnitOfWork, **values) -> int:
    """Change a structure's fields; returns the new version (``StaleWrite`` if someone saved)."""
    _managing(actor, "update_structure")
    unknown = set(values) - set(STRUCTURE_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "unknown_field")
    cleaned = {k: clean(v, k, required=k == "name", limit=STRUCTURE_FIELDS[k]) for k, v in values.items()}
    codes = _codes(reseaux_porteurs) if reseaux_porteurs is not None else None
    with uow:
        row = _structure(uow, structure_id)
        check_version("structure", row, expected_version)
        for key, value in cleaned.items():
            setattr(row, key, value)
        if codes is not None:
            row.reseaux_porteurs = codes
        uow.flush()
        uow.audit.record(actor, "structure.updated", "structure", structure_id)
        uow.commit()
        return row.version


def mark_verified(actor: Actor, structure_id: int, on: date | None = None, *, uow: UnitOfWork) -> None:
    """Someone checked the entry today (or ``on``): the yearly reminder starts again."""
    _managing(actor, "verify_structure")
    on = on or clock.today()
    if on > clock.today():
        raise InvalidInput("last_verified", "in_future")
    with uow:
        row = _structure(uow, structure_id)
        row.last_verified = on
        uow.flush()
        uow.audit.record(actor, "structure.verified", "structure", structure_id)
        uow.commit()


def set_structure_active(actor: Actor, structure_id: int, active: bool, *, uow: UnitOfWork) -> None:
    """A closed structure stays for history; its partner accounts lose their households."""
    _managing(actor, "deactivate_structure")
    with uow:
        row = _structure(uow, structure_id)
        row.active = bool(active)
        uow.flush()
        uow.audit.record(actor, "structure.activated" if active else "structure.deactivated", "structure",
                         structure_id)
        uow.commit()


def list_structures(actor: Actor, *, territory_id: int | None = None, include_inactive: bool = False,
                    uow: UnitOfWork) -> list[DirectoryEntry]:
    """The directory, by name, with contacts; ``needs_verification`` past a year."""
    if not pr.can_read_directory(actor):
        raise Forbidden("read_directory")
    with uow:
        q = select(r.StructureRow).order_by(r.StructureRow.name, r.StructureRow.id)
        if territory_id is not None:
            q = q.where(r.StructureRow.territory_id == territory_id)
        if not include_inactive:
            q = q.where(r.StructureRow.active)
        rows = list(uow.session.scalars(q))
        contacts: dict[int, list[Contact]] = {row.id: [] for row in rows}
        if rows:
            for c in uow.session.scalars(select(r.StructureContactRow).where(
                    r.StructureContactRow.structure_id.in_(contacts)).order_by(r.StructureContactRow.id)):
                contacts[c.structure_id].append(Contact(c.id, c.name, c.role or "", c.phone or "", c.email or "",
                                                        c.user_id, c.successor_id, c.left_at))
        today = clock.today()
        return [DirectoryEntry(
            id=row.id, name=row.name, territory_id=row.territory_id, reseaux_porteurs=tuple(row.reseaux_porteurs or ()),
            missions=row.missions, public=row.public, eligibility=row.eligibility, opening_hours=row.opening_hours,
            address=row.address, postal_code=row.postal_code, commune=row.commune, phone=row.phone, email=row.email,
            website=row.website, di_source=row.di_source, di_id=row.di_id, date_maj=row.date_maj,
            last_verified=row.last_verified, needs_verification=directory.needs_verification(row.last_verified, today),
            active=row.active, contacts=tuple(contacts[row.id]), version=row.version) for row in rows]


def to_verify(actor: Actor, *, territory_id: int | None = None, uow: UnitOfWork) -> list[DirectoryEntry]:
    """The reminder: active entries never checked, or checked more than a year ago."""
    return [e for e in list_structures(actor, territory_id=territory_id, uow=uow) if e.needs_verification]


def who_does_what(actor: Actor, territory_id: int | None = None, *, uow: UnitOfWork) -> list[Structure]:
    """The rows of the printable "qui fait quoi" sheet of a territory (P2's document):
    active structures by name, their typology labels, current contacts "Name — role"."""
    entries = list_structures(actor, territory_id=territory_id, uow=uow)
    return [Structure(
        id=e.id, name=e.name, typology=", ".join(RESEAUX_PORTEURS.get(c, c) for c in e.reseaux_porteurs),
        missions=e.missions, public=e.public, eligibility=e.eligibility, opening_hours=e.opening_hours,
        address=" ".join(x for x in (e.address, e.postal_code, e.commune) if x), phone=e.phone, email=e.email,
        contacts=tuple(f"{c.name} — {c.role}" if c.role else c.name for c in e.contacts if c.left_at is None),
        last_verified=e.last_verified) for e in entries]


# --- contacts --------------------------------------------------------------------------

def add_contact(actor: Actor, structure_id: int, name: str, role: str = "", *, phone: str = "", email: str = "",
                user_id: int | None = None, uow: UnitOfWork) -> int:
    _managing(actor, "add_contact")
    name = clean(name, "name", required=True, limit=MAX_SHORT)
    role, phone, email = clean(role, "role", limit=MAX_SHORT), clean(phone, "phone", limit=60), \
        clean(email, "email", limit=MAX_SHORT)
    with uow:
        _structure(uow, structure_id)
        if user_id is not None and uow.session.get(r.User, user_id) is None:
            raise InvalidInput("user", "unknown_value", value=str(user_id))
        row = r.StructureContactRow(structure_id=structure_id, name=name, role=role, phone=phone, email=email,
                                    user_id=user_id)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "structure.contact_added", "structure", structure_id, contact=row.id)
        uow.commit()
        return row.id


def contact_leaves(actor: Actor, contact_id: int, successor_id: int | None = None, *, on: date | None = None,
                   uow: UnitOfWork) -> None:
    """A contact leaves (on ``on``, today by default); ``successor_id`` names who takes
    over (a contact of the same structure, still there)."""
    _managing(actor, "contact_leaves")
    with uow:
        row = uow.session.get(r.StructureContactRow, contact_id)
        if row is None:
            raise NotFound("structure_contact", contact_id)
        if successor_id is not None:
            successor = uow.session.get(r.StructureContactRow, successor_id)
            if (successor is None or successor.id == row.id or successor.structure_id != row.structure_id
                    or successor.left_at is not None):
                raise InvalidInput("successor", "unknown_value", value=str(successor_id))
        row.left_at = on or clock.today()
        row.successor_id = successor_id
        uow.flush()
        uow.audit.record(actor, "structure.contact_left", "structure", row.structure_id, contact=contact_id,
                         successor=successor_id)
        uow.commit()


def assign_structure(actor: Actor, user_id: int, structure_id: int | None, *, uow: UnitOfWork) -> None:
    """Tie a partner account to its one structure (``None`` unties it)."""
    _managing(actor, "assign_structure")
    with uow:
        user = uow.session.get(r.User, user_id)
        if user is None:
            raise NotFound("user", user_id)
        if structure_id is not None:
            if user.role != Role.PARTNER.value:
                raise InvalidInput("role", "not_partner")
            if not _structure(uow, structure_id).active:
                raise InvalidInput("structure", "unknown_value", value=str(structure_id))
        user.structure_id = structure_id
        uow.flush()
        uow.audit.record(actor, "user.structure_set", "user", user_id, structure=structure_id)
        uow.commit()


# --- files -----------------------------------------------------------------------------

def template_file() -> bytes:
    """The CSV template (``;``, UTF-8), with one fictional example line."""
    return directory.template_csv()


def check_file(data: bytes, fmt: FileFormat | str = FileFormat.CSV) -> directory.Parsed:
    """Read and check a file without writing anything (the screen's preview)."""
    return directory.parse(data, fmt, clock.today())


def import_directory(actor: Actor, data: bytes, fmt: FileFormat | str = FileFormat.CSV, *,
                     territory_id: int | None = None, uow: UnitOfWork) -> ImportReport:
    """Import a template or a data·inclusion export: every row checked first; any problem
    refuses the whole file (``DirectoryFileRefused``, nothing written). Then, in one
    transaction, a structure already known by its data·inclusion ``source`` and ``id`` is
    updated, others are created; a template line's contact is added unless already there."""
    _managing(actor, "import_directory")
    parsed = check_file(data, fmt)
    if parsed.problems:
        raise DirectoryFileRefused(parsed.problems)
    created = updated = contacts = 0
    with uow:
        territory = territory_id or territories.default_territory_id(uow.session)
        existing = {(s.di_source, s.di_id): s for s in uow.session.scalars(select(r.StructureRow).where(
            r.StructureRow.di_source.in_({x.source for x in parsed.structures})))}
        rows: list[tuple[directory.StructureInput, r.StructureRow]] = []
        for item in parsed.structures:
            row = existing.get((item.source, item.di_id))
            values = dict(name=item.name, reseaux_porteurs=list(item.reseaux_porteurs), description=item.description,
                          address=item.address, postal_code=item.postal_code, commune=item.commune,
                          phone=item.phone, email=item.email, website=item.website, siret=item.siret,
                          opening_hours=item.opening_hours, date_maj=item.date_maj)
            # Cercle's own fields only when the file has them (a data·inclusion export has none).
            for key in ("missions", "public", "eligibility", "last_verified"):
                if getattr(item, key):
                    values[key] = getattr(item, key)
            if row is None:
                row = r.StructureRow(di_source=item.source, di_id=item.di_id, territory_id=territory, **values)
                uow.add(row)
                created += 1
            else:
                for key, value in values.items():
                    setattr(row, key, value)
                updated += 1
            rows.append((item, row))
        uow.flush()  # one round of INSERTs; the contacts need the new ids
        with_contact = [(item, row) for item, row in rows if item.contact is not None]
        known = set()
        if with_contact:
            known = set(uow.session.execute(select(r.StructureContactRow.structure_id, r.StructureContactRow.name)
                                            .where(r.StructureContactRow.structure_id.in_({row.id for _, row in
                                                                                          with_contact}),
                                                   r.StructureContactRow.left_at.is_(None))).all())
        for item, row in with_contact:
            if (row.id, item.contact.name) not in known:
                uow.add(r.StructureContactRow(structure_id=row.id, name=item.contact.name, role=item.contact.role,
                                              phone=item.contact.phone, email=item.contact.email))
                known.add((row.id, item.contact.name))
                contacts += 1
        uow.flush()
        uow.audit.record(actor, "structure.imported", "structure", None, format=str(FileFormat(fmt)),
                         created=created, updated=updated, contacts=contacts)
        uow.commit()
    return ImportReport(created, updated, contacts)
