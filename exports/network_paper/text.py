"""Text on the paper map: the font, what a name may print as, right-to-left names, and
fitting a name in a width.

Fonts: DejaVu Sans (Debian ``fonts-dejavu-core``) when present, for accents, « », narrow
no-break spaces, Arabic, Hebrew and many symbols; otherwise Helvetica, whose Latin-1 range
covers French (other characters print as "?").

Right-to-left names: a PDF shows glyphs in the order they are drawn, and reportlab's
``drawString`` draws characters one after the other without shaping them. An Arabic or
Hebrew name is therefore *shaped* (``arabic_reshaper``: each Arabic letter becomes the
joined form it takes in its word, lam-alef ligatures included) and *reordered* for
display (``python-bidi``, the Unicode bidirectional algorithm) just before it is drawn
or measured (``visual``). Everything else (cutting, wrapping, sorting) works on the
logical text, as typed. reportlab's own route (``drawString(..., shaping=True)``) needs
``uharfbuzz`` and ``rlbidi`` (the latter is not on PyPI), and its shaped strings carry
glyph data that our measuring and cutting would have to handle apart.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FALLBACK_FONTS = ("Helvetica", "Helvetica-Bold")

_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(" {2,}")
_RTL_CLASSES = {"R", "AL", "AN"}


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    charset: frozenset[int] | None  # code points the fonts draw; None: Latin-1 (Helvetica)

    @property
    def missing(self) -> str:
        return "\u25a1" if self.charset is not None else "?"  # □, or ? in Helvetica


@lru_cache(maxsize=4)
def fonts(directory: Path = FONT_DIR) -> Fonts:
    """DejaVu Sans (regular, bold) from ``directory`` when present, registered once; else Helvetica."""
    regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        try:
            face, bold_face = TTFont("CercleSans", str(regular)), TTFont("CercleSans-Bold", str(bold))
            pdfmetrics.registerFont(face)
            pdfmetrics.registerFont(bold_face)
            both = frozenset(face.face.charToGlyph).intersection(bold_face.face.charToGlyph)
            return Fonts("CercleSans", "CercleSans-Bold", both)
        except (TTFError, OSError):
            pass
    return Fonts(*FALLBACK_FONTS, None)


def printable(text: str, font: Fonts) -> str:
    """``text`` as it can be printed: one line, composed (NFC), no control or invisible
    format characters (zero-width joiners, bidi overrides), spaces collapsed, and a
    box (or "?") for each character the font cannot draw. Still in logical order."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub(" ", str(text or "")))
    out = []
    for ch in text:
        if ch.isspace() and ch not in "\u00a0\u202f":
            out.append(" ")
        elif unicodedata.category(ch) == "Cf":
            continue
        elif font.charset is None:
            if ch == "\u202f":
                ch = "\u00a0"
            out.append(ch if ord(ch) < 256 or ch in "€…«»’“”–—·œŒ" else font.missing)
        else:
            out.append(ch if ord(ch) in font.charset else font.missing)
    return _SPACES.sub(" ", "".join(out)).strip()


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


@lru_cache(maxsize=4096)
def visual(text: str, base: str | None = None, charset: frozenset[int] | None = None) -> str:
    """``text`` (logical order, as typed) in the order its glyphs are drawn from left to
    right, Arabic letters joined. ``base``: the paragraph's direction, "L" for a line of
    French running text, None to take it from the first strong letter (a name on its own).
    A joined form the font lacks keeps its plain letter. Text without right-to-left
    letters comes back unchanged."""
    if not text or not has_rtl(text):
        return text
    shaped = arabic_reshaper.reshape(text)
    if charset is not None and any(ord(ch) not in charset for ch in shaped):
        shaped = text
    return get_display(shaped, base_dir=base)


def measure(text: str, font_name: str, size: float) -> float:
    """The printed width of logical ``text`` (shaped letters are narrower or wider)."""
    return pdfmetrics.stringWidth(visual(text), font_name, size)


def shorten(text: str, font_name: str, size: float, width: float) -> str:
    """``text`` cut with "…" so that it fits ``width`` points (whole text when it fits)."""
    if measure(text, font_name, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + "…", font_name, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…" if low else "…"


def name_lines(text: str, font_name: str, size: float, width: float) -> list[str]:
    """A name on one line, or two balanced lines, each cut with "…" when still too long."""
    if not text or measure(text, font_name, size) <= width:
        return [text]
    words = text.split(" ")
    if len(words) == 1:
        return [shorten(text, font_name, size, width)]
    cuts = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(cuts, key=lambda pair: max(measure(p, font_name, size) for p in pair))
    return [shorten(first, font_name, size, width), shorten(second, font_name, size, width)]


def whole_lines(text: str, font_name: str, size: float, width: float) -> list[str]:
    """``text`` on as few lines of at most ``width`` points as its words allow, nothing
    cut: a word longer than the width is broken between two letters, never shortened."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and measure(lines[-1] + " " + word, font_name, size) <= width:
            lines[-1] += " " + word
            continue
        while measure(word, font_name, size) > width and len(word) > 1:
            cut = 1
            while cut < len(word) and measure(word[:cut + 1], font_name, size) <= width:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return lines or [""]


def balanced_lines(text: str, font_name: str, size: float, count: int) -> list[str]:
    """``text`` on about ``count`` lines of similar width, cut only between words."""
    total = measure(text, font_name, size)
    words = text.split(" ")
    if count <= 1 or len(words) == 1:
        return [text]
    widest_word = max(measure(w, font_name, size) for w in words)
    return whole_lines(text, font_name, size, max(widest_word, total / count * 1.08))
