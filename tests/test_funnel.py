import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleslab import funnel

SNAP = pd.Timestamp("2026-03-01")


def five_deal_log():
    """Worked by hand: 1 won, 2 lost at contacted, 3 lost at proposal, 4 open in qualified,
    5 a referral that skipped contacted and was won after looping back to proposal."""
    rows = [
        (1, "lead", "2026-01-01"), (1, "contacted", "2026-01-02"), (1, "qualified", "2026-01-05"),
        (1, "proposal", "2026-01-10"), (1, "negotiation", "2026-01-20"), (1, "won", "2026-01-30"),
        (2, "lead", "2026-01-03"), (2, "contacted", "2026-01-04"), (2, "lost", "2026-01-10"),
        (3, "lead", "2026-01-05"), (3, "contacted", "2026-01-06"), (3, "qualified", "2026-01-08"),
        (3, "proposal", "2026-01-12"), (3, "lost", "2026-02-01"),
        (4, "lead", "2026-02-01"), (4, "contacted", "2026-02-02"), (4, "qualified", "2026-02-10"),
        (5, "lead", "2026-01-01"), (5, "qualified", "2026-01-03"), (5, "proposal", "2026-01-05"),
        (5, "negotiation", "2026-01-15"), (5, "proposal", "2026-01-20"), (5, "negotiation", "2026-01-25"),
        (5, "won", "2026-02-05"),
    ]
    return pd.DataFrame(rows, columns=["opportunity_id", "stage", "entered_at"]).assign(
        entered_at=lambda d: pd.to_datetime(d["entered_at"]))


def test_conversion_on_five_deals_worked_by_hand():
    table = funnel.stage_conversion(five_deal_log()).set_index("stage")
    # lead: all 5 entered and all moved on; contacted: 1,2,3,4 entered (5 skipped it),
    # 1,3,4 moved on, 2 lost; qualified: 1,3,4,5 entered, 1,3,5 moved on, 4 still open;
    # proposal: 1,3,5 entered, 1,5 moved on, 3 lost; negotiation: 1,5 both won.
    assert table["entered"].tolist() == [5, 4, 4, 3, 2]
    assert table["moved_on"].tolist() == [5, 3, 3, 2, 2]
    assert table["lost"].tolist() == [0, 1, 0, 1, 0]
    assert table["open"].tolist() == [0, 0, 1, 0, 0]
    assert table.loc["contacted", "conversion"] == pytest.approx(3 / 4)
    assert table.loc["qualified", "conversion"] == 1.0  # the open deal has no verdict yet
    assert table.loc["qualified", "share_of_entered"] == pytest.approx(3 / 4)
    assert funnel.weakest_stage(table.reset_index()) == "proposal"
    assert funnel.end_to_end(table.reset_index()) == pytest.approx(1 * 0.75 * 1 * 2 / 3 * 1)


def test_cohort_window_keeps_only_deals_entering_in_it():
    table = funnel.stage_conversion(five_deal_log(), cohort_start="2026-02-01").set_index("stage")
    assert table.loc["lead", "entered"] == 1  # only deal 4 became a lead in February


def test_time_in_stage_counts_open_deals_as_censored():
    visits = funnel.stage_visits(five_deal_log(), SNAP)
    qualified = visits[visits["stage"] == "qualified"].sort_values("opportunity_id")
    assert qualified["days"].tolist() == [5.0, 4.0, 19.0, 2.0]  # deal 4: 10 Feb to 1 Mar, open
    assert qualified["finished"].tolist() == [True, True, False, True]
    assert len(visits[visits["stage"] == "proposal"]) == 4  # deal 5 visits proposal twice


def test_kaplan_meier_is_not_fooled_by_open_slow_deals():
    rng = np.random.default_rng(1)
    start = pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.uniform(0, 120, 3000), unit="D")
    decided = start + pd.to_timedelta(rng.exponential(40, 3000), unit="D")
    snap = pd.Timestamp("2026-05-01")
    rows = [(i, "qualified", s) for i, s in enumerate(start)]
    rows += [(i, "won", d) for i, d in enumerate(decided) if d <= snap]
    log = pd.DataFrame(rows, columns=["opportunity_id", "stage", "entered_at"])
    cycle = funnel.sales_cycle(log, snap)
    true_median = 40 * np.log(2)
    assert cycle["median_low"] <= true_median <= cycle["median_high"]
    assert cycle["closed_only_median_days"] < 0.8 * true_median  # the naive reading is too fast


