"""AppTest: step 3, the meeting's information sharing (attendance and what was shared)."""
from __future__ import annotations

from conference.domain.enums import Attendance, InfoKind, Phase
from conference.services import conferences, meeting

from pages import ui

from .conftest import texts

PAGE = "pages/meeting.py"


def read(uow, coordinator, cid):
    return conferences.get_conference(coordinator, cid, uow=uow)


def person(conf, name):
    return next(p for p in conf.participants if p.name == name)


def test_attendance_is_recorded_for_each_person_and_persists(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.INFORMATION_SHARING)
    before = read(uow, coordinator, cid)
    karim, coach = person(before, "Oncle Karim"), person(before, "Coach de foot de Lina")
    at = make_app(PAGE, conference_id=cid)

    # One table for everyone (issue #7: quick at 150 people); its rows follow the list shown.
    rows = [p.name for p in before.shareable_participants]
    edits = {rows.index(karim.name): {"attendance": Attendance.EXCUSED.value},
             rows.index(coach.name): {"attendance": Attendance.ABSENT.value}}
    at.session_state[at.session_state["meeting_att_table"]] = {"edited_rows": edits, "added_rows": [],
                                                               "deleted_rows": []}
    at.button(key="meeting_attendance_save").click().run()

    after = read(uow, coordinator, cid)
    assert person(after, "Oncle Karim").attendance is Attendance.EXCUSED
    assert person(after, "Coach de foot de Lina").attendance is Attendance.ABSENT
    assert person(after, "Mamie Mariam").attendance is Attendance.PRESENT  # untouched
    assert not at.exception and not at.error


def test_a_person_flagged_not_safe_is_never_listed_for_attendance(make_app, conference_at):
    cid = conference_at(Phase.INFORMATION_SHARING)

    at = make_app(PAGE, conference_id=cid)

    page = texts(at) + "\n".join(e.value.to_string() for e in at.dataframe)  # the attendance table
    assert "Mamie Mariam" in page
    assert "Julien Moreau" not in page


def test_a_concern_an_expert_answer_and_a_resource_are_added_and_persist(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.INFORMATION_SHARING)
    at = make_app(PAGE, conference_id=cid)

    at.text_area(key="meeting_concern_text").input("Mamie Odile s'inquiète des trajets du soir.")
    at.button(key="meeting_concern_add").click().run()
    at.selectbox(key="meeting_expert_who").set_value("Infirmière scolaire")
    at.text_area(key="meeting_expert_text").input("Un doudou et une photo de maman aident beaucoup.")
    at.button(key="meeting_expert_add").click().run()
    at.text_area(key="meeting_resource_text").input("Ludothèque des Tilleuls (fictive), le samedi.")
    at.text_input(key="meeting_resource_author").input("Marraine Inès")
    at.button(key="meeting_resource_add").click().run()

    items = {(i.kind, i.text): i for i in read(uow, coordinator, cid).info_items}
    concern = items[(InfoKind.CONCERN, "Mamie Odile s'inquiète des trajets du soir.")]
    assert concern.author == "M. Référent Fictif"  # prefilled with the referent's name
    assert items[(InfoKind.EXPERT_ANSWER, "Un doudou et une photo de maman aident beaucoup.")].author == \
        "Infirmière scolaire"
    assert items[(InfoKind.RESOURCE, "Ludothèque des Tilleuls (fictive), le samedi.")].author == "Marraine Inès"
    assert "Un doudou et une photo de maman aident beaucoup." in texts(at)
    assert not at.exception and not at.error


def test_a_question_is_recorded_first_and_its_answer_added_later(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.INFORMATION_SHARING)
    at = make_app(PAGE, conference_id=cid)

    at.text_area(key="meeting_question_text").input("Qui garde les clés de l'appartement ?")
    at.text_input(key="meeting_question_author").input("Oncle Karim")
    at.button(key="meeting_question_add").click().run()
    question = next(i for i in read(uow, coordinator, cid).info_items
                    if i.text == "Qui garde les clés de l'appartement ?")
    assert question.answer == "" and "Pas encore de réponse." in texts(at)

    at.text_area(key=f"meeting_answer_{question.id}").input("Mamie Mariam, avec un double chez M. Lefort.")
    at.button(key=f"meeting_answer_save_{question.id}").click().run()

    answered = next(i for i in read(uow, coordinator, cid).info_items if i.id == question.id)
    assert answered.answer == "Mamie Mariam, avec un double chez M. Lefort."
    assert answered.author == "Oncle Karim"


def test_an_empty_concern_is_refused_and_nothing_is_added(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.INFORMATION_SHARING)
    count = len(read(uow, coordinator, cid).info_items)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="meeting_concern_add").click().run()

    assert at.error and "Veuillez renseigner" in at.error[0].value
    assert len(read(uow, coordinator, cid).info_items) == count


def test_a_note_is_removed_after_confirmation(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.INFORMATION_SHARING)
    resource = next(i for i in read(uow, coordinator, cid).info_items if i.kind is InfoKind.RESOURCE)
    at = make_app(PAGE, conference_id=cid)

    at.button(key=f"meeting_remove_{resource.id}").click().run()

    assert resource.id not in {i.id for i in read(uow, coordinator, cid).info_items}


def test_typed_text_is_shown_escaped_never_as_markup(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.INFORMATION_SHARING)
    raw = "**gras** [lien](http://exemple.invalid) <b>x</b>"
    meeting.add_info_item(coordinator, cid, InfoKind.RESOURCE, raw, uow=uow)

    at = make_app(PAGE, conference_id=cid)

    shown = [m.value for m in at.markdown if "gras" in m.value]
    assert shown == [ui.escape(raw)] and ui.escape(raw) != raw  # sent escaped to the browser
    assert raw in texts(at)  # which shows it exactly as typed


def test_starting_private_time_moves_the_conference_and_explains_that_professionals_leave(
        make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.INFORMATION_SHARING)
    at = make_app(PAGE, conference_id=cid)
    assert "quittez la salle" in texts(at)

    at.button(key="meeting_next").click().run()

    assert read(uow, coordinator, cid).phase is Phase.PRIVATE_TIME
    assert "La famille travaille en temps privé" in texts(at)
