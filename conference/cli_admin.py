"""Administration commands of ``cercle``: accounts, purge, backup and restore.

They act as ``auth.SYSTEM`` (an administrator without an account): whoever runs
``cercle`` on the server already holds the database. Every action is audited.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from conference.domain.enums import Role
from conference.i18n import translator
from conference.i18n.labels import label
from conference.services import auth
from conference.store.db import database_url

_ = translator("fr")


def read_password(prompt: str) -> str:
    """From the terminal (hidden, asked twice), or the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if first != getpass.getpass(_("Again: ")):
            from conference.cli import Failure

            raise Failure(_("The two passwords differ."))
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_user_add(args: argparse.Namespace) -> int:
    from conference.cli import _database

    password = read_password(_("Password for {login}: ", login=args.login))
    with _database() as uow:
        auth.create_account(auth.SYSTEM, args.login, args.name or args.login, args.role, password,
                            institution=args.institution, uow=uow)
    print(_("Account {login} created ({role}).", login=args.login.casefold(), role=label(Role(args.role))))
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from conference.cli import _database

    with _database() as uow:
        for account in auth.list_accounts(auth.SYSTEM, uow=uow):
            state = _("active") if account["active"] else _("disabled")
            print(f"{account['login']}\t{label(account['role'])}\t{state}\t{account['name']}")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from conference.cli import _database

    with _database() as uow:
        auth.set_account_active(auth.SYSTEM, args.login, False, uow=uow)
    print(_("Account {login} disabled.", login=args.login))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from conference.cli import _database
    from conference.services import retention

    with _database() as uow:
        plan = retention.purge(auth.SYSTEM, dry_run=args.dry_run, uow=uow)
    heading = _("Would be archived or deleted (dry run, nothing changed):") if args.dry_run else \
        _("Archived and deleted:")
    print(heading)
    for item in plan.archive:
        # Ids and dates only: the administrator does not read case content, titles included.
        print("  " + _("conference {id}, closed on {date}: archived (anonymised, statistics kept)",
                       id=item.id, date=item.closed_at.strftime("%d/%m/%Y")))
    print("  " + _("audit entries older than {date}: {n}", date=plan.audit_cutoff.strftime("%d/%m/%Y"),
                   n=plan.audit_count))
    print("  " + _("expired or revoked family links: {n}", n=plan.family_link_count))
    for item in plan.stale:
        print("  " + _("to look at: conference {id} has had no activity since {date} (not closed: never archived "
                       "automatically)", id=item.id, date=item.last_activity.strftime("%d/%m/%Y")))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from conference.services import backup

    result = backup.backup(database_url(), args.out)
    print(_("Backup written: {path}", path=result.path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from conference.services import backup

    result = backup.restore(database_url(), args.file)
    print(_("Database restored from {path}", path=result.path))
    return 0


def add_admin_parsers(commands) -> None:
    user = commands.add_parser("user", help=_("accounts: add, list, disable"), description=_("Accounts."))
    users = user.add_subparsers(title=_("commands"), metavar=_("COMMAND"), dest="user_command", required=True)
    add = users.add_parser("add", help=_("create an account (the password is read from the terminal or standard "
                                         "input)"), description=_("Create an account."))
    add.add_argument("--login", required=True, help=_("login of the account"))
    add.add_argument("--role", required=True, choices=[r.value for r in Role if r is not Role.FAMILY],
                     help=_("role of the account"))
    add.add_argument("--name", default="", help=_("name shown in the app (default: the login)"))
    add.add_argument("--institution", default="", help=_("structure of the person"))
    add.set_defaults(handler=cmd_user_add)
    users.add_parser("list", help=_("list the accounts"), description=_("List the accounts.")).set_defaults(
        handler=cmd_user_list)
    disable = users.add_parser("disable", help=_("disable an account"), description=_("Disable an account."))
    disable.add_argument("login", help=_("login of the account"))
    disable.set_defaults(handler=cmd_user_disable)

    purge = commands.add_parser("purge", help=_("apply the retention durations (archive, delete)"),
                                description=_("Archive the conferences whose retention time is over (anonymised, "
                                              "statistics kept), delete old audit entries and dead family links."))
    purge.add_argument("--dry-run", action="store_true", help=_("only list what would go; change nothing"))
    purge.set_defaults(handler=cmd_purge)

    save = commands.add_parser("backup", help=_("write a backup of the database"),
                               description=_("Write a consistent backup of the database (SQLite online backup, "
                                             "pg_dump for PostgreSQL)."))
    save.add_argument("--out", required=True, metavar=_("FILE"), help=_("file to write"))
    save.set_defaults(handler=cmd_backup)
    restore = commands.add_parser("restore", help=_("restore the database from a backup"),
                                  description=_("Replace the database with a backup made by « cercle backup »."))
    restore.add_argument("file", metavar=_("FILE"), help=_("backup file"))
    restore.set_defaults(handler=cmd_restore)
