"""Command-line errors are one line, name the parameter and never show a traceback."""

import pytest

from saleslab import cli


@pytest.mark.parametrize("seed", ["abc", "1.5", "-3"])
def test_bad_seed_gives_one_line_and_writes_nothing(seed, tmp_path, capsys):
    out = tmp_path / "data"
    assert cli.main(["data", "--seed", seed, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "`seed` must be a whole number 0 or more" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("out, says", [
    ("", "`out` must be a folder name, got ''"),
    ("afile/sub", "`out` folder"),
    ("/proc/saleslab-data", "`out` folder '/proc/saleslab-data' cannot be written"),
])
def test_data_checks_its_out_folder_up_front(tmp_path, monkeypatch, capsys, out, says):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x")
    assert cli.main(["data", "--out", out]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"], "nothing written"


def test_progress_says_when_a_file_is_not_a_progress_file(tmp_path, capsys):
    garbage = tmp_path / "notes.txt"
    garbage.write_bytes(b"\xff\xfe garbage\nmore,garbage\n")
    assert cli.main(["progress", "--file", str(garbage)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a progress file" in err
