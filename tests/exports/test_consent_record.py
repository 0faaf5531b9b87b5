"""The printable consent record, reopened, and its export through the service (audited)."""
from __future__ import annotations

import io
import re
from datetime import datetime

from docx import Document

from conference.domain.enums import ConsentKind, Phase
from conference.services import conferences, consent
from exports.consent_record import build_consent_record

from ..factories import make_conference


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    return text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")


def test_the_record_lists_each_decision_in_plain_words(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    mariam = next(p for p in conferences.get_conference(coordinator, cid, uow=uow).participants
                  if p.name == "Mamie Mariam")
    consent.record_consent(coordinator, cid, ConsentKind.CONFERENCE, True, uow=uow)
    consent.record_consent(coordinator, cid, ConsentKind.INVITATION, True, participant_id=mariam.id, uow=uow)
    objection = consent.record_consent(coordinator, cid, ConsentKind.EVALUATION_QUOTE, False, uow=uow)
    consent.withdraw_consent(coordinator, cid, objection, uow=uow)

    name, data = consent.export_consent_record(coordinator, cid, uow=uow)

    text = text_of(data)
    assert name.endswith(".docx") and "Ce que vous avez accepté" in text
    assert "Faire une conférence familiale" in text and "Inviter Mamie Mariam" in text
    assert not re.search(r"\w·\w", text), "no point médian in a family document"
    assert "N'est pas d'accord" in text and "retiré le 23 novembre 2026" in text
    assert "Vos données sont protégées" in text and "CNIL" in text
    assert "Coordination : Coordinatrice Fictive" in text
    with uow:
        assert [e.action for e in uow.audit.entries("conference", cid)][-1] == "export.consent_record"


def test_a_not_safe_person_is_never_named_on_the_record(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    julien = next(p for p in conferences.get_conference(coordinator, cid, uow=uow).participants if p.not_safe)
    consent.record_consent(coordinator, cid, ConsentKind.INVITATION, False, participant_id=julien.id, uow=uow)

    _, data = consent.export_consent_record(coordinator, cid, uow=uow)

    text = text_of(data)
    assert "Julien" not in text
    assert "Ne pas inviter une personne non nommée ici" in text
    assert "S'y oppose" not in text


def test_an_empty_record_still_prints():
    data = build_consent_record("Famille Vide (fictive)", [], printed_at=datetime(2026, 11, 23, 10, 0))

    assert "Rien n'est encore enregistré." in text_of(data)
    assert "Signature" in text_of(data)


def test_quotes_typed_in_a_name_are_printed_as_typed():
    from conference.domain.enums import ConsentKind
    from conference.services.consent import ConsentRecord

    record = ConsentRecord(1, ConsentKind.INVITATION, 7, 'Tonton "Dédé"', True, "", "Coordinatrice Fictive",
                           datetime(2026, 11, 20, 9, 0), None)

    text = text_of(build_consent_record("Famille Fictive", [record], printed_at=datetime(2026, 11, 23, 10, 0)))

    assert 'Inviter Tonton "Dédé"' in text
