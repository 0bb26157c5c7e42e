"""Browser tests: JupyterLab in headless Chromium runs each course notebook that has a widget,
moves one control and checks that what the widget shows changes. Chromium comes from Debian
(`make test` installs it). Screenshots go to build/browser-screenshots/."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from saleslab.course import COURSE
from saleslab.nbtools import clear_outputs
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START = "notebooks/00_start_here.ipynb"
SHOTS = ROOT / "build" / "browser-screenshots"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _dashboards(path: Path) -> set[str]:
    """The dashboards a notebook shows: the functions called by cells whose stored output is
    a widget (``funnel_designer(...)`` gives ``funnel_designer``)."""
    shown = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and any(WIDGET_VIEW in out.get("data", {})
                                            for out in cell.get("outputs", [])):
            last = ast.parse(cell.source).body[-1]
            call = last.value if isinstance(last, (ast.Expr, ast.Assign)) else None
            shown.add(call.func.id if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                      else cell.source)
    return shown


def _widget_notebooks() -> list[str]:
    """The first course notebook that shows each dashboard. An exercise set that shows its
    module's dashboard again runs the same code, so the browser runs each dashboard once per
    front end (tests/test_browser.py checks that nothing is left out)."""
    found, covered = [], set()
    for entry in COURSE:
        path = ROOT / entry.path
        shown = _dashboards(path) if path.is_file() else set()
        if shown - covered:
            found.append(entry.path)
            covered |= shown
    return found


def test_each_dashboard_of_the_course_is_run_in_the_browser():
    every = set().union(*(_dashboards(ROOT / e.path) for e in COURSE if (ROOT / e.path).is_file()))
    run = set().union(*(_dashboards(ROOT / path) for path in _widget_notebooks()))
    assert run == every and len(every) >= 12, sorted(every - run)


def _require_chromium() -> None:
    if Path(CHROMIUM).is_file():
        return
    message = "chromium is missing: install it with `sudo apt-get install -y chromium`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _course_copy(folder: Path) -> Path:
    """Fresh copies of the course notebooks, outputs cleared, laid out like the kit."""
    for path in [p for e in COURSE for p in (e.path, f"zh_CN/{e.path}")]:  # and the Chinese edition
        if (ROOT / path).is_file():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(clear_outputs(nbformat.read(ROOT / path, as_version=4)), target)
    return folder


def _jupyter_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
                 "JUPYTERLAB_WORKSPACES_DIR"):
        env[name] = str(folder / name.lower())
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # Voilà served by this server waits on its kernels as `saleslab present` does (present.py)
    config = Path(env["JUPYTER_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "jupyter_server_config.json").write_text(json.dumps(
        {"KernelManager": {"client_class": "saleslab.nbtools.SlicedKernelClient"}}))
    env["SALESLAB_DATA"] = str(ROOT / "datasets")
    env.pop("MPLBACKEND", None)
    return env


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One JupyterLab server on loopback serving fresh copies of the course; yields its URL."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("lab")
    course = _course_copy(folder / "course")
    port, token = _free_port(), "saleslab-test"
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course}"]
    log = (folder / "lab.log").open("w")
    server = subprocess.Popen(command, env=_jupyter_env(folder), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("JupyterLab did not start:\n" + (folder / "lab.log").read_text())
                time.sleep(0.3)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=90)  # a loaded 2-core machine can take more than 20 s
        except subprocess.TimeoutExpired:  # shutting down is not what these tests check
            server.kill()
            server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the file: a launch costs seconds, a fresh context does not."""
    from playwright.sync_api import sync_playwright

    _require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(lab, chromium):
    """A page in a fresh browser context (its own cookies and storage) for each test."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield context.new_page()
    finally:
        context.close()


def _run_all(page, base: str, token: str, notebook: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/lab/tree/{notebook}?reset&token={token}")
    expect(page.get_by_text("(ipykernel) | Idle")).to_be_visible(timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def _headline(text: str | None) -> str:
    """The demo's headline sentence, e.g. '25 deals won: ¥2.02M, 81% of the ¥2.5M target.'"""
    match = re.search(r"\d+ deals won: [^\n]*?target\.", text or "")
    assert match, f"no headline in the widget output: {text!r}"
    return match.group(0)


