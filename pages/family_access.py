"""Who else may see this conference: the referent's account, the family link (with a QR
code), and the family's information and consent records."""

import streamlit as st

from conference import clock
from conference.domain.enums import ConsentKind, Phase
from conference.i18n import format_datetime
from conference.services import consent, family_links, referents
from conference.store.uow import UnitOfWork
from pages import ui

NEW_LINK = "access_new_link"  # (conference id, link id, token) of the link just created
actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
st.title(ui.escape(conf.title), anchor=False)
st.header(_("Family link and consent"))

tab_link, tab_consent, tab_referent = st.tabs([_("Family link"), _("Information and consent"), _("Referent")])

with tab_link:
    st.write(_("A family link lets the family open its own screens (our question, our plan, the follow-up) on "
               "its phone, without an account. Anyone holding the link can open them: give it to the family "
               "only, and switch it off when it is no longer needed."))
    # The new link is shown once, for its own conference only: kept with its conference's
    # id, and dropped as soon as another conference (or nothing new) is on screen.
    new_link = st.session_state.pop(NEW_LINK, None)
    if new_link is not None and new_link[0] != conf.id:
        new_link = None
    if conf.phase is Phase.CLOSED:
        st.info(_("This conference is closed: its links keep working, read-only, until they expire. You can "
                  "switch them off."), icon=":material/lock_clock:")
    else:
        with st.form("access_link_form"):
            days = st.number_input(_("Valid for (days)"), min_value=1, max_value=family_links.MAX_DAYS,
                                   value=family_links.DEFAULT_DAYS, key="access_link_days")
            created = st.form_submit_button(_("Create a family link"), type="primary")
        if created:
            made = ui.attempt(lambda: family_links.create_family_link(actor, conf.id, days=int(days), uow=ui.uow()))
            if made is not None:
                new_link = (conf.id, made[0], made[1])
    token = new_link[2] if new_link is not None else None
    if token:
        st.session_state[NEW_LINK] = new_link  # still shown on this page's next run (a tab click)
        base = st.context.url.split("?")[0].rsplit("/", 1)[0] if st.context.url else "http://localhost:8501"
        url = f"{base}/?famille={token}"
        st.success(_("Here is the link. It is shown only now: copy it or print the QR code."))
        st.code(url, language=None)
        # st.image takes SVG as text; given bytes it hands them to PIL, which cannot read SVG.
        st.image(family_links.qr_svg(url).decode("utf-8"), width=220)
    links = ui.attempt(lambda: family_links.list_family_links(actor, conf.id, uow=ui.uow())) or []
    now = clock.utcnow()
    for link in links:
        with st.container(border=True):
            left, right = st.columns([4, 1], vertical_alignment="center")
            state = _("active") if link.active(now) else (_("switched off") if link.revoked_at else _("expired"))
            left.text(_("Link created {created} · until {expires} · {state}", created=format_datetime(link.created_at),
                        expires=format_datetime(link.expires_at), state=state))
            if link.active(now) and right.button(_("Switch off"), key=f"access_revoke_{link.id}"):
                ui.attempt(lambda: family_links.revoke_family_link(actor, conf.id, link.id, uow=ui.uow()),
                           success=_("The link is switched off."))
                if new_link is not None and new_link[1] == link.id:
                    st.session_state.pop(NEW_LINK, None)
                st.rerun()

with tab_consent:
    records = ui.attempt(lambda: consent.list_consents(actor, conf.id, uow=ui.uow())) or []
    people = {p.id: p.name for p in conf.shareable_participants if not p.is_focal}
    with st.form("access_consent_form", clear_on_submit=True):
        # The evaluation choice has its own screen (fiche de synthèse), with what it means.
        kind = st.selectbox(_("What"), [k for k in ConsentKind if k is not ConsentKind.EVALUATION],
                            format_func=ui.lbl, key="access_consent_kind")
        person = st.selectbox(_("Person (for an invitation)"), [None, *people], key="access_consent_person",
                              format_func=lambda ident: _("— the family —") if ident is None else people[ident])
        given = st.radio(_("Decision"), [True, False], horizontal=True, key="access_consent_given",
                         format_func=lambda g: _("Agrees / was informed") if g else _("Objects"))
        note = st.text_input(_("Note (optional)"), key="access_consent_note")
        submitted = st.form_submit_button(_("Record"), type="primary")
    if submitted:
        ui.attempt(lambda: consent.record_consent(actor, conf.id, kind, given, participant_id=person, note=note,
                                                  uow=ui.uow()), success=_("Recorded."))
        st.rerun()
    factory, lang = ui.uow().factory, ui.lang()
    st.download_button(_("Print the record for the family (.docx)"), icon=":material/print:", on_click="ignore",
                       data=lambda: consent.export_consent_record(actor, conf.id, lang=lang,
                                                                  uow=UnitOfWork(factory))[1],
                       file_name=f"consentements-conference-{conf.id}.docx", key="access_consent_print",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    if not records:
        st.info(_("Nothing recorded yet."))
    for record in records:
        with st.container(border=True):
            left, right = st.columns([4, 1], vertical_alignment="center")
            who = f" — {record.participant_name}" if record.participant_name else ""
            status = _("agrees") if record.given else _("objects")
            withdrawn = _(" (withdrawn on {date})", date=format_datetime(record.withdrawn_at)) if record.withdrawn_at else ""
            left.text(f"{format_datetime(record.recorded_at)} · {ui.lbl(record.kind)}{who} · {status}{withdrawn}")
            if record.withdrawn_at is None and right.button(_("Withdrawn"), key=f"access_withdraw_{record.id}"):
                ui.attempt(lambda: consent.withdraw_consent(actor, conf.id, record.id, uow=ui.uow()))
                st.rerun()

with tab_referent:
    st.write(_("The referent professional can sign in to read the concerns, the adopted plan and to ratify "
               "it. They never see the network's contact details, nor the draft during private time."))
    assigned = ui.attempt(lambda: referents.referents_of(actor, conf.id, uow=ui.uow())) or []
    for user_id, login, name in assigned:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.text(f"{name} ({login})")
        if right.button(_("Remove"), key=f"access_unassign_{user_id}"):
            ui.attempt(lambda: referents.unassign_referent(actor, conf.id, user_id, uow=ui.uow()))
            st.rerun()
    with st.form("access_referent_form", clear_on_submit=True):
        login = st.text_input(_("Login of the referent's account"), key="access_referent_login")
        added = st.form_submit_button(_("Give access"))
    if added:
        ui.attempt(lambda: referents.assign_referent(actor, conf.id, login, uow=ui.uow()), success=_("Access given."))
        st.rerun()
