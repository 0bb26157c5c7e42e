"""Case 3 dashboard: the levers of a sales-training programme on a wait-list rollout.

The trainer (or a learner) sets what is trained (product knowledge, selling skills or
both), how often sessions run, who is trained first, how much trained reps share with the
wait-list, how much a session teaches, the team size and the months compared, and which
assumptions the model makes; the dashboard reruns the experiment and redraws the team
results, the knowledge curves and the effect read four ways, with the programme's net
value and payback drawn from this experiment's interval.

>>> board = training_dashboard()
>>> board.controls["session_quality"].value = 0.0
>>> board.result.built_in_effect
0.0
"""

from __future__ import annotations

import functools

import ipywidgets as widgets

from ..cases import training
from ..cases.training_value import Costs, money_from_run
from ..cases.training_plots import DashboardFigure
from ..data import DEFAULT_SEED
from ..i18n import _
from ..improvement.compare import signed_percent
from ..plots import money, percent
from .core import Dashboard, show_live

#: Training cadences offered (label, months between sessions).
CADENCES = ((_("every month (3 a quarter)"), 1), (_("every 2 months"), 2),
            (_("every quarter (1 a quarter)"), 3), (_("twice a year"), 6), (_("once a year"), 12))
#: Who is trained first (label, lever value).
FIRST = ((_("a random half of each team"), "random"),
         (_("the weakest sellers (lowest sales before)"), "weakest"),
         (_("the strongest sellers (highest sales before)"), "strongest"))
#: What the programme trains (label, lever value).
TOPICS = ((_("product knowledge and selling skills"), "both"), (_("product knowledge only"), "product"),
          (_("selling skills only"), "skills"))
#: The model's assumptions (label, preset).
ASSUMPTIONS = ((_("article: knowledge drives wins strongly"), "article"),
               (_("conservative: smaller gain, faster forgetting"), "conservative"))

_STYLE = {"description_width": "16em"}
_LAYOUT = widgets.Layout(width="38em")


def training_result(seed: int = DEFAULT_SEED, reps: int = 40, months_between_sessions: int = 1,
                    trained_first: str = "random", session_quality: float = 0.25,
                    months_after: int = 12, preset: str = "article", topics: str = "both",
                    spillover: float = 0.0) -> training.TrainingResult:
    """The experiment the dashboard shows: ``reps`` reps drawn with ``seed`` (2026 and 40
    reps: the course dataset's team), six months before training, ``months_after`` months
    compared.

    >>> training_result(months_between_sessions=3).built_in_effect < training_result().built_in_effect
    True
    """
    return training.run_experiment(seed, reps, preset=preset, session_quality=session_quality,
                                   months_between_sessions=months_between_sessions,
                                   trained_first=trained_first, months_after=months_after,
                                   topics=topics, spillover=spillover)


def headline_numbers(result: training.TrainingResult, topics: str = "both",
                     months_between_sessions: int = 1) -> str:
    """The numbers a room argues about, one line each.

    >>> print(headline_numbers(training_result()).splitlines()[0])
    Trained reps sold ¥82.2k a month; without training about ¥66.6k (+24%, 95% CI +3% to +44%)
    """
    units = result.units
    first = units[units["trained"] == 1]
    knowledge = first.groupby("period")["knowledge"].mean()
    wins = first.groupby("period")[["deals_won", "opportunities"]].sum()
    win_rate = wins["deals_won"] / wins["opportunities"]
    others = result.estimates.set_index("method")["effect"]
    low, high = result.effect_ci
    value = money_from_run(result, Costs(), topics, months_between_sessions)
    return "\n".join([
        _("Trained reps sold {new} a month; without training about {old} ({effect}, 95% CI {low} "
          "to {high})").format(new=money(result.intervention), old=money(result.baseline),
                               effect=signed_percent(result.effect), low=signed_percent(low),
                               high=signed_percent(high)),
        _("Effect built into the model: {effect} (unknown in real life)").format(
            effect=signed_percent(result.built_in_effect)),
        _("Other readings: diff-in-diff {did}, after only {after}, before/after {before_after}").format(
            did=signed_percent(others["did"]), after=signed_percent(others["after_only"]),
            before_after=signed_percent(others["before_after"])),
        _("Trained reps' knowledge {k0:.0f} → {k1:.0f} points; win rate {w0} → {w1}").format(
            k0=knowledge["before"], k1=knowledge["after"], w0=percent(win_rate["before"], digits=0),
            w1=percent(win_rate["after"], digits=0)),
        value.headline(),
        value.reason(),
    ])


def training_dashboard(seed: int = DEFAULT_SEED) -> Dashboard:
    """Controls for the programme's levers and the model's assumptions; shows
    :func:`headline_numbers` and :func:`saleslab.cases.training_plots.plot_dashboard`."""
    controls = {
        "topics": widgets.Dropdown(options=list(TOPICS), value="both", description=_("What is trained"),
                                   style=_STYLE, layout=_LAYOUT),
        "months_between_sessions": widgets.Dropdown(
            options=list(CADENCES), value=1, description=_("Training sessions"), style=_STYLE,
            layout=_LAYOUT),
        "trained_first": widgets.Dropdown(options=list(FIRST), value="random",
                                          description=_("Who is trained first"), style=_STYLE,
                                          layout=_LAYOUT),
        "spillover": widgets.FloatSlider(
            value=0.0, min=0.0, max=0.6, step=0.1, readout_format=".0%",
            description=_("Shared with the wait-list"), continuous_update=False, style=_STYLE,
            layout=_LAYOUT),
        "session_quality": widgets.FloatSlider(
            value=0.25, min=0.0, max=0.5, step=0.05, readout_format=".0%",
            description=_("Session quality (gap closed)"), continuous_update=False,
            style=_STYLE, layout=_LAYOUT),
        "reps": widgets.IntSlider(value=40, min=10, max=200, step=10, description=_("Reps in the team"),
                                  continuous_update=False, style=_STYLE, layout=_LAYOUT),
        "months_after": widgets.IntSlider(value=12, min=3, max=18, description=_("Months compared"),
                                          continuous_update=False, style=_STYLE, layout=_LAYOUT),
        "preset": widgets.Dropdown(options=list(ASSUMPTIONS), value="article",
                                   description=_("Model assumptions"), style=_STYLE, layout=_LAYOUT),
        "seed": widgets.BoundedIntText(value=seed, min=0, max=99_999,
                                       description=_("Random seed (another year)"), style=_STYLE,
                                       layout=_LAYOUT),
    }

    drawing = DashboardFigure()  # one figure for the board's life, redrawn in place
    # A lever moved back shows its run again without rerunning the experiment (the board's
    # own cache: a result handed out by the public function stays the caller's to change).
    compute = functools.lru_cache(maxsize=64)(training_result)

    def render(result: training.TrainingResult) -> None:
        chosen = board.values()
        print(headline_numbers(result, chosen["topics"], chosen["months_between_sessions"]))
        show_live(drawing, result)

    board = Dashboard(controls, compute, render)
    board.drawing = drawing
    return board