def simulate_markov_log(n, seed):
    """A funnel that is exactly a Markov chain, for checking the absorbing-chain algebra."""
    states = ["lead", "contacted", "qualified", "proposal", "negotiation", "won", "lost"]
    p = np.array([[0, .6, .05, 0, 0, 0, .35], [0, 0, .5, 0, 0, 0, .5], [0, 0, 0, .8, 0, 0, .2],
                  [0, 0, 0, 0, .45, 0, .55], [0, 0, 0, .2, 0, .65, .15]])
    rng = np.random.default_rng(seed)
    rows, state = [], np.zeros(n, int)
    t = np.zeros(n)
    rows.append((np.arange(n), state.copy(), t.copy()))
    alive = np.arange(n)
    while alive.size:
        cum = p[state[alive]].cumsum(axis=1)
        nxt = (rng.random(alive.size)[:, None] >= cum).sum(axis=1)
        state[alive] = nxt
        t[alive] += rng.exponential(5, alive.size)
        rows.append((alive.copy(), nxt, t[alive].copy()))
        alive = alive[nxt < 5]
    ids, st_, days = (np.concatenate(x) for x in zip(*rows))
    return pd.DataFrame({"opportunity_id": ids, "stage": np.array(states)[st_],
                         "entered_at": pd.Timestamp("2026-01-01") + pd.to_timedelta(days, unit="D")})


def test_markov_win_probability_agrees_with_direct_count():
    log = simulate_markov_log(40_000, seed=3)
    chain = funnel.absorbing_chain(log).table["win_probability"]
    # from negotiation: w = .65 + .2·.45·w  → w = .65 / (1 − .09)
    assert chain["negotiation"] == pytest.approx(0.65 / 0.91, abs=0.015)
    direct = funnel.direct_win_rate(log)
    for stage in ("lead", "contacted", "qualified"):
        assert chain[stage] == pytest.approx(direct[stage], abs=0.01)


def test_weighted_forecast_and_velocity_follow_their_formulas():
    opps = pd.DataFrame({"status": ["open", "open", "open", "lost"],
                         "last_stage": ["proposal", "proposal", "negotiation", "lead"],
                         "value": [100.0, 300.0, 50.0, 9e9]})
    table = funnel.weighted_forecast(opps, pd.Series({"proposal": 0.3, "negotiation": 0.8}))
    assert table["expected"].sum() == pytest.approx(400 * 0.3 + 50 * 0.8)
    assert funnel.sales_velocity(100, 0.2, 50_000, 50) == pytest.approx(20_000)
    with pytest.raises(ValueError, match="no value for stage"):
        funnel.weighted_forecast(opps, pd.Series({"proposal": 0.3}))


def _design():
    return pd.DataFrame({"stage": ["lead", "contacted", "proposal"],
                         "conversion": [0.6, 0.5, 0.4], "days": [2.0, 6.0, 25.0]})


def test_what_if_moves_bookings_in_proportion_and_cycle_by_the_days_saved():
    base = funnel.design_outcome(_design(), leads=1000, average_deal=10_000)
    assert base.bookings == pytest.approx(1000 * 0.6 * 0.5 * 0.4 * 10_000)
    assert base.weakest_stage == "proposal" and base.cycle_days == 33
    better = funnel.design_outcome(funnel.what_if(_design(), "proposal", conversion=0.6, days=15),
                                   leads=1000, average_deal=10_000)
    assert better.bookings / base.bookings == pytest.approx(0.6 / 0.4)
    assert base.cycle_days - better.cycle_days == 10
    assert better.weakest_stage == "contacted"


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(stage="demo"), "`stage` must be one of"),
    (dict(stage="lead", conversion=1.5), "`conversion` must be between 0 and 1"),
    (dict(stage="lead", days=-1), "`days` must be a number zero or more"),
])
def test_what_if_rejects_bad_changes(kwargs, message):
    with pytest.raises(ValueError, match=message):
        funnel.what_if(_design(), **kwargs)


@pytest.mark.parametrize(("events", "error", "message"), [
    ([], TypeError, "`events` must be a pandas DataFrame"),
    (pd.DataFrame({"opportunity_id": [1]}), ValueError, r"missing \['stage', 'entered_at'\]"),
    (pd.DataFrame(columns=["opportunity_id", "stage", "entered_at"]), ValueError, "empty table"),
    (pd.DataFrame({"opportunity_id": [1], "stage": ["demo"], "entered_at": ["2026-01-01"]}),
     ValueError, r"unknown stage\(s\) \['demo'\]"),
])
def test_bad_logs_get_clear_errors(events, error, message):
    with pytest.raises(error, match=message):
        funnel.stage_conversion(events)


def test_snapshot_before_events_is_rejected():
    with pytest.raises(ValueError, match="after the snapshot"):
        funnel.stage_visits(five_deal_log(), "2026-01-15")
    with pytest.raises(ValueError, match="`snapshot` must be a date"):
        funnel.stage_visits(five_deal_log(), "someday")


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(5, 300))
def test_conversions_always_lie_between_0_and_1(seed, n):
    table = funnel.stage_conversion(simulate_markov_log(n, seed))
    rates = table["conversion"].dropna()
    assert rates.between(0, 1).all()
    assert (table["moved_on"] + table["lost"] + table["open"] == table["entered"]).all()


