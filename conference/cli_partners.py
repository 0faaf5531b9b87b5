"""``cercle partners``: the partner directory from the command line (issue 10).

    cercle partners import FILE [--format csv|datainclusion] [--territory CODE]
    cercle partners template --out FILE

The same checks as the app (``services.partner_directory``): a file with any problem is
refused whole, every problem printed in French with its line and field, nothing changed.
Acts as ``auth.SYSTEM`` (whoever runs ``cercle`` on the server already holds the database).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conference.domain.directory import FileFormat
from conference.i18n import translator

_ = translator("fr")


def cmd_partners_import(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from conference.cli import Failure, _database
    from conference.services import auth, partner_directory
    from conference.store import models as r

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Failure(_("Cannot read {file}: {error}", file=path, error=error.strerror or error)) from None
    with _database() as uow:
        territory_id = None
        if args.territory:
            with uow:
                territory_id = uow.session.scalar(select(r.TerritoryRow.id)
                                                  .where(r.TerritoryRow.code == args.territory))
            if territory_id is None:
                raise Failure(_("There is no territory « {code} ».", code=args.territory))
        try:
            report = partner_directory.import_directory(auth.SYSTEM, data, args.format, territory_id=territory_id,
                                                        uow=uow)
        except partner_directory.DirectoryFileRefused as refused:
            for problem in refused.problems:
                print(partner_directory.problem_text(problem), file=sys.stderr)
            print(_("The file {file} is refused ({n} problem(s)): nothing was changed.", file=path.name,
                    n=len(refused.problems)), file=sys.stderr)
            return 2
    print(_("Directory imported: {created} structure(s) created, {updated} updated, {contacts} contact(s) added.",
            created=report.created, updated=report.updated, contacts=report.contacts))
    return 0


def cmd_partners_template(args: argparse.Namespace) -> int:
    from conference.services import partner_directory

    Path(args.out).write_bytes(partner_directory.template_file())
    print(_("Template written: {file}", file=args.out))
    return 0


def add_partner_parsers(commands) -> None:
    partners = commands.add_parser("partners", help=_("the partner directory: import, template"),
                                   description=_("The partner directory (who does what)."))
    actions = partners.add_subparsers(title=_("commands"), metavar=_("COMMAND"), dest="partners_command",
                                      required=True)
    imports = actions.add_parser(
        "import", help=_("import structures from a file (all or nothing)"),
        description=_("Import structures: Cercle's CSV template (« ; », UTF-8) or a data·inclusion "
                      "« structures » export (JSON or CSV). Every line is checked first; with any problem "
                      "nothing is changed."))
    imports.add_argument("file", metavar=_("FILE"), help=_("file to import"))
    imports.add_argument("--format", choices=[f.value for f in FileFormat], default=FileFormat.CSV.value,
                         help=_("csv (the template, default) or datainclusion (an export of data·inclusion)"))
    imports.add_argument("--territory", default="", help=_("code of the territory the new structures belong to"))
    imports.set_defaults(handler=cmd_partners_import)
    template = actions.add_parser("template", help=_("write the CSV template of the directory"),
                                  description=_("Write the CSV template of the directory, with one fictional line."))
    template.add_argument("--out", required=True, metavar=_("FILE"), help=_("file to write"))
    template.set_defaults(handler=cmd_partners_template)
