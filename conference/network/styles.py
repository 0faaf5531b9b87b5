"""How the network map looks, once for every drawing of it: the screen (vis-network), the
offline HTML file and the printed PDF (``exports/network_paper``) use the same shape and
colour for a relation and the same line for a kind of tie, so a family that learnt the
legend on one reads the others. Pure data, no drawing library.

Every relation has a shape *and* a colour (the map still reads printed in black and
white), and every shape has a dark border. ``legend_svg``/``tie_svg`` draw a legend's
sample as a small inline SVG (fixed markup, no user text), for the offline HTML file.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from conference.domain.enums import Relation, TieKind
from conference.i18n import N_

NODE_BORDER = "#2b3440"
NOT_SAFE_BORDER = "#c62828"
FOCAL_STYLE = {"shape": "ellipse", "fill": "#ffffff", "border": "#1b1f24", "border_width": 4}


@dataclass(frozen=True)
class RelationStyle:
    """How one relation looks: a shape *and* a colour. ``symbol`` is the same shape as a
    character, for markdown legends; ``colour`` is close to Streamlit's named colour
    ``streamlit_colour`` so a markdown legend matches."""

    shape: str               # a vis-network shape: dot, diamond, square, triangle, triangleDown, star, hexagon, image
    fill: str
    text: str                # darker shade of the fill, for text (sector names)
    symbol: str
    streamlit_colour: str
    image: str = ""          # for shape "image": an SVG data URI (a shape of its own, name below)


_CARD_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 44 30"><rect x="2" y="2" width="40" height="26" '
             'rx="5" fill="#c9ced6" stroke="#2b3440" stroke-width="3"/><path d="M10 12h24M10 19h16" stroke="#2b3440" '
             'stroke-width="3"/></svg>')

# Colour-blind-safe hues; every shape has a dark border, so it still reads in grey.
RELATION_STYLES: dict[Relation, RelationStyle] = {
    Relation.FAMILY: RelationStyle("dot", "#f5a623", "#9a5b00", "●", "orange"),
    Relation.FRIEND: RelationStyle("diamond", "#4aa3df", "#1d5f8f", "◆", "blue"),
    Relation.NEIGHBOUR: RelationStyle("square", "#3cb371", "#1f6b40", "■", "green"),
    Relation.COLLEAGUE: RelationStyle("triangle", "#f2d43d", "#7a6500", "▲", "yellow"),
    Relation.PEER_SUPPORTER: RelationStyle("triangleDown", "#9b72cf", "#5b3a8a", "▼", "violet"),
    # A "card" (a badge): vis-network has seven shapes with the name below, one short.
    Relation.PROFESSIONAL: RelationStyle("image", "#c9ced6", "#4a5260", "▭", "gray",
                                         "data:image/svg+xml," + quote(_CARD_SVG)),
    Relation.EXPERT: RelationStyle("star", "#a7b0bd", "#4a5260", "★", "gray"),
    Relation.TRUSTED_PERSON: RelationStyle("hexagon", "#4f7fc0", "#1f4c85", "⬢", "primary"),
}


# How a family document (the printed map, the offline file) names each relation: in plain
# words, without a point médian (FALC): plural in a legend, both forms in full for one person.
PLAIN_GROUPS: dict[Relation, str] = {
    Relation.FAMILY: N_("Family"), Relation.FRIEND: N_("Friends"), Relation.NEIGHBOUR: N_("Neighbours"),
    Relation.COLLEAGUE: N_("Colleagues"), Relation.PEER_SUPPORTER: N_("Peer supporters"),
    Relation.PROFESSIONAL: N_("Professionals"), Relation.EXPERT: N_("Expert people"),
    Relation.TRUSTED_PERSON: N_("Trusted people"),
}
PLAIN_ONE: dict[Relation, str] = {
    Relation.FAMILY: N_("family"), Relation.FRIEND: N_("friend, man or woman"),
    Relation.NEIGHBOUR: N_("neighbour, man or woman"), Relation.COLLEAGUE: N_("colleague"),
    Relation.PEER_SUPPORTER: N_("peer supporter, man or woman"),
    Relation.PROFESSIONAL: N_("professional, man or woman"), Relation.EXPERT: N_("expert, man or woman"),
    Relation.TRUSTED_PERSON: N_("trusted person"),
}


@dataclass(frozen=True)
class TieStyle:
    colour: str
    width: float                     # screen pixels (the PDF draws about half, in points)
    dashes: tuple[int, ...] | None   # None: a solid line
    sample: str                      # the line as characters, for markdown legends
    streamlit_colour: str


TIE_STYLES: dict[TieKind, TieStyle] = {
    TieKind.SUPPORT: TieStyle("#56657a", 2.5, None, "———", "gray"),
    TieKind.CONFLICT: TieStyle("#c0392b", 3.5, (12, 8), "– – –", "red"),
    TieKind.BROKEN: TieStyle("#7b8794", 2.5, (2, 7), "·······", "gray"),
}


def rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` as three 0–1 floats (reportlab's colours)."""
    value = colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def shape_points(shape: str, x: float, y: float, r: float, *, y_up: bool = True) -> list[tuple[float, float]]:
    """The corners of a polygonal shape centred on (x, y), ``r`` from centre to tip, as
    vis-network draws it (triangle tip up, diamond on a corner). ``y_up``: y grows upwards
    (PDF); otherwise downwards (SVG, canvas)."""
    import math

    s = 1 if y_up else -1

    def ring(count: int, radius: float, first: float, dx: float = 0.0, dy: float = 0.0):
        return [(x + dx + radius * math.cos(math.radians(first + 360 * k / count)),
                 y + s * dy + s * radius * math.sin(math.radians(first + 360 * k / count))) for k in range(count)]

    if shape == "triangle":
        return ring(3, r * 1.2, 90, dy=-r * 0.2)
    if shape == "triangleDown":
        return ring(3, r * 1.2, -90, dy=r * 0.2)
    if shape == "diamond":
        return ring(4, r * 1.15, 90)
    if shape == "hexagon":
        return ring(6, r * 1.05, 0)
    if shape == "star":
        return [(x + (r * 1.35 if k % 2 == 0 else r * 0.6) * math.cos(math.radians(90 + 36 * k)),
                 y + s * (r * 1.35 if k % 2 == 0 else r * 0.6) * math.sin(math.radians(90 + 36 * k)))
                for k in range(10)]
    raise ValueError(f"{shape} is not a polygon")


