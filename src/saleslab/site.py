"""An offline self-study site: every committed course notebook rendered to HTML as it was
last executed, an index with the reading order and minutes, and links between each notebook
and its exercises. Nothing is loaded from the network: no MathJax, require.js or widget
scripts; images are embedded; a slider shows its starting value and the chart it drew.

>>> page_name("exercises/01_target_setting_exercises.ipynb")
'exercises/01_target_setting_exercises.html'
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter

from .agenda import Part, course_parts, ready_paths
from .course import COURSE, project_root
from .i18n import _, check_language, current_language

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
GENERATOR = "saleslab-site"
_TEMPLATE = "saleslab_offline.html.j2"
# The lab template with every block that would fetch a script from the internet left empty.
_OFFLINE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_requirejs %}{% endblock %}
{% block jupyter_widgets %}{% endblock %}
{% block html_head_js_mathjax %}{% endblock %}
{% block html_head_js_mermaidjs %}{% endblock %}
{% block extra_css %}<meta name="generator" content="{{ resources.saleslab_generator }}">
<style>{{ resources.saleslab_css }}</style>{% endblock %}
"""
CSS = """
.saleslab-nav{font:15px/1.5 system-ui,sans-serif;padding:.6em 1em;margin:0 0 1em;
 background:#f3f5f8;border-bottom:1px solid #d8dde4}
.saleslab-nav a{margin-right:1.2em}
.saleslab-widget{border-left:4px solid #7a8ca3;background:#f6f8fa;padding:.4em .8em}
.in-preparation{color:#666}
body.saleslab-index{font:16px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}
.saleslab-index table{border-collapse:collapse;width:100%}
.saleslab-index th,.saleslab-index td{border-bottom:1px solid #d8dde4;padding:.4em;text-align:left;
 vertical-align:top}
.saleslab-index td.num{text-align:right}
.saleslab-index ul{margin:.2em 0;padding-left:1.2em;font-size:90%}
"""
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\bhref="([^"]*)"')
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"(?:https?:)?//[^\"]*\"[^>]*>\s*</script>", re.S)


@dataclass(frozen=True)
class Site:
    """What ``build_site`` wrote: the folder, its pages and the notebooks still to come."""

    out: Path
    pages: tuple[str, ...]
    in_preparation: tuple[str, ...]

    def __repr__(self) -> str:
        return _("Site({n} pages in {out}, {m} notebooks in preparation)").format(
            n=len(self.pages), out=self.out, m=len(self.in_preparation))


def html_language(language: str | None = None) -> str:
    """The ``lang`` of the site's pages for ``language`` (default: the current one), so that a
    browser draws Chinese text with Chinese glyph forms, not Japanese ones.

    >>> html_language("zh_CN"), html_language("en")
    ('zh-CN', 'en')
    """
    return check_language(language or current_language()).replace("_", "-")


def page_name(notebook: str) -> str:
    """The site page (relative to the site folder) for a course notebook path.

    >>> page_name("cases/case1_b2b_followup.ipynb")
    'cases/case1_b2b_followup.html'
    """
    if not notebook.endswith(".ipynb"):
        raise ValueError(f"`notebook` must be a path ending in .ipynb, got {notebook!r}")
    return notebook.removesuffix(".ipynb") + ".html"


def _control_text(state: dict) -> str | None:
    label = state.get("description")
    if not label:
        return None
    if "_options_labels" in state and state.get("index") is not None:
        return f"{label}: {state['_options_labels'][state['index']]}"
    value = state.get("value")
    try:
        shown = format(value, state.get("readout_format") or "")
    except (TypeError, ValueError):
        shown = str(value)
    return f"{label}: {shown}"


def static_widget(model_id: str, widget_state: dict) -> list[nbformat.NotebookNode]:
    """The outputs that stand in for a widget on a page: a note naming its controls at
    their starting values, then whatever its output areas showed when the notebook ran.

    >>> state = {"s": {"model_name": "FloatSliderModel",
    ...                "state": {"description": "Win rate", "value": 0.25, "readout_format": ".0%"}}}
    >>> static_widget("s", state)[0].data["text/plain"]
    'Interactive: run the notebook to use this control (shown at Win rate: 25%).'
    """
    controls: list[str] = []
    shown: list[nbformat.NotebookNode] = []
    waiting, seen = [model_id], set()
    while waiting:
        current = waiting.pop(0)
        if current in seen:
            continue
        seen.add(current)
        model = widget_state.get(current, {})
        state = model.get("state", {})
        if model.get("model_name") == "OutputModel":
            shown += [nbformat.from_dict(output) for output in state.get("outputs", [])]
        elif (text := _control_text(state)) is not None:
            controls.append(text)
        waiting += [child.removeprefix("IPY_MODEL_") for child in state.get("children", [])]
    if controls:
        note = _("Interactive: run the notebook to use this control (shown at {values}).").format(
            values="; ".join(controls))
    else:
        note = _("Interactive: run the notebook to use this control.")
    html_note = f'<div class="saleslab-widget">{html.escape(note)}</div>'
    return [nbformat.v4.new_output("display_data", {"text/plain": note, "text/html": html_note}),
            *shown]


