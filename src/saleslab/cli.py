"""The ``saleslab`` command line for trainers and maintainers.

``saleslab check`` reports whether this machine is ready for the course;
``saleslab execute`` refreshes the stored outputs of the course notebooks;
``saleslab data`` regenerates the course datasets from a seed;
``saleslab progress`` shows which exercises a learner has done;
``saleslab handout`` writes the learner edition, ``saleslab grade`` grades handed-in exercises,
``saleslab report`` writes the class report of the knowledge checks;
``saleslab hub ...`` serves the course to a class from one JupyterHub (docs/hub.md);
``saleslab translations ...`` maintains the Chinese edition. ``--lang zh_CN`` on ``handout``,
``site`` and ``present`` serves that edition; ``SALESLAB_LANG=zh_CN`` makes every message Chinese.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .hub.cli import add_hub_commands
from .i18n import LANGUAGES, _, current_language, use_language
from .translations_cli import add_translation_commands


def _check(_args: argparse.Namespace) -> int:
    from .envcheck import check_environment

    report = check_environment()
    print(report.table())
    return 0 if report.ok else 1


def _execute(args: argparse.Namespace) -> int:
    from .nbtools import course_notebooks, execute_notebook

    paths = [Path(p) for p in args.notebooks] or course_notebooks(args.root)
    # Stored outputs are in each notebook's own language: English unless the notebook says
    # otherwise (a zh_CN/ notebook's first line), whatever SALESLAB_LANG this shell has.
    use_language("en")
    for path in paths:
        print(_("executing {path}").format(path=path), flush=True)
        execute_notebook(path)
    print(_("{n} notebook(s) executed.").format(n=len(paths)))
    return 0


def _data(args: argparse.Namespace) -> int:
    from .data import DEFAULT_SEED, DataExistsError, write_datasets
    from .validate import check_out_folder, check_seed

    seed = check_seed(DEFAULT_SEED if args.seed is None else _seed(args.seed))
    try:
        paths = write_datasets(check_out_folder("out", args.out), seed=seed, force=args.force)
    except DataExistsError as error:
        raise ValueError(_("{out} already holds {n} data files ({first}, ...); add --force to "
                           "overwrite them").format(out=args.out, n=len(error.names),
                                                    first=error.names[0])) from None
    print(_("{n} files written to {out} (seed {seed}).").format(n=len(paths), out=args.out, seed=seed))
    return 0


def _import(args: argparse.Namespace) -> int:
    from .crmimport import import_exports
    from .data import DataExistsError

    try:
        print(import_exports(args.exports, args.out, mapping=args.mapping, force=args.force,
                             key_file=args.key))
    except DataExistsError as error:
        raise ValueError(_("{out} already holds an import ({first}, ...); add --force to replace "
                           "it").format(out=args.out, first=error.names[0])) from None
    except (ValueError, TypeError, FileNotFoundError):
        raise
    except Exception as error:  # a file shape no check foresaw: still one line, never a traceback
        raise ValueError(_("could not import {files} ({kind}: {error}); check the export, or write a "
                           "mapping file").format(files=", ".join(args.exports), kind=type(error).__name__,
                                                  error=error)) from None
    return 0


def _site(args: argparse.Namespace) -> int:
    from .course import project_root
    from .site import build_site

    use_language(args.lang)
    root = project_root() if args.lang == "en" else project_root() / args.lang
    if not root.is_dir():
        raise FileNotFoundError(_("no {language} edition in {root}: run `saleslab translations build` "
                                  "first").format(language=args.lang, root=root.parent))
    site = build_site(root, args.out)
    print(_("{n} pages written to {out}; open {index} in a browser.").format(
        n=len(site.pages), out=site.out, index=Path(site.out) / "index.html"))
    return 0


def _handout(args: argparse.Namespace) -> int:
    from .data import DEFAULT_SEED
    from .handout import team_seeds, write_handout
    from .handout_install import build_wheel
    from .validate import check_out_folder, check_seed

    seed = check_seed(DEFAULT_SEED if args.seed is None else _seed(args.seed))
    use_language(args.lang)  # the README and every message in the handout's language
    if args.teams is not None:
        team_seeds(seed, args.teams)  # a bad --teams fails before anything is written
    out = check_out_folder("out", args.out)
    solutions = not args.no_solutions
    with tempfile.TemporaryDirectory() as built:
        try:
            wheel = build_wheel(built, solutions=solutions)
        except ValueError as error:  # a kit installed from a wheel: the handout goes without one
            wheel = None
            print(_("warning: {error}; the handout has no install/ folder").format(error=error),
                  file=sys.stderr)
        print(write_handout(out, seed=seed, teams=args.teams, force=args.force,
                            solutions=solutions, wheel=wheel, language=args.lang))
    if args.lang != "en":
        from .catalogue import status

        pending = [found.name for found in status(args.lang) if not found.complete]
        if pending:
            print(_("warning: not translated yet, so in English: {names}").format(
                names=", ".join(pending)), file=sys.stderr)
    return 0


def _grade(args: argparse.Namespace) -> int:
    from .grading import Limits, check_out, grade_submissions, isolation, write_grades
    from .grading.run import check_data
    from .grading.submissions import check_submissions
    from .grading.teams import read_teams

    limits = Limits(cell_seconds=_whole("timeout", args.timeout),
                    notebook_seconds=_whole("notebook-timeout", args.notebook_timeout))
    check_submissions(args.submissions)
    check_data(args.data, args.teams)
    if args.teams is not None:
        read_teams(args.teams)
    out = check_out(args.out)  # before grading: a bad --out fails in seconds, not at the end
    print(isolation(), file=sys.stderr, flush=True)
    grades = grade_submissions(args.submissions, data=args.data, teams=args.teams, jobs=args.jobs,
                               limits=limits, progress=_progress_bar)
    print(write_grades(grades, out))
    return 0


def _progress_bar(done: int, total: int) -> None:
    """A one-line bar on stderr, redrawn as notebooks finish."""
    width = 30
    filled = width * done // total if total else width
    end = "\n" if done >= total else ""
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} " + _("notebooks graded"),
          end=end, file=sys.stderr, flush=True)


def _whole(name: str, value: int) -> int:
    if value < 1:
        raise ValueError(f"`{name}` must be a whole number of seconds, 1 or more, got {value}")
    return value


def _present(args: argparse.Namespace) -> int:
    from .present import present

    use_language(args.lang)
    return present(args.case, port=args.port, open_browser=not args.no_browser, language=args.lang)


def _progress(args: argparse.Namespace) -> int:
    from .exercises.progress import summary

    print(summary(args.file).to_string())
    return 0


def _report(args: argparse.Namespace) -> int:
    from .assessment.report import read_grades, write_report

    for path in write_report(read_grades(args.grading), args.out, names=args.names):
        print(_("Written: {path}").format(path=path))
    return 0


def _seed(text: str) -> int:
    """A ``--seed`` value: a whole number; anything else gets the one-line seed message."""
    try:
        return int(text)
    except ValueError:
        raise TypeError(f"`seed` must be a whole number 0 or more, got {text!r}") from None


def _add_lang(parser: argparse.ArgumentParser) -> None:
    # The default follows SALESLAB_LANG, so that variable alone makes every command Chinese.
    parser.add_argument("--lang", default=current_language(), choices=("en", *LANGUAGES),
                        help=_("edition: en or zh_CN (Chinese); default: $SALESLAB_LANG, else en"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per trainer task."""
    parser = argparse.ArgumentParser(
        prog="saleslab", description=_("Course kit for sales process management.")
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help=_("check Python, packages and widgets"))
    check.set_defaults(run=_check)

    execute = commands.add_parser(
        "execute", help=_("re-run course notebooks and store their outputs")
    )
    execute.add_argument("notebooks", nargs="*", help=_("notebooks to run (default: all)"))
    execute.add_argument("--root", default=".", help=_("project folder (default: .)"))
    execute.set_defaults(run=_execute)

    present = commands.add_parser(
        "present", help=_("show a case dashboard in Voila, code hidden, for projecting")
    )
    present.add_argument("case", help=_("case1, case2, case3 or a notebook path"))
    present.add_argument("--port", type=int, default=8866, help=_("port (default: 8866)"))
    present.add_argument("--no-browser", action="store_true", help=_("do not open a browser"))
    _add_lang(present)
    present.set_defaults(run=_present)

    site = commands.add_parser("site", help=_("build the offline self-study site (HTML)"))
    site.add_argument("--out", default="site", help=_("folder for the site (default: site)"))
    _add_lang(site)
    site.set_defaults(run=_site)

    data = commands.add_parser("data", help=_("regenerate every course dataset from a seed"))
    data.add_argument("--seed", default=None, help=_("random seed (default: 2026)"))
    data.add_argument("--out", required=True, help=_("folder to write the CSVs into"))
    data.add_argument("--force", action="store_true", help=_("overwrite existing data files"))
    data.set_defaults(run=_data)

    crm = commands.add_parser("import", help=_("import your own CRM exports into a data folder"))
    crm.add_argument("exports", nargs="+", help=_("CSV or .xlsx exports (deals, stage history)"))
    crm.add_argument("--out", required=True, help=_("folder to write the data into"))
    crm.add_argument("--mapping", default=None, help=_("mapping file (TOML) for columns and stages"))
    crm.add_argument("--key", default=None, help=_("pseudonym key file, kept outside --out "
                                                   "(default: ~/.saleslab/import.key)"))
    crm.add_argument("--force", action="store_true", help=_("overwrite an earlier import"))
    crm.set_defaults(run=_import)

    handout = commands.add_parser(
        "handout", help=_("write the learner handout: notebooks without solutions, fresh data")
    )
    handout.add_argument("--out", required=True, help=_("folder to write the handout into"))
    handout.add_argument("--seed", default=None, help=_("random seed (default: 2026)"))
    handout.add_argument("--teams", type=int, default=None,
                         help=_("one folder per team, each with its own data (team1, team2...)"))
    handout.add_argument("--no-solutions", action="store_true",
                         help=_("withhold the solutions from the notebooks and the installed kit"))
    handout.add_argument("--force", action="store_true",
                         help=_("replace files that differ from a fresh copy (learners' work too)"))
    _add_lang(handout)
    handout.set_defaults(run=_handout)

    grade = commands.add_parser(
        "grade", help=_("run learners' exercise notebooks and tabulate their answers")
    )
    grade.add_argument("submissions", help=_("folder with one notebook or folder per learner"))
    grade.add_argument("--out", default="grades", help=_("folder for grades.csv and grades.html "
                                                         "(default: grades)"))
    grade.add_argument("--timeout", type=int, default=60,
                       help=_("seconds each cell may run (default: 60)"))
    grade.add_argument("--notebook-timeout", type=int, default=300,
                       help=_("seconds each notebook may run in all (default: 300)"))
    grade.add_argument("--jobs", type=int, default=None,
                       help=_("learners graded at once (default: the number of cores)"))
    grade.add_argument("--teams", default=None,
                       help=_("the handout's teams.csv: grade each learner against their team's data"))
    grade.add_argument("--data", default=None,
                       help=_("datasets folder every learner is graded against (default: the course data)"))
    grade.set_defaults(run=_grade)

    report = commands.add_parser(
        "report", help=_("write the class report of the knowledge checks (gains before/after)"))
    report.add_argument("grading", help=_("the --out folder of `saleslab grade` (with grades.csv)"))
    report.add_argument("--out", default="report",
                        help=_("folder for report-trainer.html and report-buyer.html (default: report)"))
    report.add_argument("--names", action="store_true",
                        help=_("show learners' names in the buyer's report too"))
    report.set_defaults(run=_report)

    progress = commands.add_parser(
        "progress", help=_("show done / not yet / not started exercises per notebook")
    )
    progress.add_argument("--file", default=None,
                          help=_("progress file (default: $SALESLAB_PROGRESS or ~/.saleslab/progress.jsonl)"))
    progress.set_defaults(run=_progress)
    add_hub_commands(commands)
    add_translation_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; bad input prints one line and returns a non-zero code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (ValueError, TypeError, FileNotFoundError) as error:
        print(f"saleslab {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
