"""The map for the browser: the component's JSON payload and the offline HTML file treat
names as text only (hostile names come out escaped, never as markup), load nothing from
the network, and never hold a person flagged "not safe"."""
from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conference.domain.enums import InvitationStatus, Phase, Relation, Support, TieKind
from conference.domain.model import Conference, Participant, Tie
from conference.network import render
from conference.network.layout import map_data

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"><script>alert(1)</script>'
CLOSE = "</script><script>alert(1)</script>"
LINE_SEP = "Mamie\u2028Mariam\u2029bis"
AMP = "Tom & Jerry <3"
HOSTILE = (IMG, SCRIPT, CLOSE, LINE_SEP, AMP)

# json.dumps's own escapes (quotes) plus render.script_json's (<, >, &, U+2028, U+2029).
ESCAPED = {
    IMG: "\\u003cimg src=x onerror=alert(1)\\u003e",
    SCRIPT: '\\"\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e',
    CLOSE: "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    LINE_SEP: "Mamie\\u2028Mariam\\u2029bis",
    AMP: "Tom \\u0026 Jerry \\u003c3",
}
HTML_ESCAPED = {
    IMG: "&lt;img src=x onerror=alert(1)&gt;",
    SCRIPT: "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    CLOSE: "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    AMP: "Tom &amp; Jerry &lt;3",
}
ASSETS = Path(__file__).resolve().parents[2] / "pages" / "network_assets"


def network(extra: tuple[str, ...] = HOSTILE) -> Conference:
    """A fictional Moreau-Diallo map with hostile names, and Julien Moreau, not safe."""
    people = [
        Participant(1, "Lina", Relation.FAMILY, None, InvitationStatus.CONFIRMED, is_focal=True),
        Participant(2, "Mamie Mariam", Relation.FAMILY, 1, supports=(Support.CHILDCARE,)),
        Participant(3, "Oncle Karim", Relation.FAMILY, 1, supports=(Support.TRANSPORT,), position=(-12.5, 40.0)),
        Participant(4, "Julien Moreau", Relation.FAMILY, 3, InvitationStatus.NOT_TO_INVITE, not_safe=True),
        Participant(5, "M. Lefort (voisin)", Relation.NEIGHBOUR, 2),
    ]
    people += [Participant(10 + i, name, list(Relation)[i % len(Relation)], (1, 2, 3, None)[i % 4])
               for i, name in enumerate(extra)]
    ties = (Tie(1, 1, 2, TieKind.SUPPORT), Tie(2, 2, 4, TieKind.CONFLICT), Tie(3, 3, 10, TieKind.BROKEN),
            Tie(4, 5, 11, TieKind.SUPPORT))
    return Conference(1, "Famille Moreau-Diallo (fictive)", Phase.PREPARATION, participants=tuple(people), ties=ties)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(document: str) -> Elements:
    parser = Elements()
    parser.feed(document)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def offline() -> str:
    return render.standalone_html(map_data(network(), for_sharing=True), title=f"Famille {IMG}", lang="fr")


# --- the payload ----------------------------------------------------------------------------

def test_nodes_are_internal_ids_and_names_are_labels_kept_exactly_as_typed():
    body = render.payload(map_data(network(), for_sharing=True))

    assert all(isinstance(node["id"], int) for node in body["nodes"])
    labels = {node["id"]: node["label"] for node in body["nodes"]}
    assert [labels[10 + i] for i in range(len(HOSTILE))] == list(HOSTILE)
    assert {(source, target) for _id, source, target, _kind in body["edges"]} <= {(a, b) for a in labels for b in labels}


def test_the_payload_json_holds_every_hostile_name_only_in_its_escaped_form():
    text = render.payload_json(map_data(network(), for_sharing=True))

    for name, escaped in ESCAPED.items():
        assert escaped in text
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    labels = [n["label"] for n in json.loads(text)["nodes"]]
    assert all(name in labels for name in HOSTILE)  # JSON.parse gives the names back exactly


