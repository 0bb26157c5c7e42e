"""Is this machine ready for the course? Python, pinned packages, the widgets extension, and a
CJK font for the Chinese edition's figures.

>>> report = check_environment()
>>> isinstance(report.ok, bool)
True
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from .i18n import LANG_VARIABLE, _

# The Pythons .ci/run tests; the pins (numpy 2.4, pandas 3.1 ...) have no build for 3.10.
PYTHON_RANGE = ((3, 11), (3, 13))
WIDGETS_EXTENSION = "@jupyter-widgets/jupyterlab-manager"


@dataclass(frozen=True)
class Check:
    """One item of the environment check and, when it fails, the command that fixes it."""

    name: str
    ok: bool
    found: str
    expected: str
    fix: str = ""


@dataclass(frozen=True)
class EnvironmentReport:
    """The course's checks and, apart, what only the tests need; ``ok`` counts the course only.

    ``str()`` (what a notebook shows) says the same on every ready machine: one summary line,
    or only the problems. :meth:`table` lists every check with what this machine has.
    """

    checks: tuple[Check, ...]
    test_checks: tuple[Check, ...] = ()

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def problems(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.ok)

    def _verdict(self) -> str:
        if self.ok:
            return _("Everything is ready.")
        return _("{n} problem(s): run the fix command(s) above, then restart the kernel.").format(
            n=len(self.problems))

    def __str__(self) -> str:
        if not self.ok:
            return "\n".join([*_lines(self.problems), self._verdict()])
        summary = _("ok  Python {range}, every package the course needs at its pinned version, "
                    "and the widgets extension for sliders").format(range=_python_range())
        return "\n".join([summary, self._verdict()])

    def __repr__(self) -> str:
        return str(self)

    def table(self) -> str:
        """Every check with this machine's versions, then the tests' own packages."""
        lines = _lines(self.checks)
        if self.test_checks:
            lines += ["", _("Only the tests (make test) need these; the course runs without them:")]
            lines += _lines(self.test_checks, problem="---")
        return "\n".join([*lines, self._verdict()])


def _lines(checks: tuple[Check, ...], problem: str = "FIX") -> list[str]:
    """One aligned line per check; a failed one ends with the command that fixes it."""
    width = max((len(check.name) for check in checks), default=0)
    lines = []
    for check in checks:
        expected, fix = _("expected"), _("fix")
        line = (f"{'ok ' if check.ok else problem} {check.name:<{width}}  {check.found:<12} "
                f"{expected} {check.expected}")
        lines.append(line + "  " + _("{label}: {fix}").format(label=fix, fix=check.fix) if check.fix else line)
    return lines


def read_pins(text: str | None = None) -> dict[str, str]:
    """Package name → pinned version, from ``pins.txt`` (or the given text).

    >>> read_pins("numpy==2.4.6\\n# comment\\n")
    {'numpy': '2.4.6'}
    """
    if text is None:
        text = resources.files("saleslab").joinpath("pins.txt").read_text(encoding="utf-8")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        if not sep or not name.strip() or not version.strip():
            raise ValueError(f"pins must read 'name==version', got {line!r}")
        pins[name.strip().lower()] = version.strip()
    return pins


def _pip(requirement: str) -> str:
    return f"{shlex.quote(sys.executable)} -m pip install {shlex.quote(requirement)}"


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _python_range() -> str:
    low, high = PYTHON_RANGE
    return f"{low[0]}.{low[1]}–{high[0]}.{high[1]}"


def check_python(version: tuple[int, int] | None = None) -> Check:
    """Python must lie in the range the course is tested on.

    >>> check_python((3, 10)).ok, check_python((3, 13)).ok
    (False, True)
    """
    found = version or sys.version_info[:2]
    low, high = PYTHON_RANGE
    ok = low <= tuple(found) <= high
    fix = "" if ok else _("install Python {v}, then `make clean lab` (it picks that Python), "
                          "or conda env create -f environment.yml").format(v=_python_range())
    return Check("python", ok, f"{found[0]}.{found[1]}", _python_range(), fix)


def check_package(name: str, pinned: str | None, found: str | None = None) -> Check:
    """An installed package must have its pinned version (``found`` overrides the lookup).

    With no pin (``None``), any installed version will do.

    >>> check_package("pandas", "3.1.1", found="2.2.0").ok
    False
    """
    found = found if found is not None else _installed(name)
    ok = found is not None and (pinned is None or found == pinned)
    fix = "" if ok else _pip(name if pinned is None else f"{name}=={pinned}")
    return Check(name, ok, found or _("missing"), pinned or _("any version"), fix)


def packages_for_tests(requires: list[str] | None = None) -> list[str]:
    """Names of what the kit needs only for its tests: its ``test`` extra (installed metadata).

    >>> packages_for_tests(["numpy>=2.0", 'nbval>=0.11; extra == "test"'])
    ['nbval']
    """
    if requires is None:
        try:
            requires = metadata.requires("saleslab") or []
        except metadata.PackageNotFoundError:  # run from a checkout that was never installed
            requires = []
    names = []
    for requirement in requires:
        spec, _sep, marker = requirement.partition(";")
        if re.search(r"""extra\s*==\s*["']test["']""", marker):
            names.append(re.split(r"[\s<>=!~\[(]", spec.strip(), maxsplit=1)[0].lower())
    return names


def widgets_extension_paths() -> list[Path]:
    """Where JupyterLab looks for prebuilt extensions."""
    from jupyter_core.paths import jupyter_path

    return [Path(p) / WIDGETS_EXTENSION for p in jupyter_path("labextensions")]


def check_widgets(paths: list[Path] | None = None) -> Check:
    """Widgets render in JupyterLab only when the widgets extension is installed."""
    if paths is None:
        try:
            paths = widgets_extension_paths()
        except ImportError:  # jupyter_core comes with JupyterLab: it is missing too
            paths = []
    ok = any((path / "package.json").is_file() for path in paths)
    version = _installed("jupyterlab_widgets")
    fix = "" if ok else _pip("jupyterlab_widgets" + (f"=={version}" if version else ""))
    return Check(_("widgets extension"), ok, _("present") if ok else _("missing"),
                 WIDGETS_EXTENSION, fix)


def check_cjk_font(language: str | None = None) -> Check:
    """Figures of the Chinese edition need a CJK font; the English edition draws without one.

    ``language`` defaults to ``SALESLAB_LANG``. A failed check's fix is the install command for
    this system (``saleslab.fonts.install_command``).
    """
    from . import fonts  # matplotlib is imported only when a font is looked up

    language = language if language is not None else os.environ.get(LANG_VARIABLE)
    try:
        family = fonts.cjk_family()
    except ImportError:  # matplotlib is missing: its own check says how to install it
        family = None
    ok = family is not None or not fonts.is_chinese(language)
    return Check(_("CJK font"), ok, family or _("missing"), _("a Chinese font for figures"),
                 "" if ok else fonts.install_command())


def check_environment() -> EnvironmentReport:
    """Check Python, every pinned package and the widgets extension; the tests' packages apart.

    Print the result for a summary (or the problems, each with its fix command);
    ``print(report.table())`` lists every check.
    """
    pins = read_pins()
    for_tests = packages_for_tests()
    checks = [check_python()]
    checks += [check_package(name, version) for name, version in pins.items()
               if name not in for_tests]
    checks.append(check_widgets())
    checks.append(check_cjk_font())
    test_checks = tuple(check_package(name, pins.get(name)) for name in for_tests)
    return EnvironmentReport(tuple(checks), test_checks)
