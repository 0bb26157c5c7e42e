"""Run a job as one learner: a child process with their user and group ids, their home,
and nothing of the trainer's environment. What it reads is what the learner could read;
what it writes belongs to the learner.

The job itself is this module's ``main``: ``python -m saleslab.hub.as_learner JOB ...``
prints its result as JSON on stdout, where :func:`run_as` reads it.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import stat
import subprocess
import sys
from pathlib import Path

from .config import COURSE_FOLDER, settings

#: Accounts below this user id belong to the system (Debian's and Ubuntu's UID_MIN).
FIRST_UID = 1000
#: The files ``collect`` takes from a learner's course folder (relative paths, globbed).
COLLECTED = ("exercises/*.ipynb", "datasets/datapackage.json")


def require_root() -> None:
    """ValueError (one line) unless this process may act as any learner."""
    if os.geteuid() != 0:
        raise ValueError("`saleslab hub` commands act as each learner: run them as root "
                         "(sudo .venv/bin/saleslab hub ...)")


def account_of(user: str) -> pwd.struct_passwd:
    """The learner account ``user``; ValueError (one line) if there is no such account or
    it is a system account (a learner's commands must never act on those).

    >>> account_of("root")
    Traceback (most recent call last):
    ...
    ValueError: 'root' is a system account (uid 0), not a learner: take it off the class list
    """
    try:
        account = pwd.getpwnam(user)
    except KeyError:
        raise ValueError(f"no system account {user!r}: run `saleslab hub users` first") from None
    if account.pw_uid < FIRST_UID:
        raise ValueError(f"{user!r} is a system account (uid {account.pw_uid}), not a learner: "
                         "take it off the class list")
    return account


def run_as(user: str, job: list[str], timeout: float = 300, data: object = None) -> object:
    """Run ``job`` (arguments of this module's ``main``) as ``user``, with ``data`` as JSON on
    its standard input; its JSON result. A job that fails gives a ValueError with its last
    error line."""
    account = account_of(user)
    env = {"HOME": account.pw_dir, "USER": user, "LOGNAME": user, "LANG": "C.UTF-8",
           "PATH": "/usr/local/bin:/usr/bin:/bin"}
    # -I: nothing from the learner's home (a planted saleslab/ or .local) is imported
    command = [settings()["SALESLAB_HUB_PYTHON"], "-I", "-m", "saleslab.hub.as_learner", *job]
    done = subprocess.run(command, user=account.pw_uid, group=account.pw_gid, extra_groups=[],
                          env=env, cwd=account.pw_dir, capture_output=True, text=True,
                          input=json.dumps(data), timeout=timeout, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise ValueError(f"{job[0]} as {user} failed: {last}")
    return json.loads(done.stdout)


def _real_folder(path: Path) -> bool:
    """A real folder, not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _place(_args: argparse.Namespace) -> dict:
    """Write each file given on stdin ({relative path: text}) into the course folder unless
    something is already there: the learner's files are never overwritten, and nothing is
    written through a link."""
    course, done = Path.home() / COURSE_FOLDER, {"written": 0, "unchanged": 0, "kept": []}
    for name, text in json.load(sys.stdin).items():
        target = course / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise ValueError(f"refusing the file name {name!r}")
        if any(p.is_symlink() for p in (target, *target.parents) if course in (p, *p.parents)):
            done["kept"].append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            same = target.is_file() and target.read_bytes() == text.encode("utf-8")
            done["unchanged"] += same
            done["kept"] += [] if same else [name]
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        done["written"] += 1
    return done


def _collect(_args: argparse.Namespace) -> dict:
    """The text of each collected file that is a regular file reached without a link."""
    from ..grading.submissions import read_regular

    course, found = Path.home() / COURSE_FOLDER, {}
    if not _real_folder(course):
        return found
    for pattern in COLLECTED:
        if not _real_folder(course / Path(pattern).parent):
            continue
        for path in sorted(course.glob(pattern)):
            try:
                found[path.relative_to(course).as_posix()] = read_regular(path)
            except ValueError:  # a link, a pipe, a huge file: not handed in
                continue
    return found


def _progress(_args: argparse.Namespace) -> str:
    """The learner's progress file as text ("" if they have not checked anything yet)."""
    from ..exercises.progress import progress_file
    from ..grading.submissions import read_regular

    path = progress_file()
    if not path.exists() and not path.is_symlink():
        return ""
    return read_regular(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="saleslab.hub.as_learner")
    jobs = parser.add_subparsers(dest="job", required=True)
    jobs.add_parser("place").set_defaults(run=_place)
    jobs.add_parser("collect").set_defaults(run=_collect)
    jobs.add_parser("progress").set_defaults(run=_progress)
    args = parser.parse_args(argv)
    json.dump(args.run(args), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
