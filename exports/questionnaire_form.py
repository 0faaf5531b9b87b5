"""The printed questionnaire (.docx, A4), generated from the same definition as the screen
(issue 9): boxes for the 0–10 scale and the 1–5 statements, faces with their words for
the child version, lines to write on for the open questions, the separate quote-consent
question, and « Merci ». The coordinator types filled forms back in (transcribed).

Pure: a definition (``conference.evaluation.codebook`` shape, as the service reads it
from the database) in, bytes out. The form is anonymous: it carries the questionnaire's
id and version (so the transcription names the version it was given with) and, when
given, the conference's number, never a name.
"""
from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any

from docx.shared import Mm
from docx.text.paragraph import Paragraph

from conference.evaluation import codebook
from conference.evaluation.scales import SCORE_ENDS, quote_consent_texts, words_for
from conference.evaluation.types import ParticipantRole
from conference.i18n import translator

from .docx_build import DocBuilder
from .docx_template import BOX, SYMBOL_FONT
from .faces import face_png

TEXT_WIDTH_MM = 170
FACE_MM = 17
RESPONDENT_ROLES = (ParticipantRole.FAMILY, ParticipantRole.NETWORK, ParticipantRole.PROFESSIONAL,
                    ParticipantRole.EXPERT, ParticipantRole.COORDINATOR)


def build_questionnaire_form(definition: Mapping[str, Any], *, lang: str = "fr",
                             reference: int | None = None) -> bytes:
    """The .docx of the questionnaire ``definition`` (adult or child version, a territory's
    own questions included). ``reference``: the conference's number, printed so that forms
    of two conferences are not mixed up. Writes nothing."""
    _ = translator(lang)
    child = definition.get("audience") == "child"
    version = definition["version"]
    doc = DocBuilder(lang, title=_(definition["title"]),
                     footer_label=_("Anonymous questionnaire · {questionnaire}, version {version}",
                                    questionnaire=definition["id"], version=version))
    doc.title(_(definition["title"]))
    doc.paragraph(_("Anonymous: do not write your name.") if not child else
                  _("You do not write your name: nobody will know it is your sheet."), style="CercleMeta", bold=True)
    meta = _("Questionnaire {questionnaire}, version {version}", questionnaire=definition["id"], version=version)
    if reference is not None:
        meta = _("Conference no. {reference}", reference=reference) + " · " + meta
    doc.paragraph(meta, style="CercleMeta")
    doc.paragraph(_("Tick one face for each question. You can ask a grown-up to help you write.") if child else
                  _("Tick one box per question. You may leave out any question you prefer not to answer."),
                  style="CercleIntro")

    number = 0
    if not child:
        number += 1
        doc.paragraph(f"{number}. " + _("You are:"), style="CercleLabel", keep_next=True)
        roles = doc.table([TEXT_WIDTH_MM / 3] * 3, borders=False)
        for start in (0, 3):
            for tc, role in zip(doc.row(roles), RESPONDENT_ROLES[start:start + 3]):
                doc.checkboxes([(codebook.value_label(role.value, lang), False)], into=tc, keep_next=start == 0)
    for question in definition["questions"]:
        number += 1
        doc.paragraph(f"{number}. " + _(question["label"]), style="CercleLabel", keep_next=True)
        _question(doc, question, _, child=child)

    number += 1
    question, choices = quote_consent_texts(child=child)
    doc.paragraph(f"{number}. " + _(question), style="CercleLabel", keep_next=True)
    doc.paragraph(_("Nobody will know it was you, whatever you tick here.") if child else
                  _("Your answers stay anonymous whatever you tick here."), style="CercleMeta", keep_next=True)
    consents = list(choices.values())
    for n, words in enumerate(consents):
        doc.checkboxes([(_(words), False)], keep_next=n < len(consents) - 1)

    doc.paragraph(_("Thank you!"), style="CercleQuestion", align="center", space_before=18)
    doc.paragraph(_("Give this sheet back to the coordinator, folded if you wish."), style="CercleMeta",
                  align="center")
    return doc.to_bytes()


def _question(doc: DocBuilder, question: Mapping[str, Any], _, *, child: bool) -> None:
    kind = question["kind"]
    if kind == "open":
        doc.ruled_lines(3 if child else 4)
        return
    words = words_for(question)
    if kind == "yes_no":
        doc.checkboxes([(_(w), False) for w in words.values()])
        return
    columns = len(words)
    tbl = doc.table([TEXT_WIDTH_MM / columns] * columns, borders=kind == "score")
    cells = doc.row(tbl)
    for tc, (value, word) in zip(cells, words.items()):
        if kind == "faces":
            picture = doc.paragraph(align="center", keep_next=True, into=tc)
            Paragraph(picture, doc.doc._body).add_run().add_picture(BytesIO(face_png(value)), width=Mm(FACE_MM))
        p = doc.paragraph(align="center", keep_next=True, into=tc)
        doc.run(p, BOX, font=SYMBOL_FONT, size=18, raw=True)
        if kind == "score":
            doc.paragraph(str(value), style="CercleTableHead", align="center", into=tc)
        else:
            doc.paragraph(_(word), style="CercleTableText", align="center", into=tc)
    if kind == "score":
        low, high = SCORE_ENDS
        doc.paragraph(_(low) + "  ·  " + _(high), style="CercleMeta", align="center")
