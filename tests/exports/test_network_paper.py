"""The network map on paper: the blank worksheet and the filled map (PDF), reopened with
pdftotext (skipped without it, unless CERCLE_REQUIRE_TOOLS=1).

The fictional Moreau-Diallo family: Julien Moreau, Lina's father, is flagged "not safe"
(a court order limits contact), so no printed map ever names him.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from conference.domain.enums import InvitationStatus, Phase, Relation, Support, TieKind
from conference.domain.model import Participant, Tie
from conference.network.layout import map_data
from conference.services import network
from exports import network_paper
from exports.network_paper import (
    build_network_map_pdf, build_network_worksheet, name_lines, printable, shorten,
)

from ..conftest import require_tool
from ..factories import make_conference

NOT_SAFE_NAME = "Julien Moreau"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
TODAY = date(2026, 11, 23)
MOREAU_DIALLO_SHAREABLE = ("Lina", "Awa Diallo", "Mamie Mariam", "Oncle Karim", "Tante Sophie Moreau",
                           "Marraine Inès", "M. Lefort (voisin)", "Coach de foot de Lina",
                           "Paire aidante de l'association des parents", "Infirmière scolaire")


@dataclass(frozen=True)
class Network:
    """The smallest ``NetworkSource``: people and ties."""

    participants: tuple[Participant, ...]
    ties: tuple[Tie, ...] = ()


def pdf_text(data: bytes, tmp_path: Path, *, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text with whitespace runs (no-break spaces too) as one space, and
    typographic apostrophes as straight ones (French typography is not tested here)."""
    tool = require_tool("pdftotext")
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(data)
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    text = subprocess.run([tool, *pages, str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return " ".join(text.split()).replace("\u2019", "'")


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def media_boxes(data: bytes) -> list[tuple[int, int]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


@pytest.fixture
def moreau_diallo(uow, coordinator):
    """The fictional family in preparation, with ties of every kind (one to the father),
    and a member whose name is an HTML attack."""
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    ids = {p.name: p.id for p in network.get_network(coordinator, cid, uow=uow).participants}
    for a, b, kind in (("Lina", "Awa Diallo", TieKind.SUPPORT), ("Oncle Karim", "Tante Sophie Moreau", TieKind.CONFLICT),
                       ("Lina", "Coach de foot de Lina", TieKind.BROKEN), ("Lina", NOT_SAFE_NAME, TieKind.CONFLICT)):
        network.add_tie(coordinator, cid, ids[a], ids[b], kind, uow=uow)
    network.add_member(coordinator, cid, HOSTILE_NAME, Relation.FRIEND, 2, uow=uow)
    return cid


# --- the blank worksheet -------------------------------------------------------------------

def test_the_worksheet_is_two_a4_pages_with_the_rings_and_plain_instructions(tmp_path):
    data = build_network_worksheet(title="Famille Fictive-Exemple")

    assert data.startswith(b"%PDF")
    assert page_count(data) == 2
    assert media_boxes(data) == [(595, 842)] * 2
    text = pdf_text(data, tmp_path)
    for expected in ("Mon réseau", "Famille Fictive-Exemple", "Moi", "1 · très proche", "2 · proche", "3 · plus loin",
                     "Écrivez votre prénom au centre", "Plus la personne est proche de vous, plus elle est près du "
                     "centre", "Famille", "Amis et voisins", "Pour relier deux personnes", "elles sont en conflit",
                     "Qui peut aider pour quoi ?", "Soutien moral", "Garde des enfants", "Transport",
                     "Page 1 sur 2", "Page 2 sur 2"):
        assert expected in text, f"« {expected} » is not on the worksheet"


def test_the_worksheet_without_a_title_and_in_english(tmp_path):
    text = pdf_text(build_network_worksheet(lang="en"), tmp_path)

    assert "My network: the people around me" in text and "1 · very close" in text and "Me" in text
    assert "Who can help with what?" in text and "Emotional support" in text
    assert "Écrivez" not in text


def test_the_worksheet_is_tagged_in_french_and_titled(tmp_path):
    data = build_network_worksheet(title="Famille Fictive")

    assert b"/Lang (fr-FR)" in data
    pdf = tmp_path / "worksheet.pdf"
    pdf.write_bytes(data)
    info = subprocess.run([require_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, timeout=60).stdout
    assert re.search(r"^Title:\s+Cercle · Mon réseau — Famille Fictive$", info, re.M)
    assert re.search(r"^Page size:\s+595.* x 841.* \(A4\)$", info, re.M)


def test_a_title_with_markup_prints_as_text_on_the_worksheet(tmp_path):
    text = pdf_text(build_network_worksheet(title=f"Famille {HOSTILE_NAME}"), tmp_path)

    assert HOSTILE_NAME in text


# --- the filled map ---------------------------------------------------------------------------

def test_the_printed_map_names_every_shareable_person_and_never_the_not_safe_father(uow, coordinator, moreau_diallo,
                                                                                      tmp_path):
    view = network.get_shareable_network(coordinator, moreau_diallo, uow=uow)

    data = build_network_map_pdf(view.map, title=view.title, today=TODAY)

    assert data.startswith(b"%PDF") and set(media_boxes(data)) == {(595, 842)}
    text = pdf_text(data, tmp_path)
    missing = [name for name in MOREAU_DIALLO_SHAREABLE if name not in text]
    assert not missing, f"{missing} not printed"
    assert "Julien" not in text
    assert "Famille Moreau-Diallo (démo)" in text and "23/11/2026" in text
    assert "·" not in text.replace(" · ", " ")  # plain words for the family: no point médian (FALC)
    for legend in ("Qui est qui", "Famille", "Amis", "Voisins", "Les liens", "Ils s'entraident", "Conflit",
                   "Contact rompu"):
        assert legend in text


def test_a_name_written_as_html_prints_as_literal_text(uow, coordinator, moreau_diallo, tmp_path):
    view = network.get_shareable_network(coordinator, moreau_diallo, uow=uow)

    text = pdf_text(build_network_map_pdf(view.map, title=view.title, today=TODAY), tmp_path)

    assert HOSTILE_NAME in text


def test_the_not_safe_father_is_left_out_even_from_the_professional_map(uow, coordinator, moreau_diallo, tmp_path):
    """Defence in depth: a caller that forgets ``for_sharing=True`` still prints no one
    flagged "not safe" nor "not to be invited"."""
    professional = network.get_network(coordinator, moreau_diallo, uow=uow)
    assert any(n.label == NOT_SAFE_NAME for n in professional.map.nodes)
    uninvited = replace(professional.map.nodes[-1], label="Cousin Théo Fictif",
                        invitation=InvitationStatus.NOT_TO_INVITE, not_safe=False)

    data = build_network_map_pdf(replace(professional.map, nodes=professional.map.nodes + (uninvited,)),
                                 title=professional.title, today=TODAY)

    text = pdf_text(data, tmp_path)
    assert "Julien" not in text and "Théo" not in text
    assert "Awa Diallo" in text


def test_a_professional_map_is_laid_out_again_so_no_gap_shows_who_was_left_out(uow, coordinator, moreau_diallo):
    professional = network.get_network(coordinator, moreau_diallo, uow=uow).map
    shared = network.get_shareable_network(coordinator, moreau_diallo, uow=uow).map

    printed = network_paper.shareable_map(professional)

    assert {(n.id, n.x, n.y) for n in printed.nodes} == {(n.id, n.x, n.y) for n in shared.nodes}
    assert printed.sectors == shared.sectors and set(printed.edges) == set(shared.edges)
    assert network_paper.shareable_map(shared) is shared


def test_accents_quotes_and_emoji_print_and_a_long_name_is_whole_on_the_map_too(tmp_path):
    long_name = "Paire aidante de l'association départementale des parents d'élèves du collège"
    people = (Participant(1, "Zoé", Relation.FAMILY, is_focal=True),
              Participant(2, 'Mémé « Odile » "la mamie" 🌻', Relation.FAMILY, 1, supports=(Support.CHILDCARE,)),
              Participant(3, long_name, Relation.PEER_SUPPORTER, 3),
              Participant(4, "Ça & <b>va</b>", Relation.NEIGHBOUR, 2))
    data = build_network_map_pdf(map_data(Network(people)), title="Famille Fictive", today=TODAY)

    map_page = pdf_text(data, tmp_path, first=1, last=1)
    list_page = pdf_text(data, tmp_path, first=2)
    assert "Zoé" in map_page and "Mémé" in map_page and "Odile" in map_page
    assert "Ça & <b>va</b>" in list_page
    assert "…" not in map_page and " ".join(long_name.split()[:3]) in map_page and "collège" in map_page
    assert long_name in list_page
    assert "Garde des enfants Mémé" in list_page  # who can help with what


@pytest.mark.parametrize("people, ties", [
    pytest.param((), (), id="nobody"),
    pytest.param((Participant(1, "Lina", Relation.FAMILY, is_focal=True),), (), id="only-the-centre"),
    pytest.param((Participant(1, "Awa", Relation.FAMILY, 1), Participant(2, "Inès", Relation.FRIEND, None)), (),
                 id="no-centre-and-someone-not-placed"),
    pytest.param((Participant(1, "Maman Fictive", Relation.FAMILY, is_focal=True),
                  Participant(2, "Bébé Fictif", Relation.FAMILY, is_focal=True),
                  Participant(3, "Mamie", Relation.FAMILY, 1, position=(90_000.0, -90_000.0))),
                 (Tie(1, 1, 3, TieKind.SUPPORT),), id="two-at-the-centre-and-one-moved-far-away"),
])
def test_unusual_maps_still_print(people, ties, tmp_path):
    data = build_network_map_pdf(map_data(Network(people, ties)), title="", today=TODAY)

    assert data.startswith(b"%PDF") and page_count(data) == 2
    text = pdf_text(data, tmp_path)
    assert all(p.name in text for p in people)


def test_a_crowded_map_of_150_people_prints_every_name_in_the_list(tmp_path):
    relations = list(Relation)
    people = (Participant(1, "Lina", Relation.FAMILY, is_focal=True),) + tuple(
        Participant(i, f"Personne Fictive {i}", relations[i % len(relations)], i % 3 + 1) for i in range(2, 152))

    data = build_network_map_pdf(map_data(Network(people)), title="Grand réseau fictif", today=TODAY)

    text = pdf_text(data, tmp_path)
    assert all(f"Personne Fictive {i} " in text + " " for i in range(2, 152))
    assert page_count(data) >= 3


def test_without_dejavu_the_map_falls_back_to_helvetica(monkeypatch, tmp_path):
    monkeypatch.setattr(network_paper.text, "FONT_DIR", tmp_path / "no-fonts")
    people = (Participant(1, "Zoé", Relation.FAMILY, is_focal=True), Participant(2, "Mémé 🌻", Relation.FAMILY, 1))

    data = build_network_map_pdf(map_data(Network(people)), title="Famille Fictive", today=TODAY)

    assert b"/Helvetica" in data and b"CercleSans" not in data
    text = pdf_text(data, tmp_path)
    assert "Zoé" in text and "Mémé ?" in text and "Carte du réseau" in text


# --- text helpers -----------------------------------------------------------------------------

def test_printable_text_drops_control_and_invisible_characters_and_boxes_missing_glyphs():
    fonts = network_paper.fonts()

    assert printable("Awa\u202e Diallo\x00\n  Fictive", fonts) == "Awa Diallo Fictive"
    assert printable("e\u0301", fonts) == "é"
    missing = "\U0001d11e" if 0x1D11E not in (fonts.charset or ()) else "\U0010fffd"
    assert printable(f"Clé {missing}", fonts) == f"Clé {fonts.missing}"


def test_shorten_and_name_lines_keep_short_names_and_cut_long_ones_with_an_ellipsis():
    font = network_paper.fonts().regular

    assert shorten("Lina", font, 8, 100) == "Lina"
    cut = shorten("Paire aidante de l'association des parents", font, 8, 60)
    assert cut.endswith("…") and len(cut) < 30
    assert name_lines("Tante Sophie Moreau", font, 8, 60) == ["Tante Sophie", "Moreau"]
    assert name_lines("Anticonstitutionnellement", font, 8, 40)[0].endswith("…")
