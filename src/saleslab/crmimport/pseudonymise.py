"""Stable pseudonyms for people and customers: an HMAC of the name with a secret salt.

The same salt gives the same pseudonym every run (a re-import lines up with the last one);
another salt gives unrelated pseudonyms. The salt lives in a key file the trainer keeps
*outside* the data folder, beside a lookup table from pseudonym back to the real name.

>>> Pseudonyms(b"salt", "R").of("张伟") == Pseudonyms(b"salt", "R").of("张伟")
True
>>> Pseudonyms(b"salt", "R").of("张伟") != Pseudonyms(b"pepper", "R").of("张伟")
True
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

from ..i18n import _
from .errors import ImportProblem
from .parse import per_distinct

KEY_VARIABLE = "SALESLAB_IMPORT_KEY"
#: Prefix of each kind of pseudonym: rep, customer (account), contact.
PREFIX = {"owner": "R", "account": "C", "contact": "P"}


class Pseudonyms:
    """Pseudonyms of one kind (prefix) under one salt; remembers what it replaced."""

    def __init__(self, salt: bytes, prefix: str) -> None:
        self.salt, self.prefix, self.seen = salt, prefix, {}

    def of(self, name: str) -> str:
        """The pseudonym of one name, e.g. ``R-3fa2c1d0``; empty stays empty."""
        if not name:
            return ""
        if name not in self.seen:
            digest = hmac.new(self.salt, name.strip().encode("utf-8"), hashlib.sha256).hexdigest()
            self.seen[name] = f"{self.prefix}-{digest[:10]}"
        return self.seen[name]

    def column(self, names: pd.Series) -> pd.Series:
        """A whole column, hashing each distinct name once."""
        return per_distinct(names, self.of)


def default_key_file() -> Path:
    """``$SALESLAB_IMPORT_KEY``, else ``~/.saleslab/import.key``."""
    return Path(os.environ.get(KEY_VARIABLE) or Path.home() / ".saleslab" / "import.key")


def load_salt(key_file: Path, out: Path) -> tuple[bytes, bool]:
    """The salt in ``key_file`` (made, with a fresh random salt, if missing), and whether it was
    made now. Refuses a key file inside the output folder: the key would travel with the data."""
    key_file = Path(key_file)
    if key_file.resolve().is_relative_to(Path(out).resolve()):
        raise ImportProblem(str(key_file), _("the key file is inside the output folder"),
                            _("keep it outside: pass --key with a path outside --out"))
    if key_file.is_file():
        salt = key_file.read_text(encoding="ascii").strip()
        if len(salt) < 32:
            raise ImportProblem(str(key_file), _("is not a saleslab key file"),
                                _("point --key at the key file of the last import, or at a new path"))
        return salt.encode("ascii"), False
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
    key_file.chmod(0o600)
    return key_file.read_text(encoding="ascii").strip().encode("ascii"), True


def write_lookup(key_file: Path, groups: list[Pseudonyms]) -> Path:
    """The pseudonym -> real name table beside the key file (never in the data folder). The
    names of earlier imports made with the same key stay in it: one key, one table."""
    path = Path(f"{key_file}.names.csv")
    known: set[tuple[str, str]] = set()
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            known = {(row[0], row[1]) for row in list(csv.reader(handle))[1:] if len(row) == 2}
    rows = sorted(known | {(p.seen[name], name) for p in groups for name in p.seen})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["pseudonym", "real_name"])
        writer.writerows(rows)
    path.chmod(0o600)
    return path
