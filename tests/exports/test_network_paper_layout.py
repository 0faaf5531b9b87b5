"""The printed map as the family reads it, measured from what the PDF draws (every
``drawString`` the canvas receives) and from its extracted text: Arabic and Hebrew names
in reading order, whole names of 9 pt or more, the worksheet's four quarters in the same
corners on both documents, 10 mm clear of the paper's edge."""
from __future__ import annotations

import math
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import date

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from conference.domain.enums import Relation
from conference.domain.model import Participant
from conference.network.layout import map_data
from exports import network_paper
from exports.network_paper import filled_map, page, visual
from exports.network_paper.page import PAGE_HEIGHT, PAGE_WIDTH, NumberedCanvas, Paper

from ..conftest import require_tool
from .network_family import ARABIC, HEBREW, LONG, Network, family_of_26

TODAY = date(2026, 11, 23)
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


@dataclass(frozen=True)
class Drawn:
    page: int
    text: str          # as drawn, left to right
    font: str
    size: float
    x0: float
    x1: float
    y: float


@pytest.fixture
def drawings(monkeypatch):
    """Every string and circle the PDF canvas draws, with its page, font and box."""
    texts: list[Drawn] = []
    circles: list[tuple[int, float, float, float]] = []

    def spy(method: str, anchor: float):
        original = getattr(NumberedCanvas, method)

        def record(self, x, y, text, *args, **kwargs):
            width = pdfmetrics.stringWidth(text, self._fontname, self._fontsize)
            x0 = x - width * anchor
            texts.append(Drawn(len(self._cercle_pages) + 1, text, self._fontname, self._fontsize, x0, x0 + width, y))
            return original(self, x, y, text, *args, **kwargs)

        monkeypatch.setattr(NumberedCanvas, method, record)

    for method, anchor in (("drawString", 0.0), ("drawCentredString", 0.5), ("drawRightString", 1.0)):
        spy(method, anchor)
    original_circle = NumberedCanvas.circle

    def circle(self, x, y, r, *args, **kwargs):
        circles.append((len(self._cercle_pages) + 1, x, y, r))
        return original_circle(self, x, y, r, *args, **kwargs)

    monkeypatch.setattr(NumberedCanvas, "circle", circle)
    return texts, circles


def pdf_text(data: bytes, tmp_path, first: int, last: int) -> str:
    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(data)
    out = subprocess.run([require_tool("pdftotext"), "-f", str(first), "-l", str(last), str(pdf), "-"],
                         check=True, capture_output=True, text=True, timeout=60).stdout
    # pdftotext gives right-to-left runs back in reading order between embedding marks,
    # in the joined letter forms that were drawn: NFKC turns those into plain letters.
    return " ".join(unicodedata.normalize("NFKC", out.translate(BIDI_MARKS)).split())


def printed_map(family=None) -> bytes:
    return network_paper.build_network_map_pdf(map_data(family or family_of_26()), title="Famille Moreau-Diallo",
                                               today=TODAY)


def quarter_lines(texts: list[Drawn], paper: Paper) -> dict[str, list[Drawn]]:
    """The drawn lines of each quarter's name on page 1 (bold, the quarters' size)."""
    out: dict[str, list[Drawn]] = {}
    for name in page.QUARTERS:
        words = paper._(name)
        out[words] = [t for t in texts if t.page == 1 and t.font == paper.font(True) and t.size == page.QUARTER_SIZE
                      and f" {t.text} " in f" {words} "]
    return out


# --- right-to-left names --------------------------------------------------------------------

def test_arabic_and_hebrew_names_are_read_back_in_their_logical_order(tmp_path):
    people = (Participant(1, "Lina", Relation.FAMILY, is_focal=True), Participant(2, ARABIC, Relation.FAMILY, 1),
              Participant(3, HEBREW, Relation.NEIGHBOUR, 2))

    data = printed_map(Network(people))

    for first, last in ((1, 1), (2, 2)):  # on the map, and in the list of people
        text = pdf_text(data, tmp_path, first, last)
        assert ARABIC in text and HEBREW in text, f"page {first}: {text}"
    assert ARABIC[::-1] not in pdf_text(data, tmp_path, 1, 2)


def test_arabic_letters_are_drawn_joined_and_right_to_left(drawings):
    texts, _circles = drawings

    printed_map(Network((Participant(1, "Lina", Relation.FAMILY, is_focal=True),
                         Participant(2, ARABIC, Relation.FAMILY, 1), Participant(3, HEBREW, Relation.FAMILY, 1))))

    on_map = [t.text for t in texts if t.page == 1]
    assert visual(ARABIC) in on_map and visual(HEBREW) in on_map
    assert visual(HEBREW) == "ןהכ םירמ"                        # drawn from the left: the last letter first
    assert all("\ufe70" <= ch <= "\ufeff" or ch == " " for ch in visual(ARABIC))  # joined forms, not isolated letters
    assert ARABIC not in on_map and HEBREW not in on_map


# --- the filled map -------------------------------------------------------------------------