def _outputs_change_when_slider_moves(page, handle, outputs) -> bool:
    """Move the slider one step (right, or left at its end) and wait up to a minute for any
    widget output to change."""
    before = [outputs.nth(i).inner_html() for i in range(outputs.count())]
    readout = page.locator(".widget-slider .widget-readout").first
    value_before = readout.inner_text()
    handle.focus()
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft", "ArrowLeft", "ArrowLeft"):
        handle.press(key)
        if readout.inner_text() != value_before:
            break
    assert readout.inner_text() != value_before, "the slider did not move"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if [outputs.nth(i).inner_html() for i in range(outputs.count())] != before:
            return True
        page.wait_for_timeout(500)
    return False


def _pixels(image) -> "np.ndarray":
    """The on-screen pixels of an element, as an RGB array."""
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(image.screenshot())).convert("RGB"), dtype=int)


def _ink(pixels) -> float:
    """Share of pixels that are not (near) white: a blank figure has almost none."""
    return float((pixels < 245).any(axis=2).mean())


def _changed(before, after) -> float:
    """Share of pixels that differ (over the common area; a new size counts as a change)."""
    if before.shape != after.shape:
        return 1.0
    return float((abs(before - after) > 16).any(axis=2).mean())


def _figures(output) -> list:
    """Pixels of each figure in one Output widget (an element handle: a locator would
    drift to another dashboard while this one is cleared)."""
    return [_pixels(image) for image in output.query_selector_all("img")]


def _sources(output) -> list[str]:
    return [image.get_attribute("src")[-80:] for image in output.query_selector_all("img")]


def _move(control) -> None:
    """One step of a slider (right, or left at its end) or the next choice of a menu
    (``control``: an element handle)."""
    select = control.query_selector("select")
    if select:
        options = len(select.query_selector_all("option"))
        index = select.evaluate("s => s.selectedIndex")
        select.select_option(index=(index + 1) % options)
        return
    readout = control.query_selector(".widget-readout")
    before = readout.inner_text()
    handle = control.query_selector(".noUi-handle")
    handle.focus()
    for key in ("ArrowRight", "ArrowLeft", "ArrowLeft"):
        handle.press(key)
        if readout.inner_text() != before:
            return
    raise AssertionError(f"the slider at {before} did not move")


def _first_moves_draw_full_figures(page, where: str, first_only: bool = False) -> int:
    """For every dashboard on the page, move each slider and menu once (or only its first
    one) and check that its figures come back drawn (not blank) and different from before.
    Returns the number of moves checked."""
    moves = 0
    outputs = page.locator(".widget-output:has(img)")
    for d, output in enumerate(outputs.element_handles()):
        controls = output.query_selector_all(
            "xpath=../*[not(contains(@class, 'widget-output'))]//"
            "*[contains(@class, 'widget-slider') or contains(@class, 'widget-dropdown')]")
        for c, control in enumerate(controls):
            if control.query_selector("select:disabled, [disabled]"):
                continue  # e.g. run rules, off for charts that have none
            output.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            count, before, sources = len(output.query_selector_all("img")), _figures(output), _sources(output)
            text = output.inner_text()
            _move(control)
            deadline = time.monotonic() + 90
            # wait until every figure of the dashboard is back, and one is new, or only the
            # text moved (a control a figure does not depend on, such as case 1's margin)
            while len(output.query_selector_all("img")) < count or (
                    _sources(output) == sources and output.inner_text() == text):
                assert time.monotonic() < deadline, f"{where}: dashboard {d} did not redraw"
                page.wait_for_timeout(200)
            page.wait_for_timeout(800)  # let the last image of the redraw arrive and decode
            while len(output.query_selector_all("img")) < count:  # text came first, figures follow
                assert time.monotonic() < deadline, f"{where}: dashboard {d} did not redraw"
                page.wait_for_timeout(200)
            after = _figures(output)
            assert after and min(_ink(f) for f in after) > 0.03, \
                f"{where}: dashboard {d}, control {c}: a blank figure after the first move"
            if _sources(output) != sources:
                assert max(_changed(a, b) for a, b in zip(before, after)) > 0.0002 or \
                    len(before) != len(after), f"{where}: dashboard {d}, control {c}: figure unchanged"
            moves += 1
            if first_only:
                break
    return moves


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_start_notebook_runs_and_slider_changes_the_answer(lab, page):
    _run_all(page, *lab, START)
    start_demo_answers_the_slider(page)
    _shot(page, "00_start_here")


