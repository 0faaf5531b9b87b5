"""The offline HTML map in headless chromium, opened from disk as a family opens it (no
Streamlit server). Printed (``page.pdf``): one A4 page, no zoom buttons, the map square
so its circles stay circles, the legend with the printed map's shapes and colours. On
screen (the same drawing as the app's map component): sector names inside the map at
every size, the centre's name on one line."""
from __future__ import annotations

import re
import subprocess

import pytest

from conference.domain.enums import Relation
from conference.domain.model import Participant
from conference.network import render, styles
from conference.network.layout import map_data

from ..conftest import require_tool
from ..exports.network_family import Network, family_of_26

WAIT_MS = 20_000


def open_offline(page, tmp_path, size: tuple[int, int] = (1280, 800), network: Network | None = None):
    path = tmp_path / "carte.html"
    path.write_text(render.standalone_html(map_data(network or family_of_26(), for_sharing=True),
                                           title="Famille Moreau-Diallo", lang="fr"), encoding="utf-8")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(path.as_uri())
    page.locator("#cercle-map[data-state='drawn']").wait_for(state="attached", timeout=WAIT_MS)


def pdf_pages(data: bytes, tmp_path) -> int:
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(data)
    info = subprocess.run([require_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, timeout=60).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def crowd(count: int) -> Network:
    """``count`` people around Lina, every relation and circle, long-ish names."""
    relations = list(Relation)
    return Network((Participant(1, "Lina", Relation.FAMILY, is_focal=True),) + tuple(
        Participant(i, f"Personne Fictive Numéro {i}", relations[i % len(relations)], (1, 2, 3, None)[i % 4])
        for i in range(2, count + 2)))


@pytest.mark.parametrize("people", [26, 150])
def test_the_offline_map_prints_on_one_a4_page(people, page, tmp_path, shots_dir):
    open_offline(page, tmp_path, network=family_of_26() if people == 26 else crowd(people))

    data = page.pdf(format="A4", print_background=True)

    assert pdf_pages(data, tmp_path) == 1
    (shots_dir / f"offline-map-printed-{people}.pdf").write_bytes(data)


def test_printed_the_map_has_no_zoom_buttons_and_stays_square(page, tmp_path):
    open_offline(page, tmp_path, (1400, 700))  # a wide window: on screen too the map is square
    on_screen = page.locator(".cercle-vis canvas").bounding_box()
    assert page.get_by_role("button", name="Agrandir").is_visible()

    page.emulate_media(media="print")

    assert not page.get_by_role("button", name="Agrandir").is_visible()
    assert not page.get_by_role("button", name="Recentrer").is_visible()
    printed = page.locator(".cercle-vis canvas").bounding_box()
    assert abs(on_screen["width"] - on_screen["height"]) <= 2
    assert abs(printed["width"] - printed["height"]) <= 2, printed
    assert 500 <= printed["width"] <= 620  # 15 cm at 96 px per inch
    # The bitmap drawn for the screen is scaled the same way in both directions.
    bitmap = page.locator(".cercle-vis canvas").evaluate("c => [c.width, c.height]")
    assert abs(bitmap[0] - bitmap[1]) <= 2


def test_the_offline_legend_has_the_printed_maps_shapes_and_colours(page, tmp_path):
    open_offline(page, tmp_path)

    fills = page.locator(".legend svg.shape").evaluate_all(
        "svgs => svgs.map(s => s.firstElementChild.getAttribute('fill'))")

    expected = [styles.RELATION_STYLES[r].fill for r in Relation
                if any(p.relation is r and not p.is_focal for p in family_of_26().participants)]
    assert fills == expected
    assert page.locator(".legend svg.tie").count() == 3


# --- on screen: the same drawing as the app's map component -----------------------------------

LONG_CENTRE = "Lina-Maria Diallo-Fernandes Moreau"


def open_small_map(page, tmp_path, size: tuple[int, int]):
    """Seven people, one per relation or so: room for the sector names on a large screen."""
    people = (Participant(1, LONG_CENTRE, Relation.FAMILY, is_focal=True),
              Participant(2, "Mamie Mariam", Relation.FAMILY, 1), Participant(3, "Inès", Relation.FRIEND, 2),
              Participant(4, "M. Lefort", Relation.NEIGHBOUR, 2), Participant(5, "Infirmière", Relation.EXPERT, 3),
              Participant(6, "Odile", Relation.TRUSTED_PERSON, 3),
              Participant(7, "Éducatrice ASE", Relation.PROFESSIONAL, 3))
    path = tmp_path / "petite-carte.html"
    path.write_text(render.standalone_html(map_data(Network(people), for_sharing=True), title="Famille", lang="fr"),
                    encoding="utf-8")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(path.as_uri())
    page.locator("#cercle-map[data-state='drawn']").wait_for(state="attached", timeout=WAIT_MS)


def test_sector_names_are_drawn_inside_the_map_at_every_size(page, tmp_path):
    shown = 0
    for size in ((1280, 900), (900, 1100), (760, 700), (390, 800)):
        open_small_map(page, tmp_path, size)

        boxes = page.evaluate("window.cercleMapInstance.sectorLabelBoxes()")

        for box in boxes:
            assert box["left"] >= 0 and box["top"] >= 0, (size, box)
            assert box["right"] <= box["width"] and box["bottom"] <= box["height"], (size, box)
        shown += len(boxes)
    assert shown, "no size showed the sector names: the test would prove nothing"


def test_the_person_at_the_centre_keeps_their_name_on_one_line(page, tmp_path):
    for size in ((1280, 900), (390, 800)):
        open_small_map(page, tmp_path, size)

        lines = page.evaluate("window.cercleMapInstance.network.body.nodes[1].labelModule.lines.length")

        assert lines == 1, size
