"""Corrupt course data (issue 14): every case gives one line naming the file, the column,
the first bad line and the fix; nothing becomes NaN silently."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from saleslab.data import DataError, load, validate_folder


def _corrupt(tmp_path, name: str, change) -> None:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "datasets", folder)
    path = folder / f"{name}.csv"
    path.write_bytes(change(path.read_text(encoding="utf-8")))


def _line_with(text: str, word: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if word in line)


CASES = {
    "region in Chinese": ("sales_history", lambda t: t.replace(",East,", ",华东,").encode(),
                          ["sales_history.csv", "`region`", "line 2", "华东"]),
    "stage capitalised": ("crm_events", lambda t: t.replace(",lead,", ",Lead,", 1).encode(),
                          ["crm_events.csv", "`stage`", "line 2", "'Lead'"]),
    "n/a in a number": ("sales_history", lambda t: t.replace("\n", "\n", 1)[:t.index("\n") + 1]
                        + ",".join(t.splitlines()[1].split(",")[:-1] + ["n/a"]) + "\n"
                        + "\n".join(t.splitlines()[2:]) + "\n",
                        ["sales_history.csv", "line 2", "'n/a'"]),
    "thousands separator": ("sales_history", lambda t: t.splitlines()[0] + "\n"
                            + ",".join(t.splitlines()[1].split(",")[:-1] + ['"258,860"']) + "\n"
                            + "\n".join(t.splitlines()[2:]) + "\n",
                            ["sales_history.csv", "line 2", "258,860"]),
    "slashed date": ("sales_history", lambda t: t.replace(t.splitlines()[1].split(",")[0],
                     "2023/1/1", 1), ["sales_history.csv", "`month`", "line 2", "2023/1/1"]),
    "semicolons": ("territories", lambda t: t.replace(",", ";"), ["territories.csv", "semicolons"]),
    "empty file": ("territories", lambda t: "", ["territories.csv", "empty"]),
    "GBK encoding": ("territories", lambda t: t.replace("East", "华东").encode("gbk"),
                     ["territories.csv", "UTF-8"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_corrupt_data_gives_one_line_naming_file_column_and_line(tmp_path, case):
    name, change, says = CASES[case]

    def as_bytes(text: str) -> bytes:
        out = change(text)
        return out if isinstance(out, bytes) else out.encode("utf-8")

    _corrupt(tmp_path, name, as_bytes)
    with pytest.raises(DataError) as raised:
        load(name, tmp_path / "data")
    message = str(raised.value)
    assert "\n" not in message and "saleslab data --out" in message
    for word in says:
        assert word in message, (case, message)
    found = validate_folder(tmp_path / "data")
    assert len(found) >= 1 and found[0].startswith(f"{name}.csv")


def test_the_course_data_loads_without_a_problem():
    assert validate_folder(ROOT / "datasets") == []
    assert load("crm_opportunities")["loss_reason"].isna().any(), "open deals have no loss reason"


@pytest.mark.parametrize("case", ["region in Chinese", "n/a in a number", "semicolons", "GBK encoding"])
def test_the_chinese_edition_says_the_data_problem_in_chinese(tmp_path, monkeypatch, case):
    name, change, _says = CASES[case]
    _corrupt(tmp_path, name, lambda text: (lambda out: out if isinstance(out, bytes)
                                           else out.encode("utf-8"))(change(text)))
    monkeypatch.setenv("SALESLAB_LANG", "zh_CN")
    with pytest.raises(DataError) as raised:
        load(name, tmp_path / "data")
    message = str(raised.value)
    assert f"{name}.csv" in message and "改正文件中的那一行" in message and "saleslab data --out" in message
    assert "Fix that line" not in message and " is not " not in message
    if case in ("region in Chinese", "n/a in a number"):
        assert "第 2 行" in message, message