def start_demo_answers_the_slider(page) -> None:
    """On the start notebook after Run All: the demo's headline changes when its slider
    moves, and the chart is redrawn (the hub test reuses this)."""
    from playwright.sync_api import expect

    output = page.locator(".widget-output").first
    expect(output).to_contain_text("deals won", timeout=60_000)
    output.scroll_into_view_if_needed()
    before = _headline(output.text_content())
    readout = page.locator(".widget-slider .widget-readout").first
    value_before = readout.inner_text()
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(4):
        handle.press("ArrowRight")
    expect(readout).not_to_have_text(value_before, timeout=10_000)
    expect(output).not_to_contain_text(before, timeout=30_000)
    assert _headline(output.text_content()) != before
    expect(output.locator("img")).to_have_count(1, timeout=30_000)  # the redrawn chart


@pytest.fixture
def presenter(request, tmp_path):
    """Voilà serving one case as `saleslab present` does; yields the page URL."""
    from saleslab.present import presenter_command, write_config

    _require_chromium()
    port = _free_port()
    env = _jupyter_env(tmp_path)
    log = (tmp_path / "voila.log").open("w")
    command = presenter_command(request.param, port=port, root=ROOT, token="browser-test",
                                config=write_config(tmp_path, "browser-test"))
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("Voila did not start:\n" + (tmp_path / "voila.log").read_text())
                time.sleep(0.3)
        yield request.param, f"http://127.0.0.1:{port}/?token=browser-test"
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


# `saleslab present` itself (its token and room configuration), on one case; every dashboard
# in presenter mode is checked by the first-move test below.
@pytest.mark.parametrize("presenter", ["case1"], indirect=True)
def test_each_case_dashboard_redraws_in_presenter_mode(presenter, page):
    from playwright.sync_api import expect

    from playwright.sync_api import TimeoutError as PageTimeout

    case, url = presenter
    # Voilà runs the whole notebook in a new kernel per request before it answers; a kernel
    # that hangs while starting (seen on a loaded 2-core machine) only costs that request.
    for attempt in range(3):
        try:
            page.goto(url, timeout=120_000)
            break
        except PageTimeout:
            if attempt == 2:
                raise
    outputs = page.locator(".widget-output")
    expect(outputs.first.locator("img").first).to_be_attached(timeout=180_000)
    assert page.locator(".jp-CodeMirrorEditor, .cm-editor, .jp-InputPrompt").count() == 0, "code is hidden"
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    assert _outputs_change_when_slider_moves(page, handle, outputs), \
        f"{case}: the presenter dashboard did not redraw"
    page.wait_for_timeout(1500)
    _shot(page, f"present_{case}")


@pytest.mark.parametrize("notebook", _widget_notebooks())
def test_first_move_of_each_control_draws_a_full_new_figure_in_lab(lab, page, notebook):
    """The empty first drawing: compare pixels of every dashboard's figures around the first
    move of each control, in JupyterLab (widget messages on a kernel subshell)."""
    from playwright.sync_api import expect

    _run_all(page, *lab, notebook)
    expect(page.locator(".widget-output img").first).to_be_attached(timeout=180_000)
    expect(page.get_by_text("(ipykernel) | Idle")).to_be_visible(timeout=180_000)
    assert _first_moves_draw_full_figures(page, notebook) > 0
    _shot(page, f"first_moves_{Path(notebook).stem}")


@pytest.mark.parametrize("notebook", _widget_notebooks())
def test_first_move_of_each_control_draws_a_full_new_figure_in_presenter_mode(lab, page, notebook):
    """The same in presenter mode: Voila, served by the Lab server, code hidden."""
    from playwright.sync_api import expect

    from playwright.sync_api import TimeoutError as PageTimeout

    base, token = lab
    for attempt in range(2):  # Voila runs the whole notebook before it answers
        try:
            page.goto(f"{base}/voila/render/{notebook}?token={token}", timeout=300_000)
            break
        except PageTimeout:
            if attempt == 1:
                raise
    expect(page.locator(".widget-output img").first).to_be_attached(timeout=180_000)
    page.wait_for_timeout(1500)
    assert _first_moves_draw_full_figures(page, f"presenter {notebook}") > 0
    _shot(page, f"first_moves_present_{Path(notebook).stem}")


# The Chinese edition (zh_CN/): each widget notebook run in Lab, the first control of each
# dashboard moved, and every Chinese text on the page drawn by a real CJK font.
HAN = re.compile(r"[\u3400-\u9fff]")
#: Font families that hold Chinese glyphs (the PREFERRED of saleslab.fonts, and the other
#: Noto CJK / Source Han regions a browser may fall back to).
CJK_FAMILY = re.compile(r"CJK|Source Han|Noto Sans SC|PingFang|Hiragino|Heiti|YaHei|SimHei|WenQuanYi",
                        re.IGNORECASE)
