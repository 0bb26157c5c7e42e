"""The class report of the knowledge check: ``saleslab report GRADING_FOLDER --out DIR``.

It reads the ``grades.csv`` that ``saleslab grade`` wrote and writes two self-contained
HTML pages: ``report-trainer.html`` (learners by name) and ``report-buyer.html`` (learners
numbered, sorted by gain, so neither names nor the class list's order show, unless
``names=True``). Each page states the class's mean gain with its interval, shows the
distribution of gains and the gain per objective as figures, and lists every learner with
the order in which they took the two forms; when both orders are present it gives the gain
of each order and the counterbalanced gain, free of any difference between the forms.

>>> import tempfile
>>> from saleslab.assessment.simulate import simulate_class
>>> with tempfile.TemporaryDirectory() as folder:
...     pages = write_report(simulate_class(12, seed=3), folder)
...     sorted(p.name for p in pages)
['report-buyer.html', 'report-trainer.html']
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from ..grading.report import _write_atomic, check_out
from ..i18n import _
from ..localformat import join_clauses, join_list, join_sentences
from ..plots import COLORS, percent, use_theme, wrap_titles
from .gains import MeanGain, learner_gains, mean_gain, missing, objective_gains, order_gains, scores

GRADES_FILE = "grades.csv"
ORDER_NAMES = {"AB": "A → B", "BA": "B → A", "AA": "A → A", "BB": "B → B"}


def read_grades(folder: Path | str) -> pd.DataFrame:
    """The wide grade table in ``folder/grades.csv``; ValueError in one line if absent."""
    path = Path(folder) / GRADES_FILE if Path(folder).is_dir() else Path(folder)
    if not path.is_file():
        raise ValueError(f"no {GRADES_FILE} in {str(folder)!r}: give the --out folder of "
                         "`saleslab grade` (run it on the class's check notebooks first)")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def gains_figure(gains: pd.DataFrame, summary: MeanGain) -> Figure:
    """How many learners gained how many questions: bars coloured by direction."""
    use_theme()
    figure = Figure(figsize=(8, 4.2), layout="constrained")
    ax = figure.subplots()
    counts = gains["gain"].value_counts().sort_index()
    colours = [COLORS["won"] if g > 0 else COLORS["lost"] if g < 0 else COLORS["baseline"]
               for g in counts.index]
    ax.bar(counts.index, counts.values, color=colours, width=0.8)
    ax.axvline(summary.mean, color=COLORS["target"], linestyle="--", linewidth=1.2)
    ax.text(summary.mean, counts.max() * 1.02, " " + _("mean {mean:+.1f}").format(mean=summary.mean),
            ha="left", va="bottom")
    ax.set_xlabel(_("Gain (questions right after − before, of 10)"))
    ax.set_ylabel(_("Learners"))
    ax.set_ylim(0, counts.max() * 1.2)
    ax.set_xticks(range(int(counts.index.min()), int(counts.index.max()) + 1))
    ax.set_title(_("{improved} of {n} learners improved; mean gain {mean:+.1f} questions "
                   "(95% interval {low:+.1f} to {high:+.1f})").format(
        improved=summary.improved, n=summary.learners, mean=summary.mean, low=summary.low,
        high=summary.high))
    return wrap_titles(figure)


def objectives_figure(shares: pd.DataFrame) -> Figure:
    """Share of the class right before and after, per objective (a dumbbell chart)."""
    use_theme()
    figure = Figure(figsize=(8, 5), layout="constrained")
    ax = figure.subplots()
    rows = list(range(len(shares)))[::-1]
    for y, (pre, post) in zip(rows, zip(shares["pre"], shares["post"])):
        ax.plot([pre, post], [y, y], color=COLORS["open"], linewidth=2, zorder=1)
    ax.scatter(shares["pre"], rows, color=COLORS["baseline"], label=_("before"), zorder=2)
    ax.scatter(shares["post"], rows, color=COLORS["intervention"], label=_("after"), zorder=2)
    ax.set_yticks(rows, shares["text"])
    ax.set_xlim(-0.02, 1.02)
    ax.xaxis.set_major_formatter(lambda v, _pos: percent(v, digits=0))
    ax.set_xlabel(_("Learners who answered right (% of the class)"))
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False)
    best, worst = shares["gain"].idxmax(), shares["gain"].idxmin()
    figure.suptitle(_("Largest gain: {best} ({b:+.0f} points); smallest: {worst} ({w:+.0f} points)").format(
        best=shares.loc[best, "text"], b=100 * shares.loc[best, "gain"],
        worst=shares.loc[worst, "text"], w=100 * shares.loc[worst, "gain"]),
        x=0.01, ha="left", fontsize=13, fontweight="bold")
    return wrap_titles(figure)


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="" src="data:image/png;base64,{encoded}">'


def html_table(frame: pd.DataFrame) -> str:
    """``frame`` as a plain HTML table, every cell escaped (no index)."""
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table><tr>{head}</tr>{body}</table>"


def anonymous(gains: pd.DataFrame) -> pd.DataFrame:
    """The learners numbered 1, 2, ... in order of gain (then scores), names dropped.

    >>> anonymous(pd.DataFrame({"learner": ["b", "a"], "pre": [1, 2], "post": [5, 3], "gain": [4, 1]}))["learner"].tolist()
    ['Learner 1', 'Learner 2']
    """
    ordered = gains.sort_values(["gain", "post", "pre"], ascending=False, kind="stable").reset_index(drop=True)
    ordered["learner"] = [_("Learner {n}").format(n=n) for n in range(1, len(ordered) + 1)]
    return ordered


_STYLE = ("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:60em}"
          "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em}"
          "th{background:#f3f3f3}img{max-width:100%}")


def order_note(gains: pd.DataFrame) -> str:
    """What the orders of the forms say: the gain of each order and the counterbalanced gain
    when both orders have learners, else a warning that forms and learning are mixed up.

    >>> order_note(pd.DataFrame({"gain": [1, 2], "order": ["AB", "AB"]}))[:60]
    'Every learner took the forms in the same order (A → B: 2): a'
    """
    counts = join_list(_("{order}: {n}").format(order=ORDER_NAMES.get(order, order), n=n)
                       for order, n in gains["order"].value_counts().sort_index().items())
    by_order = order_gains(gains)
    if by_order is None:
        return _("Every learner took the forms in the same order ({counts}): a difference between "
                 "the forms cannot be told apart from learning. Hand out with teams (`saleslab handout "
                 "--teams K`) so that half the teams take form B first.").format(counts=counts)
    each = join_clauses(_("{order}: {summary}").format(order=ORDER_NAMES[order], summary=result)
                        for order, result in by_order.by_order.items())
    return _("Learners by order of the forms: {counts}. {each}. {result}: a difference between the "
             "two orders is a difference between the forms, and the counterbalanced gain leaves it "
             "out.").format(counts=counts, each=each, result=by_order)


def report_html(grades: pd.DataFrame, names: bool) -> str:
    """The report page; learners by name if ``names``, else numbered (see :func:`anonymous`)."""
    table = scores(grades)
    gains = learner_gains(table)
    summary, shares = mean_gain(gains), objective_gains(table)
    learners = (gains if names else anonymous(gains)).assign(order=lambda t: t["order"].map(ORDER_NAMES))
    learners = learners.rename(columns={"learner": _("Learner"), "pre": _("Right before"),
                                        "post": _("Right after"), "gain": _("Gain"),
                                        "order": _("Forms (before → after)")})
    objectives = pd.DataFrame({_("Objective"): shares["text"],
                               _("Right before"): shares["pre"].map(percent),
                               _("Right after"): shares["post"].map(percent),
                               _("Gain (points)"): (100 * shares["gain"]).map("{:+.0f}".format),
                               _("95% interval (points)"): [
                                   _("{low:+.0f} to {high:+.0f}").format(low=100 * lo, high=100 * hi)
                                   for lo, hi in zip(shares["low"], shares["high"])]})
    title = _("Knowledge check: what the class learned")
    notes = [join_sentences([
        _("Ten questions before the course and ten after it, in two forms that ask about the same "
          "ten objectives, pair by pair with items built alike (same kind, calculation steps and "
          "number of options), so that neither form is built to be easier."),
        _("Class result: {summary}.").format(summary=summary)]), order_note(gains)]
    absent = missing(table)
    if absent:
        notes.append(_("{n} learner(s) took only one check and have no gain{who}.").format(
            n=len(absent), who=_(": {names}").format(names=join_list(absent)) if names else ""))
    parts = [f"<h1>{escape(title)}</h1>", *(f"<p>{escape(n)}</p>" for n in notes),
             _png(gains_figure(gains, summary)), _png(objectives_figure(shares)),
                          "<h2>" + escape(_("Per objective")) + "</h2>", html_table(objectives),
             "<h2>" + escape(_("Per learner")) + "</h2>", html_table(learners)]
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body>\n" + "\n".join(parts) + "\n</body></html>\n")


def write_report(grades: pd.DataFrame, out: Path | str, names: bool = False) -> list[Path]:
    """Write the trainer's page (names) and the buyer's page (names only if ``names``)."""
    folder = check_out(out)
    pages = {"report-trainer.html": True, "report-buyer.html": names}
    written = []
    for name, with_names in pages.items():
        path = folder / name
        _write_atomic(path, report_html(grades, with_names).encode("utf-8"))
        written.append(path)
    return written
