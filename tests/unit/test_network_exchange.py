"""Export and import of the network map: round trips in the three formats (tricky and
generated names), every refusal with its French message, nobody "not safe" exported,
and the merge of an imported file into a map."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conference.domain.enums import Attendance, Field, InvitationStatus, Phase, Relation, Support, TieKind
from conference.domain.model import Conference, Participant, Tie
from conference.i18n import gettext
from conference.network import exchange as x
from conference.network.exchange import ImportProblem, NetworkImportInvalid, problem_text

NOW = datetime(2026, 11, 23, 10, 30, tzinfo=timezone.utc)
TRICKY = ('Mamie "Mariam" l\'aînée', "Inès 🌻 Ndiaye", "<img src=x onerror=alert(1)>", '"><script>alert(1)</script>',
          "=HYPERLINK(\"http://example.invalid\")", "'=déjà protégé", "+33 voisin", "Zoë\tTab", "Ligne\nDeux",
          "Retour\rChariot", " espaces autour ")


def moreau_diallo(names=None) -> Conference:
    people = [
        Participant(1, "Lina", Relation.FAMILY, None, InvitationStatus.CONFIRMED, is_focal=True),
        Participant(2, "Mamie Mariam", Relation.FAMILY, 1, InvitationStatus.CONFIRMED, supports=(Support.CHILDCARE,),
                    phone="06 00 00 00 01", phone_visible=True, email="mariam@example.invalid", note="Note fictive",
                    attendance=Attendance.PRESENT),
        Participant(3, "Oncle Karim", Relation.FAMILY, 1, supports=(Support.TRANSPORT, Support.PRACTICAL),
                    position=(-12.5, 40.0)),
        Participant(4, "Infirmière scolaire", Relation.EXPERT, 3, InvitationStatus.INVITED,
                    expert_question="Qu'est-ce qui aide un enfant de 8 ans ?"),
        Participant(5, "Julien Moreau", Relation.FAMILY, 3, InvitationStatus.NOT_TO_INVITE, not_safe=True,
                    phone="06 99 99 99 99", phone_visible=True),
    ]
    for index, name in enumerate(names or ()):
        people.append(Participant(10 + index, name, Relation.FRIEND, (1, 2, 3, None)[index % 4]))
    ties = [Tie(1, 2, 3, TieKind.SUPPORT), Tie(2, 5, 2, TieKind.CONFLICT), Tie(3, 1, 4, TieKind.BROKEN)]
    ties += [Tie(10 + i, 10 + i, 2, TieKind.SUPPORT) for i in range(len(names or ()))]
    return Conference(7, "Famille Moreau-Diallo (démo)", Phase.PREPARATION, field=Field.CHILDHOOD,
                      participants=tuple(people), ties=tuple(ties))


def export(fmt: str, conf: Conference, *, for_sharing: bool = True) -> bytes:
    if fmt == "json":
        return x.to_json_bytes(conf, for_sharing=for_sharing, now=NOW)
    if fmt == "graphml":
        return x.to_graphml(conf, for_sharing=for_sharing, now=NOW)
    return x.to_csv_zip(conf, for_sharing=for_sharing, now=NOW)


def key(fmt: str, ident: int) -> str:
    return f"p{ident}" if fmt == "graphml" else str(ident)


def assert_same_network(fmt: str, conf: Conference, imported: x.ImportedNetwork) -> None:
    members = {m.key: m for m in imported.members}
    assert len(members) == len(conf.participants)
    for p in conf.participants:
        m = members[key(fmt, p.id)]
        assert (m.id, m.name, m.relation, m.ring, m.invitation, m.not_safe, m.is_focal) == (
            p.id, p.name, p.relation, p.ring, p.invitation, p.not_safe, p.is_focal)
        assert (m.supports, m.expert_question, m.attendance, m.phone, m.phone_visible, m.email, m.email_visible,
                m.note, m.position) == (p.supports, p.expert_question, p.attendance, p.phone, p.phone_visible,
                                        p.email, p.email_visible, p.note, p.position)
    assert {(frozenset((t.source, t.target)), t.kind) for t in imported.ties} == {
        (frozenset((key(fmt, t.source_id), key(fmt, t.target_id))), t.kind) for t in conf.ties}


def refusal(fmt: str, data: bytes) -> tuple[ImportProblem, ...]:
    with pytest.raises(NetworkImportInvalid) as caught:
        x.parse(fmt, data)
    return caught.value.problems


def csv_file(*lines: str) -> bytes:
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def csv_zip(members: bytes, ties: bytes | None = None, *, members_name: str = "members.csv") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(members_name, members)
        if ties is not None:
            archive.writestr("ties.csv", ties)
    return buffer.getvalue()


def graphml(nodes: str, edges: str = "", head: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return (f'{head}\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
            '<key id="n" for="node" attr.name="name" attr.type="string"/>\n'
            '<key id="r" for="node" attr.name="relation" attr.type="string"/>\n'
            '<key id="k" for="edge" attr.name="kind" attr.type="string"/>\n'
            f'<graph edgedefault="undirected">\n{nodes}\n{edges}\n</graph></graphml>\n').encode("utf-8")


def fr(problem: ImportProblem) -> str:
    return problem_text(problem, "fr")


# --- round trips -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", x.FORMATS)
def test_export_then_import_gives_back_the_same_members_and_ties(fmt):
    conf = moreau_diallo(TRICKY)

    imported = x.parse(fmt, export(fmt, conf, for_sharing=False))

    assert_same_network(fmt, conf, imported)


@pytest.mark.parametrize("fmt", ["json", "graphml"])
def test_json_and_graphml_carry_the_case_metadata(fmt):
    conf = moreau_diallo()

    imported = x.parse(fmt, export(fmt, conf))

    assert (imported.conference_id, imported.title) == (7, "Famille Moreau-Diallo (démo)")
    assert imported.exported_at.startswith("2026-11-23T10:30")


XML_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(
    chr(c) for c in range(32) if c not in (9, 10, 13)) + "\ufffe\uffff")
NAMES = st.text(XML_CHARACTERS, min_size=1, max_size=200).filter(lambda s: s.strip())


@pytest.mark.parametrize("fmt", x.FORMATS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAMES, min_size=1, max_size=4))
def test_any_name_xml_can_hold_survives_a_round_trip(fmt, names):
    conf = moreau_diallo(names)

    imported = x.parse(fmt, export(fmt, conf, for_sharing=False))

    assert_same_network(fmt, conf, imported)


def test_graphml_writes_control_characters_as_a_replacement_character():
    conf = moreau_diallo(["Nom\x01avec\x1fcontrôle"])

    imported = x.parse("graphml", export("graphml", conf))

    assert next(m.name for m in imported.members if m.key == "p10") == "Nom\ufffdavec\ufffdcontrôle"


def test_graphml_has_graph_level_case_keys_and_p_prefixed_node_ids():
    data = x.to_graphml(moreau_diallo(), now=NOW).decode("utf-8")

    for name in ("schema", "conference_id", "title", "field", "exported_at", "for_sharing"):
        assert f'for="graph" attr.name="{name}"' in data
    assert '<node id="p2">' in data and "cercle.network/1" in data


def test_csv_is_semicolon_separated_utf8_with_bom_and_english_headers():
    members, ties = x.to_csv(moreau_diallo())

    assert members.startswith(b"\xef\xbb\xbfid;name;relation;ring;invitation;not_safe;is_focal;supports;")
    assert ties.startswith("\ufeffsource;target;kind\r\n".encode("utf-8"))
    assert "2;Mamie Mariam;family;1;confirmed;false;false;childcare;" in members.decode("utf-8-sig")


def test_csv_text_that_looks_like_a_formula_is_protected_and_comes_back_intact():
    conf = moreau_diallo(["=1+1", "@SUM(A1)", "'=deja"])

    members, _ties = x.to_csv(conf, for_sharing=False)
    imported = x.parse_csv(members)

    text = members.decode("utf-8-sig")
    assert ";'=1+1;" in text and ";'@SUM(A1);" in text and ";''=deja;" in text
    assert {m.name for m in imported.members} >= {"=1+1", "@SUM(A1)", "'=deja"}


def test_a_lone_members_csv_is_accepted_with_french_labels_for_codes():
    data = csv_file("name;relation;ring;supports", "Tante Sophie;Famille;2;Garde des enfants,logement",
                    "M. Lefort;voisin;;")

    imported = x.parse("csv", data)

    sophie, lefort = imported.members
    assert (sophie.key, sophie.relation, sophie.ring, sophie.supports) == (
        "Tante Sophie", Relation.FAMILY, 2, (Support.CHILDCARE, Support.HOUSING))
    assert (lefort.relation, lefort.ring) == (Relation.NEIGHBOUR, None)


def test_the_csv_zip_may_keep_its_files_in_a_folder():
    members, ties = x.to_csv(moreau_diallo())

    imported = x.parse_csv_zip(csv_zip(members, None, members_name="reseau/members.csv"))

    assert len(imported.members) == 4


# --- nobody "not safe" in a shared file ------------------------------------------------------------

@pytest.mark.parametrize("fmt", x.FORMATS)
def test_a_not_safe_person_never_appears_in_a_shared_export(fmt):
    conf = moreau_diallo()

    data = export(fmt, conf)

    contents = [data]
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            contents += [archive.read(name) for name in archive.namelist()]
    for content in contents:
        assert b"Julien Moreau" not in content
        assert b"06 99 99 99 99" not in content
    assert {m.key for m in x.parse(fmt, data).members} == {key(fmt, i) for i in (1, 2, 3, 4)}


def test_csv_shared_files_hold_neither_the_not_safe_person_nor_his_ties():
    members, ties = x.to_csv(moreau_diallo())

    assert b"Julien Moreau" not in members
    assert ties.decode("utf-8-sig").splitlines() == ["source;target;kind", "2;3;support", "1;4;broken"]


def test_a_shared_export_keeps_only_visible_contact_details_and_no_notes():
    data = json.loads(x.to_json_bytes(moreau_diallo(), now=NOW))

    mariam = next(m for m in data["members"] if m["id"] == 2)
    assert (mariam["phone"], mariam["email"], mariam["note"]) == ("06 00 00 00 01", "", "")
    assert data["for_sharing"] is True


def test_the_coordinators_own_copy_keeps_everyone():
    data = x.to_json(moreau_diallo(), for_sharing=False, now=NOW)

    julien = next(m for m in data["members"] if m["id"] == 5)
    assert julien["not_safe"] is True and julien["invitation"] == "not_to_invite"


# --- refusals --------------------------------------------------------------------------------------

MEMBERS_HEAD = "id;name;relation;ring;supports"
REFUSALS = [
    pytest.param("json", json.dumps({"schema": "cercle.network/2", "members": []}).encode(), "schema_unknown",
                 "Champ schema : version de format inconnue « cercle.network/2 »", id="unknown-schema"),
    pytest.param("json", b'{"members": []}', "schema_unknown", "version de format inconnue", id="no-schema"),
    pytest.param("csv", csv_file(MEMBERS_HEAD, "1;Mamie;family;1;", "2;;family;1;"), "required",
                 "Fichier members.csv, ligne 3, champ name : cette valeur manque.", id="missing-name"),
    pytest.param("csv", csv_file(MEMBERS_HEAD, "1;A;family;;", "2;B;family;;", "3;Cousin Ali;cousinn;2;"),
                 "unknown_value", "Fichier members.csv, ligne 4, champ relation : valeur inconnue « cousinn ». "
                 "Valeurs possibles : family, friend, neighbour", id="unknown-relation"),
    pytest.param("csv", csv_file(MEMBERS_HEAD, "1;A;family;1;childcare,magie"), "unknown_value",
                 "ligne 2, champ supports : valeur inconnue « magie ». Valeurs possibles : emotional",
                 id="unknown-support"),
    pytest.param("csv", csv_zip(csv_file(MEMBERS_HEAD, "1;A;family;1;", "2;B;friend;2;"),
                                csv_file("source;target;kind", "1;2;amour")), "unknown_value",
                 "Fichier ties.csv, ligne 2, champ kind : valeur inconnue « amour ». Valeurs possibles : support, "
                 "conflict, broken", id="unknown-tie-kind"),
    pytest.param("csv", csv_file(MEMBERS_HEAD, "1;A;family;4;"), "ring_invalid",
                 "ligne 2, champ ring : le cercle doit être 1, 2, 3 ou vide, pas « 4 »", id="ring-4"),
    pytest.param("csv", csv_file(MEMBERS_HEAD, "1;A;family;0;"), "ring_invalid", "pas « 0 »", id="ring-0"),
    pytest.param("json", json.dumps({"schema": x.SCHEMA, "members": [{"name": "A", "relation": "family",
                                                                       "ring": True}]}).encode(),
                 "ring_invalid", "Personne n° 1, champ ring", id="ring-boolean"),
    pytest.param("csv", csv_zip(csv_file(MEMBERS_HEAD, "1;A;family;1;"), csv_file("source;target;kind", "1;9;support")),
                 "unknown_member", "Fichier ties.csv, ligne 2, champ target : le lien désigne « 9 », qui n'est pas",
                 id="tie-to-unknown-member"),
    pytest.param("csv", csv_zip(csv_file(MEMBERS_HEAD, "1;A;family;1;"), csv_file("source;target;kind", "1;1;support")),
                 "self_tie", "un lien ne peut pas relier une personne à elle-même", id="self-tie"),
    pytest.param("csv", csv_zip(csv_file(MEMBERS_HEAD, "1;A;family;1;", "2;B;family;1;"),
                                csv_file("source;target;kind", "1;2;support", "2;1;conflict")),
                 "duplicate_tie", "ligne 3 : le lien entre 2 – 1 apparaît deux fois", id="duplicate-tie"),
    pytest.param("csv", csv_file(MEMBERS_HEAD, "1;A;family;1;", "1;B;family;2;"), "duplicate_key",
                 "ligne 3, champ id : « 1 » apparaît deux fois", id="duplicate-id"),
    pytest.param("csv", csv_file("name;relation", "Karim;family", "karim;family", "Karim;friend"), "duplicate_key",
                 "ligne 4, champ name : « Karim » apparaît deux fois", id="duplicate-name-without-id"),
    pytest.param("csv", "\ufeffname;relation\r\nInès;family\r\n".encode("cp1252", errors="ignore")
                 .replace(b"\xef\xbb\xbf", b""), "not_utf8",
                 "ligne 2 : le fichier n'est pas en UTF-8. Dans votre tableur, enregistrez-le en « CSV UTF-8 »",
                 id="not-utf8"),
    pytest.param("json", b'{"schema": "cercle.network/1",\n "members": [', "malformed_json",
                 "Ligne 2 : ce n'est pas un JSON valable", id="malformed-json"),
    pytest.param("graphml", b"<graphml><graph><node id='p1'></graph>", "malformed_xml",
                 "Ligne 1 : ce n'est pas un XML valable", id="malformed-xml"),
    pytest.param("csv", csv_file("name;relation", '"Mamie" M;family'), "malformed_csv",
                 "cette ligne ne peut pas être lue comme du CSV", id="malformed-csv"),
    pytest.param("csv", csv_file("name;relation", "A;family;en trop"), "column_count",
                 "ligne 2 : cette ligne a 3 cellules, plus que la ligne d'en-tête", id="too-many-cells"),
    pytest.param("csv", csv_file("name;ring", "A;1"), "missing_column", "la colonne « relation » manque",
                 id="missing-column"),
    pytest.param("csv", csv_file("name;relation;rng", "A;family;1"), "unknown_column",
                 "colonne inconnue « rng ». Colonnes possibles : id, name", id="unknown-column"),
    pytest.param("csv", csv_file("name;relation;Ring;ring", "A;family;1;1"), "duplicate_column",
                 "Fichier members.csv, ligne 1, champ ring : la colonne « ring » apparaît deux fois",
                 id="duplicate-column"),
    pytest.param("csv", csv_file("name,relation", "A,family"), "wrong_separator", "points-virgules",
                 id="comma-separated"),
    pytest.param("csv", csv_file("name;relation"), "empty", "Le fichier ne contient aucune personne.", id="empty"),
    pytest.param("csv", csv_file("name;relation;not_safe", "A;family;peut-être"), "not_boolean",
                 "champ not_safe : il faut true ou false", id="not-boolean"),
    pytest.param("csv", csv_file("name;relation;pos_x;pos_y", "A;family;douze;3"), "not_number",
                 "champ pos_x : il faut un nombre, pas « douze »", id="not-a-number"),
    pytest.param("csv", csv_file("name;relation;pos_x;pos_y", "A;family;12;"), "position_incomplete",
                 "champ pos_y : indiquez pos_x et pos_y ensemble", id="half-a-position"),
    pytest.param("csv", csv_file("name;relation", "A" * 201 + ";family"), "too_long",
                 "champ name : le texte est trop long (201 caractères ; 200 au plus)", id="name-too-long"),
    pytest.param("json", json.dumps({"schema": x.SCHEMA, "members": {"name": "A"}}).encode(), "wrong_type",
                 "Champ members : type de valeur inattendu « dict »", id="members-not-a-list"),
    pytest.param("json", json.dumps({"schema": x.SCHEMA, "members": [{"name": "A", "relation": "family",
                                                                       "age": 8}]}).encode(),
                 "unknown_field", "Personne n° 1, champ age : Cercle ne connaît pas ce champ", id="unknown-field"),
    pytest.param("json", json.dumps({"schema": x.SCHEMA, "members": [{"name": "A", "relation": "family"}],
                                     "ties": [{"source": "A", "target": "B", "kind": "support"}]}).encode(),
                 "unknown_member", "Lien n° 1, champ target : le lien désigne « B »", id="json-tie-unknown"),
    pytest.param("csv", csv_zip(b"", None, members_name="personnes.csv"), "missing_file",
                 "L'archive ne contient pas de fichier « members.csv ».", id="zip-without-members"),
    pytest.param("csv", b"PK\x03\x04 not really a zip", "malformed_zip", "pas une archive ZIP lisible",
                 id="broken-zip"),
    pytest.param("graphml", graphml('<node id="p1"><data key="n">Nom&#1;caché</data><data key="r">family</data>'
                                    '</node>'), "control_character",
                 "Ligne 7 : le texte contient un caractère de contrôle invisible (U+0001)", id="control-character"),
    pytest.param("graphml", graphml('<node id="p1"><data key="n">&lol;</data></node>',
                                    head='<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'),
                 "xml_doctype", "les déclarations DOCTYPE et ENTITY sont refusées", id="doctype"),
    pytest.param("graphml", b'<?xml version="1.0"?><root/>', "not_graphml", "n'est pas du GraphML",
                 id="not-graphml"),
    pytest.param("graphml", graphml('<node id="p1"><data key="n">In\xe8s</data><data key="r">family</data></node>'
                                    .encode("latin-1").decode("latin-1"),
                                    head='<?xml version="1.0" encoding="ISO-8859-1"?>'), "not_utf8",
                 "n'est pas en UTF-8", id="graphml-declared-latin1"),
    pytest.param("graphml", graphml('<node id="p1"><data key="n">A</data><data key="r">family</data></node>',
                                    '<edge source="p1" target="p2"><data key="k">support</data></edge>'),
                 "unknown_member", "champ target : le lien désigne « p2 »", id="graphml-edge-unknown"),
    pytest.param("xlsx", b"whatever", "unknown_format", "Format de fichier inconnu « xlsx » : Cercle lit", id="unknown-format"),
]


@pytest.mark.parametrize(("fmt", "data", "code", "french"), REFUSALS)
def test_a_wrong_file_is_refused_with_a_french_message_naming_where(fmt, data, code, french):
    problems = refusal(fmt, data)

    assert code in {p.code for p in problems}
    assert any(french in fr(p) for p in problems if p.code == code), [fr(p) for p in problems]


def test_a_file_over_2_mb_is_refused_before_reading_it():
    data = json.dumps({"schema": x.SCHEMA, "members": [], "padding": "x" * x.MAX_BYTES}).encode()

    problems = refusal("json", data)

    assert [p.code for p in problems] == ["too_large"]
    assert fr(problems[0]).startswith("Le fichier est trop gros (")


def test_more_than_5000_people_are_refused():
    data = csv_file("name;relation", *(f"Personne {i};friend" for i in range(5001)))

    problems = refusal("csv", data)

    assert [p.code for p in problems] == ["too_many_members"]
    assert "5 000 au plus" in fr(problems[0])


def test_every_problem_of_a_file_is_reported_at_once():
    data = csv_file(MEMBERS_HEAD, "1;;family;1;", "2;B;cousinn;1;", "3;C;family;7;", "4;D;friend;2;magie")

    problems = refusal("csv", data)

    assert [(p.line, p.field, p.code) for p in problems] == [
        (2, "name", "required"), (3, "relation", "unknown_value"), (4, "ring", "ring_invalid"),
        (5, "supports", "unknown_value")]


def test_a_flood_of_problems_is_cut_short_with_a_count():
    data = csv_file("name;relation", *(f"Personne {i};cousinn" for i in range(250)))

    problems = refusal("csv", data)

    assert len(problems) == x.MAX_PROBLEMS + 1
    assert fr(problems[-1]) == "Et 150 autres problèmes."


def test_every_refusal_code_is_tested_here():
    tested = {case.values[2] for case in REFUSALS} | {
        "too_large", "too_many_members", "too_many_problems", "ambiguous_name", "same_person_twice"}

    assert set(x.MESSAGES) == tested, f"Add a refusal test for {set(x.MESSAGES) - tested}"


def test_a_graphml_file_of_another_tool_is_read_with_its_labels_and_node_ids():
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
            '<key id="l" for="node" attr.name="label" attr.type="string"/>\n'
            '<key id="r" for="node" attr.name="relation" attr.type="string"><default>friend</default></key>\n'
            '<key id="s" for="node" attr.name="size" attr.type="double"/>\n'
            '<key id="k" for="edge" attr.name="kind" attr.type="string"/>\n<graph edgedefault="directed">\n'
            '<node id="n0"><data key="l">Marraine Inès</data><data key="s">3.5</data></node>\n'
            '<node id="n1"><data key="l">Mamie Mariam</data><data key="r">famille</data></node>\n'
            '<edge source="n0" target="n1"><data key="k">support</data></edge>\n</graph></graphml>').encode()

    result = x.parse_graphml(data)

    assert [(m.key, m.id, m.name, m.relation) for m in result.members] == [
        ("n0", None, "Marraine Inès", Relation.FRIEND), ("n1", None, "Mamie Mariam", Relation.FAMILY)]
    assert result.ties == (x.ImportedTie("n0", "n1", TieKind.SUPPORT),)


def test_every_problem_code_has_a_french_message():
    missing = [code for code, message in x.MESSAGES.items() if gettext(message, "fr") == message]

    assert not missing, f"Add French for {missing} to conference/i18n/locales/fr/LC_MESSAGES/network.po"


def test_exchange_text_limits_match_the_participant_form():
    from conference.services.preparation import PARTICIPANT_TEXT

    assert x.TEXT_LIMITS == PARTICIPANT_TEXT


# --- merging into a map ---------------------------------------------------------------------------

def map_people() -> tuple[Participant, ...]:
    return (
        Participant(1, "Lina", Relation.FAMILY, None, is_focal=True),
        Participant(2, "Mamie Mariam", Relation.FAMILY, 1, supports=(Support.CHILDCARE,), phone="06 00 00 00 01"),
        Participant(3, "Oncle Karim", Relation.FAMILY, 1),
        Participant(5, "Julien Moreau", Relation.FAMILY, 3, InvitationStatus.NOT_TO_INVITE, not_safe=True),
    )


def imported(*lines: str, ties: tuple[str, ...] = ()) -> x.ImportedNetwork:
    return x.parse_csv(csv_file(*lines), csv_file("source;target;kind", *ties) if ties else None)


def test_a_merge_matches_people_by_name_and_creates_the_others():
    file = imported("name;relation;ring", "  mamie MARIAM ;family;2", "Cousine Aïcha;family;3")

    plan = x.plan_merge(map_people(), (), file, conference_id=7)

    assert plan.update == ((2, {"ring": 2}),)
    assert [(m.name, values["ring"], values["invitation"]) for m, values in plan.create] == [
        ("Cousine Aïcha", 3, "to_invite")]


def test_a_merge_matches_by_id_only_for_a_file_of_the_same_conference():
    conf = Conference(7, "Fictive", Phase.PREPARATION, participants=map_people())
    data = x.to_json(conf, for_sharing=False, now=NOW)
    data["members"][2]["name"], data["members"][2]["ring"] = "Karim (oncle)", 2
    file = x.parse_json(json.dumps(data).encode())

    same = x.plan_merge(map_people(), (), file, conference_id=7)
    other = x.plan_merge(map_people(), (), file, conference_id=8)

    assert same.update == ((3, {"ring": 2}),) and not same.create
    assert [m.name for m, _v in other.create] == ["Karim (oncle)"]


def test_a_merge_never_lifts_a_safety_flag():
    file = imported("name;relation;not_safe;invitation", "Julien Moreau;family;false;confirmed")

    plan = x.plan_merge(map_people(), (), file, conference_id=7)

    assert plan.update == () and plan.unchanged == (5,)


def test_a_merge_can_flag_someone_not_safe():
    file = imported("name;relation;not_safe", "Oncle Karim;family;true")

    plan = x.plan_merge(map_people(), (), file, conference_id=7)

    assert plan.update == ((3, {"not_safe": True, "invitation": "not_to_invite"}),)


def test_empty_values_never_erase_and_text_only_fills_empty_fields():
    file = imported("name;relation;ring;supports;phone;email", "Mamie Mariam;family;;;07 11 11 11 11;m@example.invalid")

    plan = x.plan_merge(map_people(), (), file, conference_id=7)

    assert plan.update == ((2, {"email": "m@example.invalid"}),)


def test_two_lines_of_a_file_cannot_be_the_same_person_of_the_map():
    file = imported("name;relation;ring", "Oncle Karim;family;1", "ONCLE  karim;family;2")

    with pytest.raises(NetworkImportInvalid) as caught:
        x.plan_merge(map_people(), (), file, conference_id=7)

    assert fr(caught.value.problems[0]) == (
        "Fichier members.csv, ligne 3, champ name : « ONCLE  karim » est la même personne de la carte "
        "qu'une autre ligne du fichier.")


def test_a_name_shared_by_two_people_of_the_map_is_refused():
    people = map_people() + (Participant(9, "oncle karim", Relation.FRIEND, 2),)
    file = imported("name;relation", "Oncle Karim;family")

    with pytest.raises(NetworkImportInvalid) as caught:
        x.plan_merge(people, (), file, conference_id=7)

    assert "plusieurs personnes de la carte s'appellent « Oncle Karim »" in fr(caught.value.problems[0])


def test_ties_already_on_the_map_are_skipped_and_new_ones_reach_created_people():
    file = imported("name;relation", "Mamie Mariam;family", "Oncle Karim;family", "Cousine Aïcha;family",
                    ties=("Oncle Karim;Mamie Mariam;conflict", "Cousine Aïcha;Mamie Mariam;support"))

    plan = x.plan_merge(map_people(), (Tie(1, 2, 3, TieKind.SUPPORT),), file, conference_id=7)

    assert plan.ties == (("Cousine Aïcha", 2, TieKind.SUPPORT),)
    assert plan.ties_skipped == 1


def test_an_imported_focal_person_is_only_kept_when_the_map_has_none():
    file = imported("name;relation;is_focal", "Awa Diallo;family;true")

    with_focal = x.plan_merge(map_people(), (), file, conference_id=7)
    without = x.plan_merge(map_people()[1:], (), file, conference_id=7)

    assert with_focal.create[0][1]["is_focal"] is False
    assert without.create[0][1]["is_focal"] is True
