"""environment.yml (conda, Binder) and pyproject/pins.txt (pip, make) must agree."""

import re
import tomllib

import yaml

from saleslab.envcheck import PYTHON_RANGE, read_pins
from conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _conda():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep["pip"]
        else:
            name, version = re.match(r"([\w.-]+)=?(.*)", dep).groups()
            conda[name.lower().replace("_", "-")] = version
    return env, conda, pip


def test_environment_uses_conda_forge_and_installs_the_checkout():
    env, _, pip = _conda()
    assert env["channels"] == ["conda-forge"]
    assert "-e ." in pip


def test_environment_pins_equal_pins_file():
    _, conda, _ = _conda()
    for name, version in read_pins().items():
        assert conda.get(name) == version, f"{name}: pins.txt {version}, environment.yml {conda.get(name)!r}"


def test_environment_has_every_pyproject_dependency():
    _, conda, _ = _conda()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = project["dependencies"] + project["optional-dependencies"]["test"]
    missing = sorted({_name(r) for r in needed} - set(conda))
    assert not missing, f"environment.yml lacks {missing}"


def test_every_pin_is_a_project_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    assert set(read_pins()) <= names


def test_every_place_names_the_same_supported_pythons():
    """README, pyproject, environment.yml, tools/python-env.sh and `saleslab check` agree."""
    (_, low), (_, high) = PYTHON_RANGE
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == f">=3.{low},<3.{high + 1}"
    classifiers = {c for c in project["classifiers"] if re.fullmatch(r".*Python :: 3\.\d+", c)}
    assert classifiers == {f"Programming Language :: Python :: 3.{m}" for m in range(low, high + 1)}
    _, conda, _ = _conda()
    assert conda["python"] == f">=3.{low},<3.{high + 1}"
    script = (ROOT / "tools" / "python-env.sh").read_text()
    assert f"\nMIN={low}\nMAX={high}\n" in script
    candidates = re.search(r'CANDIDATES="(.*)"', script).group(1).split()
    assert {f"python3.{m}" for m in range(low, high + 1)} <= set(candidates)
    assert f"Python 3.{low}–3.{high} and `make`" in (ROOT / "README.md").read_text()
    assert f"Python 3.{low}–3.{high}" in (ROOT / "docs" / "trainer-guide.md").read_text()


def test_a_notebook_of_the_course_does_not_import_nbformat():
    """nbformat's schema checks take seconds to import; every notebook of the course (and each
    notebook `saleslab grade` runs) would pay them at start-up."""
    import subprocess
    import sys

    code = ("import sys, saleslab, saleslab.story, saleslab.widgets.case1\n"
            "from saleslab.exercises import module1, case3\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'nbformat', 'jsonschema'}))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "[]"


def test_the_offline_wheel_build_asks_for_the_build_systems_setuptools():
    from saleslab.handout_install import SETUPTOOLS_MIN

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert f"setuptools>={SETUPTOOLS_MIN}" in requires
