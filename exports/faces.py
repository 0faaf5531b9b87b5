"""The five faces of the child questionnaire as small PNG images, drawn in pure Python.

A face font (emoji) is not on every computer that opens the .docx, and LibreOffice
without one prints empty boxes: a picture prints the same everywhere. The drawing is
deterministic (the same bytes on every machine), black on white for any printer: a
circle, two eyes, a mouth from a frown (1) through a straight line (3) to a smile (5).
"""
from __future__ import annotations

import struct
import zlib
from functools import cache

SIZE = 100  # pixels; printed 17 mm wide (about 150 dpi)
_SAMPLES = 2  # 2 × 2 samples per pixel: smooth enough edges, drawn in well under a second


def _coverage(level: int, x: float, y: float) -> bool:
    """Whether the point (in units of the face's radius, centre 0,0) is ink."""
    r2 = x * x + y * y
    if 0.86 ** 2 <= r2 <= 0.95 ** 2:  # the outline
        return True
    for ex in (-0.34, 0.34):  # the eyes
        if (x - ex) ** 2 + (y + 0.25) ** 2 <= 0.1 ** 2:
            return True
    if -0.42 <= x <= 0.42:  # the mouth, a parabola: its middle lower than its corners for a smile
        bend = (level - 3) / 2  # -1 (frown) … 1 (smile); y grows downwards
        mouth = 0.40 + bend * 0.22 * ((1 - (x / 0.42) ** 2) - 0.5)
        return abs(y - mouth) <= 0.055
    return False


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)  # filter 0 on every scanline
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


@cache
def face_png(level: int) -> bytes:
    """The face for ``level`` (1 = not good at all … 5 = very good), as PNG bytes."""
    if level not in range(1, 6):
        raise ValueError(f"no face for {level}")
    half = SIZE / 2
    step = 1 / _SAMPLES
    total = _SAMPLES * _SAMPLES
    rows = []
    for py in range(SIZE):
        row = bytearray(SIZE)
        for px in range(SIZE):
            ink = 0
            for sy in range(_SAMPLES):
                y = (py + (sy + 0.5) * step - half) / half
                for sx in range(_SAMPLES):
                    ink += _coverage(level, (px + (sx + 0.5) * step - half) / half, y)
            row[px] = 255 - round(255 * ink / total)
        rows.append(bytes(row))
    return _png(SIZE, SIZE, rows)