def test_the_shareable_payload_has_nobody_flagged_not_safe_nor_their_ties():
    body = render.payload(map_data(network(), for_sharing=True))

    assert 4 not in {n["id"] for n in body["nodes"]}
    assert "Julien Moreau" not in render.payload_json(map_data(network(), for_sharing=True))
    assert all(4 not in (source, target) for _id, source, target, _kind in body["edges"])
    assert not any(n.get("not_safe") for n in body["nodes"])


def test_the_professional_payload_flags_the_person_who_is_not_safe():
    body = render.payload(map_data(network(), for_sharing=False))

    julien = next(n for n in body["nodes"] if n["id"] == 4)
    assert julien["not_safe"] is True and julien["label"] == "Julien Moreau"
    assert body["for_sharing"] is False


def test_people_carry_codes_and_the_payload_one_style_and_label_per_code():
    body = render.payload(map_data(network(), for_sharing=True), lang="fr")

    karim = next(n for n in body["nodes"] if n["id"] == 3)
    assert karim == {"id": 3, "x": -12.5, "y": 40.0, "label": "Oncle Karim", "relation": "family", "ring": 1,
                     "supports": ["transport"], "invitation": "to_invite", "version": 1, "moved": True}
    assert next(n for n in body["nodes"] if n["id"] == 1)["focal"] is True
    assert set(body["relations"]) == {r.value for r in Relation}
    assert set(body["ties"]) == {k.value for k in TieKind}
    assert set(body["supports"]) == {s.value for s in Support}
    assert body["relations"]["family"]["label"] == "Famille"
    assert [r["label"] for r in body["rings"]] == ["1 très proche", "2 proche", "3 plus loin", "pas encore placé"]


def test_the_not_placed_circle_is_drawn_only_when_someone_is_not_placed():
    people = (Participant(1, "Lina", Relation.FAMILY, None, is_focal=True), Participant(2, "Mamie", Relation.FAMILY, 1))
    body = render.payload(map_data(Conference(1, "Fictive", Phase.PREPARATION, participants=people)))

    assert [r["ring"] for r in body["rings"]] == [1, 2, 3]


def test_english_labels_on_request():
    body = render.payload(map_data(network(), for_sharing=True), lang="en")

    assert body["relations"]["family"]["label"] == "Family"
    assert body["rings"][0]["label"] == "1 very close"


def test_every_relation_has_its_own_shape_and_colour_so_the_map_reads_in_black_and_white():
    styles = render.RELATION_STYLES.values()

    assert set(render.RELATION_STYLES) == set(Relation)
    assert len({(s.shape, s.image) for s in styles}) == len(Relation)
    assert len({s.fill for s in styles}) == len(Relation)
    assert len({s.symbol for s in styles}) == len(Relation)
    assert len({s.dashes for s in render.TIE_STYLES.values()}) == len(TieKind)  # solid, dashed, dotted


def test_a_150_person_payload_stays_small_enough_to_resend_after_every_change():
    rng = random.Random(7)
    people = [Participant(1, "Personne centrale fictive", Relation.FAMILY, None, is_focal=True)]
    people += [Participant(i, f"Personne fictive {i:04d}", rng.choice(list(Relation)), rng.choice([1, 2, 3, None]),
                           supports=tuple(rng.sample(list(Support), 2))) for i in range(2, 151)]
    ties = tuple(Tie(n, a, b, rng.choice(list(TieKind)))
                 for n, (a, b) in enumerate({tuple(sorted(rng.sample(range(1, 151), 2))) for _ in range(300)}, 1))
    conf = Conference(1, "Mesure (fictive)", Phase.PREPARATION, participants=tuple(people), ties=ties)

    size = len(render.payload_json(map_data(conf)).encode("utf-8"))

    assert size < 60_000, f"the 150-person payload is {size} bytes; the page re-sends it after every change"


# --- the drawing script --------------------------------------------------------------------

@pytest.mark.parametrize("source", ["MAP_SCRIPT", "network_map.js"])
def test_the_map_scripts_never_turn_text_into_html(source):
    code = render.MAP_SCRIPT if source == "MAP_SCRIPT" else (ASSETS / source).read_text(encoding="utf-8")

    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in code, f"{source} uses {sink}: build elements and set textContent instead"


