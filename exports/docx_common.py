"""Kept for older imports: the typography is in ``exports.typography``, the document
building in ``exports.docx_build``."""
from __future__ import annotations

from .docx_build import BOX, TICKED_BOX, DocBuilder, Name, template_bytes  # noqa: F401
from .typography import NBSP, NNBSP, clean_text, format_iso_date, fr_typography  # noqa: F401
