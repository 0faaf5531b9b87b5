"""The evaluation files: XLSX and ODS reopen, the CSV reads back with ``;`` and accents,
the .qdpx validates against the REFI-QDA schema, merging refuses mixed codebooks, and no
file holds a name, an exact date, a store id or a text whose author did not consent."""
from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree
from openpyxl import load_workbook

from conference.evaluation.errors import EvaluationRefused, StudyKeyMissing, message
from conference.evaluation.merge import read_workbook
from exports.evaluation_csv import build_evaluation_csv
from exports.evaluation_ods import sheets_to_ods
from exports.evaluation_qdpx import build_evaluation_qdpx
from exports.evaluation_workbook import (build_evaluation_ods, build_evaluation_xlsx, build_merged_xlsx,
                                         evaluation_sheets)

from ..conftest import require_tool
from ..unit.evaluation.fixture import (NO_FAMILY_CONSENT_TEXT, QUOTABLE_TEXT, SECRET_REF, UNCONSENTED_TEXT,
                                       referrals, rows)

KEY = b"cle du departement fictif"
SCHEMA = Path(__file__).parents[1] / "fixtures" / "refi-qda" / "Project-mrt2019.xsd"
FORBIDDEN = (SECRET_REF, "Sophie Moreau", UNCONSENTED_TEXT, NO_FAMILY_CONSENT_TEXT, "14/03/2026", "2026-03-14",
             "10/01/2026", "2026-01-10")