def legend_svg(relation: Relation, size: int = 18) -> str:
    """A relation's shape as a small inline SVG, as the PDF draws it (fixed markup)."""
    style = RELATION_STYLES[relation]
    c, r = size / 2, size * 0.36
    common = f'fill="{style.fill}" stroke="{NODE_BORDER}" stroke-width="1.5" stroke-linejoin="round"'
    if style.shape == "dot":
        body = f'<circle cx="{c}" cy="{c}" r="{r:.2f}" {common}/>'
    elif style.shape == "square":
        side = r * 1.6
        body = f'<rect x="{c - side / 2:.2f}" y="{c - side / 2:.2f}" width="{side:.2f}" height="{side:.2f}" {common}/>'
    elif style.shape == "image":  # the professional's card
        w, h = r * 2.2, r * 1.5
        body = (f'<rect x="{c - w / 2:.2f}" y="{c - h / 2:.2f}" width="{w:.2f}" height="{h:.2f}" rx="{r * 0.3:.2f}" '
                f'{common}/><path d="M{c - w * 0.3:.2f} {c - h * 0.1:.2f}h{w * 0.6:.2f}M{c - w * 0.3:.2f} '
                f'{c + h * 0.2:.2f}h{w * 0.4:.2f}" stroke="{NODE_BORDER}" stroke-width="1.2"/>')
    else:
        points = " ".join(f"{px:.2f},{py:.2f}" for px, py in shape_points(style.shape, c, c, r, y_up=False))
        body = f'<polygon points="{points}" {common}/>'
    return (f'<svg class="shape" width="{size}" height="{size}" viewBox="0 0 {size} {size}" aria-hidden="true">'
            f'{body}</svg>')


def tie_svg(kind: TieKind, width: int = 40) -> str:
    """A tie's line as a small inline SVG, as the PDF draws it (fixed markup)."""
    style = TIE_STYLES[kind]
    dash = f' stroke-dasharray="{" ".join(str(round(d / 2, 1)) for d in style.dashes)}"' if style.dashes else ""
    return (f'<svg class="tie" width="{width}" height="12" viewBox="0 0 {width} 12" aria-hidden="true">'
            f'<line x1="2" y1="6" x2="{width - 2}" y2="6" stroke="{style.colour}" stroke-width="{style.width / 1.6:.2f}"'
            f' stroke-linecap="round"{dash}/></svg>')