MARK_CHINESE = r"""() => {
  // every visible element with a Chinese character in its own text, marked for CDP
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), found = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    if (/[\u3400-\u9fff]/.test(node.data) && range.getClientRects().length) found.add(node.parentElement);
  }
  return [...found].map((element, i) => {
    element.setAttribute("data-cjk-check", i);
    return [...element.childNodes].filter(c => c.nodeType === Node.TEXT_NODE).map(c => c.data).join("");
  });
}"""


def _zh_widget_notebooks() -> list[str]:
    """The Chinese edition of each notebook :func:`_widget_notebooks` picks."""
    return [f"zh_CN/{path}" for path in _widget_notebooks() if (ROOT / "zh_CN" / path).is_file()]


def _chinese_without_a_cjk_font(page) -> tuple[int, list[str]]:
    """Ask Chromium which platform fonts drew each visible text with Chinese characters
    (CDP ``CSS.getPlatformFontsForNode``). Returns how many texts were checked, and those
    whose Chinese characters were not all drawn by a CJK font (missing glyphs: tofu)."""
    # Lab skips laying out cells off screen (content-visibility): lay out every cell
    page.add_style_tag(content=".jp-Cell { content-visibility: visible !important; }")
    texts = page.evaluate(MARK_CHINESE)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    bad = []
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-cjk-check]"})["nodeIds"]:
        attributes = cdp.send("DOM.getAttributes", {"nodeId": node})["attributes"]
        text = texts[int(attributes[attributes.index("data-cjk-check") + 1])]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        drawn = sum(f["glyphCount"] for f in fonts if CJK_FAMILY.search(f["familyName"]))
        if drawn < len(HAN.findall(text)):
            bad.append(f"{text[:40]!r} drawn with {[f['familyName'] for f in fonts]}")
    cdp.detach()
    return len(texts), bad


def test_zh_each_widget_notebook_has_its_chinese_edition():
    assert len(_zh_widget_notebooks()) == len(_widget_notebooks())


@pytest.mark.parametrize("notebook", _zh_widget_notebooks())
def test_zh_first_move_draws_a_new_figure_and_every_chinese_text_has_its_glyphs(lab, page, notebook):
    """The Chinese edition in Lab: the first control of each dashboard redraws a full new
    figure, and no rendered Chinese text (markdown, widget labels, printed output) shows
    missing-glyph boxes."""
    from playwright.sync_api import expect

    _run_all(page, *lab, notebook)
    expect(page.locator(".widget-output img").first).to_be_attached(timeout=180_000)
    expect(page.get_by_text("(ipykernel) | Idle")).to_be_visible(timeout=180_000)
    assert _first_moves_draw_full_figures(page, notebook, first_only=True) > 0
    _shot(page, f"zh_CN-{Path(notebook).stem}")
    checked, tofu = _chinese_without_a_cjk_font(page)
    assert checked > 10 and not tofu, \
        f"{notebook}: {len(tofu)} of {checked} Chinese texts drawn without a CJK font: {tofu[:3]}"


def test_zh_a_case_in_presenter_mode_is_chinese_with_its_glyphs_and_redraws(lab, page):
    """The Chinese edition in presenter mode (Voila, code hidden), on one case: a Chinese page
    title, the first control of each dashboard redraws a full new figure, and every Chinese
    text on the page is drawn by a CJK font."""
    from playwright.sync_api import expect

    base, token = lab
    notebook = "zh_CN/cases/case1_b2b_followup.ipynb"
    page.goto(f"{base}/voila/render/{notebook}?token={token}", timeout=300_000)
    expect(page.locator(".widget-output img").first).to_be_attached(timeout=180_000)
    page.wait_for_timeout(1500)
    assert HAN.search(page.title()), f"presenter page title is not Chinese: {page.title()!r}"
    assert _first_moves_draw_full_figures(page, f"presenter {notebook}", first_only=True) > 0
    _shot(page, "zh_CN-present-case1")
    checked, tofu = _chinese_without_a_cjk_font(page)
    assert checked > 10 and not tofu, \
        f"{notebook}: {len(tofu)} of {checked} Chinese texts drawn without a CJK font: {tofu[:3]}"
