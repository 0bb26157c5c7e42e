"""Is this machine ready for the course? Python, pinned packages and the widgets extension.

>>> report = check_environment()
>>> isinstance(report.ok, bool)
True
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from .i18n import _

PYTHON_RANGE = ((3, 10), (3, 13))
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
    """All checks; ``ok`` is true only when every check passed."""

    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def problems(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.ok)

    def __str__(self) -> str:
        width = max(len(check.name) for check in self.checks)
        lines = []
        for check in self.checks:
            mark = "ok " if check.ok else "FIX"
            lines.append(f"{mark} {check.name:<{width}}  {check.found:<12} {_('expected')} {check.expected}")
            if check.fix:
                lines.append(f"    {_('fix')}: {check.fix}")
        verdict = _("Everything is ready.") if self.ok else _(
            "{n} problem(s): run the fix command(s) above, then restart the kernel."
        ).format(n=len(self.problems))
        return "\n".join([*lines, verdict])

    def __repr__(self) -> str:
        return str(self)


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


def check_python(version: tuple[int, int] | None = None) -> Check:
    """Python must lie in the range the course is tested on."""
    found = version or sys.version_info[:2]
    low, high = PYTHON_RANGE
    ok = low <= tuple(found) <= high
    expected = f"{low[0]}.{low[1]}–{high[0]}.{high[1]}"
    fix = "" if ok else _("install Python {v} (or use environment.yml with conda)").format(v=expected)
    return Check("python", ok, f"{found[0]}.{found[1]}", expected, fix)


def check_package(name: str, pinned: str, found: str | None = None) -> Check:
    """An installed package must have its pinned version (``found`` overrides the lookup)."""
    found = found if found is not None else _installed(name)
    ok = found == pinned
    fix = "" if ok else _pip(f"{name}=={pinned}")
    return Check(name, ok, found or _("missing"), pinned, fix)


def widgets_extension_paths() -> list[Path]:
    """Where JupyterLab looks for prebuilt extensions."""
    from jupyter_core.paths import jupyter_path

    return [Path(p) / WIDGETS_EXTENSION for p in jupyter_path("labextensions")]


def check_widgets(paths: list[Path] | None = None) -> Check:
    """Widgets render in JupyterLab only when the widgets extension is installed."""
    paths = widgets_extension_paths() if paths is None else paths
    ok = any((path / "package.json").is_file() for path in paths)
    version = _installed("jupyterlab_widgets")
    fix = "" if ok else _pip("jupyterlab_widgets" + (f"=={version}" if version else ""))
    return Check(_("widgets extension"), ok, _("present") if ok else _("missing"),
                 WIDGETS_EXTENSION, fix)


def check_environment() -> EnvironmentReport:
    """Check Python, every pinned package and the widgets extension.

    Print the result to see a table with a fix command beside each problem.
    """
    checks = [check_python()]
    checks += [check_package(name, version) for name, version in read_pins().items()]
    checks.append(check_widgets())
    return EnvironmentReport(tuple(checks))
