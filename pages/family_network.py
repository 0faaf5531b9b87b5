"""The family's network map: who is around us, drawn by ourselves, on the coordinator's
screen or on a phone (through a family link).

Only the shareable view exists here (``get_shareable_network``): a person flagged "not
safe" or "not to be invited" is not on the map, not in a list, not in a choice, and the
services refuse to touch them for a family actor.
"""
import streamlit as st

from conference.domain.enums import Phase
from conference.services import network
from pages import network_component as nc
from pages import ui

family = ui.require_actor()
_ = ui.t()
view = ui.attempt(lambda: network.get_shareable_network(family, family.conference_id, uow=ui.uow()))
if view is None:
    st.stop()

screen = nc.MapScreen(family, view.id, "fnet", view, editable=view.phase is not Phase.CLOSED)
st.title(_("Our network"), anchor=False)
centre = nc.focal_names(view)
if centre:
    st.markdown(_("Who is around {name}? Add the people who count, and put each one on a circle: **1** very close, "
                  "**2** close, **3** further.", name=ui.escape(centre)))
else:
    st.markdown(_("Who is around us? Add the people who count, and put each one on a circle: **1** very close, "
                  "**2** close, **3** further."))
nc.show_messages(screen.prefix)

CHANGE = _("Change a person")
nc.undo_button(screen)
nc.map_view(screen, change_tab=CHANGE)
nc.legend(view)

nc.editing_tabs(screen, key=screen.key("tabs"))

st.subheader(_("Who is on our map"), anchor=False)
nc.people_list(screen)
