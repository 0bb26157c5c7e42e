"""Case 3's data-dependent sentences and the small tables behind them: who is trained first,
spillover to the wait-list, what each topic moves in the funnel, and what repeated runs say.
Each sentence is a :class:`~saleslab.story.Claim` checked on the table shown next to it.

>>> table = selection_bias(runs=3)
>>> sorted(table["rule"].unique())
['random', 'strongest', 'weakest']
"""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, _
from ..localformat import join_list
from ..improvement.compare import signed_percent
from ..plots import percent
from ..story import Claim, Story
from .training import METHODS, TrainingResult, repeat_experiment, run_experiment, summarise_runs
from .training_model import TOPICS, TRAINED_FIRST

SHORT = {"ancova": "ANCOVA", "did": N_("difference-in-differences"), "after_only": N_("after only"),
         "before_after": N_("before/after")}
#: The sentence of :func:`selection_story` for each rule of who is trained first: whole
#: sentences, since the rule's name alone is a table value that reads badly inside one.
BIASED = {
    "weakest": N_("With the weakest sellers trained first, the readings whose average misses the "
                  "built-in effect by more than a single run's spread: {names}."),
    "strongest": N_("With the strongest sellers trained first, the readings whose average misses the "
                    "built-in effect by more than a single run's spread: {names}."),
}


def selection_bias(runs: int = 20, seed: int = 1, **levers: object) -> pd.DataFrame:
    """Each reading's average error and spread over ``runs`` repeats, for each rule of who is
    trained first: columns ``rule``, ``method``, ``mean_effect``, ``built_in_effect``,
    ``bias`` (mean − built in) and ``spread`` (standard deviation over runs).
    """
    tables = []
    for rule in TRAINED_FIRST:
        summary = summarise_runs(repeat_experiment(runs, seed, trained_first=rule, **levers))
        tables.append(summary.assign(rule=rule, bias=summary["mean_effect"] - summary["built_in_effect"]))
    table = pd.concat(tables).rename_axis("method").reset_index()
    return table[["rule", "method", "mean_effect", "built_in_effect", "bias", "spread"]]


def selection_story(table: pd.DataFrame) -> Story:
    """Which readings a non-random first wave biases (average error larger than the spread
    of single runs), and what happens to ANCOVA's precision."""
    rows = table.set_index(["rule", "method"])
    claims = []
    for rule in BIASED:
        biased = [m for m in METHODS if abs(rows.loc[(rule, m), "bias"]) > rows.loc[(rule, m), "spread"]]
        names = join_list(_(SHORT[m]) for m in biased) or _("none of the readings")
        claims.append(Claim.that(
            True, _(BIASED[rule]).format(names=names),
            "; ".join(f"{m} bias {rows.loc[(rule, m), 'bias']:+.3f} spread {rows.loc[(rule, m), 'spread']:.3f}"
                      for m in METHODS)))
    ancova = rows.xs("ancova", level="method")
    wider = max(ancova.loc["weakest", "spread"], ancova.loc["strongest", "spread"]) / ancova.loc["random", "spread"]
    fair = all(abs(ancova.loc[r, "bias"]) <= ancova.loc[r, "spread"] for r in ("weakest", "strongest"))
    text = (_("ANCOVA, which adjusts for each rep's months before, stays within its spread of the "
              "built-in effect, but its spread grows up to {k:.1f} times the random rollout's: "
              "roughly unbiased, far less precise.") if fair else
            _("Even ANCOVA misses by more than its spread here, and its spread grows up to {k:.1f} "
              "times the random rollout's."))
    claims.append(Claim.that(True, text.format(k=wider),
                             f"ANCOVA spread ratio {wider:.2f}; fair={fair}"))
    return Story.of(*claims)


def spillover_effects(levels: tuple[float, ...] = (0.0, 0.25, 0.5), runs: int = 20, seed: int = 1,
                      **levers: object) -> pd.DataFrame:
    """Mean ANCOVA reading and built-in effect over ``runs`` repeats at each spillover level:
    columns ``spillover``, ``measured``, ``built_in_effect``, ``power``."""
    rows = []
    for level in levels:
        summary = summarise_runs(repeat_experiment(runs, seed, spillover=level, **levers)).loc["ancova"]
        rows.append({"spillover": level, "measured": summary["mean_effect"],
                     "built_in_effect": summary["built_in_effect"], "power": summary["power"]})
    return pd.DataFrame(rows)


def spillover_story(table: pd.DataFrame) -> Claim:
    """How the measured effect moves as trained reps share more with the wait-list."""
    first, last = table.iloc[0], table.iloc[-1]
    shrinks = last["measured"] < first["measured"]
    text = (_("As trained reps share more ({a} → {b} of their gain), the measured effect shrinks "
              "from {m0} to {m1} and the power from {p0} to {p1}, while the effect on the trained "
              "reps stays about {built}: the wait-list is no longer untrained.") if shrinks else
            _("Sharing ({a} → {b} of the gain) did not shrink the measured effect in these runs "
              "({m0} → {m1})."))
    return Claim.that(True, text.format(
        a=percent(first["spillover"], 0), b=percent(last["spillover"], 0),
        m0=signed_percent(first["measured"]), m1=signed_percent(last["measured"]),
        p0=percent(first["power"], 0), p1=percent(last["power"], 0),
        built=signed_percent(table["built_in_effect"].mean())),
        f"measured {first['measured']:+.3f} → {last['measured']:+.3f}")


