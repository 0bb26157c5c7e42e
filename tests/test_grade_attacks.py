"""The attack suite: what a bored or anxious learner might hand in (issue 14). Whatever one
submission does, honest learners' grades are exact, files outside the submission stay as
they were, and the run completes. Needs bubblewrap (`make sandbox`); slow: one sandboxed
kernel per submission."""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from conftest import ROOT
from saleslab.cli import main
from saleslab.grading import Grades, Limits, grade_submissions, write_grades
from saleslab.grading.sandbox import bubblewrap

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(bubblewrap() is None, reason="bubblewrap is not installed")]

SOURCE = ROOT / "src/saleslab/exercises/sources/01_target_setting_exercises.ipynb"
NAME = "01_target_setting_exercises.ipynb"
SECRET = "SALESLAB_TEST_SECRET"
SLEEPER = "saleslab-attack-sleeper"
LURKER = "saleslab-attack-lurker"


def _source() -> nbformat.NotebookNode:
    notebook = nbformat.read(SOURCE, as_version=4)
    notebook.cells = [c for c in notebook.cells if "selftest" not in c.metadata.get("tags", [])]
    return notebook


def _setup_cell() -> str:
    return next(c.source for c in _source().cells if c.cell_type == "code")


def _write(path: Path, *cells: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells]), path)


