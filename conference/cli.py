"""The ``cercle`` command: start the app, load the demo, migrate, list, export.

    cercle run [--port 8501] [--address 127.0.0.1]
    cercle demo [--if-empty]
    cercle db upgrade
    cercle list
    cercle export plan --conference ID --out FILE [--lang fr]
    cercle export followup --conference ID --out FILE [--lang fr]
    cercle network export --conference ID --out FILE [--format graphml|csv|json|html]
    cercle network import --conference ID FILE [--format graphml|csv|json]
    cercle network worksheet --out FILE [--title TEXT] [--lang fr]
    cercle network print --conference ID --out FILE [--lang fr]
    cercle demo --evaluation                       (conference/cli_stats.py)
    cercle stats export --format xlsx|ods|csv|qdpx|note --out FILE [--territory CODE] [--from/--to YYYY-MM]
    cercle stats merge A.xlsx B.xlsx … --out FILE

Every command honours ``CERCLE_DATABASE_URL`` and works through the same services as the
app: exports act as the local coordinator (``accounts.local_coordinator``), build the
same bytes and write the same audit entry. Help and messages are French (``cli.po``);
an error prints one French sentence on stderr and exits with status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from conference.domain import errors as e
from conference.i18n import LANGUAGES, N_, gettext, translator
from conference.i18n.labels import label
from conference.security import rules
from conference.services import accounts
from conference.store.db import PROJECT_ROOT, database_url, describe, folder_warnings, make_engine, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork

LANG = "fr"
_ = translator(LANG)
SERVE = PROJECT_ROOT / "scripts" / "serve.py"  # streamlit run, without the legacy pages/ discovery
APP = PROJECT_ROOT / "streamlit_app.py"
LIST_PAGE = 500

# argparse's own words (usage, section titles, its error messages) come from the stdlib's
# gettext; main() routes them through our catalog while it builds and parses (Python 3.11).
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"), N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"), N_("ambiguous option: %(option)s could match %(matches)s"),
)


class Failure(Exception):
    """An expected problem: its French message goes to stderr, the exit status is 2."""


# ---------------------------------------------------------------------------- database

@contextmanager
def _database() -> Iterator[UnitOfWork]:
    """The database of CERCLE_DATABASE_URL (or the default file), migrated to the head."""
    engine = make_engine(database_url())
    for folder in folder_warnings(database_url()):  # never changed: Cercle did not create it
        print(_("Warning: the folder {folder} holding the database can be read by other accounts of this computer "
                "(chmod 700 {folder} to keep it private).", folder=folder), file=sys.stderr)
    try:
        upgrade(engine)
        yield UnitOfWork(session_factory(engine))
    finally:
        engine.dispose()


def _coordinator(uow: UnitOfWork):
    actor = accounts.local_coordinator(uow=uow)
    if actor is None:
        raise Failure(_("This database has no coordinator yet. Run « cercle demo » to load the fictional demo, "
                        "or open the app (« cercle run ») to create your profile."))
    return actor


def _load_demo(uow: UnitOfWork) -> None:
    from conference.demo import load_demo
    from conference.services import conferences

    try:
        actor = load_demo(uow=uow)
        from conference.demo_partners import HOUSEHOLD, load_partners_demo  # the synthesis meetings (#10)

        load_partners_demo(actor, uow=uow)
    except IntegrityError:
        raise Failure(_("The fictional demo is already in this database.")) from None
    from conference.demo import DEMO_PIN

    total = conferences.list_conferences(actor, open_only=False, limit=1, uow=uow)[1]
    print(_("Fictional demo loaded: {count} conferences, coordinator « {name} ».", count=total, name=actor.name))
    print(_("Hand-back PIN of the demo coordinator (takes back a screen handed to the family): {pin}", pin=DEMO_PIN))
    print(_("Synthesis meetings: household « {name} », two meetings (« cercle list --meetings »).", name=HOUSEHOLD))


# ---------------------------------------------------------------------------- commands

def cmd_run(args: argparse.Namespace) -> int:
    """Start the app. The demo is never loaded here (docs/decisions: the first screen offers
    it in one click on this computer; a server never gets it). A server without an
    administrator prints a one-time code that the first-run screen asks for."""
    from conference.services import first_run

    local = False
    if rules.can_use_local_mode(args.address, requested=True):
        # On this computer only, a single coordinator works without signing in (see streamlit_app.py);
        # CERCLE_LOCAL_MODE=0 keeps the sign-in. On any other address the app always asks for it.
        os.environ.setdefault("CERCLE_LOCAL_MODE", "1")
        local = os.environ["CERCLE_LOCAL_MODE"] == "1"
    with _database() as uow:
        if local and accounts.is_blank(uow=uow):
            print(_("Empty database: the first screen offers the fictional demo (one click) or starting for real."))
        code = None if local else first_run.issue_admin_code(uow=uow)
    print(_("Data: {where}", where=describe(database_url())))
    if local:
        print(_("Local mode: no sign-in, reachable from this computer only."))
    if code:
        print(_("No administrator yet. One-time code for the first-run screen (valid {hours} hours): {code}",
                hours=first_run.CODE_HOURS, code=code))
        print(_("Or create the account here: « cercle user add --role admin »."))
    print(_("Cercle opens at http://{address}:{port} (stop it with Ctrl+C).", address=args.address, port=args.port))
    sys.stdout.flush()
    command = [sys.executable, str(SERVE), "run", str(APP), "--server.port", str(args.port),
               "--server.address", args.address,
               # No first-run e-mail prompt, and no usage statistics sent out of a social service.
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               # No error details on screen (scripts/serve.py forces it too: docs/decisions/0015).
               "--client.showErrorDetails", "none"]
    os.execv(sys.executable, command)
    return 0  # not reached: execv replaces this process (tests replace execv)


def cmd_demo(args: argparse.Namespace) -> int:
    if getattr(args, "evaluation", False):
        from conference.cli_stats import cmd_demo_evaluation

        return cmd_demo_evaluation(args)
    with _database() as uow:
        if args.if_empty and not accounts.is_blank(uow=uow):
            print(_("The database already holds data: the demo was not loaded."))
        else:
            _load_demo(uow)
    print(_("Data: {where}", where=describe(database_url())))
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    with _database():
        pass
    print(_("Database up to date ({where}).", where=describe(database_url())))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from conference.services import conferences

    with _database() as uow:
        actor = _coordinator(uow)
        items, total = conferences.list_conferences(actor, open_only=False, limit=LIST_PAGE, uow=uow)
        while len(items) < total:
            more, _total = conferences.list_conferences(actor, open_only=False, limit=LIST_PAGE, offset=len(items),
                                                        uow=uow)
            if not more:
                break
            items.extend(more)
    for item in sorted(items, key=lambda i: i.id):
        print(f"{item.id}\t{label(item.phase, LANG)}\t{item.title}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from conference.services import documents

    build = {"plan": documents.export_action_plan, "followup": documents.export_followup_form}[args.document]
    with _database() as uow:
        actor = _coordinator(uow)
        options = {} if args.document == "plan" else {"filled": args.filled}
        file_name, data = build(actor, args.conference, lang=args.lang, uow=uow, **options)
    out = _write_out(Path(args.out), file_name, data)
    done = {"plan": _("Action plan written to {path}"), "followup": _("Follow-up form written to {path}")}
    print(done[args.document].format(path=out))
    return 0


# ---------------------------------------------------------------------------- the network map

# File formats by extension: ``network export`` guesses from --out, ``network import`` from the file.
NETWORK_EXPORT_FORMATS = ("graphml", "csv", "json", "html")
NETWORK_EXTENSIONS = {".graphml": "graphml", ".xml": "graphml", ".csv": "csv", ".zip": "csv", ".json": "json",
                      ".html": "html", ".htm": "html"}


def _network_format(path: Path, given: str | None, allowed: tuple[str, ...]) -> str:
    fmt = given or NETWORK_EXTENSIONS.get(path.suffix.lower())
    if fmt not in allowed:
        raise Failure(_("Cannot guess the format of {path} from its name: add --format ({choices}).",
                        path=path, choices=", ".join(allowed)))
    return fmt


def _write_out(out: Path, file_name: str, data: bytes) -> Path:
    """Write ``data`` to ``out``, or into it under ``file_name`` when it is a folder."""
    if out.is_dir():
        out = out / file_name
    try:
        out.write_bytes(data)
    except OSError as error:
        raise Failure(_("Cannot write {path}: {error}", path=out, error=error.strerror or error)) from None
    return out


def cmd_network_export(args: argparse.Namespace) -> int:
    from conference.services import network

    out = Path(args.out)
    fmt = _network_format(out, args.format, NETWORK_EXPORT_FORMATS) if not out.is_dir() or args.format \
        else "json"
    with _database() as uow:
        actor = _coordinator(uow)
        if fmt in network.MAP_FORMATS:
            file_name, data = network.export_network_map(actor, args.conference, fmt, lang=args.lang, uow=uow)
        else:
            file_name, data = network.export_network(actor, args.conference, fmt, uow=uow)
    print(_("Network map ({format}) written to {path}", format=fmt, path=_write_out(out, file_name, data)))
    return 0


def cmd_network_import(args: argparse.Namespace) -> int:
    from conference.network import exchange
    from conference.services import network

    path = Path(args.file)
    fmt = _network_format(path, args.format, exchange.FORMATS)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            data = handle.read(exchange.MAX_BYTES + 1)  # a huge file is refused unread
    except OSError as error:
        raise Failure(_("Cannot read {path}: {error}", path=path, error=error.strerror or error)) from None
    try:
        if size > exchange.MAX_BYTES:
            raise exchange.NetworkImportInvalid([exchange.ImportProblem(None, None, "too_large", str(size))])
        with _database() as uow:
            actor = _coordinator(uow)
            result = network.import_network(actor, args.conference, fmt, data, uow=uow)
    except exchange.NetworkImportInvalid as refused:
        # The app's messages, every problem on its own line: the file is fixed in one go.
        print(_("Error: {message}", message=_("{path} was not imported and nothing changed. Problems found:",
                                               path=path)), file=sys.stderr)
        for problem in refused.problems:
            print(f"  - {exchange.problem_text(problem, LANG)}", file=sys.stderr)
        return 2
    print(_("{path} imported into conference {id}. People added: {added}; updated: {updated}; unchanged: "
            "{unchanged}. Ties added: {ties}.", path=path, id=args.conference, added=result.added,
            updated=result.updated, unchanged=result.unchanged, ties=result.ties_added))
    if result.ties_skipped:
        print(_("Ties already on the map, left as they were: {count}.", count=result.ties_skipped))
    return 0


def cmd_network_worksheet(args: argparse.Namespace) -> int:
    from exports.network_paper import build_network_worksheet

    data = build_network_worksheet(title=args.title, lang=args.lang)
    path = _write_out(Path(args.out), "feuille-reseau.pdf", data)
    print(_("Blank network worksheet written to {path}", path=path))
    return 0


def cmd_network_print(args: argparse.Namespace) -> int:
    from conference.services import network

    with _database() as uow:
        actor = _coordinator(uow)
        file_name, data = network.export_network_map(actor, args.conference, "pdf", lang=args.lang, uow=uow)
    print(_("Network map to print written to {path}", path=_write_out(Path(args.out), file_name, data)))
    return 0


def _add_network_parser(commands) -> None:
    network = commands.add_parser(
        "network", help=_("the network map: export, import, blank worksheet, print"),
        description=_("Export or import the network map of a conference, print it, or print a blank worksheet. "
                      "Exported and printed maps never show anyone flagged « not safe » or « not to be invited »."))
    actions = network.add_subparsers(title=_("actions"), metavar=_("ACTION"), dest="network_action", required=True)

    def conference_option(sub) -> None:
        sub.add_argument("--conference", type=int, required=True, metavar="ID",
                         help=_("number of the conference (see « cercle list »)"))

    def out_option(sub) -> None:
        sub.add_argument("--out", required=True, metavar=_("FILE"),
                         help=_("file to write (or a folder: the usual file name is used)"))

    def lang_option(sub) -> None:
        sub.add_argument("--lang", choices=LANGUAGES, default="fr", help=_("language of the document (default: fr)"))

    export = actions.add_parser(
        "export", help=_("write the map to a file (GraphML, CSV, JSON, or an HTML map to open offline)"),
        description=_("Write the shareable network map of a conference, the same file as the app's download "
                      "(recorded in the audit log). CSV is a ZIP of members.csv and ties.csv."))
    conference_option(export)
    out_option(export)
    export.add_argument("--format", choices=NETWORK_EXPORT_FORMATS,
                        help=_("file format (default: from the file name; json into a folder)"))
    lang_option(export)
    export.set_defaults(handler=cmd_network_export)

    imports = actions.add_parser(
        "import", help=_("add the people and ties of a GraphML, CSV or JSON file to the map"),
        description=_("Check the whole file, then merge it into the map in one go: people are matched by id or by "
                      "name, nobody is removed. If anything is wrong, every problem is listed and nothing changes "
                      "(recorded in the audit log)."))
    conference_option(imports)
    imports.add_argument("file", metavar=_("FILE"),
                         help=_("file to import (.graphml or .xml, .csv or .zip of both CSV files, .json)"))
    imports.add_argument("--format", choices=("graphml", "csv", "json"),
                         help=_("file format (default: from the file name)"))
    imports.set_defaults(handler=cmd_network_import)

    worksheet = actions.add_parser(
        "worksheet", help=_("write the blank worksheet of the network, to print (PDF)"),
        description=_("A blank A4 worksheet with the three circles and « Who can help with what? », for families "
                      "who prefer paper. Needs no database."))
    out_option(worksheet)
    worksheet.add_argument("--title", default="", metavar=_("TEXT"),
                           help=_("text printed under the heading, for example the family's name (optional)"))
    lang_option(worksheet)
    worksheet.set_defaults(handler=cmd_network_worksheet)

    printing = actions.add_parser(
        "print", help=_("write the filled network map, to print (PDF)"),
        description=_("The network map of a conference as an A4 PDF to print, with the list of people by circle."))
    conference_option(printing)
    out_option(printing)
    lang_option(printing)
    printing.set_defaults(handler=cmd_network_print)


# ---------------------------------------------------------------------------- parser

def _french(message: str) -> str:
    return gettext(message, LANG)


def build_parser() -> argparse.ArgumentParser:
    """The parser; build it inside ``main`` so that argparse's own words are French."""
    parser = argparse.ArgumentParser(
        prog="cercle",
        description=_("Cercle: prepare, run and follow family group conferences."),
        epilog=_("The data lives in the database of CERCLE_DATABASE_URL (by default a SQLite file in data/)."))
    commands = parser.add_subparsers(title=_("commands"), metavar=_("COMMAND"), dest="command", required=True)

    run = commands.add_parser("run", help=_("start the app in the browser"),
                              description=_("Bring the database up to date, then start the app. On this computer, "
                                            "an empty database opens on a first screen that offers the fictional "
                                            "demo or starting for real; on a server, a one-time code for creating "
                                            "the administrator is printed here."))
    run.add_argument("--port", type=int, default=8501, help=_("port of the web server (default: 8501)"))
    run.add_argument("--address", default="127.0.0.1",
                     help=_("address to listen on (default: 127.0.0.1, this computer only)"))
    run.set_defaults(handler=cmd_run)

    demo = commands.add_parser("demo", help=_("load the fictional demo (invented families)"),
                               description=_("Load the fictional demo: a coordinator and invented families at every "
                                             "step."))
    demo.add_argument("--if-empty", action="store_true",
                      help=_("only if the database holds no user yet"))
    demo.add_argument("--evaluation", action="store_true",
                      help=_("load the fictional evaluation data (two territories, a pilot account) instead"))
    demo.set_defaults(handler=cmd_demo)

    db = commands.add_parser("db", help=_("database maintenance"), description=_("Database maintenance."))
    db_commands = db.add_subparsers(title=_("commands"), metavar=_("COMMAND"), dest="db_command", required=True)
    db_commands.add_parser("upgrade", help=_("bring the database structure up to date"),
                           description=_("Bring the database structure up to date.")).set_defaults(
        handler=cmd_db_upgrade)

    listing = commands.add_parser("list", help=_("list the conferences (id, step, name), closed ones included"),
                                  description=_("One line per conference of the local coordinator: id, step and "
                                                "name, separated by tabs."))
    listing.set_defaults(handler=cmd_list)

    export = commands.add_parser("export", help=_("write a document of a conference (.docx)"),
                                 description=_("Write a document of a conference, the same as the app's download "
                                               "(recorded in the audit log)."))
    documents = export.add_subparsers(title=_("documents"), metavar=_("DOCUMENT"), dest="document", required=True)
    for name, help_text in (("plan", _("the adopted action plan")),
                            ("followup", _("the three-month follow-up form"))):
        sub = documents.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        sub.add_argument("--conference", type=int, required=True, metavar="ID",
                         help=_("number of the conference (see « cercle list »)"))
        sub.add_argument("--out", required=True, metavar=_("FILE"),
                         help=_("file to write (or a folder: the usual file name is used)"))
        sub.add_argument("--lang", choices=LANGUAGES, default="fr", help=_("language of the document (default: fr)"))
        if name == "followup":
            form = sub.add_mutually_exclusive_group()
            form.add_argument("--blank", dest="filled", action="store_false", default=None,
                              help=_("blank, for the meeting: every box empty (the default until answers are "
                                     "recorded)"))
            form.add_argument("--filled", dest="filled", action="store_true",
                              help=_("filled with the answers recorded in Cercle (the default once there are some)"))
        sub.set_defaults(handler=cmd_export)
    from conference.cli_meetings import add_meeting_parsers  # list --meetings, export minutes (#10)

    add_meeting_parsers(listing, documents, cmd_list)
    _add_network_parser(commands)
    from conference.cli_admin import add_admin_parsers

    add_admin_parsers(commands)
    from conference.cli_stats import add_stats_parsers

    add_stats_parsers(commands)
    from conference.cli_partners import add_partner_parsers

    add_partner_parsers(commands)
    return parser


