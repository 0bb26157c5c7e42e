"""The class hub (docs/hub.md): the trainer commands' rules, fast, and one slow test that
runs it for real: three system learners, a hand-out, a browser login that runs the start
notebook and moves a slider, progress, collection, grading, and privacy between learners.
The slow test needs root (CI runs as root), npm's proxy (`make hub-setup`) and chromium."""

from __future__ import annotations

import csv
import io
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from saleslab.cli import main
from saleslab.hub import as_learner
from saleslab.hub.classlist import read_class
from saleslab.hub.collect import NAMES
from saleslab.hub.config import KIT, PROXY, closed_to_learners, configure
from saleslab.hub.handout import learner_seeds
from saleslab.hub.start import check_ready, hub_command, hub_environment

LEARNERS = ("slhubt1", "slhubt2", "slhubt3")  # teams 1, 2, 2
MODULE1 = "exercises/01_target_setting_exercises.ipynb"


def test_a_bad_class_list_names_the_file_and_line(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text("user,team\nana,1\nRoot Admin,2\n")
    with pytest.raises(ValueError, match=r"class.csv, line 3: 'Root Admin' is not a learner login"):
        read_class(path)
    path.write_text("user,team\nana,1\nana,2\n")
    with pytest.raises(ValueError, match="line 3: 'ana' is listed twice"):
        read_class(path)
    path.write_text("user,team\nroot,1\n")  # never the system's own accounts
    with pytest.raises(ValueError, match="line 2: 'root'"):
        read_class(path)


def test_the_hub_listens_on_loopback_unless_told_and_lets_in_the_class_only(tmp_path):
    from traitlets.config import Config

    (tmp_path / "class.csv").write_text("user,team\nana,1\nbo,2\n")
    c = Config()
    configure(c, {"SALESLAB_HUB_CLASS": str(tmp_path / "class.csv"), "SALESLAB_HUB_MEM": "2G"})
    assert (c.JupyterHub.ip, c.JupyterHub.hub_ip) == ("127.0.0.1", "127.0.0.1")
    assert c.Authenticator.allowed_users == {"ana", "bo"}
    assert c.Spawner.default_url.endswith("/saleslab/notebooks/00_start_here.ipynb")
    assert c.Spawner.mem_limit == "2G"
    culler = c.JupyterHub.services[0]
    assert "--timeout=3600" in culler["command"]
    assert {"list:users", "delete:servers"} <= set(c.JupyterHub.load_roles[0]["scopes"])
    assert hub_command("0.0.0.0", 8080)[-4:] == ["--ip", "0.0.0.0", "--port", "8080"]


def test_a_python_learners_cannot_reach_is_found():
    base = Path(tempfile.mkdtemp())  # not pytest's tmp_path: that sits in a closed folder
    base.chmod(0o755)
    closed = base / "closed"
    (closed / "bin").mkdir(parents=True)
    (closed / "bin" / "python").write_text("")
    closed.chmod(0o700)
    assert closed_to_learners(closed / "bin" / "python") == closed
    closed.chmod(0o755)
    assert closed_to_learners(closed / "bin" / "python") is None
    shutil.rmtree(base)


def test_placing_files_never_overwrites_and_never_writes_through_a_link(tmp_path, monkeypatch):
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    (home / "saleslab" / "notebooks").mkdir(parents=True)
    elsewhere.mkdir()
    (home / "saleslab" / "notebooks" / "mine.ipynb").write_text("the learner's work")
    (home / "saleslab" / "datasets").symlink_to(elsewhere)
    monkeypatch.setenv("HOME", str(home))
    files = {"notebooks/mine.ipynb": "fresh", "notebooks/new.ipynb": "fresh",
             "datasets/deals.csv": "fresh"}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(files)))
    done = as_learner._place(None)
    assert done == {"written": 1, "unchanged": 0, "kept": ["notebooks/mine.ipynb", "datasets/deals.csv"]}
    assert (home / "saleslab" / "notebooks" / "mine.ipynb").read_text() == "the learner's work"
    assert not list(elsewhere.iterdir())


def test_collecting_takes_no_file_through_a_link(tmp_path, monkeypatch):
    home = tmp_path / "home"
    exercises = home / "saleslab" / "exercises"
    exercises.mkdir(parents=True)
    (exercises / "01_target_setting_exercises.ipynb").write_text("{}")
    (tmp_path / "solved.ipynb").write_text("someone else's")
    (exercises / "02_funnel_design_exercises.ipynb").symlink_to(tmp_path / "solved.ipynb")
    monkeypatch.setenv("HOME", str(home))
    assert list(as_learner._collect(None)) == ["exercises/01_target_setting_exercises.ipynb"]
    shutil.rmtree(exercises)
    exercises.symlink_to(tmp_path)  # a linked folder: nothing is taken from it
    assert as_learner._collect(None) == {}
    assert not NAMES.match("exercises/../../etc/passwd.ipynb")
    assert not NAMES.match("notebooks/00_start_here.ipynb")


