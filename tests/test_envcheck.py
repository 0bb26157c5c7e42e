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
    assert not envcheck.check_python((3, 8)).ok
    assert envcheck.check_python((3, 11)).ok


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


def test_command_line_check_exits_zero_when_ready(capsys):
    assert cli.main(["check"]) == 0
    assert "Everything is ready." in capsys.readouterr().out
