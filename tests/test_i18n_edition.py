"""The Chinese edition: its notebooks are the English ones with translated markdown and a
first line that sets the kernel's language; the committed zh_CN/ tree is current; the
commands take --lang zh_CN; nothing changes for the English edition."""

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from saleslab import catalogue, i18n
from saleslab.catalogue import COMPLETE, LOCALE, metadata_texts, read_catalogue
from saleslab.catalogue import write_catalogue as _write
from saleslab.cli import build_parser
from saleslab.course import project_root
from saleslab.handout import write_handout
from saleslab.editions import (SETUP_LINE, build_edition, document_home, edition_documents,
                               edition_notebooks, in_language, relink, translate_document,
                               translate_notebook)
from saleslab.mofiles import compile_all

ROOT = Path(__file__).resolve().parents[1]
START = "notebooks/00_start_here.ipynb"


def _leave_one_entry_empty(po: Path) -> None:
    """Make a catalogue incomplete, as one is while its translation is under way."""
    cat = read_catalogue(po)
    next(message for message in cat if message.id).string = ""
    _write(po, cat)


@pytest.fixture
def chinese_locale(tmp_path, monkeypatch):
    """A copy of the catalogues with the start notebook and one package string translated,
    compiled, and read by _()."""
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale, ignore=shutil.ignore_patterns("*.mo"))
    po = locale / "zh_CN" / "notebooks" / "00_start_here.po"
    cat = read_catalogue(po)
    for message in cat:
        if message.id:
            message.string, message.flags = "【译】" + message.id, set()
    _write(po, cat)
    _leave_one_entry_empty(locale / "zh_CN" / "notebooks" / "01_target_setting.po")
    package = locale / "zh_CN" / "LC_MESSAGES" / "saleslab.po"
    cat = read_catalogue(package)
    cat["Setup complete: saleslab {version} is ready."].string = "准备就绪：saleslab {version}。"
    _write(package, cat)
    compile_all(locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    monkeypatch.setattr(catalogue, "LOCALE", locale)
    return locale


def test_english_stays_english_on_a_chinese_computer(chinese_locale, monkeypatch):
    monkeypatch.delenv(i18n.LANG_VARIABLE, raising=False)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(variable, "zh_CN.UTF-8")
    assert i18n._("Setup complete: saleslab {version} is ready.").startswith("Setup complete")


def test_use_language_turns_the_package_chinese_and_back(chinese_locale, monkeypatch):
    monkeypatch.setenv(i18n.LANG_VARIABLE, "en")  # restored after the test
    i18n.use_language("zh_CN")
    assert i18n._("Setup complete: saleslab {version} is ready.") == "准备就绪：saleslab {version}。"
    i18n.use_language("en")
    assert i18n.current_language() == "en"
    with pytest.raises(ValueError, match="`language` must be one of en, zh_CN"):
        i18n.use_language("fr")


def test_a_chinese_notebook_translates_markdown_and_sets_the_language_first(chinese_locale):
    english = nbformat.read(ROOT / START, as_version=4)
    chinese = edition_notebooks("zh_CN", ROOT, chinese_locale)[START]
    assert len(chinese.cells) == len(english.cells)
    for old, new in zip(english.cells, chinese.cells):
        if old.cell_type == "markdown":
            assert new.source.startswith("【译】")
    codes = [(o.source, n.source) for o, n in zip(english.cells, chinese.cells) if o.cell_type == "code"]
    assert codes[0][1] == SETUP_LINE.format(language="zh_CN") + codes[0][0]
    assert all(old == new for old, new in codes[1:])
    assert all(not cell.get("outputs") for cell in chinese.cells)
    assert edition_notebooks("zh_CN", ROOT, chinese_locale)["notebooks/01_target_setting.ipynb"] is None


def test_a_notebook_with_an_untranslated_cell_is_refused():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")])
    with pytest.raises(ValueError, match="markdown cell 1 has no zh_CN translation"):
        translate_notebook(notebook, {}, "zh_CN")
    assert in_language(notebook, START, "en") is notebook
    notebook.metadata["saleslab"] = {"title": "Module 1", "objectives": ["Split a target."]}
    with pytest.raises(ValueError, match="the objectives 'Split a target.' of the notebook's metadata"):
        translate_notebook(notebook, {"# Hi": "# 你好", "Module 1": "模块 1"}, "zh_CN")


def test_the_metadata_and_record_texts_are_in_the_catalogue_and_translated(tmp_path):
    meta = {"title": "Module 1", "objectives": ["Split a target.", "Phase it."],
            "key_points": ["Quotas add up."], "minutes": {"teaching": 55}}
    path = "notebooks/01_a.ipynb"
    (tmp_path / "notebooks").mkdir()
    record = ('record = PDCARecord(\n    problem=headline(losses), cause="Slow \\"first\\" call",\n'
              '    change="Call within 1 h",\n)\nrecord.fill(decision="adopt")')
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi"),
                                                   nbformat.v4.new_code_cell(record)],
                                            metadata={"saleslab": meta}), tmp_path / path)
    template = catalogue.notebook_template(path, tmp_path)
    assert [m.id for m in template if m.id] == ["# Hi", 'Slow "first" call', "Call within 1 h", "Module 1",
                                                "Split a target.", "Phase it.", "Quotas add up."]
    chinese = translate_notebook(nbformat.read(tmp_path / path, as_version=4),
                                 {m.id: f"【译】{m.id}" for m in template if m.id}, "zh_CN")
    code = chinese.cells[1].source.removeprefix(SETUP_LINE.format(language="zh_CN"))
    # the record's prose in Chinese, still valid Python; names and answer words stay as typed
    assert code == ('record = PDCARecord(\n    problem=headline(losses), cause="【译】Slow \\"first\\" call",\n'
                    '    change="【译】Call within 1 h",\n)\nrecord.fill(decision="adopt")')
    assert chinese.metadata["saleslab"] == {
        "title": "【译】Module 1", "objectives": ["【译】Split a target.", "【译】Phase it."],
        "key_points": ["【译】Quotas add up."], "minutes": {"teaching": 55}, "language": "zh_CN"}
    assert chinese.metadata["title"] == "【译】Module 1"  # Voila's page title