def stage_rates(seed: int, reps: pd.DataFrame | None = None, **levers: object) -> pd.DataFrame:
    """What each topic moves in the funnel of the reps trained first, in the months compared:
    per topic (index :data:`TOPICS` plus ``"none"``) the ``proposal_rate`` (qualified →
    proposal: discovery questions), ``close_rate`` (proposal → won: product knowledge and
    objection handling), ``win_rate`` and the ``built_in_effect``.
    """
    rows = {}
    for topic in (*TOPICS, "none"):
        quality = {"session_quality": 0.0} if topic == "none" else {}
        result = run_experiment(seed, reps=reps, topics="both" if topic == "none" else topic,
                                **quality, **levers)
        units = result.units
        done = units[(units["trained"] == 1) & (units["period"] == "after")].sum(numeric_only=True)
        rows[topic] = {"proposal_rate": done["proposals"] / done["opportunities"],
                       "close_rate": done["deals_won"] / done["proposals"],
                       "win_rate": done["deals_won"] / done["opportunities"],
                       "built_in_effect": result.built_in_effect}
    return pd.DataFrame(rows).T.rename_axis(_("training"))


def stage_story(table: pd.DataFrame) -> Claim:
    """Which stage each topic lifts, against no training."""
    none = table.loc["none"]
    skills_up = table.loc["skills", "proposal_rate"] > none["proposal_rate"]
    product_close = table.loc["product", "close_rate"] > none["close_rate"]
    return Claim.that(
        skills_up and product_close,
        _("Selling skills lift the share of opportunities that reach a proposal ({a} → {b}); "
          "product knowledge lifts the share of proposals won ({c} → {d}); both together have "
          "the largest built-in effect ({e}).").format(
            a=percent(none["proposal_rate"], 0), b=percent(table.loc["skills", "proposal_rate"], 0),
            c=percent(none["close_rate"], 0), d=percent(table.loc["product", "close_rate"], 0),
            e=signed_percent(table.loc["both", "built_in_effect"])),
        f"proposal {none['proposal_rate']:.3f}→{table.loc['skills', 'proposal_rate']:.3f}; close "
        f"{none['close_rate']:.3f}→{table.loc['product', 'close_rate']:.3f}; both is max "
        f"{table['built_in_effect'].idxmax() == 'both'}")


def readings_story(result: TrainingResult) -> Claim:
    """How far each reading of this run lands from the built-in effect, and which is widest."""
    table = result.estimates.set_index("method")
    error = (table["effect"] - result.built_in_effect).abs()
    widest = (table["ci_high"] - table["ci_low"]).idxmax()
    worst = error.idxmax()
    return Claim.that(
        True,
        _("In this run {worst} lands furthest from the built-in effect ({value} against {built}); "
          "{widest} has the widest interval.").format(
            worst=_(SHORT[worst]), value=signed_percent(table.loc[worst, "effect"]),
            built=signed_percent(result.built_in_effect), widest=_(SHORT[widest])),
        f"errors {error.round(3).to_dict()}; widest {widest}")


def runs_story(summary: pd.DataFrame, reps: int = 40) -> Claim:
    """Where the readings centre over repeated runs, and how often each finds the effect."""
    fair = summary.loc[["ancova", "did"]]
    near = (fair["mean_effect"] - fair["built_in_effect"]).abs().max()
    return Claim.that(
        True,
        _("Over these runs ANCOVA averages {a} and difference-in-differences {d} against the "
          "built-in {b}; with {n} reps ANCOVA finds the effect in {pa} of runs, the after-only "
          "comparison in {po}, and before/after \"finds\" one in {pb}.").format(
            a=signed_percent(summary.loc["ancova", "mean_effect"]),
            d=signed_percent(summary.loc["did", "mean_effect"]),
            b=signed_percent(summary.loc["ancova", "built_in_effect"]), n=reps,
            pa=percent(summary.loc["ancova", "power"], 0), po=percent(summary.loc["after_only", "power"], 0),
            pb=percent(summary.loc["before_after", "power"], 0)),
        f"largest fair miss {near:.3f}")



def quiz_story(bands: pd.DataFrame) -> Claim:
    """Whether the reps of the top quiz band win a larger share than the bottom band's
    (the table of ``training.by_quiz_band``)."""
    low, high = bands["win_rate"].iloc[0], bands["win_rate"].iloc[-1]
    text = (_("Reps in the top third of the quiz win {high} of their opportunities, the bottom "
              "third {low}.") if high > low else
            _("In these months the top third of the quiz did not win more than the bottom third "
              "({high} against {low}): knowledge is one driver among many."))
    return Claim.that(True, text.format(high=percent(high, 0), low=percent(low, 0)),
                      f"win rate top {high:.3f} vs bottom {low:.3f}")
