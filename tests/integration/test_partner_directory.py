"""The partner directory (issue 10): the CSV template and data·inclusion exports imported
all or nothing, every problem in French with its line and field; contacts with a
successor; the yearly check reminder; the "qui fait quoi" rows; the command line."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conference.domain import directory
from conference.domain.enums import Role
from conference.domain.errors import Forbidden, InvalidInput
from conference.domain.reseaux_porteurs import RESEAUX_PORTEURS
from conference.services import accounts, auth
from conference.services import partner_directory as pd
from conference.store import models as r

FIXTURES = Path(__file__).parents[1] / "fixtures" / "data-inclusion"
ADMIN = auth.SYSTEM
HEADER = ";".join(directory.TEMPLATE_COLUMNS)


def csv_file(*lines: str) -> bytes:
    return ("\n".join((HEADER,) + lines) + "\n").encode("utf-8")


def line(**values) -> str:
    row = dict.fromkeys(directory.TEMPLATE_COLUMNS, "")
    row.update(values)
    return ";".join(row[c] for c in directory.TEMPLATE_COLUMNS)


CAF = line(id="caf-1", source="cercle", nom="CAF de l'Imaginaire", date_maj="2026-10-14", reseaux_porteurs="caf",
           missions="Aides au logement", contact_nom_prenom="Agent Fictif", contact_role="Conseillère",
           date_verification="01/11/2026")
CCAS = line(id="ccas-1", source="cercle", nom="CCAS de Villeneuve-Imaginaire", date_maj="2026-09-01",
            reseaux_porteurs="ccas-cias", code_postal="99100", courriel="accueil@ccas.invalid")


def counts(uow) -> tuple[int, int]:
    with uow:
        return (uow.session.scalar(select(func.count()).select_from(r.StructureRow)),
                uow.session.scalar(select(func.count()).select_from(r.StructureContactRow)))


# --- the vendored schema -------------------------------------------------------------------

def test_our_codes_and_columns_follow_the_current_data_inclusion_schema():
    schema = json.loads((FIXTURES / "structure.json").read_text(encoding="utf-8"))
    referential = json.loads((FIXTURES / "reseaux-porteurs.json").read_text(encoding="utf-8"))
    assert set(RESEAUX_PORTEURS) == {x["value"] for x in referential} == set(schema["$defs"]["ReseauPorteur"]["enum"])
    assert set(schema["required"]) == set(directory.DI_REQUIRED) == {"id", "source", "nom", "date_maj"}
    assert set(directory.DI_FIELDS) == set(schema["properties"])
    assert "typologie" not in schema["properties"]  # the type field is reseaux_porteurs now


# --- imports -------------------------------------------------------------------------------

def test_a_template_file_is_imported_with_its_contacts_and_a_second_import_updates(uow):
    report = pd.import_directory(ADMIN, csv_file(CAF, CCAS), uow=uow)

    assert (report.created, report.updated, report.contacts) == (2, 0, 1)
    entries = {e.name: e for e in pd.list_structures(ADMIN, uow=uow)}
    caf = entries["CAF de l'Imaginaire"]
    assert caf.reseaux_porteurs == ("caf",) and caf.missions == "Aides au logement"
    assert caf.last_verified == date(2026, 11, 1) and not caf.needs_verification
    assert [(c.name, c.role) for c in caf.contacts] == [("Agent Fictif", "Conseillère")]
    assert entries["CCAS de Villeneuve-Imaginaire"].needs_verification  # never checked

    changed = CCAS.replace("2026-09-01", "2026-11-20").replace("accueil@ccas.invalid", "social@ccas.invalid")
    again = pd.import_directory(ADMIN, csv_file(CAF, changed), uow=uow)
    assert (again.created, again.updated, again.contacts) == (0, 2, 0)
    assert counts(uow) == (2, 1)
    ccas = {e.name: e for e in pd.list_structures(ADMIN, uow=uow)}["CCAS de Villeneuve-Imaginaire"]
    assert (ccas.email, ccas.date_maj) == ("social@ccas.invalid", date(2026, 11, 20))


def test_a_file_with_errors_is_refused_whole_with_line_numbered_french_messages(uow):
    pd.import_directory(ADMIN, csv_file(CCAS), uow=uow)
    before = counts(uow)
    bad = csv_file(
        CAF,                                                                     # line 2: fine
        line(id="x-1", source="cercle", nom="Mission locale", date_maj="2026-13-45"),          # 3: bad date
        line(id="x-2", source="", nom="UDAF", date_maj="2026-10-01", reseaux_porteurs="udaf"),  # 4
        line(id="caf-1", source="cercle", nom="CAF bis", date_maj="2030-01-01"),               # 5
        line(id="x-3", source="cercle", nom="SIAO", date_maj="2026-10-01", code_postal="9910",
             courriel="pas-une-adresse"),                                                      # 6
    )

    with pytest.raises(pd.DirectoryFileRefused) as refused:
        pd.import_directory(ADMIN, bad, uow=uow)

    texts = [pd.problem_text(p) for p in refused.value.problems]
    assert texts == [
        "Ligne 3, champ date_maj\u202f: « 2026-13-45 » n’est pas une date (écrire 2026-12-01 ou 01/12/2026).",
        "Ligne 4, champ source\u202f: Ce champ est obligatoire.",
        "Ligne 4, champ reseaux_porteurs\u202f: « udaf » n’est pas un code de réseau porteur de data·inclusion "
        "(reseaux_porteurs).",
        "Ligne 5, champ date_maj\u202f: La date ne peut pas être dans le futur.",
        "Ligne 6, champ code_postal\u202f: « 9910 » n’est pas un code postal (cinq chiffres).",
        "Ligne 6, champ courriel\u202f: « pas-une-adresse » n’est pas une adresse électronique.",
    ]
    assert counts(uow) == before  # the valid CAF line was not written either
    with uow:
        assert uow.session.scalar(select(func.count()).select_from(r.AuditRow)
                                  .where(r.AuditRow.action == "structure.imported")) == 1


def test_header_problems_are_on_line_one_and_a_duplicate_names_the_first_line(uow):
    header = csv_file().replace(b"date_maj;", b"").replace(b"missions", b"mission")
    problems = pd.check_file(header + b"a;b;c\n").problems
    assert [(p.line, p.field, p.code) for p in problems] == [(1, "date_maj", "missing_column"),
                                                              (1, "mission", "unknown_column")]
    twice = pd.check_file(csv_file(CCAS, CAF, CCAS)).problems
    assert [(p.line, p.field, p.code, p.value) for p in twice] == [(4, "id", "duplicate", "2")]
    comma = pd.check_file(HEADER.replace(";", ",").encode() + b"\n")
    assert [p.code for p in comma.problems] == ["wrong_separator"]
    latin1 = pd.check_file(csv_file(CCAS.replace("Villeneuve", "Villé")).decode().encode("latin-1"))
    assert [(p.line, p.code) for p in latin1.problems] == [(2, "not_utf8")]


def test_the_template_file_imports_as_it_is(uow):
    template = pd.template_file()
    assert template.startswith("\ufeff".encode()) and template.decode("utf-8-sig").splitlines()[0] == HEADER
    assert pd.import_directory(ADMIN, template, uow=uow).created == 1


@pytest.mark.parametrize("name", ["structures-export.json", "structures-export.csv"])
def test_a_data_inclusion_export_with_the_current_schema_is_imported(uow, name):
    report = pd.import_directory(ADMIN, (FIXTURES / name).read_bytes(), "datainclusion", uow=uow)

    assert (report.created, report.updated) == (4, 0)
    entries = {e.di_id: e for e in pd.list_structures(ADMIN, uow=uow)}
    caf = entries["dora--caf-imaginaire"]
    assert (caf.di_source, caf.reseaux_porteurs, caf.date_maj) == ("dora", ("caf",), date(2026, 10, 14))
    assert caf.address == "3 rue des Allocations, Bâtiment B" and caf.opening_hours == "Mo-Fr 08:30-12:30; PH off"
    assert entries["dora--mds-nord"].reseaux_porteurs == ("departements", "maisons-des-solidarites")


def test_a_data_inclusion_export_missing_a_required_field_is_refused_by_structure_number(uow):
    items = json.loads((FIXTURES / "structures-export.json").read_text(encoding="utf-8"))
    del items[2]["date_maj"]
    items[3]["reseaux_porteurs"] = ["typologie-ancienne"]
    with pytest.raises(pd.DirectoryFileRefused) as refused:
        pd.import_directory(ADMIN, json.dumps({"items": items}).encode(), "datainclusion", uow=uow)
    assert [(p.line, p.field, p.code) for p in refused.value.problems] == [
        (3, "date_maj", "required"), (4, "reseaux_porteurs", "unknown_code")]
    assert counts(uow) == (0, 0)


# --- structures, contacts, accounts ---------------------------------------------------------

def test_only_an_administrator_or_the_local_user_manages_the_directory(uow, coordinator):
    partner = accounts.create_user("Partenaire Fictive", Role.PARTNER, uow=uow)
    for actor in (coordinator, partner):
        with pytest.raises(Forbidden):
            pd.create_structure(actor, "CAF", uow=uow)
        with pytest.raises(Forbidden):
            pd.import_directory(actor, csv_file(CAF), uow=uow)
    assert counts(uow) == (0, 0)
    local = accounts.local_coordinator(uow=uow)
    assert pd.create_structure(local, "CAF de l'Imaginaire", reseaux_porteurs=["caf"], uow=uow)
    assert [e.name for e in pd.list_structures(partner, uow=uow)] == ["CAF de l'Imaginaire"]


def test_a_contact_leaves_with_a_successor_and_the_sheet_shows_who_is_there(uow):
    sid = pd.create_structure(ADMIN, "Département — service social", reseaux_porteurs=["departements"],
                              missions="Accompagnement social global", uow=uow)
    caron = pd.add_contact(ADMIN, sid, "Mme Caron", "Assistante sociale", uow=uow)
    da_silva = pd.add_contact(ADMIN, sid, "M. Da Silva", "Assistant social", uow=uow)
    with pytest.raises(InvalidInput):
        pd.contact_leaves(ADMIN, caron, successor_id=caron, uow=uow)

    pd.contact_leaves(ADMIN, caron, successor_id=da_silva, uow=uow)

    entry = pd.list_structures(ADMIN, uow=uow)[0]
    assert {c.name: c.successor_id for c in entry.contacts} == {"Mme Caron": da_silva, "M. Da Silva": None}
    [sheet] = pd.who_does_what(ADMIN, uow=uow)
    assert sheet.contacts == ("M. Da Silva — Assistant social",)
    assert sheet.typology == "Départements et Services Départementaux"


def test_the_reminder_lists_entries_not_checked_for_a_year(uow):
    old = pd.create_structure(ADMIN, "MSA Imaginaire", last_verified=date(2025, 11, 1), uow=uow)
    fresh = pd.create_structure(ADMIN, "SIAO Imaginaire", last_verified=date(2026, 6, 1), uow=uow)
    assert [e.id for e in pd.to_verify(ADMIN, uow=uow)] == [old]
    pd.mark_verified(ADMIN, old, uow=uow)
    assert pd.to_verify(ADMIN, uow=uow) == [] and fresh


def test_a_partner_account_belongs_to_one_active_structure(uow, coordinator):
    sid = pd.create_structure(ADMIN, "CCAS de Villeneuve-Imaginaire", uow=uow)
    partner = accounts.create_user("Partenaire Fictive", Role.PARTNER, uow=uow)
    with pytest.raises(InvalidInput):
        pd.assign_structure(ADMIN, coordinator.id, sid, uow=uow)
    pd.assign_structure(ADMIN, partner.id, sid, uow=uow)
    with uow:
        assert uow.session.get(r.User, partner.id).structure_id == sid


# --- the command line -----------------------------------------------------------------------

def test_cercle_partners_import_refuses_a_bad_file_in_french_and_imports_a_good_one(tmp_path, monkeypatch, capsys):
    from conference.cli import main

    monkeypatch.setenv("CERCLE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    bad = tmp_path / "annuaire.csv"
    bad.write_bytes(csv_file(line(id="x", source="cercle", nom="CAF", date_maj="hier")))
    assert main(["partners", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Ligne 2, champ date_maj\u202f: « hier » n’est pas une date" in err
    assert "rien n’a été modifié" in err

    export = FIXTURES / "structures-export.json"
    assert main(["partners", "import", str(export), "--format", "datainclusion"]) == 0
    assert "4 structure(s) créée(s)" in capsys.readouterr().out
    assert main(["partners", "template", "--out", str(tmp_path / "modele.csv")]) == 0
    assert (tmp_path / "modele.csv").read_bytes() == pd.template_file()
