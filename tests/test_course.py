import nbformat
import pytest

from saleslab import course


def test_map_marks_existing_notebooks_ready_and_links_only_those(root):
    cmap = course.course_map(root)
    assert cmap.ready[0] is True  # the start notebook is committed
    markdown = cmap._repr_markdown_()
    assert "[Start here: what process management is](../notebooks/00_start_here.ipynb)" in markdown
    for entry, ready in zip(cmap.entries, cmap.ready):
        assert ready == (root / entry.path).is_file()
        assert (f"]({cmap.link_prefix}{entry.path})" in markdown) == ready


def test_map_total_minutes_adds_up():
    cmap = course.course_map(course.project_root())
    assert cmap.total_minutes == sum(e.minutes for e in course.COURSE)
    assert repr(cmap).splitlines()[-1].startswith("Total:")


def test_minutes_in_map_match_notebook_metadata(root):
    for entry in course.COURSE:
        path = root / entry.path
        if path.is_file():
            minutes = nbformat.read(path, as_version=4).metadata["saleslab"]["minutes"]
            part = "exercises" if entry.kind == "exercise" else "teaching"
            assert entry.minutes == minutes[part], entry.path


def test_project_root_is_found_from_a_subfolder_and_from_the_environment(root, tmp_path, monkeypatch):
    monkeypatch.delenv(course.HOME_VARIABLE, raising=False)
    assert course.project_root(root / "notebooks") == root
    monkeypatch.setenv(course.HOME_VARIABLE, str(tmp_path))
    assert course.project_root() == tmp_path.resolve()


def test_project_root_outside_course_says_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.delenv(course.HOME_VARIABLE, raising=False)
    with pytest.raises(FileNotFoundError, match="set SALESLAB_HOME"):
        course.project_root(tmp_path)


def test_the_readme_course_table_matches_the_course_map(root):
    """The README's reading-order table gives each notebook the course map's minutes."""
    import re

    text = (root / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| [^|]+ \| \[[^\]]+\]\(([^)]+)\) \| (\d+) \| (?:\[(\d+) min\]\(([^)]+)\)|–) \|$",
                      text, re.M)
    minutes = {entry.path: entry.minutes for entry in course.COURSE}
    listed = {}
    for path, teaching, exercise_minutes, exercise_path in rows:
        listed[path] = int(teaching)
        if exercise_path:
            listed[exercise_path] = int(exercise_minutes)
    assert listed == {path: m for path, m in minutes.items() if path in listed}
    assert set(listed) == {e.path for e in course.COURSE if e.kind in ("module", "case", "exercise")}
