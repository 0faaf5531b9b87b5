"""The synthesis meetings' printable sheets, through the services that decide what each
may print (audited without content):

- ``export_shared_with_whom``: « ce qui est partagé, avec qui » for the person — every
  item of the household (the person learns what is shared and with whom; the text only
  where they agreed to see it written). Printed by who runs the household;
- ``export_who_does_what``: « qui fait quoi » of a territory (the directory's public
  facts, ``partner_directory.who_does_what``).

The minutes are ``partner_meetings.export_minutes``; the handover documents
``handover_notes.export_handover_note``; the reflection report ``reflection``.
"""
from __future__ import annotations

from sqlalchemy import select

from conference import clock
from conference.domain.errors import Forbidden, NotFound
from conference.i18n import translator
from conference.security import partner_rules
from conference.security.rules import Actor
from conference.store import mapping_partners as mp
from conference.store import models as r
from conference.store.uow import UnitOfWork

from .partner_access import household_access


def export_shared_with_whom(actor: Actor, household_id: int, *, lang: str = "fr",
                            uow: UnitOfWork) -> tuple[str, bytes]:
    """(file name, .docx) of the person's « ce qui est partagé, avec qui » sheet. Only who
    runs the household prints it (it lists every item, objected ones included: it is the
    person's own). Audited (``export.shared_with_whom``)."""
    from exports.partner_sheets import build_shared_with_whom

    with uow:
        household = uow.session.get(r.HouseholdRow, household_id)
        if household is None:
            raise NotFound("household", household_id)
        if not partner_rules.can_edit_household(actor, household_access(uow, household_id)):
            raise Forbidden("export_shared_with_whom", household_id)
        rows = list(uow.session.scalars(select(r.SharedItemRow).where(r.SharedItemRow.household_id == household_id)
                                        .order_by(r.SharedItemRow.id)))
        items, label = mp.info_items(uow.session, rows), household.label
        uow.audit.record(actor, "export.shared_with_whom", "household", household_id)
        uow.commit()
    return f"ce-qui-est-partage-{household_id}.docx", build_shared_with_whom(label, items, printed_on=clock.today(),
                                                                              lang=lang)


def export_who_does_what(actor: Actor, territory_id: int | None = None, *, lang: str = "fr",
                         uow: UnitOfWork) -> tuple[str, bytes]:
    """(file name, .docx) of the « qui fait quoi » sheet of a territory (every active
    structure when ``territory_id`` is None). Any active professional (the directory's
    public facts). Audited (``export.who_does_what``)."""
    from exports.partner_sheets import build_who_does_what

    from . import partner_directory

    structures = partner_directory.who_does_what(actor, territory_id, uow=uow)
    with uow:
        name = ""
        if territory_id is not None:
            name = uow.session.scalar(select(r.TerritoryRow.name).where(r.TerritoryRow.id == territory_id)) or ""
        uow.audit.record(actor, "export.who_does_what", "territory", territory_id)
        uow.commit()
    title = name or translator(lang)("Partner directory")
    return f"qui-fait-quoi-{territory_id or 'tous'}.docx", build_who_does_what(title, structures,
                                                                                printed_on=clock.today(), lang=lang)