def test_course_data_shows_the_weakest_stage_and_loss_table(root):
    from saleslab.data import load

    events = load("crm_events", root / "datasets")
    table = funnel.stage_conversion(events)
    assert funnel.weakest_stage(table) == "proposal"
    lost = funnel.where_lost(load("crm_opportunities", root / "datasets"))
    assert lost.to_numpy().sum() == (load("crm_opportunities", root / "datasets")["status"] == "lost").sum()


def test_figures_state_the_finding_and_label_axes():
    log = five_deal_log()
    fig = funnel.plot_funnel(funnel.stage_conversion(log))
    assert fig.axes[0].get_title(loc="left") == "Proposal keeps the smallest share: only 67% of deals move on"
    assert fig.axes[0].get_xlabel() == "Deals entering the stage (count)"
    times = funnel.time_in_stage(log, SNAP)
    fig = funnel.plot_time_in_stage(funnel.stage_visits(log, SNAP), times)
    assert fig.axes[0].get_title(loc="left").startswith("Proposal takes longest")
    curve = funnel.open_deal_survival(log, SNAP)
    fig = funnel.plot_open_deal_survival(curve, funnel.sales_cycle(log, SNAP))
    assert "decided within" in fig.axes[0].get_title(loc="left") and fig.axes[0].get_ylabel()
    base = funnel.design_outcome(_design(), 1000, 10_000)
    fig = funnel.plot_design(base, base)
    assert fig._suptitle.get_text() == base.headline()


# -- which stage to improve, and module 2's sentences (issue 11) -------------------------

def test_ten_points_are_worth_more_on_a_low_rate_and_ten_percent_the_same_anywhere():
    design = pd.DataFrame({"stage": ["qualified", "proposal"], "conversion": [0.81, 0.39], "days": [12.0, 25.0]})
    assert funnel.bookings_gain(design, "proposal", points=0.10) == pytest.approx(0.10 / 0.39)
    assert funnel.bookings_gain(design, "qualified", points=0.10) == pytest.approx(0.10 / 0.81)
    for stage in ("qualified", "proposal"):
        assert funnel.bookings_gain(design, stage, share=0.10) == pytest.approx(0.10)
    with pytest.raises(ValueError, match="exactly one of `points`"):
        funnel.bookings_gain(design, "proposal")


def test_the_lever_is_the_biggest_gain_against_the_best_reps(root):
    from saleslab.data import load

    events, opps = load("crm_events", root / "datasets"), load("crm_opportunities", root / "datasets")
    levers = funnel.stage_levers(events, opps)
    assert (levers["benchmark"] >= levers["today"]).all()
    assert levers["bookings_gain"].is_monotonic_decreasing
    assert levers["bookings_gain"].iloc[0] == pytest.approx(levers["benchmark"].iloc[0] / levers["today"].iloc[0] - 1)
    assert funnel.lever_story(levers).holds


def test_module_2_sentences_follow_the_table_they_describe():
    table = pd.DataFrame({"stage": ["lead", "contacted", "proposal"], "entered": [100, 50, 30],
                          "moved_on": [50, 30, 6], "lost": [50, 20, 24], "conversion": [0.5, 0.6, 0.2]})
    story = funnel.loss_story(table)
    assert story.holds and "The proposal stage keeps the smallest share" in str(story)
    assert "the lead stage loses the most deals (50)" in str(story)
    lost = pd.DataFrame({"price": [1, 2, 30], "no decision": [9, 8, 20], "competitor": [0, 1, 10]},
                        index=["lead", "contacted", "proposal"])
    reasons = funnel.reasons_story(lost)
    assert reasons.holds and "*no decision*" in str(reasons).split("proposal")[0]
    assert "*price* and *no decision* lead" in str(reasons)


def test_the_crm_as_of_a_day_knows_nothing_that_happened_later(root):
    from saleslab.data import SNAPSHOT, load

    events, opps = load("crm_events", root / "datasets"), load("crm_opportunities", root / "datasets")
    then = funnel.as_of(events, opps, "2026-01-01")
    assert then.events["entered_at"].max() < pd.Timestamp("2026-01-01")
    assert (then.opportunities["created_at"] < pd.Timestamp("2026-01-01")).all()
    decided_later = opps.set_index("opportunity_id")["closed_at"] >= pd.Timestamp("2026-01-01")
    still_open = then.opportunities.set_index("opportunity_id")["status"]
    assert (still_open[decided_later.reindex(still_open.index).fillna(False)] == "open").all()
    now = funnel.as_of(events, opps, SNAPSHOT + pd.Timedelta(days=1))  # nothing cut: the same table
    assert now.opportunities["status"].astype(str).tolist() == opps["status"].astype(str).tolist()
    assert now.opportunities["last_stage"].astype(str).tolist() == opps["last_stage"].astype(str).tolist()
    with pytest.raises(ValueError, match="before the first CRM entry"):
        funnel.as_of(events, opps, "2000-01-01")
