"""The ``saleslab hub ...`` sub-commands (registered by :mod:`saleslab.cli`)."""

from __future__ import annotations

import argparse

from ..i18n import _


def _users(args: argparse.Namespace) -> int:
    from .users import create_accounts

    print(create_accounts(args.class_list, args.passwords))
    return 0


def _handout(args: argparse.Namespace) -> int:
    from .handout import hand_out

    print(hand_out(args.class_list, seed=2026 if args.seed is None else args.seed,
                   solutions=not args.no_solutions))
    return 0


def _collect(args: argparse.Namespace) -> int:
    from .collect import collect

    print(collect(args.class_list, args.out))
    return 0


def _progress(args: argparse.Namespace) -> int:
    from .progress import class_progress

    print(class_progress(args.class_list).to_string())
    return 0


def _start(args: argparse.Namespace) -> int:
    from .start import start

    return start(args.class_list, args.ip, args.port, idle_minutes=args.idle_minutes,
                 mem=args.mem, cpu=args.cpu, spawner=args.spawner, admin=args.admin)


def add_hub_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``hub`` and its sub-commands to the ``saleslab`` parser's ``commands``."""
    hub = commands.add_parser("hub", help=_("serve the course to a class from one JupyterHub"))
    jobs = hub.add_subparsers(dest="hub_command", required=True, metavar="JOB")

    def job(name: str, help_text: str, run) -> argparse.ArgumentParser:
        parser = jobs.add_parser(name, help=help_text)
        parser.add_argument("class_list", metavar="CLASS",
                            help=_("class list: a CSV with columns user and (optional) team"))
        parser.set_defaults(run=run)
        return parser

    users = job("users", _("make a system account with a private home for each learner"), _users)
    users.add_argument("--passwords", default="passwords.csv",
                       help=_("file for the new accounts' passwords (default: passwords.csv)"))
    handout = job("handout", _("put each learner's team edition into their home"), _handout)
    handout.add_argument("--seed", type=int, default=None, help=_("random seed (default: 2026)"))
    handout.add_argument("--no-solutions", action="store_true",
                         help=_("withhold the solutions from the notebooks"))
    collect = job("collect", _("copy every learner's exercise notebooks for grading"), _collect)
    collect.add_argument("--out", default="collected",
                         help=_("folder to collect into (default: collected)"))
    job("progress", _("show who has started and how far each learner is"), _progress)
    start = job("start", _("run the hub (Ctrl+C stops it)"), _start)
    start.add_argument("--ip", default="127.0.0.1",
                       help=_("address to listen on (default: 127.0.0.1, this machine only)"))
    start.add_argument("--port", type=int, default=8000, help=_("port (default: 8000)"))
    start.add_argument("--idle-minutes", type=int, default=None,
                       help=_("minutes before an idle learner's server is stopped (default: 60)"))
    start.add_argument("--mem", default=None, help=_("memory per learner (default: 1G)"))
    start.add_argument("--cpu", type=float, default=None, help=_("cores per learner (default: 1)"))
    start.add_argument("--spawner", choices=("local", "systemd"), default=None,
                       help=_("local (default) or systemd (enforces --mem and --cpu)"))
    start.add_argument("--admin", default=None, help=_("the trainer's own login, made hub admin"))