def test_every_name_on_the_map_is_whole_and_at_least_9_points(drawings):
    texts, _circles = drawings
    paper = Paper("fr", "", "")

    data = printed_map()

    on_map = [t for t in texts if t.page == 1]
    assert not any("…" in t.text for t in on_map), "a name was cut"
    words = {}
    for t in on_map:
        for word in t.text.split():
            words.setdefault(word, []).append(t.size)
    shown = [p for p in family_of_26().participants if p.name != "Julien Moreau"]
    assert len(shown) == 26
    for person in shown:
        for word in paper.text(person.name).split():
            sizes = words.get(visual(word), [])
            assert sizes and min(sizes) >= 9, f"« {word} » of « {person.name} » drawn at {sizes}"
    assert "Julien" not in words and data.startswith(b"%PDF")


def test_a_long_name_goes_on_several_lines_rather_than_being_cut(drawings):
    texts, _circles = drawings

    printed_map()

    lines = [t.text for t in texts if t.page == 1 and t.size == filled_map.NAME_SIZE]
    joined = " ".join(lines)
    assert Paper("fr", "", "").text(LONG) in joined
    assert not any(line == Paper("fr", "", "").text(LONG) for line in lines)  # on more than one line


@pytest.mark.parametrize("document", ["map", "worksheet"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_quarters_names_stay_10_mm_from_the_papers_edge(drawings, document, lang):
    texts, _circles = drawings
    paper = Paper(lang, "", "")

    if document == "map":
        network_paper.build_network_map_pdf(map_data(family_of_26()), title="Famille", lang=lang, today=TODAY)
    else:
        network_paper.build_network_worksheet(title="Famille", lang=lang)

    found = quarter_lines(texts, paper)
    assert all(found.values()), found
    for lines in found.values():
        for t in lines:
            assert t.x0 >= 10 * mm - 0.01 and t.x1 <= PAGE_WIDTH - 10 * mm + 0.01, t
            assert t.y - t.size * 0.25 >= 10 * mm and t.y + t.size <= PAGE_HEIGHT - 10 * mm, t


def corners(texts, circles, paper) -> dict[str, tuple[bool, bool]]:
    """Each quarter's name: (right of the circle's centre?, above it?)."""
    _page, cx, cy, _r = max((c for c in circles if c[0] == 1), key=lambda c: c[3])
    out = {}
    for name, lines in quarter_lines(texts, paper).items():
        x = sum((t.x0 + t.x1) / 2 for t in lines) / len(lines)
        y = sum(t.y for t in lines) / len(lines)
        out[name] = (x > cx, y > cy)
    return out


def test_the_filled_map_has_the_worksheets_quarters_in_the_same_corners(drawings):
    texts, circles = drawings
    paper = Paper("fr", "", "")

    network_paper.build_network_worksheet(title="Famille Moreau-Diallo")
    on_worksheet = corners(texts, circles, paper)
    texts.clear()
    circles.clear()
    printed_map()
    on_map = corners(texts, circles, paper)

    assert on_map == on_worksheet
    assert on_map == {"Famille": (True, True), "Amis et voisins": (True, False),
                      "École, travail, loisirs": (False, False), "Professionnels et associations": (False, True)}


def test_each_person_is_printed_in_their_relations_quarter_on_their_circle():
    data = network_paper.shareable_map(map_data(family_of_26()))
    g = filled_map.Geometry(300.0, 400.0, 0.4, (105.0, 255.0, 405.0, 555.0, 705.0), (1, 2, 3, None),
                            data.ring_radius)

    positions, quarters = filled_map.paper_positions(g, data.nodes)

    for node in data.nodes:
        x, y = positions[node.id]
        if node.is_focal:
            assert (x, y) == (300.0, 400.0)
            continue
        clockwise_from_noon = math.degrees(math.atan2(x - 300.0, y - 400.0)) % 360
        assert 90 * quarters[node.id] < clockwise_from_noon < 90 * (quarters[node.id] + 1), node.label
        assert quarters[node.id] == page.QUARTER_OF[node.relation]
        slot = g.rings.index(node.ring if node.ring in (1, 2, 3) else None)
        assert g.edges[slot] * g.scale < math.hypot(x - 300.0, y - 400.0) < g.edges[slot + 1] * g.scale, node.label


def test_a_crowded_map_numbers_the_names_that_do_not_fit_and_lists_the_numbers(drawings, tmp_path):
    texts, _circles = drawings
    relations = list(Relation)
    people = (Participant(1, "Lina", Relation.FAMILY, is_focal=True),) + tuple(
        Participant(i, f"Personne Fictive {i}", relations[i % len(relations)], i % 3 + 1) for i in range(2, 152))

    data = printed_map(Network(people))

    on_map = [t for t in texts if t.page == 1]
    assert not any("…" in t.text for t in on_map)
    assert min(t.size for t in on_map if t.text.startswith("Personne") or t.text.isdigit()) >= 9
    bold = Paper("fr", "", "").font(True)
    numbers = sorted(int(t.text) for t in on_map if t.text.isdigit() and t.font == bold and t.size == filled_map.NAME_SIZE)
    assert numbers == list(range(1, len(numbers) + 1)) and numbers, "the numbers on the map run from 1"
    listed = pdf_text(data, tmp_path, 2, 9)
    assert all(f"{n}. Personne Fictive" in listed for n in numbers)
    assert "Un numéro sur la carte" in pdf_text(data, tmp_path, 1, 1)
