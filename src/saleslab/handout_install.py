"""What a learner installs from the handout: a wheel of the kit and a one-command set-up.

:func:`build_wheel` builds the kit's wheel from the course checkout into a folder. With
``solutions=False`` it is built from a copy of the package whose reference solutions are
blanked (every ``solution=`` of a :class:`~saleslab.exercises.Question`) and without the
exercise sources (which hold solution cells), so nothing a learner installs contains them;
``q1.solution()`` then says the trainer withheld them. The knowledge check's forms go in
without their answer key (:mod:`saleslab.assessment.keyless`). :func:`withhold_solutions`
removes the mentions of ``q1.solution()`` from a learner notebook.

>>> import nbformat
>>> cell = nbformat.v4.new_code_cell("q1.check()\\n# q1.hint()\\n# q1.solution()")
>>> withhold_solutions(nbformat.v4.new_notebook(cells=[cell])).cells[0].source
'q1.check()\\n# q1.hint()'
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from .course import project_root

INSTALL = "install"
_SOLUTION_LINE = re.compile(r"^\s*#\s*q\d+\.solution\(\)\s*$\n?", re.MULTILINE)
_SOLUTION_MENTION = re.compile(r",? or `q\d+\.solution\(\)`")


def withhold_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of a learner notebook without ``# qN.solution()`` lines and mentions."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        pattern = _SOLUTION_LINE if cell.cell_type == "code" else _SOLUTION_MENTION
        cell.source = pattern.sub("", cell.source).rstrip("\n") if cell.cell_type == "code" \
            else pattern.sub("", cell.source)
    return notebook


def blank_solutions(source: str) -> str:
    """``source`` (a Python module) with the value of every ``solution=`` keyword replaced
    by an empty text, and so is every other text in a call that quotes a solution (a wrong
    example built on the right answer, such as the solution divided by a million).

    >>> blank_solutions('Question(title="t", solution="x = 1", hints=("h",))')
    'Question(title="t", solution="", hints=("h",))'
    >>> blank_solutions('Q(solution="y = a.b", wrong=(E("y = a.b / 2", "halved"),))')
    'Q(solution="", wrong=(E("", "halved"),))'
    """
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode("utf-8")))
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]
    answers = {k.value for node in calls for k in node.keywords if k.arg == "solution"}
    solutions = {a.value for a in answers if isinstance(a, ast.Constant) and isinstance(a.value, str)
                 and a.value}
    quoting = {arg for node in calls for arg in [*node.args, *(k.value for k in node.keywords)]
               if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
               and any(solution in arg.value for solution in solutions)}
    data = source.encode("utf-8")
    spans = {(offsets[v.lineno - 1] + v.col_offset, offsets[v.end_lineno - 1] + v.end_col_offset)
             for v in answers | quoting}
    for start, end in sorted(spans, reverse=True):
        data = data[:start] + b'""' + data[end:]
    return data.decode("utf-8")


def withhold_translations(package: Path) -> None:
    """Drop from the catalogues in ``package`` (a copy of the kit's source) every entry its
    code no longer shows: a compiled catalogue carries the English of each entry, so the key
    of a withheld knowledge check or a blanked solution would otherwise ship inside it."""
    from .catalogue import package_template, read_catalogue, write_catalogue

    shown = {message.id for message in package_template(package) if message.id}
    for po in package.glob("locale/*/LC_MESSAGES/*.po"):
        catalogue = read_catalogue(po)
        for message in [m for m in catalogue if m.id and m.id not in shown]:
            catalogue.delete(message.id, context=message.context)
        write_catalogue(po, catalogue)


def build_wheel(out: Path | str, solutions: bool = True, root: Path | str | None = None) -> Path:
    """Build the kit's wheel into ``out`` (made if missing) and return its path; without
    ``solutions`` the wheel holds no reference solution. ValueError if ``root`` (default:
    the course checkout) has no ``pyproject.toml``: a kit installed from a wheel cannot
    build another one."""
    base = project_root() if root is None else Path(root)
    if not (base / "pyproject.toml").is_file():
        raise ValueError(f"no pyproject.toml in {str(base)!r}: make the handout from the course "
                         "checkout, where the kit can be built")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="saleslab-wheel-") as work:
        tree = Path(work) / "kit"
        shutil.copytree(base / "src", tree / "src", ignore=shutil.ignore_patterns(
            "__pycache__", "*.pyc", "*.egg-info", "*.mo"))  # setup.py compiles the .mo afresh
        for name in ("pyproject.toml", "setup.py", "README.md"):  # setup.py compiles the .mo
            shutil.copy2(base / name, tree / name)
        if not solutions:
            exercises = tree / "src" / "saleslab" / "exercises"
            shutil.rmtree(exercises / "sources")
            for module in exercises.rglob("*.py"):
                module.write_text(blank_solutions(module.read_text(encoding="utf-8")), encoding="utf-8")
            from .assessment.keyless import keyless_source

            (tree / "src" / "saleslab" / "assessment" / "forms.py").write_text(keyless_source(), encoding="utf-8")
            withhold_translations(tree / "src" / "saleslab")
        built = Path(work) / "wheel"
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                                 *(["--no-build-isolation"] if can_build_offline() else []),
                                 "-w", str(built), str(tree)], capture_output=True, text=True)
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["pip failed"])[-1]
            raise ValueError(f"the kit's wheel could not be built: {last}")
        [wheel] = built.glob("*.whl")
        target = out / wheel.name
        shutil.copy2(wheel, target)
    return target


#: The oldest setuptools that builds the kit (``[build-system] requires`` in pyproject.toml).
SETUPTOOLS_MIN = 77


def can_build_offline() -> bool:
    """Whether this Python holds the kit's build backend (setuptools and babel), so the wheel
    is built without fetching them: pip's build isolation would download them every time.

    >>> isinstance(can_build_offline(), bool)
    True
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        major = int(version("setuptools").split(".")[0])
    except (PackageNotFoundError, ValueError):
        return False
    return major >= SETUPTOOLS_MIN and importlib.util.find_spec("babel") is not None


def setup_command(wheel_name: str) -> str:
    """The one command that installs the course into ``.venv`` inside the handout folder.

    >>> setup_command("saleslab-0.1.0-py3-none-any.whl")
    'python3 -m venv .venv && .venv/bin/python -m pip install -c install/pins.txt install/saleslab-0.1.0-py3-none-any.whl'
    """
    return (f"python3 -m venv .venv && .venv/bin/python -m pip install -c {INSTALL}/pins.txt "
            f"{INSTALL}/{wheel_name}")
