"""``cercle network``: export, import, worksheet and print, in-process on a temporary
database, acting as the local coordinator like the rest of the command.

The fictional Moreau-Diallo family in preparation; Julien Moreau (the father, flagged
"not safe") must never leave in a file nor on paper.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from conference import cli
from conference.domain.enums import Phase, Relation, TieKind
from conference.network import exchange
from conference.services import accounts, conferences, network

from ..conftest import require_tool
from ..factories import make_conference, make_coordinator
from .test_cli import open_uow, url  # noqa: F401 (fixtures: the database the command finds)

NOT_SAFE_NAME = "Julien Moreau"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture
def case(url, open_uow):  # noqa: F811
    """(uow, source conference with ties of every kind, empty target conference)."""
    assert cli.main(["db", "upgrade"]) == 0
    uow = open_uow()
    coordinator = make_coordinator(uow)
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    ids = {p.name: p.id for p in network.get_network(coordinator, cid, uow=uow).participants}
    for a, b, kind in (("Lina", "Awa Diallo", TieKind.SUPPORT), ("Oncle Karim", "Tante Sophie Moreau", TieKind.CONFLICT),
                       ("Lina", "Coach de foot de Lina", TieKind.BROKEN), ("Lina", NOT_SAFE_NAME, TieKind.CONFLICT)):
        network.add_tie(coordinator, cid, ids[a], ids[b], kind, uow=uow)
    network.add_member(coordinator, cid, HOSTILE_NAME, Relation.FRIEND, 2, uow=uow)
    target = conferences.create_conference(coordinator, "Famille Cible (fictive)", uow=uow)
    return uow, cid, target


def members_and_ties(uow, cid: int) -> tuple[set, set]:
    """The map as comparable values: (name, relation, ring, focal) and ties by names."""
    view = network.get_network(accounts.local_coordinator(uow=uow), cid, uow=uow)
    names = {p.id: p.name for p in view.participants}
    members = {(p.name, p.relation, p.ring, p.is_focal) for p in view.participants}
    ties = {(frozenset((names[t.source_id], names[t.target_id])), t.kind) for t in view.ties}
    return members, ties


def shareable_members_and_ties(uow, cid: int) -> tuple[set, set]:
    members, ties = members_and_ties(uow, cid)
    return ({m for m in members if m[0] != NOT_SAFE_NAME},
            {t for t in ties if NOT_SAFE_NAME not in t[0]})


def audit_entries(uow, cid: int, action: str) -> list[dict]:
    """The details of the audit entries ``action`` about conference ``cid``."""
    with uow:
        return [dict(e.details or {}) for e in uow.audit.entries("conference", cid) if e.action == action]


# --- export, then import elsewhere ----------------------------------------------------------

@pytest.mark.parametrize("fmt, suffix", [("graphml", "graphml"), ("csv", "zip"), ("json", "json")])
def test_an_export_imported_into_another_conference_gives_the_same_members_and_ties(case, tmp_path, capsys, fmt,
                                                                                      suffix):
    uow, cid, target = case
    out = tmp_path / f"reseau.{suffix}"

    assert cli.main(["network", "export", "--conference", str(cid), "--format", fmt, "--out", str(out)]) == 0
    assert cli.main(["network", "import", "--conference", str(target), str(out)]) == 0

    assert members_and_ties(uow, target) == shareable_members_and_ties(uow, cid)
    assert NOT_SAFE_NAME.encode() not in out.read_bytes()
    assert len(members_and_ties(uow, target)[1]) == 3
    output = capsys.readouterr().out
    assert f"Carte du réseau ({fmt}) écrite dans {out}" in output
    assert f"importé dans la conférence {target}. Personnes ajoutées : 11 ; mises à jour : 0" in output


@pytest.mark.parametrize("fmt", ["graphml", "csv", "json"])
def test_each_export_is_audited_like_the_app_download(case, tmp_path, fmt):
    uow, cid, _target = case

    assert cli.main(["network", "export", "--conference", str(cid), "--format", fmt, "--out", str(tmp_path)]) == 0

    (entry,) = audit_entries(uow, cid, "export.network")
    assert entry["format"] == fmt
    assert len(list(tmp_path.glob(f"reseau-conference-{cid}-*"))) == 1


def test_the_format_is_guessed_from_the_file_name(case, tmp_path):
    uow, cid, target = case
    out = tmp_path / "reseau.xml"

    assert cli.main(["network", "export", "--conference", str(cid), "--out", str(out)]) == 0

    assert out.read_bytes().lstrip().startswith(b"<?xml") and b"graphml" in out.read_bytes()
    assert cli.main(["network", "import", "--conference", str(target), str(out)]) == 0
    assert members_and_ties(uow, target) == shareable_members_and_ties(uow, cid)


def test_an_import_is_audited_and_a_second_import_changes_nothing(case, tmp_path, capsys):
    uow, cid, target = case
    out = tmp_path / "reseau.json"
    assert cli.main(["network", "export", "--conference", str(cid), "--out", str(out)]) == 0
    assert cli.main(["network", "import", "--conference", str(target), str(out)]) == 0
    before = members_and_ties(uow, target)
    capsys.readouterr()

    assert cli.main(["network", "import", "--conference", str(target), str(out)]) == 0

    assert members_and_ties(uow, target) == before
    assert len(audit_entries(uow, target, "network.imported")) == 2
    output = capsys.readouterr().out
    assert "Personnes ajoutées : 0" in output and "Liens déjà sur la carte, laissés tels quels : 3." in output


def test_the_html_export_is_the_offline_map_without_the_not_safe_father(case, tmp_path):
    _uow, cid, _target = case
    out = tmp_path / "carte.html"

    assert cli.main(["network", "export", "--conference", str(cid), "--out", str(out)]) == 0

    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Awa Diallo" in page and "Julien" not in page
    assert HOSTILE_NAME not in page  # escaped, never markup


@pytest.mark.parametrize("argv", [["network", "export", "--format", "html"], ["network", "print"]])
def test_the_html_and_pdf_maps_are_audited_too(case, tmp_path, argv):
    uow, cid, _target = case

    assert cli.main([*argv, "--conference", str(cid), "--out", str(tmp_path)]) == 0

    assert len(audit_entries(uow, cid, "export.network")) == 1


# --- import refused ---------------------------------------------------------------------------

BAD_CSV = "name;relation;ring\r\nMamie Fictive;cousinn;5\r\n;friend;1\r\n"


@pytest.mark.parametrize("name, content, expected", [
    ("membres.csv", BAD_CSV.encode("utf-8"), [
        "Fichier members.csv, ligne 2, champ relation : valeur inconnue « cousinn ».",
        "Fichier members.csv, ligne 2, champ ring : le cercle doit être 1, 2, 3 ou vide, pas « 5 ».",
        "Fichier members.csv, ligne 3, champ name : cette valeur manque."]),
    ("reseau.json", json.dumps({"schema": exchange.SCHEMA, "members": [
        {"name": "Mamie Fictive", "relation": "family", "ring": 7}]}).encode(), [
        "Personne n° 1, champ ring : le cercle doit être 1, 2, 3 ou vide, pas « 7 »."]),
    ("reseau.graphml", b"<graphml><graph><node id='a'>", ["Ligne 1"]),
])
def test_a_malformed_file_exits_2_lists_every_problem_in_french_and_changes_nothing(case, tmp_path, capsys, name,
                                                                                  content, expected):
    uow, cid, _target = case
    before = members_and_ties(uow, cid)
    path = tmp_path / name
    path.write_bytes(content)
    capsys.readouterr()

    assert cli.main(["network", "import", "--conference", str(cid), str(path)]) == 2

    err = capsys.readouterr().err
    assert err.startswith(f"Erreur : {path} n'a pas été importé et rien n'a changé. Problèmes trouvés :")
    for line in expected:
        assert line in err
    assert "Traceback" not in err
    assert members_and_ties(uow, cid) == before
    assert not audit_entries(uow, cid, "network.imported")


def test_a_file_over_2_mb_is_refused_without_being_read_whole(case, tmp_path, capsys):
    uow, cid, _target = case
    path = tmp_path / "enorme.json"
    path.write_bytes(b" " * (exchange.MAX_BYTES + 10))
    before = members_and_ties(uow, cid)
    capsys.readouterr()

    assert cli.main(["network", "import", "--conference", str(cid), str(path)]) == 2

    assert f"  - Le fichier est trop gros ({exchange.MAX_BYTES + 10} octets ; 2 Mo au plus)." in capsys.readouterr().err
    assert members_and_ties(uow, cid) == before


@pytest.mark.parametrize("argv, expected", [
    (["network", "import", "--conference", "{cid}", "{tmp}/reseau.txt"],
     "Impossible de deviner le format de {tmp}/reseau.txt d'après son nom : ajoutez --format (graphml, csv, json)."),
    (["network", "import", "--conference", "{cid}", "--format", "json", "{tmp}/absent.json"],
     "Impossible de lire {tmp}/absent.json"),
    (["network", "import", "--conference", "9999", "{tmp}/reseau.json"], "La conférence 9999 n'existe pas"),
    (["network", "export", "--conference", "9999", "--out", "{tmp}/x.json"], "La conférence 9999 n'existe pas"),
    (["network", "print", "--conference", "9999", "--out", "{tmp}/x.pdf"], "La conférence 9999 n'existe pas"),
    (["network", "export", "--conference", "{cid}", "--out", "{tmp}/x.docx"],
     "Impossible de deviner le format de {tmp}/x.docx d'après son nom : ajoutez --format (graphml, csv, json, html)."),
])
def test_a_refused_command_exits_2_with_one_french_line(case, tmp_path, capsys, argv, expected):
    _uow, cid, _target = case
    (tmp_path / "reseau.txt").write_text("{}")
    (tmp_path / "reseau.json").write_text(json.dumps({"schema": exchange.SCHEMA, "members": [
        {"name": "Mamie Fictive", "relation": "family"}]}))
    fill = lambda text: text.format(cid=cid, tmp=tmp_path)  # noqa: E731
    capsys.readouterr()

    assert cli.main([fill(arg) for arg in argv]) == 2

    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and fill(expected) in err and err.count("\n") == 1


# --- paper --------------------------------------------------------------------------------------

def test_the_worksheet_needs_no_database(url, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "feuille.pdf"

    assert cli.main(["network", "worksheet", "--out", str(out), "--title", "Famille Fictive"]) == 0

    assert out.read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "cli.sqlite3").exists()
    assert f"Feuille vierge du réseau écrite dans {out}" in capsys.readouterr().out
    assert cli.main(["network", "worksheet", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "feuille-reseau.pdf").exists()


def test_print_writes_the_filled_map_with_shareable_people_only(case, tmp_path, capsys):
    _uow, cid, _target = case

    assert cli.main(["network", "print", "--conference", str(cid), "--out", str(tmp_path)]) == 0

    (pdf,) = tmp_path.glob(f"carte-reseau-conference-{cid}-*.pdf")
    text = subprocess.run([require_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    words = " ".join(text.split())
    assert "Awa Diallo" in words and "Tante Sophie Moreau" in words and HOSTILE_NAME in words
    assert "Julien" not in words
    assert "Carte du réseau à imprimer écrite dans" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["network", "--help"], ["network", "export", "--help"],
                                  ["network", "import", "--help"], ["network", "worksheet", "--help"],
                                  ["network", "print", "--help"]])
def test_network_help_is_in_french(argv, capsys):
    assert cli.main(argv) == 0

    out = capsys.readouterr().out
    assert out.startswith("utilisation : cercle network")
    assert "afficher cette aide et quitter" in out
    assert "show this help" not in out and "usage:" not in out


def test_network_without_an_action_is_a_usage_error_in_french(url, capsys):  # noqa: F811
    assert cli.main(["network"]) == 2

    assert "erreur : ces arguments sont obligatoires : ACTION" in capsys.readouterr().err
