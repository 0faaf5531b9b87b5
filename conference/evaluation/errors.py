"""Refusals of the evaluation, each with a code and a catalog message (French in
``evaluation.po``); pages and the command line show ``message(error, lang)``."""
from __future__ import annotations

from conference.domain.errors import DomainError
from conference.i18n import N_, translator

MESSAGES = {
    "study_key_missing": N_("The study key is missing: set CERCLE_STUDY_KEY (any text the département keeps "
                            "outside Cercle) before exporting evaluation files."),
    "codebook_mismatch": N_("These files use different codebook versions ({versions}): they cannot be merged. "
                            "Export them again with the same version of Cercle."),
    "not_an_evaluation_workbook": N_("{file} is not an evaluation workbook exported by Cercle (no codebook "
                                     "sheet)."),
    "publication_workbook": N_("{file} holds only masked tables (publication mode): merging needs the "
                               "evaluators' workbooks with their row-level sheets."),
    "nothing_to_merge": N_("Give at least one workbook to merge."),
    "same_dept_twice": N_("{files} come from the same département ({dept}): give each département's workbook "
                          "once (each one exported with its own CERCLE_DEPT code)."),
}


class EvaluationRefused(DomainError):
    def __init__(self, code: str, **facts):
        super().__init__(f"evaluation refused: {code} {facts or ''}")
        self.code, self.facts = code, facts


class StudyKeyMissing(EvaluationRefused):
    def __init__(self):
        super().__init__("study_key_missing")


def message(error: EvaluationRefused, lang: str = "fr") -> str:
    return translator(lang)(MESSAGES[error.code], **error.facts)