def _texts_of_zip(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


@pytest.fixture(scope="module")
def files():
    data = rows()
    return {"xlsx": build_evaluation_xlsx(data, key=KEY), "ods": build_evaluation_ods(data, key=KEY),
            "csv": build_evaluation_csv(data, key=KEY), "qdpx": build_evaluation_qdpx(data, key=KEY),
            "publication": build_evaluation_xlsx(data, key=None, publication=True)}


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv", "qdpx", "publication"])
def test_no_file_holds_a_name_an_exact_date_a_store_id_or_an_unconsented_text(files, kind):
    text = _texts_of_zip(files[kind])
    leaked = [word for word in FORBIDDEN if word in text]
    assert not leaked, f"{kind} leaks {leaked}"
    # the internal refs of the fixture never leave either (study ids replace them)
    assert ">r1<" not in text and '"r1"' not in text


def test_the_row_level_workbook_reopens_with_openpyxl_and_keeps_the_quotable_text(files):
    book = load_workbook(io.BytesIO(files["xlsx"]), read_only=True)
    assert book.sheetnames[:4] == ["Guide de lecture", "Dictionnaire des variables", "Questionnaires", "Conférences"]
    conferences = list(book["Conférences"].iter_rows(values_only=True))
    assert conferences[0][:4] == ("study_id", "dept", "territory", "referred_month")
    assert len(conferences) == 1 + 9  # 8 evaluated + 1 with its funnel columns only
    unconsenting = [r for r in conferences[1:] if r[conferences[0].index("evaluation_consent")] == 0]
    assert len(unconsenting) == 1 and unconsenting[0][0] is None and unconsenting[0][conferences[0].index("field")] is None
    opened = [r[-1] for r in book["Réponses ouvertes"].iter_rows(min_row=2, values_only=True)]
    assert sorted(opened) == sorted([QUOTABLE_TEXT, "Merci à la coordinatrice."])
    codebook = [r[0] for r in book["Dictionnaire des variables"].iter_rows(min_row=2, values_only=True)]
    assert "referred_month" in codebook and "score" in codebook
    book.close()


def test_the_masked_tables_hide_small_counts_and_show_hand_computed_figures(files):
    book = load_workbook(io.BytesIO(files["xlsx"]), read_only=True)
    funnel = list(book["T2 Parcours"].iter_rows(values_only=True))
    assert funnel[-1][-1] == 9  # every situation, consent or not: 9 is not small
    assert all(v in ("c", 0) for row in funnel[1:-1] for v in row[1:-1])  # all inner counts are 1–3 or 0
    indicators = {r[0]: r[1] for r in book["T1 Indicateurs"].iter_rows(min_row=2, values_only=True)}
    assert indicators["Situations orientées"] == 9
    assert indicators["Satisfaction par rôle (membre de la famille)"] == 8.17
    assert indicators["Satisfaction par rôle (professionnel)"] == "c"  # 2 answers only
    assert indicators["Taux de plan"] == "c"  # 4 / 6: denominator under 10
    book.close()


def test_publication_mode_writes_only_the_masked_tables(files):
    book = load_workbook(io.BytesIO(files["publication"]), read_only=True)
    assert "Conférences" not in book.sheetnames and "Réponses ouvertes" not in book.sheetnames
    assert "T2 Parcours" in book.sheetnames and "Dictionnaire des variables" in book.sheetnames
    assert QUOTABLE_TEXT not in _texts_of_zip(files["publication"])
    book.close()


def test_row_level_files_need_the_study_key():
    with pytest.raises(StudyKeyMissing):
        build_evaluation_xlsx(rows(), key=None)


def test_the_ods_reopens_with_pandas_and_holds_the_same_tables(files):
    sheets = pd.read_excel(io.BytesIO(files["ods"]), sheet_name=None, engine="odf")
    assert "T6 Satisfaction par rôle" in sheets and "Conférences" in sheets
    assert len(sheets["Conférences"]) == 9
    family = sheets["T6 Satisfaction par rôle"].iloc[0]
    assert family["Moyenne"] == 8.17
    # n(family) = 6 is hidden: with n(all adults) = 8 it would give away the 2 professionals
    assert family["n"] == "c" and sheets["T6 Satisfaction par rôle"].iloc[2]["n"] == "c"
    indicators = sheets["T1 Indicateurs"].set_index("Indicateur")
    assert indicators.loc["Satisfaction par rôle (membre de la famille)", "n"] == "c"  # the same in linked tables


def test_the_csv_reads_back_with_semicolons_accents_and_french_months(files):
    with zipfile.ZipFile(io.BytesIO(files["csv"])) as archive:
        names = archive.namelist()
        assert all(n.endswith(".csv") for n in names) and names[0].startswith("01_guide")
        raw = archive.read(next(n for n in names if "conferences" in n))
        assert raw.startswith(b"\xef\xbb\xbf")
        frame = pd.read_csv(io.BytesIO(raw), sep=";", encoding="utf-8-sig", dtype=str)
        themes = pd.read_csv(io.BytesIO(archive.read(next(n for n in names if "themes_par" in n))), sep=";",
                             encoding="utf-8-sig")
    assert "01/2026" in set(frame["referred_month"]) and "Territoire des Tilleuls" in set(frame["territory"])
    assert "Sortie de l'isolement" in set(themes["Thème"])
    assert "14,0" not in raw.decode("utf-8-sig") and "20,0" not in raw.decode("utf-8-sig")  # 20.0 → 20
    assert any("," in v for v in frame["hours_coordinator"].dropna()) is False  # whole hours stay whole


def test_the_qdpx_validates_against_the_refi_qda_schema_and_every_coding_points_somewhere(files):
    with zipfile.ZipFile(io.BytesIO(files["qdpx"])) as archive:
        project = etree.fromstring(archive.read("project.qde"))
        names = archive.namelist()
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(project), schema.error_log
    ns = {"q": "urn:QDA-XML:project:1.0"}
    codes = {c.get("guid") for c in project.iterfind(".//q:Code", ns)}
    sources = project.findall(".//q:TextSource", ns)
    assert len(sources) == 2 and len(codes) == 2
    refs = [r.get("targetGUID") for r in project.iterfind(".//q:Coding/q:CodeRef", ns)]
    assert refs and all(r in codes for r in refs)
    for source in sources:
        assert f"sources/{source.get('guid')}.txt" in names
        text = source.find("q:PlainTextContent", ns).text
        for selection in source.iterfind("q:PlainTextSelection", ns):
            assert 0 <= int(selection.get("startPosition")) <= int(selection.get("endPosition")) <= len(text)
    variables = {v.get("name") for v in project.iterfind(".//q:Variable", ns)}
    assert variables == {"respondent_role", "field", "quarter"}


def test_merging_keeps_each_departements_code_and_masks_the_combined_tables():
    from conference.evaluation.demo_data import demo_rows

    first = build_evaluation_xlsx(rows(), key=KEY)
    second = build_evaluation_xlsx(demo_rows(seed=3, situations=60, dept="98"), key=b"autre")
    merged = read_workbook("ensemble", build_merged_xlsx([("33.xlsx", first), ("98.xlsx", second)]))
    conferences = merged.sheets["conferences"]
    assert set(conferences["dept"]) == {"33", "98"} and len(conferences) == 9 + 60
    consented = conferences[conferences["evaluation_consent"] == 1]
    assert all(str(s).split(":")[0] == d for s, d in zip(consented["study_id"], consented["dept"]))
    assert set(merged.sheets["answers"]["dept"]) == {"33", "98"}
    funnel = merged.sheets["t_funnel"]
    assert funnel.iloc[-1, -1] == 69
    assert not ((funnel.iloc[:, 1:].map(lambda v: isinstance(v, int) and 1 <= v <= 5)).any().any())


def test_merging_refuses_one_departements_workbook_given_twice():
    data = build_evaluation_xlsx(rows(), key=KEY)

    with pytest.raises(EvaluationRefused) as refused:
        build_merged_xlsx([("janvier.xlsx", data), ("fevrier.xlsx", data)])

    assert refused.value.code == "same_dept_twice"
    assert "janvier.xlsx, fevrier.xlsx viennent du même département" in message(refused.value)


def test_merging_refuses_different_codebook_versions_and_publication_files():
    data = build_evaluation_xlsx(rows(), key=KEY)
    book = load_workbook(io.BytesIO(data))
    book.worksheets[0]["B3"] = "cercle-evaluation-0.9"
    older = io.BytesIO()
    book.save(older)
    with pytest.raises(EvaluationRefused) as refused:
        build_merged_xlsx([("a.xlsx", data), ("b.xlsx", older.getvalue())])
    assert refused.value.code == "codebook_mismatch"
    with pytest.raises(EvaluationRefused) as refused:
        build_merged_xlsx([("p.xlsx", build_evaluation_xlsx(rows(), key=None, publication=True))])
    assert refused.value.code == "publication_workbook"


@pytest.mark.soffice
def test_libreoffice_opens_the_xlsx_and_the_ods(files, tmp_path):
    soffice = require_tool("soffice")
    for kind in ("xlsx", "ods"):
        path = tmp_path / f"evaluation.{kind}"
        path.write_bytes(files[kind])
        subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
        pdf = tmp_path / "evaluation.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
        pdf.unlink()