def test_links_to_pages_the_edition_lacks_point_at_the_english():
    cell = nbformat.v4.new_markdown_cell(
        "[a](01_target_setting.ipynb) [b](../exercises/check_pre.ipynb#q1) [c](https://x.org/a.ipynb)")
    notebook = relink(nbformat.v4.new_notebook(cells=[cell]), START,
                      {"exercises/check_pre.ipynb"}, "zh_CN")
    assert notebook.cells[0].source == ("[a](../../notebooks/01_target_setting.ipynb) "
                                        "[b](../exercises/check_pre.ipynb#q1) [c](https://x.org/a.ipynb)")


def test_a_translated_document_is_the_english_with_its_blocks_replaced():
    english = ("# Title\n\nSome text\non two lines.\n\n\n```bash\nmake lab\n\nmake test\n```\n\n"
               "- a list\n- of two\n")
    messages = {"# Title": "# 标题", "Some text\non two lines.": "一段\n两行的文字。",
                "- a list\n- of two": "- 一个列表\n- 两项"}
    assert translate_document(english, messages, "x.md", "zh_CN") == (
        "# 标题\n\n一段\n两行的文字。\n\n\n```bash\nmake lab\n\nmake test\n```\n\n- 一个列表\n- 两项\n")
    del messages["- a list\n- of two"]
    with pytest.raises(ValueError, match="x.md: the block '- a list"):
        translate_document(english, messages, "x.md", "zh_CN")


def test_build_writes_complete_notebooks_once_and_removes_stale_ones(chinese_locale, tmp_path):
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "cases").mkdir()
    shutil.copy(ROOT / START, root / START)
    shutil.copy(ROOT / "notebooks/01_target_setting.ipynb", root / "notebooks")
    shutil.copy(ROOT / "cases/README.md", root / "cases")
    guide = root / "zh_CN" / "docs" / "cases" / "README.md"
    first = build_edition("zh_CN", root, chinese_locale)
    assert first.written == (root / "zh_CN" / START, guide)
    assert first.pending == ("notebooks/01_target_setting.ipynb",)
    assert build_edition("zh_CN", root, chinese_locale).unchanged == (root / "zh_CN" / START, guide)
    # The edition is part of its course: its notebooks read the course's data.
    assert project_root(root / "zh_CN" / "notebooks") == root
    _leave_one_entry_empty(chinese_locale / "zh_CN" / "notebooks" / "00_start_here.po")
    _leave_one_entry_empty(chinese_locale / "zh_CN" / "docs" / "cases-README.po")
    assert build_edition("zh_CN", root, chinese_locale).removed == (root / "zh_CN" / START, guide)


def test_the_links_of_the_chinese_documents_resolve_from_their_folder():
    """Each relative link of a committed Chinese document reaches a file or folder, and a
    link to a notebook of the edition stays in the edition."""
    documents = sorted((ROOT / "zh_CN" / "docs").rglob("*.md"))
    assert documents, "no Chinese documents: run `saleslab translations build`"
    for path in documents:
        for target in catalogue.link_targets(path.read_text(encoding="utf-8")):
            page = target.partition("#")[0]
            if page and "://" not in page and not page.startswith(("/", "mailto:")):
                assert (path.parent / page).exists(), f"{path}: the link {target} leads nowhere"
    readme = (ROOT / "zh_CN" / "docs" / "README.md").read_text(encoding="utf-8")
    assert "](../notebooks/00_start_here.ipynb)" in readme, (
        "the Chinese README should open the Chinese start notebook")


