"""AppTest: the small forms of pages/document_forms.py, on the orientation and validation
screens — what the documents print beyond the plan, saved and read back."""
from __future__ import annotations

from conference.domain.enums import Phase
from conference.services import conferences


def widget(at, kind: str, prefix: str, suffix: str):
    found = [w for w in getattr(at, kind) if w.key and w.key.startswith(prefix) and w.key.endswith(suffix)]
    assert len(found) == 1, [w.key for w in getattr(at, kind)]
    return found[0]


def test_orientation_saves_the_referents_service_phone_and_the_reason(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.ORIENTATION)
    at = make_app("pages/orientation.py", conference_id=cid)

    widget(at, "text_input", "docid_", "_service").input("Aide sociale à l'enfance")
    widget(at, "text_input", "docid_", "_phone").input("01 00 00 00 00")
    widget(at, "text_area", "docid_", "_reason").input("Maman est hospitalisée trois mois.")
    widget(at, "text_input", "docid_", "_contact").input("coordination@example.invalid")
    widget(at, "button", "docid_", "_save").click().run()

    conf = conferences.get_conference(coordinator, cid, uow=uow)
    assert (conf.referent_service, conf.referent_phone, conf.conference_reason, conf.coordinator_contact) == (
        "Aide sociale à l'enfance", "01 00 00 00 00", "Maman est hospitalisée trois mois.",
        "coordination@example.invalid")
    assert not at.exception


def test_validation_saves_parental_authority_the_watcher_and_copies(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.VALIDATION)
    ids = {p.name: p.id for p in conferences.get_conference(coordinator, cid, uow=uow).participants}
    at = make_app("pages/validation.py", conference_id=cid)

    holders = widget(at, "multiselect", "docplan_", "_holders")
    assert "Julien Moreau ⚠" in holders.options  # a holder may be not safe: printed without a name
    holders.set_value([ids["Awa Diallo"], ids["Julien Moreau"]])
    watcher = widget(at, "selectbox", "docplan_", "_watcher")
    assert "Julien Moreau" not in " ".join(watcher.options)  # never watches over the plan
    watcher.set_value(ids["Oncle Karim"])
    widget(at, "text_input", "docplan_", "_fallback").input("La coordination, 01 11 11 11 11")
    widget(at, "text_area", "docplan_", "_copies").input("La famille\nL'école")
    widget(at, "button", "docplan_", "_save").click().run()

    conf = conferences.get_conference(coordinator, cid, uow=uow)
    assert {p.name for p in conf.participants if p.parental_authority} == {"Awa Diallo", "Julien Moreau"}
    assert conf.plan_watcher_id == ids["Oncle Karim"]
    assert conf.fallback_contact == "La coordination, 01 11 11 11 11" and conf.copy_recipients == "La famille\nL'école"
    assert not at.exception
