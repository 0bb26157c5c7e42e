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
