"""The self-study site: every link and image on every page resolves inside the site, nothing
is fetched from the network, notebooks link to their exercises and back, and notebooks not
yet written are listed as "in preparation", never as a broken link."""

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from saleslab import cli
from saleslab.agenda import ready_paths
from saleslab.course import COURSE
from saleslab.site import build_site, page_name, static_widget

PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
REMOTE_CSS = re.compile(r"url\(\s*['\"]?(?:[a-z]+:)?//|@import", re.I)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []
        self.images = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.ids.update(attributes[key] for key in ("id", "name") if attributes.get(key))
        self.images += tag == "img"
        for key in ("href", "src", "srcset", "data", "poster", "action"):
            if attributes.get(key) is not None:
                self.refs.append((tag, key, attributes[key]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_references(out: Path) -> list[str]:
    """Every reference on every page of the site that does not resolve offline."""
    pages = {path: _parse(path) for path in out.rglob("*.html")}
    problems = []
    for path, page in pages.items():
        text = path.read_text(encoding="utf-8")
        if REMOTE_CSS.search(text):
            problems.append(f"{path}: style loads something from the network")
        for tag, key, value in page.refs:
            where = f"{path.relative_to(out)}: <{tag} {key}={value[:60]!r}>"
            if value.startswith("data:"):
                continue
            if re.match(r"[a-z][a-z0-9+.-]*:|//", value, re.I):
                if not (tag == "a" and key == "href"):
                    problems.append(f"{where} is fetched from the network")
                continue
            target, _hash, fragment = value.partition("#")
            target_path = (path.parent / target).resolve() if target else path
            if target.endswith(".ipynb") or not target_path.is_file():
                problems.append(f"{where} does not resolve")
            elif fragment and target_path.suffix == ".html" and fragment not in pages[target_path].ids:
                problems.append(f"{where} names a missing anchor")
    return problems


def _notebook(title: str, minutes: dict, cells: list, widgets: dict | None = None):
    metadata = {"saleslab": {"title": title, "objectives": [f"Objective of {title}"],
                             "minutes": minutes, "key_points": ["A point."]}}
    if widgets is not None:
        metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": widgets}}
    return nbformat.v4.new_notebook(cells=cells, metadata=metadata)


@pytest.fixture(scope="module")
def small_course(tmp_path_factory) -> Path:
    """A course folder (no git) with module 1 (a slider dashboard, a picture, links to its
    exercises and to module 2's, which do not exist) and module 1's exercises."""
    root = tmp_path_factory.mktemp("course")
    (root / "notebooks").mkdir()
    (root / "exercises").mkdir()
    (root / "notebooks" / "funnel.png").write_bytes(PIXEL)
    widgets = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_slider", "IPY_MODEL_out"]}},
        "slider": {"model_name": "FloatSliderModel",
                   "state": {"description": "Growth", "value": 0.1, "readout_format": ".0%"}},
        "out": {"model_name": "OutputModel", "state": {"outputs": [{
            "output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(PIXEL).decode(), "text/plain": "<Figure>"}}]}},
    }
    dashboard = nbformat.v4.new_code_cell("planner()", outputs=[nbformat.v4.new_output(
        "display_data", {"application/vnd.jupyter.widget-view+json": {"model_id": "box"},
                         "text/plain": "VBox(children=(FloatSlider(value=0.1),))"})])
    module = _notebook("Module 1 — Targets", {"teaching": 55, "exercises": 30}, [
        nbformat.v4.new_markdown_cell("# Targets\n\n![the funnel](funnel.png)\n\n"
                                      "Now do [the exercises](../exercises/01_target_setting_exercises.ipynb#Q1), "
                                      "then [module 2's](../exercises/02_funnel_design_exercises.ipynb) "
                                      "and read the [data notes](../data/README.md)."),
        dashboard], widgets)
    nbformat.write(module, root / "notebooks" / "01_target_setting.ipynb")
    exercises = _notebook("Exercises for module 1", {"teaching": 0, "exercises": 30}, [
        nbformat.v4.new_markdown_cell("## Q1\n\nBack to [module 1](../notebooks/01_target_setting.ipynb).")])
    nbformat.write(exercises, root / "exercises" / "01_target_setting_exercises.ipynb")
    return root


@pytest.fixture(scope="module")
def small_site(small_course, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(small_course, out)
    return out


def test_small_site_has_no_broken_reference(small_site):
    assert broken_references(small_site) == []


def test_links_between_a_notebook_and_its_exercises_go_both_ways(small_site):
    module = (small_site / "notebooks" / "01_target_setting.html").read_text()
    exercises = (small_site / "exercises" / "01_target_setting_exercises.html").read_text()
    assert 'href="../exercises/01_target_setting_exercises.html#Q1"' in module
    assert ">Exercises for this notebook</a>" in module
    assert 'href="../notebooks/01_target_setting.html"' in exercises
    assert "Back to: Module 1: setting and splitting targets" in exercises


def test_missing_notebooks_are_in_preparation_not_links(small_site):
    module = (small_site / "notebooks" / "01_target_setting.html").read_text()
    assert "module 2&#x27;s (in preparation)" in module or "module 2's (in preparation)" in module
    assert "02_funnel_design_exercises" not in module and "data/README" not in module
    index = (small_site / "index.html").read_text()
    for entry in COURSE:
        if entry.kind not in ("exercise", "optional") and entry.path != "notebooks/01_target_setting.ipynb":
            assert f"{entry.title} (in preparation)" in index
    assert '<a href="notebooks/01_target_setting.html">Module 1 — Targets</a>' in index
    assert '<a href="exercises/01_target_setting_exercises.html">Exercises</a>' in index


def test_widget_shows_its_starting_value_and_stored_chart(small_site):
    module = _parse(small_site / "notebooks" / "01_target_setting.html")
    text = (small_site / "notebooks" / "01_target_setting.html").read_text()
    assert "run the notebook to use this control (shown at Growth: 10%)" in text
    assert "VBox(children" not in text and "widget-view+json" not in text
    assert module.images == 2  # the markdown picture and the dashboard's chart, both embedded
    assert all(value.startswith("data:image/png") for tag, key, value in module.refs if tag == "img")


def test_widget_without_stored_state_still_gets_a_note():
    outputs = static_widget("gone", {})
    assert outputs[0].data["text/plain"] == "Interactive: run the notebook to use this control."


def test_index_gives_reading_order_and_minutes(small_site):
    index = (small_site / "index.html").read_text()
    skipped = ("notebooks/00_start_here.ipynb", "notebooks/01_target_setting.ipynb")  # renamed here
    titles = [entry.title for entry in COURSE if entry.kind not in ("exercise", "optional")
              and entry.path not in skipped]
    positions = [index.find(title) for title in titles]
    assert positions == sorted(positions) and -1 not in positions
    assert "Objective of Module 1 — Targets" in index
    assert "<td class=num>55</td><td class=num>30</td>" in index
    hours = sum(entry.minutes for entry in COURSE if entry.kind != "optional") / 60
    assert f"Total: {hours:.1f} hours" in index


def test_rebuild_replaces_the_old_site_and_refuses_other_folders(small_course, tmp_path):
    out = tmp_path / "site"
    build_site(small_course, out)
    stale = out / "cases" / "case9.html"
    stale.parent.mkdir()
    stale.write_text("old")
    assert build_site(small_course, out).pages[0] == "index.html"
    assert not stale.exists()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    with pytest.raises(ValueError, match="`out` must be empty or hold an earlier saleslab site"):
        build_site(small_course, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"


def test_page_name_refuses_other_files():
    with pytest.raises(ValueError, match="`notebook` must be a path ending in .ipynb, got 'a.md'"):
        page_name("a.md")


def test_command_line_builds_the_site(small_course, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SALESLAB_HOME", str(small_course))
    assert cli.main(["site", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "index.html").is_file()
    assert "3 pages" in capsys.readouterr().out
    assert cli.main(["site", "--out", str(small_course / "notebooks" / "funnel.png")]) == 2


@pytest.mark.slow
def test_course_site_opens_offline_with_no_broken_link(root, tmp_path):
    site = build_site(root, tmp_path / "site")
    ready = ready_paths(root)
    assert set(site.pages) == {"index.html", *map(page_name, ready)}
    assert broken_references(tmp_path / "site") == []
    for path in ready:
        page = (tmp_path / "site" / page_name(path)).read_text()
        assert "<script src=" not in page and "cdnjs" not in page and "mathjax" not in page.lower()
        if nbformat.read(root / path, as_version=4).metadata.get("widgets"):
            assert "run the notebook to use this control" in page


def test_a_chinese_site_tells_the_browser_its_language(small_course, tmp_path, monkeypatch):
    monkeypatch.setenv("SALESLAB_LANG", "zh_CN")  # as `saleslab site --lang zh_CN` sets it
    out = tmp_path / "site"
    build_site(small_course, out)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 3
    # zh-CN, not en or zh: a browser then draws 骨, 直 with Chinese glyph forms, not Japanese
    assert all('<html lang="zh-CN">' in page.read_text(encoding="utf-8") for page in pages)
