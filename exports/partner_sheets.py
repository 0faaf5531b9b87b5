"""Two printable sheets of the synthesis meetings (.docx):

- ``build_who_does_what``: « qui fait quoi » for a territory — each structure of the
  directory, its missions, its public, how to reach it, its contacts by role, and when the
  entry was last checked;
- ``build_shared_with_whom``: « ce qui est partagé, avec qui » for the person — each piece
  of information shared about them: its kind, who brought it, who may see it, whether they
  objected. The text itself is written only when the person agreed to see it written;
  otherwise the line says so (the person still learns that it is shared, and with whom).

Pure: snapshots in, bytes out.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from conference.domain.partnership import InfoItem, Structure
from conference.i18n import translator
from conference.i18n.labels import label

from .docx_build import DocBuilder, Name
from .typography import long_date, short_date

STRUCTURE_COLUMNS_MM = (42, 58, 40, 30)
ITEM_COLUMNS_MM = (24, 62, 36, 48)


def build_who_does_what(territory: str, structures: Sequence[Structure], *, printed_on: date,
                        lang: str = "fr") -> bytes:
    """The « qui fait quoi » sheet of ``territory``, structures in the order given."""
    _ = translator(lang)
    doc = DocBuilder(lang, title=f"{_('Who does what')} — {territory}",
                     footer_label=f"{territory} · {_('Who does what')}")
    doc.title(_("Who does what"))
    doc.paragraph(territory, style="CercleMeta", bold=True)
    doc.paragraph(_("Printed on {date}", date=long_date(printed_on, lang)), style="CercleMeta")
    doc.paragraph(_("The structures that work with households here, what each one does and how to reach it."),
                  style="CercleIntro")
    rows = []
    for s in structures:
        name = [(s.name, True)] + ([(s.typology, False)] if s.typology else [])
        does = [(s.missions or "", False)] + ([(_("Public: {public}", public=s.public), False)] if s.public else [])
        if s.eligibility:
            does.append((_("Conditions: {text}", text=s.eligibility), False))
        reach = [(x, False) for x in (s.address, s.opening_hours, s.phone, s.email) if x]
        reach += [(Name(c), False) for c in s.contacts]
        rows.append((name, does, reach or "", short_date(s.last_verified) or _("Never checked")))
    if rows:
        doc.grid(STRUCTURE_COLUMNS_MM, (_("Structure"), _("What it does"), _("How to reach it"), _("Checked on")), rows)
    else:
        doc.paragraph(_("No structure in the directory yet."), italic=True)
    return doc.to_bytes()


def build_shared_with_whom(household_label: str, items: Sequence[InfoItem], *, printed_on: date,
                           lang: str = "fr") -> bytes:
    """The « ce qui est partagé, avec qui » sheet for the person (every item of the household)."""
    _ = translator(lang)
    doc = DocBuilder(lang, title=f"{_('What is shared, with whom')} — {household_label}",
                     footer_label=f"{household_label} · {_('What is shared, with whom')}")
    doc.title(_("What is shared, with whom"))
    doc.paragraph(Name(household_label), style="CercleMeta", bold=True)
    doc.paragraph(_("Printed on {date}", date=long_date(printed_on, lang)), style="CercleMeta")
    doc.paragraph(_("The professionals who help you share some information about you, only what they need to act. "
                    "This sheet says what, and with whom. You can object at any time."), style="CercleIntro")
    rows = []
    for item in items:
        what = item.text if item.person_may_see_written and not item.person_objected else \
            _("(not written here, as you asked)")
        if item.person_objected:
            who = _("You objected: only {structure} keeps it.", structure=item.brought_by_name)
        else:
            who = ", ".join(dict.fromkeys((item.brought_by_name, *item.allowed_structure_names)))
        rows.append((label(item.category, lang), what, item.brought_by_name, who))
    if rows:
        doc.grid(ITEM_COLUMNS_MM, (_("Kind"), _("What"), _("Brought by"), _("Who may see it")), rows)
    else:
        doc.paragraph(_("Nothing is shared about you."), italic=True)
    doc.paragraph(_("To object, or to change what is shared, tell your contact: it is written down at once."),
                  style="CercleMeta", italic=True, space_before=8)
    return doc.to_bytes()
