"""Cercle's frame: language, who is acting, explicit navigation. Pages do the rest.

Who is acting, in this order, asked again on every run (a rerun, a reload, a new tab):
1. a family link (``?famille=<token>``): the FAMILY actor of one conference, which only
   sees that conference's family screens; the link is checked on every run, so a link
   switched off or expired stops working in a session already open;
2. the professional: in local single-user mode (``CERCLE_LOCAL_MODE=1`` and the server on
   127.0.0.1 only) the first coordinator, no login; otherwise a signed-in account (re-read
   on every run: a disabled account is out);
3. but while that professional's screen is handed to the family (an open hand-over in the
   database, services/handover_screen.py), the family's screens only: no address reaches
   a coordinator page until the coordinator's PIN takes the screen back. An address alone
   never opens family mode.
"""
import os

import streamlit as st

from conference.domain.enums import Role
from conference.domain.errors import DomainError
from conference.i18n import LANGUAGES, translator
from conference.security.rules import can_use_local_mode
from conference.services import accounts, auth, family_links, handover_screen
from conference.store.db import database_url, describe
from pages import nav_evaluation, nav_partners, ui

# An emoji favicon: a ":material/…:" one is fetched from Google's servers on every page load.
st.set_page_config(page_title="Cercle", page_icon="⭕", layout="wide")
st.session_state.setdefault("lang", "fr")

with st.sidebar:
    st.selectbox("Langue / Language", LANGUAGES, key="lang",
                 format_func=lambda code: {"fr": "Français", "en": "English"}[code])
_ = translator(st.session_state["lang"])

local = can_use_local_mode(st.get_option("server.address"), requested=os.environ.get("CERCLE_LOCAL_MODE") == "1")
st.session_state["local_mode"] = local


def page(path: str, title: str, icon: str, url: str, **kwargs) -> st.Page:
    return st.Page(path, title=title, icon=f":material/{icon}:", url_path=url, **kwargs)


def family_pages() -> list:
    """The family's own screens. On a screen handed over during the meeting, the plan
    editor comes first; through a family link, the overview does."""
    via_link = bool(st.session_state.get("family_via_link"))
    pages = [page("pages/family_home.py", _("Our conference"), "diversity_3", "notre-conference", default=via_link),
             page("pages/family_network.py", _("Our network"), "hub", "notre-carte"),
             page("pages/family.py", _("Our plan"), "edit_note", "famille", default=not via_link)]
    pages += nav_evaluation.family_pages(page, _)
    if not via_link:
        pages.append(page("pages/family_exit.py", _("Give the screen back"), "logout", "rendre-ecran"))
    return pages


def coordinator_pages() -> dict:
    return {
        "": [page("pages/home.py", _("My conferences"), "home", "accueil", default=True)],
        _("Family conference"): [
            page("pages/orientation.py", _("1. Orientation"), "signpost", "orientation"),
            page("pages/preparation.py", _("2. Preparation"), "checklist", "preparation"),
            page("pages/network.py", _("Network map"), "hub", "carte-reseau"),
            page("pages/meeting.py", _("3. Information sharing"), "forum", "partage"),
            page("pages/private_time.py", _("4. Private time"), "lock", "temps-prive"),
            page("pages/validation.py", _("5. Validation"), "task_alt", "validation"),
            page("pages/follow_up.py", _("6. Follow-up and closure"), "event_repeat", "suivi"),
            page("pages/family_access.py", _("Family link and consent"), "qr_code_2", "lien-famille"),
        ],
    }


def account_pages() -> list:
    return [page("pages/account.py", _("My account"), "account_circle", "compte")]


def merged(*sections: dict) -> dict:
    """Navigation sections, later ones appended to earlier ones of the same title."""
    result: dict = {}
    for part in sections:
        for title, items in part.items():
            result.setdefault(title, []).extend(items)
    return result


def role_pages(actor) -> dict | list:
    if actor.role is Role.COORDINATOR:
        pages = merged(coordinator_pages(), nav_evaluation.coordinator_sections(page, _, actor),
                       nav_partners.coordinator_sections(page, _, actor))
    elif actor.role is Role.ADMIN:
        pages = merged({"": [page("pages/admin_accounts.py", _("Accounts"), "group", "comptes", default=True),
                             page("pages/admin_audit.py", _("Audit log"), "policy", "journal"),
                             page("pages/admin_retention.py", _("Retention"), "auto_delete", "conservation")]},
                       nav_evaluation.admin_sections(page, _, actor), nav_partners.admin_sections(page, _, actor))
    elif actor.role is Role.REFERENT:
        pages = {"": [page("pages/referent.py", _("Conferences I refer"), "assignment_ind", "referent", default=True)]}
    elif actor.role is Role.PILOT and (sections := nav_evaluation.pilot_sections(page, _, actor)):
        pages = sections
    elif actor.role is Role.PARTNER and (sections := nav_partners.partner_sections(page, _, actor)):
        pages = sections
    else:
        pages = {"": [page("pages/no_access.py", _("Home"), "home", "accueil", default=True)]}
    if not local:
        pages[_("Account")] = account_pages()
    return pages


