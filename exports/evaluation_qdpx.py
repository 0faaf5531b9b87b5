"""The qualitative material as a REFI-QDA project (.qdpx), so that an evaluator goes on in
NVivo, ATLAS.ti, MAXQDA or QualCoder: open answers as text sources, themes as codes,
tagged passages as codings, respondent role / field / quarter as variables.

Only open answers that may leave Cercle are written (author's quote consent, family's
evaluation consent: :func:`conference.evaluation.pseudonyms.may_leave`). GUIDs derive from
the keyed pseudonyms, so the same export gives the same project, and none reveals a store id.
"""
from __future__ import annotations

import io
import uuid
import zipfile

from lxml import etree

from conference.evaluation.pseudonyms import may_leave, quarter, study_id
from conference.evaluation.types import EvaluationRows

NS = "urn:QDA-XML:project:1.0"
VARIABLES = ("respondent_role", "field", "quarter")


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "cercle-qdpx:" + ":".join(parts)))


def _el(parent, tag, **attrs):
    return etree.SubElement(parent, f"{{{NS}}}{tag}", {k: str(v) for k, v in attrs.items()})


def build_evaluation_qdpx(rows: EvaluationRows, *, key: bytes, publication: bool = False,
                          name: str = "Cercle — réponses ouvertes") -> bytes:
    """A .qdpx (ZIP) holding ``project.qde`` and one ``sources/<guid>.txt`` per open answer."""
    referrals = {r.ref: r for r in rows.referrals}
    project = etree.Element(f"{{{NS}}}Project", name=name, origin="Cercle", nsmap={None: NS})
    codes = {t.id: _guid("theme", t.id) for t in rows.themes}
    if rows.themes:
        codebook = _el(_el(project, "CodeBook"), "Codes")
        for theme in rows.themes:
            _el(codebook, "Code", guid=codes[theme.id], name=theme.label, isCodable="true")
    variables = {v: _guid("variable", v) for v in VARIABLES}
    declared = _el(project, "Variables")
    for variable, guid in variables.items():
        _el(declared, "Variable", guid=guid, name=variable, typeOfVariable="Text")
    by_answer: dict[tuple[str, str], list] = {}
    for passage in rows.passages:
        by_answer.setdefault((passage.answer_ref, passage.question_id), []).append(passage)
    sources = _el(project, "Sources")
    files = {}
    for answer in rows.answers:
        referral = referrals.get(answer.conference_ref)
        if not may_leave(answer, referral, publication=publication):
            continue
        answer_id = study_id(key, "answer", answer.ref)
        for question, text in answer.texts.items():
            if not text.strip():
                continue
            guid = _guid("source", answer_id, question)
            source = _el(sources, "TextSource", guid=guid, name=f"{answer_id} {question}",
                         plainTextPath=f"internal://{guid}.txt")
            _el(source, "PlainTextContent").text = text
            for n, passage in enumerate(by_answer.get((answer.ref, question), ())):
                if passage.theme_id not in codes:
                    continue
                start = 0 if passage.start is None else max(0, min(passage.start, len(text)))
                end = len(text) if passage.end is None else max(start, min(passage.end, len(text)))
                selection = _el(source, "PlainTextSelection", guid=_guid("selection", answer_id, question, str(n)),
                                name=text[start:end][:60], startPosition=start, endPosition=end)
                coding = _el(selection, "Coding", guid=_guid("coding", answer_id, question, str(n)))
                _el(coding, "CodeRef", targetGUID=codes[passage.theme_id])
            values = {"respondent_role": answer.role.value, "field": referral.field.value,
                      "quarter": quarter(referral.referred_on)}
            for variable, value in values.items():
                holder = _el(source, "VariableValue")
                _el(holder, "VariableRef", targetGUID=variables[variable])
                _el(holder, "TextValue").text = value
            files[f"sources/{guid}.txt"] = text
    if not len(sources):
        project.remove(sources)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", etree.tostring(project, xml_declaration=True, encoding="UTF-8",
                                                       pretty_print=True))
        for path, text in files.items():
            archive.writestr(path, text.encode("utf-8"))
    return out.getvalue()