def test_labels_are_plain_text_and_tooltips_are_built_with_text_content():
    assert "multi: false" in render.MAP_SCRIPT  # vis-network's html/markdown labels stay off
    assert "textContent = String(lines[i])" in render.MAP_SCRIPT
    assert "physics: {enabled: false}" in render.MAP_SCRIPT


# --- the offline file ------------------------------------------------------------------------

def test_the_offline_file_shows_hostile_names_escaped_in_every_list(offline):
    for name, escaped in HTML_ESCAPED.items():
        assert escaped in offline
    assert "<title>Famille &lt;img src=x onerror=alert(1)&gt;</title>" in offline
    assert "<h1>Famille &lt;img src=x onerror=alert(1)&gt;</h1>" in offline


def test_the_offline_file_has_no_element_but_its_own(offline):
    elements = parse(offline)
    tags = [tag for tag, _ in elements.tags]

    assert "img" not in tags and "iframe" not in tags and "link" not in tags
    assert tags.count("script") == 3  # the map's data, vis-network, the drawing
    assert offline.lower().count("</script") == 3  # no name closed a script early
    assert [attrs.get("type") for tag, attrs in elements.tags if tag == "script"] == ["application/json", None, None]


def test_the_offline_files_data_is_the_escaped_json_and_gives_the_names_back(offline):
    data = parse(offline).scripts[0]

    for escaped in ESCAPED.values():
        assert escaped in data
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in data
    labels = [n["label"] for n in json.loads(data)["nodes"]]
    assert all(name in labels for name in HOSTILE)


def test_the_offline_file_loads_nothing_from_the_network(offline):
    elements = parse(offline)
    sources = [value for _, attrs in elements.tags for key, value in attrs.items()
               if key in ("src", "href", "action", "data", "poster", "srcset")]

    assert sources == []  # vis-network is inlined from pyvis's own file: no CDN, no file next to it
    assert not re.search(r"url\(\s*['\"]?https?:", offline)
    assert not re.search(r"@import", offline)
    csp = next(attrs["content"] for tag, attrs in elements.tags if tag == "meta"
               and attrs.get("http-equiv") == "Content-Security-Policy")
    assert csp.startswith("default-src 'none'")
    assert render.vis_network_js()[:2000] in offline and "@version 9.1.2" in offline


def test_pyvis_vis_network_can_sit_inside_a_script_element():
    code = render.vis_network_js()

    assert render.VIS_JS.is_file() and render.VIS_JS.parent.parent.parent.name == "pyvis"
    assert "</script" not in code.lower() and "<!--" not in code


def test_the_offline_file_never_holds_a_person_flagged_not_safe(offline):
    nodes = json.loads(parse(offline).scripts[0])["nodes"]

    assert "Julien Moreau" not in offline
    assert 4 not in [n["id"] for n in nodes] and not any(n.get("not_safe") for n in nodes)


def test_the_offline_file_refuses_the_professional_view():
    with pytest.raises(ValueError, match="shareable"):
        render.standalone_html(map_data(network(), for_sharing=False), title="Fictive")


def test_the_offline_file_is_french_by_default_with_a_legend_and_the_list_by_circle(offline):
    assert '<html lang="fr">' in offline
    assert "Légende" in offline and "Ils s'entraident" in offline and "Contact rompu" in offline
    assert "<strong>1 très proche</strong>" in offline and "Mamie Mariam" in offline


def test_the_drawing_script_and_styles_are_asset_files_read_as_they_are():
    assert render.MAP_SCRIPT == (render.ASSETS / "cercle_map.js").read_text(encoding="utf-8")
    assert "function cercleMap(container, payload, options)" in render.MAP_SCRIPT
    assert ".cercle-controls" in render.MAP_CSS and "@media print" in render.PAGE_CSS


def test_the_offline_file_prints_without_its_buttons_and_its_legend_uses_the_printed_shapes(offline):
    print_rules = offline[offline.index("@media print"):]
    assert re.search(r"\.cercle-controls[^{]*\{ display: none !important; \}", print_rules)
    assert "@page { size: A4 portrait" in offline
    assert render.legend_svg(Relation.FAMILY) in offline and render.tie_svg(TieKind.CONFLICT) in offline
    assert 'fill="#f5a623"' in render.legend_svg(Relation.FAMILY)  # the family's orange, on screen and on paper
