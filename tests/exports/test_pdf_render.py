"""The documents convert to PDF with LibreOffice, as a coordinator's office suite would
open them. Skipped without LibreOffice, unless CERCLE_REQUIRE_TOOLS=1 (CI), which fails."""
from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from exports.action_plan import build_action_plan
from exports.followup_form import build_followup_form

from ..conftest import require_tool
from .test_action_plan import complete_conference, moreau_diallo

pytestmark = pytest.mark.soffice

QUESTION_WORDS = ("Comment", "organise", "Lina", "entourée", "hospitalisation", "maman", "week-end")


def convert_to_pdf(docx: Path, outdir: Path) -> Path:
    """``soffice --convert-to pdf`` with a throw-away profile (parallel runs must not share one)."""
    soffice = require_tool("soffice")
    profile = Path(f"/tmp/lo-{uuid.uuid4().hex}")
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), str(docx)],
                       check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return outdir / f"{docx.stem}.pdf"


def page_count(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


@pytest.mark.parametrize("build", [build_action_plan, build_followup_form], ids=["action_plan", "followup_form"])
def test_the_document_converts_to_a_pdf_that_shows_the_central_question(build, tmp_path):
    conf, plan = complete_conference()  # identity block, decision, professionals, copies: every part
    docx = tmp_path / f"{build.__name__}.docx"
    docx.write_bytes(build(conf, plan))

    pdf = convert_to_pdf(docx, tmp_path)

    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert page_count(pdf) >= 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True, timeout=60).stdout
        words = " ".join(text.split())
        missing = [w for w in QUESTION_WORDS if w not in words]
        assert not missing, f"{missing} not in the PDF's text"
        assert "Julien" not in words
        assert "Co Fictive" in words and "Famille Moreau-Diallo" in words
        assert re.search(r"Page 1 sur \d", words.replace("\u202f", " ").replace("\u00a0", " "))


def test_no_page_is_left_empty_after_the_signatures(tmp_path):
    """A table that ends a document must not push Word's closing paragraph onto a blank page."""
    require_tool("pdftotext")
    conf, plan = moreau_diallo()
    docx = tmp_path / "plan.docx"
    docx.write_bytes(build_action_plan(conf, plan))
    pdf = convert_to_pdf(docx, tmp_path)
    last = page_count(pdf)

    text = subprocess.run(["pdftotext", "-f", str(last), "-l", str(last), str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    footer = ("Page", "Plan d\u2019action, version")
    lines = [line for line in text.splitlines() if line.strip() and not any(f in line for f in footer)]

    assert lines, f"page {last} holds nothing but the footer"
