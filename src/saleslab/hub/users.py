"""``saleslab hub users CLASS``: one system account per learner, home private to them.

A new account gets a home readable by its owner only (mode 0700, so no learner sees
another's work) and a random password, written with the user names to a file only the
trainer can read (mode 0600) to hand out at the door. An existing account is kept as it
is (its password too); a home that others can enter is made private and reported.

>>> password = new_password()
>>> len(password), set(password) <= set(LETTERS)
(10, True)
"""

from __future__ import annotations

import csv
import os
import pwd
import random
import secrets
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _
from .as_learner import account_of, require_root
from .classlist import read_class

#: Letters a learner cannot misread on a slip of paper (no i, l, o).
LETTERS = "abcdefghjkmnpqrstuvwxyz"


@dataclass
class Accounts:
    """What ``hub users`` did: accounts made, kept, and homes made private."""

    made: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    privated: list[str] = field(default_factory=list)
    passwords: Path | None = None

    def __repr__(self) -> str:
        lines = [_("{made} account(s) made, {kept} already there.").format(
            made=len(self.made), kept=len(self.kept))]
        if self.privated:
            lines.append(_("  made private (others could enter): {homes}").format(
                homes=", ".join(self.privated)))
        if self.passwords is not None and self.made:
            lines.append(_("  passwords of the new accounts: {file} (only you can read it)").format(
                file=self.passwords))
        return "\n".join(lines)


def new_password(rng: random.Random | None = None) -> str:
    """Ten letters, easy to copy from a slip of paper (about 45 bits)."""
    pick = (rng or secrets.SystemRandom()).choice
    return "".join(pick(LETTERS) for _ in range(10))


def make_private(home: Path) -> bool:
    """Make ``home`` (a real folder, not a link) readable by its owner only; True if it was not."""
    mode = os.lstat(home).st_mode
    if not stat.S_ISDIR(mode):
        raise ValueError(f"the home {str(home)!r} is not a folder: fix the account by hand")
    if stat.S_IMODE(mode) & 0o077:
        os.chmod(home, 0o700, follow_symlinks=False)
        return True
    return False


def _system(command: list[str], text: str | None = None) -> None:
    """Run a system tool; its own error message as one ValueError line if it fails."""
    done = subprocess.run(command, input=text, text=True, capture_output=True, check=False)
    if done.returncode != 0:
        raise ValueError(f"{command[0]} failed: {done.stderr.strip() or done.returncode}")


def create_accounts(class_list: Path | str, passwords: Path | str) -> Accounts:
    """Make the class's accounts (see the module docstring); new passwords go to ``passwords``."""
    require_root()
    learners, done = read_class(class_list), Accounts(passwords=Path(passwords))
    rows, existing = [], {account.pw_name for account in pwd.getpwall()}
    for learner in learners:
        if learner.user in existing:
            account_of(learner.user)  # refuses a system account: never a learner's
            done.kept.append(learner.user)
        else:
            _system(["useradd", "--create-home", "--user-group", "--shell", "/bin/bash", learner.user])
            password = new_password()
            _system(["chpasswd"], f"{learner.user}:{password}\n")
            rows.append((learner.user, password))
            done.made.append(learner.user)
        if make_private(Path(pwd.getpwnam(learner.user).pw_dir)) and learner.user in done.kept:
            done.privated.append(learner.user)
    if rows:
        descriptor = os.open(passwords, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
        with os.fdopen(descriptor, "a", newline="") as handle:
            if handle.tell() == 0:
                handle.write("user,password\n")
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return done
