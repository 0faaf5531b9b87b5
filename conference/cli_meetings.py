"""``cercle`` and the synthesis meetings (issue 10):

    cercle list --meetings                      one line per meeting: id, date, kind, household
    cercle export minutes --meeting ID --audience partners|person --out FILE

Acts as the local coordinator, like ``cercle list`` and ``cercle export``; the minutes are
the app's download (the same sharing rule, recorded in the audit log).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from conference.domain import errors as e
from conference.i18n import LANGUAGES, translator
from conference.i18n.labels import label

_ = translator("fr")
AUDIENCES = ("partners", "person")


def cmd_list_meetings(args: argparse.Namespace) -> int:
    from conference.cli import _coordinator, _database
    from conference.services import partner_meetings

    with _database() as uow:
        actor = _coordinator(uow)
        meetings = partner_meetings.list_meetings(actor, uow=uow)
    for m in sorted(meetings, key=lambda m: m.id):
        overdue = "\t" + _("{n} overdue", n=m.overdue_decisions) if m.overdue_decisions else ""
        print(f"{m.id}\t{m.held_on.isoformat()}\t{label(m.kind, 'fr')}\t{m.household_label}{overdue}")
    return 0


def cmd_export_minutes(args: argparse.Namespace) -> int:
    from conference.cli import Failure, _coordinator, _database, _write_out
    from conference.services import partner_meetings

    with _database() as uow:
        actor = _coordinator(uow)
        try:
            file_name, data = partner_meetings.export_minutes(actor, args.meeting, args.audience, lang=args.lang,
                                                              uow=uow)
        except e.NotFound:
            raise Failure(_("Meeting {id} does not exist. See « cercle list --meetings ».", id=args.meeting)) from None
        except e.Forbidden:
            raise Failure(_("Meeting {id} is not one the local coordinator may read.", id=args.meeting)) from None
    out = _write_out(Path(args.out), file_name, data)
    done = (_("Minutes for the partners written to {path}") if args.audience == "partners"
            else _("Minutes for the person written to {path}"))
    print(done.format(path=out))
    return 0


def add_meeting_parsers(listing: argparse.ArgumentParser, documents, list_handler) -> None:
    """``--meetings`` on ``cercle list`` (``list_handler`` lists the conferences otherwise)
    and the ``minutes`` document of ``cercle export``."""
    listing.add_argument("--meetings", action="store_true",
                         help=_("list the synthesis meetings instead (id, date, kind, household)"))

    def list_either(args: argparse.Namespace) -> int:
        return cmd_list_meetings(args) if args.meetings else list_handler(args)

    listing.set_defaults(handler=list_either)
    help_text = _("the minutes of a synthesis meeting")
    minutes = documents.add_parser("minutes", help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
    minutes.add_argument("--meeting", type=int, required=True, metavar="ID",
                         help=_("number of the meeting (see « cercle list --meetings »)"))
    minutes.add_argument("--audience", choices=AUDIENCES, default="partners",
                         help=_("partners: the whole meeting; person: the plain version for the person "
                                "(default: partners)"))
    minutes.add_argument("--out", required=True, metavar=_("FILE"),
                         help=_("file to write (or a folder: the usual file name is used)"))
    minutes.add_argument("--lang", choices=LANGUAGES, default="fr", help=_("language of the document (default: fr)"))
    minutes.set_defaults(handler=cmd_export_minutes)
