"""Kept for older imports: the typography is in ``exports.typography``, the document
building in ``exports.docx_build`` (on the template of ``exports.docx_template``)."""
from __future__ import annotations

from .docx_build import DocBuilder, Name  # noqa: F401
from .docx_template import BOX, TICKED_BOX, template_bytes  # noqa: F401
from .typography import NBSP, NNBSP, clean_text, format_iso_date, fr_typography  # noqa: F401
