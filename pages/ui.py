"""What every page shares: the unit of work, the actor, the language, the selected
conference, and French messages for domain errors. Not a page itself.

A page reads from top to bottom::

    actor = ui.require_actor()
    _ = ui.t()
    conf = ui.require_conference(actor)
    ...
    with st.form("orientation_form"):
        ...
    if submitted:
        ui.attempt(lambda: conferences.update_orientation(actor, conf.id, conf.version, uow=ui.uow(), ...),
               success=_("Saved."))
"""
from __future__ import annotations

import html
import re
from typing import Callable, TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from conference import clock, logs
from conference.domain import errors as e
from conference.domain.enums import Phase
from conference.domain.model import Conference
from conference.i18n import DEFAULT_LANGUAGE, N_, translator
from conference.i18n.labels import label
from conference.security.rules import Actor
from conference.services import conferences
from conference.store.db import database_url, engine_for, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork, storage_error

T = TypeVar("T")
logs.configure()

# Which page shows each phase (url paths registered in streamlit_app.py).
PHASE_PAGES: dict[Phase, str] = {
    Phase.ORIENTATION: "pages/orientation.py",
    Phase.PREPARATION: "pages/preparation.py",
    Phase.INFORMATION_SHARING: "pages/meeting.py",
    Phase.PRIVATE_TIME: "pages/private_time.py",
    Phase.VALIDATION: "pages/validation.py",
    Phase.FOLLOW_UP: "pages/follow_up.py",
    Phase.CLOSED: "pages/follow_up.py",
}


@st.cache_resource(show_spinner=False)
def _factory(url: str):
    """One engine per process, migrated once; one short session per action."""
    engine = engine_for(url)
    upgrade(engine)
    return session_factory(engine)


def uow() -> UnitOfWork:
    return UnitOfWork(_factory(database_url()))


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t() -> Callable[..., str]:
    return translator(lang())


def lbl(value) -> str:
    return label(value, lang())


def require_actor() -> Actor:
    """The acting user, set by streamlit_app.py. A page run outside the frame (plain
    ``streamlit run`` on a fresh server, see scripts/serve.py) shows only a way in."""
    actor = st.session_state.get("actor")
    if actor is None:
        st.markdown(f'<a href="/" target="_self">{html.escape(t()("Open Cercle"))}</a>', unsafe_allow_html=True)
        st.stop()
    return actor


def oidc_configured() -> bool:
    """An identity provider is set up for st.login (``[auth]`` in .streamlit/secrets.toml)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False
    except Exception:  # no secrets file at all: Streamlit raises its own error class
        return False


def select_conference(conference_id: int) -> None:
    """Remember the conference being worked on (survives a refresh through the URL)."""
    st.session_state["conference_id"] = conference_id
    st.query_params["c"] = str(conference_id)


def selected_conference_id() -> int | None:
    if "conference_id" not in st.session_state and st.query_params.get("c", "").isdigit():
        st.session_state["conference_id"] = int(st.query_params["c"])
    ident = st.session_state.get("conference_id")
    if ident is not None and st.query_params.get("c") != str(ident):
        st.query_params["c"] = str(ident)
    return ident


def require_conference(actor: Actor) -> Conference:
    """The selected conference, or a pointer back to the home page."""
    _ = t()
    ident = selected_conference_id()
    if ident is None:
        st.info(_("Choose a conference on the home page first."))
        st.page_link("pages/home.py", label=_("Go to the home page"), icon=":material/home:")
        st.stop()
    conf = attempt(lambda: conferences.get_conference(actor, ident, uow=uow()))
    if conf is None:
        st.session_state.pop("conference_id", None)
        st.stop()
    return conf


def header(conf: Conference, page_phase: Phase) -> None:
    """Title, the journey's steps, and a warning when the conference is elsewhere."""
    _ = t()
    st.title(escape(conf.title), anchor=False)
    steps = [p for p in PHASE_PAGES if p is not Phase.CLOSED]
    current = steps.index(conf.phase) if conf.phase in steps else len(steps)
    st.progress(min(current + 1, len(steps)) / len(steps),
                text=_("Current step: {phase}", phase=lbl(conf.phase)))
    if conf.phase is not page_phase and not (page_phase is Phase.FOLLOW_UP and conf.phase is Phase.CLOSED):
        st.info(_("This conference is now at the step « {phase} ».", phase=lbl(conf.phase)))
        st.page_link(PHASE_PAGES[conf.phase], label=_("Go to the current step"), icon=":material/arrow_forward:")