def _honest(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(_source(), path)


#: The right answer to q1, written only when the attack worked: a leak becomes a grade.
RIGHT_IF = "last_year = history.groupby(history['month'].dt.year)['bookings'].sum().iloc[-1] if {} else 1"


def _cross_notebook_attacks(setup: str, canary: Path) -> list[list[str]]:
    """Notebooks that try to reach the same learner's next notebook through what they share."""
    lurker = (f"import os, signal, sys, time\nsys.argv[0] = {LURKER!r}\ntime.sleep(2)\n"
              "for _ in range(400):\n    os.kill(-1, signal.SIGKILL)\n"
              "    for path in ['/tmp/work/x', '/tmp/home/runtime/x', " + repr(str(canary / "keep.txt")) + "]:\n"
              "        try:\n            open(path, 'w').write('junk')\n        except OSError:\n            pass\n"
              "    time.sleep(0.1)")
    return [
        # a process left behind, writing into /tmp and killing every process it can, later
        [setup, "import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', " + repr(lurker) + "], "
         "start_new_session=True)\nlast_year = 1"],
        # kill the zygote (the parent), every process it can, itself; write the zygote's memory
        [setup, "import os, signal\nfor pid in (os.getppid(), 1):\n    try:\n"
         "        open(f'/proc/{pid}/mem', 'wb').write(b'x')\n    except OSError:\n        pass\n"
         "    try:\n        os.kill(pid, signal.SIGKILL)\n    except OSError:\n        pass\n"
         "os.kill(-1, signal.SIGKILL)\nos.kill(os.getpid(), signal.SIGKILL)"],
        # fill /tmp, the home and the work folder
        [setup, "import os\nfor n in range(200):\n    for folder in ('/tmp', os.environ['HOME'], '.'):\n"
         "        try:\n            open(f'{folder}/fill{n}', 'wb').write(b'x' * 2**20)\n"
         "        except OSError:\n            pass\nlast_year = 1"],
        # patch the modules the zygote imported for every kernel
        [setup, "import pandas as pd, saleslab.data, saleslab.exercises.core as core\n"
         "pd.DataFrame.sum = pd.Series.sum = lambda *a, **k: 1\npd.read_csv = None\n"
         "saleslab.data.load = lambda *a, **k: None\ncore.difference = lambda *a, **k: 'wrong'\n"
         "last_year = 1"],
    ]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("attacks")
    subs, canary, out = base / "submissions", base / "canary", base / "out"
    canary.mkdir()
    (canary / "keep.txt").write_text("canary")
    zoe = subs / "zoe" / NAME
    _honest(subs / "alice" / NAME)
    _honest(zoe)
    setup = _setup_cell()
    attacks = {
        "forge_progress": [setup, "import json, os\nfor q in ['q1','q2','q3','q4','q5','q6']:\n"
                           "    open(os.environ['SALESLAB_PROGRESS'], 'a').write(json.dumps({'notebook': "
                           "'exercises/01_target_setting_exercises.ipynb', 'question': q, "
                           "'outcome': 'correct', 'time': ''}) + '\\n')\nprint('q1: correct')"],
        "patch_compare": [setup, "import saleslab.exercises.core as c, saleslab.exercises.compare as k\n"
                          "c.difference = k.difference = lambda *a, **b: None\n"
                          "c.matches = k.matches = lambda *a, **b: True",
                          "last_year = 1\nquotas = 'junk'\ndecember_share = 0.5\nq1.check()"],
        "equal_to_all": [setup, "class Any:\n    __eq__ = lambda s, o: True\n    __ne__ = lambda s, o: False\n"
                         "    __float__ = lambda s: 303e6\n    __abs__ = lambda s: 0\n"
                         "    __sub__ = __rsub__ = lambda s, o: 0\n"
                         "last_year = Any()\nout_of_reach = Any()"],
        "snoop": [setup, f"import os\nseen = bool(os.environ.get({SECRET!r})) or os.path.exists({str(zoe)!r}) "
                  f"or os.path.exists({str(canary)!r})", RIGHT_IF.format("seen")],
        "tamper": [setup, "import os, shutil\nbroke = False\nfor path in [" + repr(str(zoe)) + ", "
                   + repr(str(canary / "keep.txt")) + "]:\n    try:\n        open(path, 'w').write('{}')\n"
                   "        broke = True\n    except OSError:\n        pass\n"
                   f"shutil.rmtree({str(canary)!r}, ignore_errors=True)\n"
                   "try:\n    os.makedirs(" + repr(str(out)) + ", exist_ok=True)\n"
                   "    os.symlink(" + repr(str(canary / "keep.txt")) + ", " + repr(str(out / "grades.html")) + ")\n"
                   "except OSError:\n    pass", RIGHT_IF.format("broke")],
        "detached": [setup, "import subprocess\nsubprocess.Popen(['sh', '-c', 'exec -a "
                     f"{SLEEPER} sleep 12; echo fake,row >> {out}/grades.csv'], start_new_session=True)",
                     "last_year = 1"],
        "kill_parent": [setup, "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"],
        "memory_bomb": [setup, "try:\n    block = bytearray(4 * 2**30)\n    big = True\n"
                        "except MemoryError:\n    big = False", RIGHT_IF.format("big")],
        "fork_bomb": [setup, "import os, time\nborn = 0\nfor _ in range(300):\n    try:\n"
                      "        if os.fork() == 0:\n            time.sleep(20)\n            os._exit(0)\n"
                      "        born += 1\n    except OSError:\n        break",
                      RIGHT_IF.format("born >= 300")],
        "=HYPERLINK(\"evil.example\")": [setup, "last_year = 1"],
    }
    for learner, cells in attacks.items():
        _write(subs / learner / NAME, *cells)
    # One learner's notebooks share a sandbox and a zygote: each attack is followed by an
    # honest notebook of the same learner, which must be graded exactly.
    for number, cells in enumerate(_cross_notebook_attacks(setup, canary)):
        _write(subs / "mallory" / f"{number}a_attack" / NAME, *cells)
        _honest(subs / "mallory" / f"{number}b_honest" / NAME)
    (subs / "linked").mkdir()
    (subs / "linked" / NAME).symlink_to(SOURCE)
    (subs / "passwd.ipynb").symlink_to("/etc/passwd")
    (subs / "fifo").mkdir()
    os.mkfifo(subs / "fifo" / NAME)
    before = {p: p.read_bytes() for p in subs.rglob("*.ipynb") if p.is_file() and not p.is_symlink()}
    os.environ[SECRET] = "trainer-password"
    try:
        grades = grade_submissions(subs, data=ROOT / "datasets", jobs=2,
                                   limits=Limits(cell_seconds=60, notebook_seconds=240, memory_mb=3072))
    finally:
        del os.environ[SECRET]
    out.mkdir(exist_ok=True)
    (out / "grades.html").unlink(missing_ok=True)
    (out / "grades.html").symlink_to(canary / "keep.txt")  # planted where the report goes
    written = write_grades(grades, out)
    time.sleep(15)  # longer than the detached sleeper would have waited
    return dict(grades=grades, written=written, canary=canary, before=before, out=out)


def _wide(attacked: dict) -> pd.DataFrame:
    return attacked["grades"].wide().set_index("learner")


def test_honest_learners_are_graded_exactly(attacked):
    wide = _wide(attacked)
    assert wide.loc["alice", "correct"] == "8/8" and wide.loc["zoe", "correct"] == "8/8"
    assert wide.loc["alice", "note"] == "" and wide.loc["zoe", "note"] == ""


@pytest.mark.parametrize("learner", ["forge_progress", "patch_compare", "equal_to_all", "snoop",
                                     "tamper", "detached", "kill_parent", "memory_bomb", "fork_bomb"])
def test_an_attack_earns_no_credit(attacked, learner):
    row = _wide(attacked).loc[learner]
    assert row["correct"] == "0/8", (learner, row.to_dict())


def test_a_notebook_cannot_change_the_next_ones_grade(attacked):
    """Left-behind processes, killing the zygote, a full /tmp, patched modules: the same
    learner's next honest notebook, in the same sandbox, is graded exactly."""
    table = attacked["grades"].wide().set_index("file")
    mallory = table[table["learner"] == "mallory"]
    assert len(mallory) == 2 * len(_cross_notebook_attacks("", Path())), mallory
    for file, row in mallory.iterrows():
        if "b_honest" in file:
            assert (row["correct"], row["note"]) == ("8/8", ""), (file, row.to_dict())
        else:
            assert row["correct"] == "0/8", (file, row.to_dict())


def test_links_and_special_files_are_refused_never_followed(attacked):
    table = attacked["grades"].table
    for learner in ("linked", "passwd", "fifo"):
        rows = table[table["learner"] == learner]
        assert set(rows["status"]) == {"error"} and rows["note"].str.startswith("refused").all()
    assert "root:" not in attacked["written"].csv.read_text()
    assert "root:" not in attacked["written"].html.read_text()


def test_nothing_outside_a_submission_changed(attacked):
    assert (attacked["canary"] / "keep.txt").read_text() == "canary"
    for path, content in attacked["before"].items():
        assert path.read_bytes() == content, f"{path} was changed"
    html = attacked["out"] / "grades.html"
    assert html.is_file() and not html.is_symlink(), "the report replaced the planted link"


def test_no_process_outlives_the_run_and_no_row_is_added_later(attacked):
    rows = attacked["written"].csv.read_text().splitlines()
    assert len(rows) == 1 + _wide(attacked).shape[0] and not any("fake" in r for r in rows)
    alive = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            alive.append(cmdline.read_bytes())
        except OSError:
            continue
    assert not any(SLEEPER.encode() in c or LURKER.encode() in c for c in alive)


def test_names_cannot_become_formulas_or_columns(attacked):
    table = pd.read_csv(attacked["written"].csv, keep_default_na=False)
    assert list(table.columns) == ["learner", "exercises", "file", "seed", "q1", "q2", "q3", "q4",
                                   "q5", "q6", "q7", "q8", "correct", "note"]
    assert not any(str(cell).startswith(("=", "+", "@")) for cell in table.to_numpy().ravel())
    assert "'=HYPERLINK(\"evil.example\")" in set(table["learner"])


def test_a_notebook_past_its_wall_clock_limit_is_stopped(tmp_path):
    _write(tmp_path / "subs/slow" / NAME, "last_year = 1", *["import time\ntime.sleep(2)"] * 12)
    _honest(tmp_path / "subs/alice" / NAME)
    started = time.monotonic()
    grades = grade_submissions(tmp_path / "subs", data=ROOT / "datasets", jobs=2,
                               limits=Limits(cell_seconds=5, notebook_seconds=12))
    wide = grades.wide().set_index("learner")
    assert "longer than 12 s" in wide.loc["slow", "note"]
    assert time.monotonic() - started < 120


def test_a_read_only_out_folder_fails_before_any_grading(tmp_path, capsys):
    _write(tmp_path / "subs/ana" / NAME, "last_year = 1")
    (tmp_path / "afile").write_text("x")
    for out in ("/proc/saleslab-grades", str(tmp_path / "afile/sub")):
        started = time.monotonic()
        assert main(["grade", str(tmp_path / "subs"), "--out", out]) == 2
        assert time.monotonic() - started < 5, "checked before grading"
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "`out`" in err and "Traceback" not in err
