"""Rows → frozen domain snapshots. The only place that knows both shapes."""
from __future__ import annotations

from conference.domain import enums as e
from conference.domain import model as m

from . import models as r


def _enum(cls, value):
    return cls(value) if value is not None else None


def participant(row: r.ParticipantRow) -> m.Participant:
    return m.Participant(
        id=row.id, name=row.name, relation=e.Relation(row.relation), ring=row.ring,
        invitation=e.InvitationStatus(row.invitation), not_safe=row.not_safe, is_focal=row.is_focal,
        expert_question=row.expert_question, attendance=_enum(e.Attendance, row.attendance),
        phone=row.phone, email=row.email, note=row.note, version=row.version,
        supports=tuple(e.Support(v) for v in row.supports or ()), phone_visible=row.phone_visible,
        email_visible=row.email_visible, parental_authority=bool(row.parental_authority),
        position=(row.pos_x, row.pos_y) if row.pos_x is not None and row.pos_y is not None else None,
    )


def question(row: r.QuestionVersionRow) -> m.CentralQuestion:
    return m.CentralQuestion(number=row.number, text=row.text, problem=row.problem, for_whom=row.for_whom,
                             what_different=row.what_different, created_at=row.created_at)


def action(row: r.PlanActionRow) -> m.Action:
    return m.Action(
        id=row.id, what=row.what, who_id=row.who_id, who_text=row.who_text, due=row.due,
        when_text=row.when_text, success_sign=row.success_sign, support_needed=row.support_needed,
        parts=tuple(row.parts or ()), bottom_lines=tuple(row.bottom_lines or ()),
    )


def draft(row: r.PlanDraftRow | None) -> m.PlanDraft:
    if row is None:
        return m.PlanDraft()
    return m.PlanDraft(actions=tuple(action(a) for a in row.actions), if_not_working=row.if_not_working,
                       follow_arrangement=row.follow_arrangement, version=row.version)


def conference(row: r.ConferenceRow) -> m.Conference:
    """The full snapshot, *without* the plan draft (that one is guarded separately)."""
    questions = tuple(question(q) for q in row.questions)
    current_plan = row.plan_versions[-1].number if row.plan_versions else None
    return m.Conference(
        id=row.id, title=row.title, phase=e.Phase(row.phase), field=_enum(e.Field, row.field),
        situation=row.situation, referral_source=_enum(e.ReferralSource, row.referral_source),
        referral_other=row.referral_other, referent_institution=row.referent_institution,
        referent_name=row.referent_name, family_agreement=row.family_agreement,
        information_duty_met=row.information_duty_met,
        neutrality=m.Neutrality(
            coordinator_institution=row.coordinator_institution, referent_institution=row.referent_institution,
            prior_knowledge=row.prior_knowledge, is_referent=row.is_referent,
            co_coordinator_name=row.co_coordinator_name, co_coordinator_institution=row.co_coordinator_institution,
        ),
        coordinator_id=row.coordinator_id,
        coordinator_name=row.coordinator.display_name if row.coordinator else "",
        concerns=row.concerns, meeting_date=row.meeting_date, meeting_place=row.meeting_place,
        child_voice=_enum(e.ChildVoice, row.child_voice), child_voice_note=row.child_voice_note,
        question=questions[-1] if questions else None, question_history=questions,
        parts=tuple(m.QuestionPart(p.id, p.text) for p in row.parts),
        bottom_lines=tuple(m.BottomLine(b.id, b.text) for b in row.bottom_lines),
        participants=tuple(participant(p) for p in row.participants),
        ties=tuple(m.Tie(t.id, t.source_id, t.target_id, e.TieKind(t.kind)) for t in row.ties),
        logistics=tuple(m.LogisticsTask(t.id, e.LogisticsKind(t.kind), t.description, t.owner_id, t.done, t.version)
                        for t in row.logistics),
        info_items=tuple(m.InfoItem(i.id, e.InfoKind(i.kind), i.text, i.answer, i.author) for i in row.info_items),
        adopted=tuple(m.AdoptedPlan(v.number, v.content, v.content_hash, v.adopted_at, v.adopted_by)
                      for v in row.plan_versions),
        form_checks=tuple(m.FormCheck(c.checked_at, c.checked_by, c.findings, c.content_hash) for c in row.form_checks),
        ratifications=tuple(m.Ratification(e.RatificationDecision(x.decision), x.reason, x.decided_by, x.recorded_by,
                                           x.decided_at, x.content_hash, x.content, x.plan_number)
                             for x in row.ratifications),
        follow_up=m.FollowUp(
            chosen=row.follow_up_chosen, review_date=row.review_date,
            resolution=_enum(e.Resolution, row.resolution), what_changed=row.what_changed,
            reviews=tuple(m.ActionReview(v.action_key, _enum(e.ActionFollowUp, v.status), v.why)
                          for v in row.reviews if v.plan_number == current_plan),
            completed_at=row.follow_up_completed_at, version=row.version,
        ),
        closure=(m.Closure(e.Outcome(row.outcome), _enum(e.ClosureReason, row.closure_reason),
                           row.closure_reason_text, row.closed_at) if row.outcome else None),
        created_at=row.created_at, version=row.version,
        referent_service=row.referent_service or "", referent_phone=row.referent_phone or "",
        conference_reason=row.conference_reason or "", plan_watcher_id=row.plan_watcher_id,
        fallback_contact=row.fallback_contact or "", copy_recipients=row.copy_recipients or "",
        professional_commitments=row.professional_commitments or "",
        coordinator_contact=row.coordinator_contact or "",
    )