def static_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Replace every widget in a notebook by its static stand-in; drop the widget state.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> static_notebook(nb).cells[0].outputs
    []
    """
    widget_state = notebook.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            view = output.get("data", {}).get(WIDGET_VIEW)
            outputs += static_widget(view["model_id"], widget_state) if view else [output]
        cell.outputs = outputs
    return notebook


def _exporter() -> HTMLExporter:
    return HTMLExporter(template_name="lab", template_file=_TEMPLATE, embed_images=True,
                        exclude_input_prompt=True, exclude_output_prompt=True,
                        extra_loaders=[jinja2.DictLoader({_TEMPLATE: _OFFLINE})])


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _rewrite_links(body: str, source: str, pages: set[str]) -> str:
    """Point links to course notebooks at their pages; unlink what the site does not hold."""
    page = page_name(source)

    def replace(match: re.Match) -> str:
        attributes, text = match[1], match[2]
        href = _HREF.search(attributes)
        if href is None or re.match(r"[a-z][a-z0-9+.-]*:|#", href[1]):
            return match[0]
        path, _hash, fragment = html.unescape(href[1]).partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if target in pages:
            new = _relative(page_name(target), page) + (f"#{fragment}" if fragment else "")
            attributes = f'{attributes[:href.start()]}href="{html.escape(new)}"{attributes[href.end():]}'
            return f"<a{attributes}>{text}</a>"
        note = _(" (in preparation)") if target.endswith(".ipynb") else ""
        return f'<span class="in-preparation">{text}{note}</span>'

    return _ANCHOR.sub(replace, body)


def _course_title(path: str) -> str:
    return _(next(entry.title for entry in COURSE if entry.path == path))


def _link(target: str, page: str, text: str) -> str:
    return f'<a href="{html.escape(_relative(target, page))}">{html.escape(text)}</a>'


def _nav(path: str, order: list[str], parts: tuple[Part, ...]) -> str:
    """Links from a page to the index, the previous and next pages, and its exercises
    (or, from exercises, back to their notebook)."""
    page = page_name(path)
    items = [_link("index.html", page, _("Course index"))]
    at = order.index(path)
    if at > 0:
        items.append(_link(page_name(order[at - 1]), page,
                           _("Previous: {title}").format(title=_course_title(order[at - 1]))))
    if at + 1 < len(order):
        items.append(_link(page_name(order[at + 1]), page,
                           _("Next: {title}").format(title=_course_title(order[at + 1]))))
    for part in parts:
        if path == part.path and part.exercise_path in order:
            items.append(_link(page_name(part.exercise_path), page, _("Exercises for this notebook")))
        elif path == part.path and part.exercise_path:
            waiting = html.escape(_("Exercises: in preparation"))
            items.append(f'<span class="in-preparation">{waiting}</span>')
        elif path == part.exercise_path and part.path in order:
            items.append(_link(page_name(part.path), page,
                               _("Back to: {title}").format(title=_course_title(part.path))))
    return f'<nav class="saleslab-nav">{" ".join(items)}</nav>'


def render_page(root: Path, path: str, order: list[str], parts: tuple[Part, ...]) -> str:
    """One notebook as an offline HTML page with the site's navigation."""
    notebook = static_notebook(nbformat.read(root / path, as_version=4))
    title = notebook.metadata.get("saleslab", {}).get("title") or _course_title(path)
    notebook.metadata["title"] = title
    resources = {"metadata": {"name": title, "path": str((root / path).parent)},
                 "saleslab_css": CSS, "saleslab_generator": GENERATOR}
    body, _resources = _exporter().from_notebook_node(notebook, resources=resources)
    body = _REMOTE_SCRIPT.sub("", _rewrite_links(body, path, set(order)))
    # nbconvert's language_code takes ISO 639-1 only ("zh"), which leaves the glyph forms open
    body = body.replace('<html lang="en">', f'<html lang="{html_language()}">', 1)
    nav = _nav(path, order, parts)
    body = re.sub(r"(<body\b[^>]*>)", lambda m: m[1] + nav, body, count=1)
    return body.replace("</body>", nav + "</body>", 1)