def next_step(actor: Actor, conf: Conference, target: Phase, button_label: str, *, key: str) -> None:
    """The clear "next step" button: changes phase through the service, then moves on."""
    if st.button(button_label, type="primary", key=key, icon=":material/arrow_forward:"):
        done = attempt(lambda: conferences.change_phase(actor, conf.id, target, uow=uow()))
        if done is not None:
            st.switch_page(PHASE_PAGES[target])


def attempt(action: Callable[[], T], *, success: str | None = None) -> T | None:
    """Run a service call; show a French message for a domain error and return None.

    A database error the unit of work did not convert (an unexpected ``IntegrityError``,
    or one raised outside a ``with uow:`` block) is converted here by the same function,
    so no SQL, value or traceback ever reaches the screen: only the log has them."""
    try:
        result = action()
    except e.DomainError as error:
        st.error(message(error), icon=":material/error:")
        return None
    except SQLAlchemyError as error:
        st.error(message(storage_error(error, integrity=True)), icon=":material/error:")
        return None
    if success:
        st.toast(success, icon=":material/check:")
    return result


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&=^\"'])")


def escape(text: str) -> str:
    """User text inside markdown, shown exactly as typed: every ASCII punctuation mark that
    markdown, HTML, LaTeX (``$``) or Streamlit directives (``:red[…]``, ``:material/…:``)
    could interpret is backslash-escaped, which CommonMark renders as the plain mark."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\\1\u2060", text))


# Streamlit's Markdown turns bare addresses into links *after* escapes are read (GitHub's
# "autolink literals": http://…, www.…, name@host), so an escaped name could still become a
# link to an outside site. An invisible word joiner (U+2060) after « : » of « :// », the
# first « w » of « www. » and before « @ » leaves the text as typed and breaks the match.
_AUTOLINK = re.compile(r"(?i)(:(?=//)|\bw(?=ww\.)|(?<=\w)(?=@))")


FIELD_LABELS = {
    "title": N_("the name of the situation"), "situation": N_("the situation"), "field": N_("the field"),
    "referral_source": N_("who referred the family"), "question": N_("the central question"), "name": N_("the name"),
    "relation": N_("the relation"), "what": N_("what will be done"), "decided_by": N_("who decided"),
    "reason": N_("the reason"), "reason_text": N_("the reason"), "description": N_("the description"),
    "part": N_("the part of the question"), "bottom_line": N_("the bottom line"), "text": N_("the text"),
    "outcome": N_("the outcome"), "resolution": N_("the resolution"), "due": N_("the date"), "who_id": N_("the person"),
    "owner": N_("the person in charge"), "kind": N_("the kind"), "concerns": N_("the concerns"),
    "meeting_place": N_("the place of the meeting"), "child_voice": N_("how the child is heard"),
    "child_voice_note": N_("the note on the child's voice"), "expert_question": N_("the question for the expert"),
    "referral_other": N_("who referred the family"), "referent_institution": N_("the referent's structure"),
    "referent_name": N_("the referent's name"), "coordinator_institution": N_("your structure"),
    "co_coordinator_name": N_("the co-coordinator's name"),
    "co_coordinator_institution": N_("the co-coordinator's structure"), "problem": N_("what the problem is"),
    "for_whom": N_("for whom"), "what_different": N_("what would be different"), "invitation": N_("the invitation"),
    "ring": N_("the circle"), "login": N_("the login"), "display_name": N_("the name"), "institution": N_("the structure"),
    "answer": N_("the answer"), "author": N_("who said it"), "note": N_("the note"), "days": N_("the number of days"), "why": N_("the explanation"), "what_changed": N_("what changed"),
}

MISSING_LABELS = {
    "situation": N_("describe the situation"),
    "field": N_("choose the field"),
    "referral_source": N_("say who referred the family"),
    "family_agreement": N_("record the family's agreement to a conference"),
    "information_duty": N_("confirm that the family received the information it is owed"),
    "neutrality": N_("resolve the neutrality conflict: name a co-coordinator from another structure"),
    "central_question": N_("write the central question with the family"),
    "meeting_date": N_("set the date of the meeting"),
    "invitations": N_("invite at least one person"),
    "plan_adopted": N_("adopt the plan first"),
    "closure": N_("choose how the conference ends"),
    "transition": N_("this step cannot follow the current one"),
}

FINDING_LABELS = {
    "no_action": N_("The plan has no action yet."),
    "part_unanswered": N_("No action answers this part of the central question: « {subject} »."),
    "bottom_line_unanswered": N_("No action answers this bottom line: « {subject} »."),
    "action_without_what": N_("Action {position} does not say what will be done."),
    "action_without_who": N_("Action {position} (« {subject} ») does not say who does it."),
    "action_without_date": N_("Action {position} (« {subject} ») has no date."),
}


def paris_time(moment) -> str:
    """A stored instant (naive UTC) as a Paris clock time, French style: « 14 h 05 »."""
    local = clock.local(moment)
    return f"{local.hour} h {local.minute:02d}"


def finding_text(finding) -> str:
    _ = t()
    return _(FINDING_LABELS[finding.code], subject=finding.subject, position=finding.position)


def message(error: e.DomainError) -> str:
    """French text for a domain error: what happened and what to do next."""
    _ = t()
    if isinstance(error, e.StaleWrite):
        if st.session_state.get("family_actor") is not None:
            # Reloading would end family mode: the screen already shows the latest version.
            return _("Someone else saved a change here just before you. The screen now shows the latest "
                     "version: check it, then make your change again.")
        return _("Someone saved a change here while you were working. Reload the page to see the latest "
                 "version, then make your change again.")
    if isinstance(error, e.StorageError):
        if error.reason == "busy":
            return _("The database is busy, try again. (reference {reference})", reference=error.reference)
        return _("The database cannot be used right now. Try again in a moment; if it goes on, give your "
                 "administrator this reference: {reference}.", reference=error.reference)
    if isinstance(error, e.Forbidden):
        return _("You are not allowed to do this here.")
    if isinstance(error, e.NotFound):
        return _("This record no longer exists. Reload the page.")
    if isinstance(error, e.PhaseChangeNotAllowed):
        items = "; ".join(_(MISSING_LABELS.get(code, code)) for code in error.missing)
        return _("Not yet possible. Still to do: {items}.", items=items)
    if isinstance(error, e.PlanNotReady):
        return _("The plan cannot be adopted yet:") + "\n\n" + "\n".join(f"- {escape(finding_text(f))}"
                                                                        for f in error.findings)
    if isinstance(error, e.RatificationRefused):
        return _("The referent refused this plan. The family must revise it first.")
    if isinstance(error, e.InvalidInput):
        field = _(FIELD_LABELS.get(error.field, error.field))
        if error.code == "required":
            return _("Please fill in {field}.", field=field)
        if error.code == "too_long":
            return _("{field} is too long (at most {limit} characters).", field=field.capitalize(),
                     limit=error.facts.get("limit"))
        if error.code == "not_safe" and error.field == "invitation":
            return _("This person is flagged as a safety risk: they cannot be invited.")
        if error.code == "not_safe":
            return _("This person is flagged « not safe »: they cannot take on a task.")
        if error.code == "not_whole_number" or (error.code == "out_of_range" and "maximum" in error.facts):
            from conference.services.retention import MESSAGES as RETENTION_MESSAGES

            return _(RETENTION_MESSAGES[error.code], field=field.capitalize(), **error.facts)
        if error.code == "taken":
            return _("This login is already used.")
        if error.code == "no_plan_adopted":
            return _("No plan has been adopted yet.")
        return _("The value given for {field} is not valid.", field=field)
    if isinstance(error, e.LoginRefused):
        if error.reason == "locked":  # said the same way for a login without an account
            return _("Too many failed attempts: signing in with this login is suspended until {time} (Paris time).",
                     time=paris_time(error.until) if error.until else "")
        if error.reason == "disabled":
            return _("This account is disabled. Ask your administrator.")
        return _("Wrong login or password.")
    if isinstance(error, e.WeakPassword):
        from conference.security.passwords import MESSAGES as PASSWORD_MESSAGES

        return _(PASSWORD_MESSAGES.get(error.reason, PASSWORD_MESSAGES["too_short"]), n=error.min_length)
    if isinstance(error, e.FamilyLinkInvalid):
        if error.reason == "expired":
            return _("This family link has expired. Ask your coordinator for a new one.")
        if error.reason == "revoked":
            return _("This family link was switched off. Ask your coordinator for a new one.")
        return _("This family link is not valid. Check that it was copied whole, or ask your coordinator.")
    from conference.services.backup import REFUSAL_MESSAGES, BackupRefused
    from conference.services.retention import MESSAGES as RETENTION_MESSAGES, PurgePlanChanged
    from conference.store.anonymise import AlreadyArchived

    if isinstance(error, AlreadyArchived):
        return _(RETENTION_MESSAGES["already_archived"])
    if isinstance(error, PurgePlanChanged):
        return _(RETENTION_MESSAGES["plan_changed"])
    if isinstance(error, BackupRefused):
        return _(REFUSAL_MESSAGES[error.reason], detail=error.detail)
    if isinstance(error, e.WrongPhase):
        return _("This is not possible at the current step.")
    return _("This action could not be done.")
