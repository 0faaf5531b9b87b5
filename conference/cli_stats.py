"""``cercle stats`` and ``cercle demo --evaluation`` (issue 9): the evaluation's files from
the command line, the same bytes as the pilot's buttons.

    cercle demo --evaluation
    cercle stats export --format xlsx|ods|csv|qdpx|note --out FILE [--territory CODE ...]
                        [--from 2025-01] [--to 2026-12] [--publication]
    cercle stats merge A.xlsx B.xlsx … --out ensemble.xlsx [--publication]

``stats export`` acts as the local single user (``accounts.local_coordinator``, like
``cercle export``), who reads every territory of its own database; it goes through
``services.evaluation_files.export`` (checked, audited). ``stats merge`` reads files only
(no database). A progress bar goes to stderr; messages are French (``evaluation_files.po``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conference.domain.errors import Forbidden, InvalidInput
from conference.evaluation.errors import EvaluationRefused
from conference.evaluation.errors import message as refusal_message
from conference.i18n import translator

LANG = "fr"
_ = translator(LANG)
BAR_WIDTH = 30


class TerminalProgress:
    """A plain progress bar on stderr (``[#####-----]  50 % label``), redrawn in place on
    a terminal and written once per step otherwise (logs, tests)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, fraction: float, label: str) -> None:
        done = max(0, min(BAR_WIDTH, round(fraction * BAR_WIDTH)))
        line = f"[{'#' * done}{'-' * (BAR_WIDTH - done)}] {round(100 * fraction):3d} % {_(label)}"
        if self.tty:
            self.stream.write("\r\033[K" + line + ("\n" if fraction >= 1 else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _failure(text: str):
    from conference.cli import Failure

    return Failure(text)


def _write(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as error:
        raise _failure(_("Cannot write {path}: {error}", path=out, error=error.strerror or error)) from None


# ---------------------------------------------------------------------------- demo

def cmd_demo_evaluation(args: argparse.Namespace) -> int:
    """``cercle demo --evaluation``: the fictional evaluation data and the pilot account,
    beside whatever the database holds; a second run says it is already there. Into an
    empty database the conference demo comes first: its coordinator is the local single
    user who reaches the dashboard (a database holding only a pilot would leave the local
    app on a first-run screen that refuses to start once an account exists)."""
    from conference import clock
    from conference.cli import _database, _load_demo
    from conference.services import accounts
    from conference.services.auth import hash_password
    from conference.store.db import database_url, describe
    from conference.store.evaluation_demo import PILOT_LOGIN, PILOT_PASSWORD, is_loaded, load_evaluation_demo

    with _database() as uow:
        if accounts.is_blank(uow=uow):
            _load_demo(uow)
        with uow:
            if is_loaded(uow.session):
                loaded = None
            else:
                loaded = load_evaluation_demo(uow.session, pilot_password_hash=hash_password(PILOT_PASSWORD),
                                              today=clock.today())
                uow.commit()
    if loaded is None:
        print(_("The fictional evaluation demo is already in this database."))
    else:
        print(_("Fictional evaluation demo loaded: {count} situations and {answers} questionnaire answers in "
                "{territories}.", count=loaded.conferences, answers=loaded.answers,
                territories=", ".join(loaded.territories)))
    print(_("Pilot account of the demo: login « {login} », password « {password} » (fictional; change it or "
            "disable the account before real use).", login=PILOT_LOGIN, password=PILOT_PASSWORD))
    print(_("Data: {where}", where=describe(database_url())))
    return 0


# ---------------------------------------------------------------------------- stats export

def cmd_stats_export(args: argparse.Namespace) -> int:
    from conference.cli import _coordinator, _database
    from conference.services import evaluation_files

    out = Path(args.out)
    with _database() as uow:
        actor = _coordinator(uow)
        try:
            ids = evaluation_files.territory_ids_for(args.territory, uow=uow) if args.territory else None
            data = evaluation_files.export(actor, args.format, territory_ids=ids, month_from=args.month_from,
                                           month_to=args.month_to, publication=args.publication,
                                           progress=TerminalProgress(), uow=uow)
        except EvaluationRefused as refused:
            raise _failure(refusal_message(refused, LANG)) from None
        except (Forbidden, InvalidInput) as error:
            raise _failure(evaluation_files.refusal_text(error, LANG)) from None
    if out.is_dir():
        out = out / evaluation_files.file_name(args.format, publication=args.publication,
                                               month_from=args.month_from, month_to=args.month_to)
    _write(out, data)
    print(_("Evaluation file written to {path}", path=out))
    return 0


def cmd_stats_merge(args: argparse.Namespace) -> int:
    from pandas.errors import InvalidIndexError

    from exports.evaluation_workbook import build_merged_xlsx

    files = []
    for name in args.files:
        path = Path(name)
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as error:
            raise _failure(_("Cannot read {path}: {error}", path=path, error=error.strerror or error)) from None
    progress = TerminalProgress()
    progress(0.1, _("Reading the workbooks…"))
    try:
        data = build_merged_xlsx(files, publication=args.publication)
    except EvaluationRefused as refused:
        raise _failure(refusal_message(refused, LANG)) from None
    except InvalidIndexError:  # the same study ids twice: one département exported twice
        raise _failure(_("These workbooks hold the same situations twice (the same département exported twice?): "
                         "merge workbooks of different départements.")) from None
    except (KeyError, ValueError, OSError) as error:  # not a workbook at all (zip, xml)
        raise _failure(_("These files cannot be merged: {error}", error=type(error).__name__)) from None
    progress(1.0, _("File ready."))
    _write(Path(args.out), data)
    print(_("Merged workbook written to {path} ({count} files).", path=args.out, count=len(files)))
    return 0


def add_stats_parsers(commands) -> None:
    """``cercle stats export|merge`` (called by ``conference.cli.build_parser``)."""
    from conference.services.evaluation_files import FORMATS

    stats = commands.add_parser("stats", help=_("evaluation files for pilots (pseudonymised, masked)"),
                                description=_("The evaluation's files: pseudonymised workbooks, CSV tables, "
                                              "open answers for qualitative software, the annual note; and the "
                                              "merge of several départements' workbooks."))
    actions = stats.add_subparsers(title=_("actions"), metavar=_("ACTION"), dest="stats_action", required=True)
    export = actions.add_parser(
        "export", help=_("write an evaluation file"),
        description=_("Write an evaluation file of every territory of this database (or those named), the same as "
                      "the dashboard's button (recorded in the audit log). Row-level files need CERCLE_STUDY_KEY."))
    export.add_argument("--format", required=True, choices=FORMATS,
                        help=_("xlsx or ods (workbook), csv (a .zip of tables), qdpx (open answers), note (.docx)"))
    export.add_argument("--out", required=True, metavar=_("FILE"),
                        help=_("file to write (or a folder: the usual file name is used)"))
    export.add_argument("--territory", action="append", default=[], metavar=_("CODE"),
                        help=_("code of a territory (repeat for several; default: all)"))
    export.add_argument("--from", dest="month_from", metavar="AAAA-MM", help=_("first month (e.g. 2025-01)"))
    export.add_argument("--to", dest="month_to", metavar="AAAA-MM", help=_("last month (e.g. 2026-12)"))
    export.add_argument("--publication", action="store_true",
                        help=_("masked tables only (no row-level sheet), for publication"))
    export.set_defaults(handler=cmd_stats_export)
    merge = actions.add_parser(
        "merge", help=_("combine several départements' workbooks"),
        description=_("Combine the evaluators' workbooks of several départements into one: same codebook "
                      "version required, each row keeps its département's code, every table is masked again."))
    merge.add_argument("files", nargs="+", metavar=_("WORKBOOK"), help=_("workbooks (.xlsx) exported by Cercle"))
    merge.add_argument("--out", required=True, metavar=_("FILE"), help=_("merged workbook to write (.xlsx)"))
    merge.add_argument("--publication", action="store_true", help=_("masked tables only, for publication"))
    merge.set_defaults(handler=cmd_stats_merge)