def _index_row(number: int, part: Part, root: Path, pages: set[str]) -> str:
    meta = nbformat.read(root / part.path, as_version=4).metadata.get("saleslab", {}) \
        if part.path in pages else {}
    title = html.escape(meta.get("title") or _course_title(part.path))
    if part.path in pages:
        title = f'<a href="{page_name(part.path)}">{title}</a>'
    else:
        later = html.escape(_(" (in preparation)"))
        title = f'<span class="in-preparation">{title}{later}</span>'
    objectives = "".join(f"<li>{html.escape(item)}</li>" for item in meta.get("objectives", []))
    exercises = ""
    if part.exercise_path in pages:
        label = html.escape(_("Exercises"))
        exercises = f'<a href="{page_name(part.exercise_path)}">{label}</a>'
    elif part.exercise_path:
        label = html.escape(_("in preparation"))
        exercises = f'<span class="in-preparation">{label}</span>'
    return (f"<tr><td class=num>{number}</td><td>{title}"
            f"{f'<ul>{objectives}</ul>' if objectives else ''}</td>"
            f"<td class=num>{part.teaching}</td><td class=num>{part.exercises or ''}</td>"
            f"<td>{exercises}</td></tr>")


def render_index(root: Path, parts: tuple[Part, ...], pages: set[str]) -> str:
    """The site's front page: the reading order with minutes per part and links."""
    rows = "\n".join(_index_row(n, part, root, pages) for n, part in enumerate(parts, 1))
    total = sum(part.teaching + part.exercises for part in parts)
    head = "".join(f"<th>{html.escape(text)}</th>" for text in (
        "#", _("Read in this order"), _("Minutes"), _("Exercise minutes"), _("Exercises")))
    intro = _("Read the notebooks in this order. Each page shows the notebook as it last ran: "
              "charts and tables are there, sliders are not. To move the sliders, open the "
              "notebook in JupyterLab (make lab) and run it.")
    title = _("Sales process management: self-study edition")
    total_line = _("Total: {hours:.1f} hours").format(hours=total / 60)
    return (f'<!DOCTYPE html>\n<html lang="{html_language()}"><head><meta charset="utf-8">'
            f'<meta name="generator" content="{GENERATOR}"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style></head>\n<body class=\"saleslab-index\"><h1>{html.escape(title)}</h1>"
            f"<p>{html.escape(intro)}</p><table><thead><tr>{head}</tr></thead><tbody>\n{rows}\n"
            f"</tbody></table><p>{html.escape(total_line)}"
            f"</p></body></html>\n")


def _prepare(out: Path) -> None:
    """Make ``out`` ready for a fresh site; never clear a folder this module did not write."""
    index = out / "index.html"
    if out.is_dir() and any(out.iterdir()):
        if not (index.is_file() and GENERATOR in index.read_text(encoding="utf-8")[:2000]):
            raise ValueError(f"`out` must be empty or hold an earlier saleslab site, got {str(out)!r}")
        for old in [index, *(page for folder in ("notebooks", "cases", "exercises")
                             for page in (out / folder).glob("*.html"))]:
            old.unlink()
    out.mkdir(parents=True, exist_ok=True)


def build_site(root: Path | str | None = None, out: Path | str = "site") -> Site:
    """Render every committed course notebook under ``root`` into an offline site in ``out``.

    Notebooks not yet committed are listed on the index as "in preparation", never linked.
    Rebuilding over an earlier site replaces it; any other non-empty folder is refused.

    >>> build_site(out=__file__)
    Traceback (most recent call last):
    ...
    ValueError: `out` must be a folder, got the file '...site.py'
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"`out` must be a folder, got the file {str(out)!r}")
    base = project_root() if root is None else Path(root)
    if not base.is_dir():
        raise ValueError(f"`root` must be the course folder, got {str(base)!r}")
    _prepare(out)
    ready = ready_paths(base)
    order = [entry.path for entry in COURSE if entry.path in ready]
    parts = course_parts(base)
    for path in order:
        target = out / page_name(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_page(base, path, order, parts), encoding="utf-8")
    (out / "index.html").write_text(render_index(base, parts, set(order)), encoding="utf-8")
    waiting = tuple(entry.path for entry in COURSE if entry.path not in ready)
    return Site(out, ("index.html", *map(page_name, order)), waiting)
