import subprocess
import sys

import pytest

from saleslab import cli, envcheck


def test_pins_cover_what_stored_outputs_depend_on():
    pins = envcheck.read_pins()
    for name in ("numpy", "pandas", "matplotlib", "seaborn", "ipywidgets", "statsmodels"):
        assert name in pins


def test_set_up_environment_passes():
    report = envcheck.check_environment()
    assert report.ok, str(report)
    assert "Everything is ready." in str(report)


def test_wrong_version_fails_with_the_exact_fix_command():
    check = envcheck.check_package("pandas", "3.1.1", found="2.2.0")
    assert not check.ok
    assert check.fix == f"{sys.executable} -m pip install pandas==3.1.1"


def test_missing_package_is_reported_as_missing():
    check = envcheck.check_package("no-such-package-xyz", "1.0")
    assert not check.ok and check.found == "missing"


def test_python_outside_tested_range_fails():
    assert not envcheck.check_python((3, 10)).ok
    assert not envcheck.check_python((3, 14)).ok
    assert envcheck.check_python((3, 11)).ok and envcheck.check_python((3, 13)).ok


def test_what_a_notebook_shows_is_the_same_on_every_ready_machine(monkeypatch):
    """The start notebook stores this output, and nbval compares it on every Python."""
    shown = str(envcheck.check_environment())
    monkeypatch.setattr(envcheck.sys, "version_info", (3, 13, 0))
    monkeypatch.setattr(envcheck, "_installed", lambda name: "9.9" if name == "pytest" else
                        envcheck.read_pins().get(name, "1.0"))
    assert str(envcheck.check_environment()) == shown
    assert shown.splitlines()[-1] == "Everything is ready."
    assert "3.11–3.13" in shown and ".".join(map(str, sys.version_info[:3])) not in shown


def test_a_notebook_shows_only_the_problems_each_with_its_fix():
    report = envcheck.EnvironmentReport((
        envcheck.check_python((3, 10)),
        envcheck.check_package("pandas", "3.1.1", found="2.2.0"),
        envcheck.check_package("numpy", "2.4.6", found="2.4.6"),
    ))
    lines = str(report).splitlines()
    assert len(lines) == 3 and "numpy" not in str(report)
    assert lines[0].startswith("FIX python") and "make clean lab" in lines[0]
    assert lines[1].startswith("FIX pandas") and lines[1].endswith("pip install pandas==3.1.1")
    assert lines[2].startswith("2 problem(s)")


def test_packages_only_the_tests_need_are_apart_and_never_a_problem(monkeypatch):
    assert "nbval" in envcheck.packages_for_tests()
    assert "pandas" not in envcheck.packages_for_tests()
    real = envcheck._installed
    monkeypatch.setattr(envcheck, "_installed", lambda name: None if name == "nbval" else real(name))
    report = envcheck.check_environment()
    assert report.ok and "nbval" not in {check.name for check in report.checks}
    table = report.table()
    assert "Only the tests (make test) need these" in table
    assert "--- nbval" in table and "pip install nbval==0.11.0" in table
    assert table.splitlines()[-1] == "Everything is ready."


def test_command_line_check_without_pandas_prints_one_line_per_problem_and_no_traceback():
    """As on a machine where pandas is not installed: `import pandas` fails, no metadata."""
    script = (
        "import sys\n"
        "from importlib import metadata\n"
        "real = metadata.version\n"
        "def version(name):\n"
        "    if name in ('pandas', 'seaborn'):\n"
        "        raise metadata.PackageNotFoundError(name)\n"
        "    return real(name)\n"
        "metadata.version = version\n"
        "sys.modules['pandas'] = sys.modules['seaborn'] = None  # import fails\n"
        "from saleslab.cli import main\n"
        "sys.exit(main(['check']))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr and result.stderr == ""
    problems = [line for line in result.stdout.splitlines() if line.startswith("FIX")]
    assert [line.split()[1] for line in problems] == ["pandas", "seaborn"]
    assert all("pip install" in line for line in problems)


def test_missing_widgets_extension_fails_with_fix(tmp_path):
    check = envcheck.check_widgets([tmp_path / "nowhere"])
    assert not check.ok and "pip install jupyterlab_widgets" in check.fix


def test_bad_pin_lines_are_rejected():
    with pytest.raises(ValueError, match="pins must read 'name==version'"):
        envcheck.read_pins("numpy>=2\n")


def test_command_line_check_exits_non_zero_with_fix_on_wrong_version(monkeypatch, capsys):
    real = envcheck._installed
    monkeypatch.setattr(envcheck, "_installed", lambda name: "0.0.1" if name == "seaborn" else real(name))
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    assert "FIX seaborn" in out
    assert "pip install seaborn==0.13.2" in out
    assert "ok  numpy" in out  # the command line lists every check


def test_command_line_check_exits_zero_when_ready(capsys):
    assert cli.main(["check"]) == 0
    assert "Everything is ready." in capsys.readouterr().out
