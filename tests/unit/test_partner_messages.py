"""The synthesis meetings' refusals in French (what a page shows)."""
from __future__ import annotations

from conference.domain.errors import Forbidden, InvalidInput
from conference.domain.partnership import ReportNotApproved
from conference.services.partner_messages import CODES, message


def test_every_refusal_code_reads_in_french():
    for (field, code), english in CODES.items():
        assert message(InvalidInput(field, code)) not in (None, english), (field, code)
    assert message(InvalidInput("next_date", "before_meeting")) == "La prochaine réunion ne peut pas être avant celle-ci."
    assert message(InvalidInput("needs", "too_many", limit=60)) == "Trop de lignes (au plus 60)."


def test_a_report_not_approved_names_who_is_missing():
    assert message(ReportNotApproved(("Julie Marchand", "Mme Caron"))) == (
        "Le rapport ne peut pas encore être définitif : doivent encore l'approuver : Julie Marchand, Mme Caron.")


def test_the_common_cases_are_left_to_the_page():
    assert message(Forbidden("x")) is None
    assert message(InvalidInput("action", "required")) is None