def test_the_kubernetes_values_match_the_one_server_hub():
    """What can be checked offline: the values parse, open the same start notebook, cull
    idle servers and set limits; the repo2docker hook is valid shell. (No chart schema here.)"""
    import yaml
    from traitlets.config import Config

    values = yaml.safe_load((KIT / "deploy" / "k8s" / "values.yaml").read_text())
    c = Config()
    configure(c, {})
    assert values["singleuser"]["defaultUrl"] == c.Spawner.default_url
    assert values["cull"]["enabled"] and values["cull"]["timeout"] == 3600
    assert values["singleuser"]["memory"]["limit"] == c.Spawner.mem_limit
    hook = KIT / "postBuild"
    assert os.access(hook, os.X_OK)
    assert subprocess.run(["bash", "-n", str(hook)], check=False).returncode == 0


# ---------------------------------------------------------------- the hub, for real

def _require(condition: bool, message: str) -> None:
    if condition:
        return
    message = "HUB TEST NOT RUN: " + message
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _learner_python(folder: Path) -> str:
    """A Python learners can run with the kit's packages: this one if they can reach it,
    else the system's python3.X (same X) seeing this environment's site-packages."""
    if closed_to_learners(sys.executable) is None:
        return sys.executable
    system = Path(f"/usr/bin/python3.{sys.version_info.minor}")
    _require(system.is_file(), f"learners cannot run {sys.executable} and there is no {system}")
    shim = folder / "python"
    subprocess.run([str(system), "-m", "venv", "--without-pip", str(shim)], check=True)
    venv = Path(sys.prefix)
    site = Path(sysconfig.get_paths(vars={"base": str(shim)})["purelib"])
    (site / "kit.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    (shim / "etc").symlink_to(venv / "etc")  # Lab's server extensions and the widgets' front end
    (shim / "share").mkdir()
    (shim / "share" / "jupyter").symlink_to(venv / "share" / "jupyter")
    return str(shim / "bin" / "python")


def _remove_learners() -> None:
    for user in LEARNERS:
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        subprocess.run(["userdel", "--remove", user], capture_output=True, check=False)


def _wait_for(url: str, hub: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline or hub.poll() is not None:
                pytest.fail("the hub did not start:\n" + log.read_text()[-3000:])
            time.sleep(0.5)


def _as(user: str, command: list[str]) -> subprocess.CompletedProcess:
    account = pwd.getpwnam(user)
    return subprocess.run(command, user=account.pw_uid, group=account.pw_gid, extra_groups=[],
                          env={"HOME": account.pw_dir, "PATH": "/usr/bin:/bin"},
                          cwd=account.pw_dir, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def class_hub():
    """Three learners with accounts and their hand-out, and a hub on 127.0.0.1 serving them;
    yields (url, class folder, learner python). Everything is removed afterwards."""
    from test_browser import _free_port, _require_chromium

    _require(os.geteuid() == 0, "needs root to make system learners (CI runs as root)")
    _require(PROXY.is_file(), f"{PROXY} is missing: run `make hub-setup` (needs npm)")
    _require(shutil.which("useradd") is not None, "useradd is missing")
    _require(closed_to_learners(KIT / "notebooks") is None, f"learners cannot read the kit in {KIT}")
    _require_chromium()
    folder = Path(tempfile.mkdtemp(prefix="saleslab-hub-"))  # not pytest's: learners reach it
    folder.chmod(0o755)
    _remove_learners()
    hub = None
    try:
        python = _learner_python(folder)
        trainer = folder / "trainer"
        trainer.mkdir(mode=0o700)
        (trainer / "class.csv").write_text("user,team\n" + "".join(
            f"{user},{team}\n" for user, team in zip(LEARNERS, (1, 2, 2))))
        os.environ["SALESLAB_HUB_PYTHON"] = python
        assert main(["hub", "users", str(trainer / "class.csv"),
                     "--passwords", str(trainer / "passwords.csv")]) == 0
        assert main(["hub", "handout", str(trainer / "class.csv"), "--seed", "7"]) == 0
        ports = [_free_port() for _ in range(3)]
        env = hub_environment(trainer / "class.csv", state=str(trainer / "state"), python=python,
                              idle_minutes="30")
        check_ready(env)
        log = trainer / "hub.log"
        with log.open("w") as out:
            hub = subprocess.Popen(hub_command("127.0.0.1", ports[0]) + [
                f"--JupyterHub.hub_port={ports[1]}",
                f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{ports[2]}"],
                env=env, stdout=out, stderr=subprocess.STDOUT, cwd=trainer)
        url = f"http://127.0.0.1:{ports[0]}"
        _wait_for(f"{url}/hub/health", hub, log)
        yield url, trainer, python
    finally:
        if hub is not None:
            hub.terminate()  # the hub stops each learner's server and the proxy as it goes
            try:
                hub.wait(timeout=90)
            except subprocess.TimeoutExpired:
                hub.kill()
                hub.wait(timeout=30)
        os.environ.pop("SALESLAB_HUB_PYTHON", None)
        _remove_learners()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.browser
def test_a_class_on_one_hub(class_hub, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from saleslab.grading.teams import folder_seed
    from saleslab.hub.progress import class_progress
    from test_browser import CHROMIUM, CHROMIUM_FLAGS, start_demo_answers_the_slider

    url, trainer, python = class_hub
    first, second, third = LEARNERS
    seeds = learner_seeds(read_class(trainer / "class.csv"), 7)
    for user in LEARNERS:  # each learner's own team data, in a home only they can enter
        home = Path(pwd.getpwnam(user).pw_dir)
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        course = home / "saleslab"
        assert (course / "notebooks" / "00_start_here.ipynb").stat().st_uid == pwd.getpwnam(user).pw_uid
        assert folder_seed(course / "datasets") == seeds[user]
    assert seeds[second] == seeds[third] != seeds[first]

    passwords = dict(csv.reader((trainer / "passwords.csv").open()))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        try:
            page.goto(f"{url}/hub/login")
            page.fill("#username_input", first)
            page.fill("#password_input", passwords[first])
            page.click("#login_submit")
            expect(page.get_by_text("(ipykernel) | Idle")).to_be_visible(timeout=120_000)
            assert page.url.endswith(f"/user/{first}/lab/tree/saleslab/notebooks/00_start_here.ipynb")
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            start_demo_answers_the_slider(page)
            # Privacy, from the learner's own kernel: a new cell that opens another's file.
            other = Path(pwd.getpwnam(second).pw_dir) / "saleslab" / "README.md"
            cells = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")
            count = cells.count()
            cells.last.locator(".jp-InputPrompt").click()
            for key in ("b", "Enter"):  # a new cell below, in edit mode
                page.keyboard.press(key)
            page.keyboard.type(f"open({str(other)!r}).read()")
            page.keyboard.press("Shift+Enter")
            expect(cells.nth(count).locator(".jp-OutputArea-output")).to_contain_text(
                "PermissionError", timeout=60_000)
        finally:
            browser.close()

    # The same for any process of the first learner: no listing, no reading.
    other = Path(pwd.getpwnam(second).pw_dir)
    for command in (["ls", str(other)], ["cat", str(other / "saleslab" / "README.md")]):
        denied = _as(first, command)
        assert denied.returncode != 0 and "Permission denied" in denied.stderr, command

    # Progress: the first learner's check shows; the others have not started.
    record = ("from saleslab.exercises.progress import record; "
              f"record({MODULE1!r}, 'q1', 'correct')")
    assert _as(first, [python, "-I", "-c", record]).returncode == 0
    table = class_progress(trainer / "class.csv")
    assert table.loc[first, "started"] and table.loc[first, "done"] == 1
    assert not table.loc[second, "started"] and table.loc[second, "done"] == 0

    # Collect every learner, then grade two learners of different teams on module 1.
    assert main(["hub", "collect", str(trainer / "class.csv"), "--out", str(tmp_path / "in")]) == 0
    for user in LEARNERS:
        assert len(list((tmp_path / "in" / user / "exercises").glob("*.ipynb"))) >= 8
    for user in (first, second):
        for name in (MODULE1, "datasets/datapackage.json"):
            (tmp_path / "graded" / user / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(tmp_path / "in" / user / name, tmp_path / "graded" / user / name)
    assert main(["grade", str(tmp_path / "graded"), "--teams", str(trainer / "teams.csv"),
                 "--out", str(tmp_path / "grades")]) == 0
    grades = list(csv.DictReader((tmp_path / "grades" / "grades.csv").open()))
    assert {row["learner"] for row in grades} == {first, second}