def message(error: e.DomainError, args: argparse.Namespace) -> str:
    """One French sentence for a refused action."""
    ident = getattr(args, "conference", None)
    if isinstance(error, e.NotFound) and error.what == "user":
        return _("There is no account « {login} ». See « cercle user list ».", login=error.ident)
    if isinstance(error, e.WeakPassword):
        from conference.security.passwords import MESSAGES as PASSWORD_MESSAGES

        return _(PASSWORD_MESSAGES.get(error.reason, PASSWORD_MESSAGES["too_short"]), n=error.min_length)
    if isinstance(error, e.StorageError) and error.reason == "busy":
        return _("The database is busy, try again. (reference {reference})", reference=error.reference)
    if isinstance(error, e.InvalidInput) and error.code == "taken":
        return _("This login is already used.")
    if isinstance(error, e.NotFound):
        return _("Conference {id} does not exist. See « cercle list ».", id=ident)
    if isinstance(error, e.Forbidden):
        return _("Conference {id} is not followed by the local coordinator.", id=ident)
    if isinstance(error, e.InvalidInput) and error.code == "no_plan_adopted":
        return _("Conference {id} has no adopted plan yet: adopt the plan at the validation step first.", id=ident)
    return _("This action could not be done ({error}).", error=error)


@contextmanager
def _argparse_in_french() -> Iterator[None]:
    """argparse's own words (usage, error, required arguments) through our catalog."""
    original = argparse._
    argparse._ = _french
    try:
        yield
    finally:
        argparse._ = original


def main(argv: list[str] | None = None) -> int:
    with _argparse_in_french():
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as leaving:  # --help (0) or a usage error (2, already explained)
            return leaving.code if isinstance(leaving.code, int) else 2
    try:
        return args.handler(args)
    except Failure as failure:
        print(_("Error: {message}", message=failure), file=sys.stderr)
    except e.DomainError as error:
        print(_("Error: {message}", message=message(error, args)), file=sys.stderr)
    except SQLAlchemyError as error:
        print(_("Error: the database cannot be used ({where}): {error}", where=describe(database_url()),
                error=type(error).__name__), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