def test_the_committed_chinese_notebooks_are_current_and_declared_complete():
    built = sorted((ROOT / "zh_CN").rglob("*.ipynb")) if (ROOT / "zh_CN").is_dir() else []
    fresh = edition_notebooks("zh_CN", ROOT)
    for path in built:
        course_path = path.relative_to(ROOT / "zh_CN").as_posix()
        assert Path(course_path).stem in COMPLETE["zh_CN"], (
            f"{path} exists but its catalogue is not declared complete in catalogue.COMPLETE")
        assert fresh.get(course_path) is not None, f"{path}: its catalogue has empty or fuzzy entries"
        stored = nbformat.read(path, as_version=4)
        assert [(c.cell_type, c.source) for c in stored.cells] == [
            (c.cell_type, c.source) for c in fresh[course_path].cells], (
            f"{path} differs from the English plus the catalogue: run `saleslab translations build`")
        assert all(stored.metadata["saleslab"].get(field) == fresh[course_path].metadata["saleslab"].get(field)
                   for field in catalogue.METADATA), (
            f"{path}: its title, objectives or key points are not the catalogue's: run "
            "`saleslab translations build`")
        assert all(c.execution_count for c in stored.cells if c.cell_type == "code"), (
            f"{path} was not executed: run `saleslab execute {path}`")
        # A warning (a glyph missing from the figure's font, a bad translation) is stderr.
        problems = [o for c in stored.cells for o in c.get("outputs", [])
                    if o.output_type == "error" or o.get("name") == "stderr"]
        assert not problems, f"{path} shows errors or warnings: {str(problems[0])[:300]}"


def test_the_committed_chinese_documents_are_current():
    available = {path.relative_to(ROOT / "zh_CN").as_posix()
                 for path in (ROOT / "zh_CN").rglob("*.ipynb")}
    fresh = edition_documents("zh_CN", ROOT, available)
    built = {path.relative_to(ROOT).as_posix() for path in (ROOT / "zh_CN" / "docs").rglob("*.md")}
    assert built == {document_home(path, "zh_CN") for path, text in fresh.items() if text}, (
        "zh_CN/docs/ is not the documents whose catalogue is complete: run `saleslab translations build`")
    for path, text in fresh.items():
        if text is not None:
            assert (ROOT / document_home(path, "zh_CN")).read_text(encoding="utf-8") == text, (
                f"{document_home(path, 'zh_CN')} differs from {path} plus its catalogue: run "
                "`saleslab translations build`")


@pytest.mark.parametrize("command", [["site"], ["present", "case1"], ["handout", "--out", "x"]])
def test_the_commands_take_the_chinese_edition(command, monkeypatch):
    monkeypatch.delenv(i18n.LANG_VARIABLE, raising=False)
    assert build_parser().parse_args([*command, "--lang", "zh_CN"]).lang == "zh_CN"
    assert build_parser().parse_args(command).lang == "en"
    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")
    assert build_parser().parse_args(command).lang == "zh_CN"


