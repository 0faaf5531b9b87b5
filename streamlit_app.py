"""Cercle's frame: language, who is acting, explicit navigation. Pages do the rest.

Who is acting, in this order:
1. a family link (``?famille=<token>``) or a screen handed to the family: the FAMILY
   actor of one conference, which only sees that conference's family screens;
2. local single-user mode (``CERCLE_LOCAL_MODE=1`` and the server on 127.0.0.1 only):
   the first coordinator, no login;
3. otherwise a signed-in account (re-read on every rerun: a disabled account is out).
"""
import os

import streamlit as st

from conference.domain.enums import Role
from conference.i18n import LANGUAGES, translator
from conference.security.rules import can_use_local_mode
from conference.services import accounts, auth, family_links, private_time
from conference.store.db import database_url, describe
from pages import ui

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
    if not via_link:
        pages.append(page("pages/family_exit.py", _("Give the screen back"), "logout", "rendre-ecran"))
    return pages


def resume_handed_screen(actor) -> None:
    """A reload keeps a handed-over screen in family mode (``?ecran=famille&c=ID``): the
    session of the coordinator who handed it is still there, so it goes back to the
    family, never to the coordinator's screens. Without that session, nothing happens."""
    ident = st.query_params.get("c", "")
    if st.query_params.get("ecran") == HANDED and ident.isdigit() and actor.role is Role.COORDINATOR:
        handed = ui.attempt(lambda: private_time.hand_screen_to_family(actor, int(ident), uow=ui.uow()))
        if handed is not None:
            st.session_state["coordinator_id"] = actor.id
            st.session_state["family_actor"] = handed


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


def role_pages(actor) -> dict | list:
    if actor.role is Role.COORDINATOR:
        pages = coordinator_pages()
    elif actor.role is Role.ADMIN:
        pages = {"": [page("pages/admin_accounts.py", _("Accounts"), "group", "comptes", default=True),
                      page("pages/admin_audit.py", _("Audit log"), "policy", "journal"),
                      page("pages/admin_retention.py", _("Retention"), "auto_delete", "conservation")]}
    elif actor.role is Role.REFERENT:
        pages = {"": [page("pages/referent.py", _("Conferences I refer"), "assignment_ind", "referent", default=True)]}
    else:
        pages = {"": [page("pages/no_access.py", _("Home"), "home", "accueil", default=True)]}
    if not local:
        pages[_("Account")] = account_pages()
    return pages


token = st.query_params.get("famille")
if token and st.session_state.get("family_link_token") != token:
    # A family link: resolved once per session; an invalid link shows why, and nothing else.
    st.session_state["family_link_token"] = token
    st.session_state.pop("family_actor", None)
    opened = ui.attempt(lambda: family_links.open_family_link(token, uow=ui.uow()))
    if opened is None:
        st.session_state.pop("actor", None)
        st.stop()
    st.session_state["family_actor"], st.session_state["family_via_link"] = opened, True

HANDED = "famille"
if st.session_state.get("family_via_link") and st.session_state.get("family_link_token"):
    # Page switches clear the query string: put the link back, so that a reload (a phone
    # in a pocket, a refresh) keeps the family on its screens instead of opening the app.
    st.query_params["famille"] = st.session_state["family_link_token"]
family = st.session_state.get("family_actor")
if family is not None:
    st.session_state["actor"] = family
    pages = family_pages()
    if not st.session_state.get("family_via_link"):
        st.query_params["ecran"], st.query_params["c"] = HANDED, str(family.conference_id)
elif local:
    actor = ui.attempt(lambda: accounts.local_coordinator(uow=ui.uow()))
    if actor is None:
        st.session_state.pop("actor", None)
        pages = [page("pages/first_run.py", _("Welcome"), "waving_hand", "bienvenue")]
    else:
        st.session_state["actor"] = actor
        pages = role_pages(actor)
else:
    if "signed_in_id" not in st.session_state and ui.oidc_configured() and st.user.is_logged_in:
        # Signed in through the identity provider: only an existing, active account gets in.
        vouched = ui.attempt(lambda: accounts.actor_for_identity(st.user.get("email"), uow=ui.uow()))
        if vouched is not None:
            st.session_state["signed_in_id"] = vouched.id
        else:
            st.error(_("Your organisation's account is not registered in Cercle. Ask your administrator."))
    signed_in = st.session_state.get("signed_in_id")
    actor = ui.attempt(lambda: accounts.current_actor(signed_in, uow=ui.uow())) if signed_in else None
    if actor is None:
        st.session_state.pop("actor", None)
        st.session_state.pop("signed_in_id", None)
        first = ui.attempt(lambda: auth.needs_first_admin(uow=ui.uow()))
        pages = [page("pages/first_run.py", _("Welcome"), "waving_hand", "bienvenue")] if first else \
            [page("pages/login.py", _("Sign in"), "login", "connexion")]
    else:
        st.session_state["actor"] = actor
        pages = role_pages(actor)
if family is None and st.session_state.get("actor") is not None:
    resume_handed_screen(st.session_state["actor"])
    if st.session_state.get("family_actor") is not None:
        st.rerun()
    st.session_state["coordinator_id"] = st.session_state["actor"].id  # who may take a handed screen back

actor = st.session_state.get("actor")
with st.sidebar:
    if actor is not None and actor.role is not Role.FAMILY:
        st.caption(_("Signed in as {name}", name=actor.name))
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