token = st.query_params.get("famille")
if token and st.session_state.get("family_link_token") != token:
    # A family link: opened (and audited) once per session, then checked on every run.
    st.session_state["family_link_token"] = token
    st.session_state.pop("family_actor", None)
    opened = ui.attempt(lambda: family_links.open_family_link(token, uow=ui.uow()))
    if opened is None:
        st.session_state.pop("actor", None)
        st.stop()
    st.session_state["family_actor"], st.session_state["family_via_link"] = opened, True

family = st.session_state.get("family_actor") if st.session_state.get("family_via_link") else None


def link_still_works(actor) -> bool:
    """The family link of this session, checked on this run: ``False`` shows why and
    ends the family's session (the rules of services/family_links.py)."""
    try:
        family_links.check_family_link(actor, uow=ui.uow())
    except DomainError as error:  # FamilyLinkInvalid (or a storage error): the same way out
        st.error(ui.message(error), icon=":material/link_off:")
        return False
    return True


if st.session_state.get("family_via_link"):
    # A session opened through a family link stays the family's: never the local coordinator.
    if family is None or not link_still_works(family):
        st.session_state.pop("actor", None)
        st.stop()
    # Page switches clear the query string: put the link back, so that a reload (a phone
    # in a pocket, a refresh) keeps the family on its screens instead of opening the app.
    st.query_params["famille"] = st.session_state["family_link_token"]
    st.session_state["actor"] = family
    pages = family_pages()
else:
    if local:
        professional = ui.attempt(lambda: accounts.local_coordinator(uow=ui.uow()))
    else:
        if "signed_in_id" not in st.session_state and ui.oidc_configured() and st.user.is_logged_in:
            # Signed in through the identity provider: only an existing, active account gets in.
            vouched = ui.attempt(lambda: accounts.actor_for_identity(st.user.get("email"), uow=ui.uow()))
            if vouched is not None:
                st.session_state["signed_in_id"] = vouched.id
            else:
                st.error(_("Your organisation's account is not registered in Cercle. Ask your administrator."))
        signed_in = st.session_state.get("signed_in_id")
        professional = ui.attempt(lambda: accounts.current_actor(signed_in, uow=ui.uow())) if signed_in else None
        if professional is None:
            st.session_state.pop("signed_in_id", None)
    handed = None
    if professional is not None:
        # The screen handed to the family stays theirs until the coordinator's PIN takes it back.
        handed = ui.attempt(lambda: handover_screen.family_actor_of(professional.id, uow=ui.uow()))
    if handed is not None:
        st.session_state["family_actor"] = st.session_state["actor"] = handed
        st.session_state["coordinator_id"] = professional.id  # who may take the screen back
        pages = family_pages()
    elif professional is not None:
        st.session_state.pop("family_actor", None)
        st.session_state["actor"] = professional
        st.session_state["coordinator_id"] = professional.id
        pages = role_pages(professional)
    else:
        st.session_state.pop("actor", None)
        st.session_state.pop("family_actor", None)
        # On this computer without a coordinator yet, or a server without an administrator: the first run.
        first = local or ui.attempt(lambda: auth.needs_first_admin(uow=ui.uow()))
        pages = [page("pages/first_run.py", _("Welcome"), "waving_hand", "bienvenue")] if first else \
            [page("pages/login.py", _("Sign in"), "login", "connexion")]

actor = st.session_state.get("actor")
with st.sidebar:
    if actor is not None and actor.role is not Role.FAMILY:
        st.caption(_("Signed in as {name}", name=ui.escape(actor.name)))
    if local:
        st.caption(_("Local mode, on this computer only. Data: {where}", where=describe(database_url())))

navigation = st.navigation(pages)
wanted = st.session_state.pop("open_after_rerun", None)
if wanted and navigation.url_path != wanted:
    # A page asked to land on another one once the navigation changes (taking a handed
    # screen back): switch only to a page this navigation holds.
    held = pages.values() if isinstance(pages, dict) else [pages]
    target = next((p for group in held for p in group if p.url_path == wanted), None)
    if target is not None:
        st.switch_page(target)
navigation.run()