def test_a_chinese_handout_has_the_chinese_notebooks_that_are_ready(chinese_locale, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")
    write_handout(tmp_path, seed=7, root=ROOT, language="zh_CN")
    start = nbformat.read(tmp_path / START, as_version=4)
    assert start.cells[0].source.startswith("【译】")
    assert [c for c in start.cells if c.cell_type == "code"][0].source.startswith(
        SETUP_LINE.format(language="zh_CN"))
    pending = nbformat.read(tmp_path / "exercises/01_target_setting_exercises.ipynb", as_version=4)
    assert "use_language" not in pending.cells[1].source + pending.cells[0].source  # still English


def test_present_serves_the_chinese_case_from_the_edition(tmp_path, monkeypatch):
    from saleslab import present

    (tmp_path / "zh_CN" / "cases").mkdir(parents=True)
    (tmp_path / "zh_CN" / "cases" / "case1_b2b_followup.ipynb").write_text("{}")
    monkeypatch.setenv("SALESLAB_HOME", str(tmp_path))
    calls = []
    monkeypatch.setattr(present.subprocess, "call", lambda command, cwd: calls.append(command) or 0)
    assert present.present("case1", port=8866, open_browser=False, language="zh_CN") == 0
    assert str(tmp_path / "zh_CN" / "cases" / "case1_b2b_followup.ipynb") in calls[0]
    with pytest.raises(FileNotFoundError, match="zh_CN"):
        present.present("case2", open_browser=False, language="zh_CN")


def test_the_chinese_site_needs_the_edition_and_says_how_to_build_it(tmp_path, monkeypatch, capsys):
    from saleslab.cli import main

    monkeypatch.setenv(i18n.LANG_VARIABLE, "en")  # the command sets it; restored after
    monkeypatch.setenv("SALESLAB_HOME", str(tmp_path))
    assert main(["site", "--lang", "zh_CN", "--out", str(tmp_path / "site")]) == 2
    assert "saleslab translations build" in capsys.readouterr().err


def test_a_chinese_submission_is_graded_as_its_exercise_set(chinese_locale):
    from saleslab.grading.run import exercise_set_of

    source = nbformat.read(ROOT / "exercises/01_target_setting_exercises.ipynb", as_version=4)
    texts = [c.source for c in source.cells if c.cell_type == "markdown"]
    messages = {text: "【译】" for text in texts + [text for _f, text in metadata_texts(source)]}
    chinese = translate_notebook(source, messages, "zh_CN")
    found = exercise_set_of(nbformat.writes(chinese), "submissions/wang/notebook.ipynb")
    assert found is not None and found.notebook == "exercises/01_target_setting_exercises.ipynb"


def test_execute_keeps_english_notebooks_english_under_saleslab_lang(monkeypatch):
    from saleslab import nbtools
    from saleslab.cli import main

    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")
    seen = []
    monkeypatch.setattr(nbtools, "execute_notebook", lambda path: seen.append(i18n.current_language()))
    assert main(["execute", "notebooks/00_start_here.ipynb"]) == 0
    assert seen == ["en"]


def _course_sources() -> list[Path]:
    from saleslab.course import COURSE

    sources = ROOT / "src" / "saleslab" / "exercises" / "sources"
    return [ROOT / entry.path for entry in COURSE] + sorted(sources.glob("*.ipynb"))


def test_no_course_code_cell_prints_english_text_of_its_own():
    """Code cells are the same in both editions: text a cell builds itself would stay English
    in the Chinese one, so sentences come from package functions that go through _()."""
    own_text = re.compile(r"""print\(\s*f?["']|^\s*f["']""", re.M)
    found = [f"{path.relative_to(ROOT)} cell {number}"
             for path in _course_sources()
             for number, cell in enumerate(nbformat.read(path, as_version=4).cells, 1)
             if cell.cell_type == "code" and own_text.search(cell.source)]
    assert not found, f"code cells that print their own text: {found}"


def test_the_lines_code_cells_print_are_chinese_in_the_chinese_edition(monkeypatch):
    import pandas as pd

    from saleslab import funnel, improvement, pipeline, targets
    from saleslab.exercises.judgement.cases import complainer_gap, gap_line
    from saleslab.exercises.module1 import asked_line, funnel_line

    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")
    groups = pd.DataFrame({"customers": [1000, 1000], "churned": [170, 240]},
                          index=["no complaint", "complained"])
    lines = [targets.target_line(3.03e8, 3.33e8),
             targets.quota_total_line(pd.DataFrame({"quota": [1_000, 2_000]}), 3_000),
             funnel.forecast_line(pd.DataFrame({"pipeline": [2.6e8], "expected": [7.7e7]})),
             pipeline.roster_line(0.13, 83, [2, 30]), funnel_line(0.25, 260_000), asked_line(0.15),
             gap_line(complainer_gap(groups))]
    assert lines[0] == "去年 ¥3.03亿；目标 ¥3.33亿"
    assert not [line for line in lines if re.search("[A-Za-z]{2,}", line)]
    status = repr(improvement.PDCARecord(problem="p", cause="c")).splitlines()[0]
    assert "执行、检查、行动" in status  # a Chinese list: 、 between its items
    result = improvement.two_proportions(186, 2650, 241, 2650)
    assert not re.search("[A-Za-z]{4,}", repr(result))  # the headline alone, no class name
    monkeypatch.setenv(i18n.LANG_VARIABLE, "en")
    assert repr(result).startswith("TwoProportions(")


def test_the_monthly_plan_names_its_months_in_the_chinese_edition(monkeypatch):
    import matplotlib.pyplot as plt
    import pandas as pd

    from saleslab import targets

    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")
    months = pd.date_range("2024-01-01", periods=24, freq="MS")
    history = pd.DataFrame({"month": months, "bookings": [1e6 + 1e5 * (m.month == 12) for m in months]})
    figure = targets.plot_monthly_plan(targets.monthly_phasing(12_000_000, history, unit=1000))
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"{m}月" for m in range(1, 13)]
    assert ax.get_title(loc="left").startswith("12月")
    plt.close(figure)
