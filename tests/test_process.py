import pytest

from saleslab import plots
from saleslab.process import FunnelMonth, monthly_funnel, plot_monthly_funnel

DEFAULTS = dict(leads=400, contact_rate=0.6, qualify_rate=0.35, win_rate=0.3,
                deal_size=80_000, target=2_500_000)


def test_funnel_multiplies_stage_rates_worked_by_hand():
    result = monthly_funnel(**DEFAULTS)
    # 400 leads x 60% contacted = 240; x 35% qualified = 84; x 30% won = 25.2 deals
    assert result.stages["count"].tolist() == pytest.approx([400, 240, 84, 25.2])
    assert result.bookings == pytest.approx(25.2 * 80_000)
    assert result.share_of_target == pytest.approx(2_016_000 / 2_500_000)
    assert result.headline() == "25 deals won: ¥2.02M, 81% of the ¥2.5M target."


def test_raising_one_stage_raises_bookings_in_proportion():
    base = monthly_funnel(**DEFAULTS)
    better = monthly_funnel(**{**DEFAULTS, "contact_rate": 0.8})
    assert better.bookings / base.bookings == pytest.approx(0.8 / 0.6)


@pytest.mark.parametrize(
    ("name", "value", "error", "message"),
    [("contact_rate", 1.3, ValueError, "`contact_rate` must be between 0 and 1, got 1.3"),
     ("win_rate", -0.1, ValueError, "`win_rate` must be between 0 and 1"),
     ("qualify_rate", "35%", TypeError, "`qualify_rate` must be a number"),
     ("leads", -5, ValueError, "`leads` must be a number zero or more, got -5"),
     ("deal_size", 0, ValueError, "`deal_size` must be a number greater than 0, got 0"),
     ("target", float("nan"), ValueError, "`target` must be a number greater than 0")],
)
def test_bad_arguments_name_parameter_and_value(name, value, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(")):
        monthly_funnel(**{**DEFAULTS, name: value})


def test_figure_title_states_the_finding_and_colour_shows_target_met():
    below = plot_monthly_funnel(monthly_funnel(**DEFAULTS))
    assert below._suptitle.get_text() == monthly_funnel(**DEFAULTS).headline()
    bar = below.axes[1].patches[0]
    assert bar.get_facecolor()[:3] == pytest.approx(_rgb(plots.COLORS["lost"]))
    above = plot_monthly_funnel(monthly_funnel(**{**DEFAULTS, "contact_rate": 0.9}))
    assert above.axes[1].patches[0].get_facecolor()[:3] == pytest.approx(_rgb(plots.COLORS["won"]))
    assert above.axes[0].get_xlabel() and above.axes[1].get_ylabel().endswith("(¥)")


def test_plot_rejects_other_objects():
    with pytest.raises(TypeError, match="`result` must be a FunnelMonth"):
        plot_monthly_funnel({"deals": 3})


def _rgb(hex_colour):
    from matplotlib.colors import to_rgb

    return to_rgb(hex_colour)


def test_result_repr_is_the_headline():
    assert isinstance(monthly_funnel(**DEFAULTS), FunnelMonth)
    assert "81% of the ¥2.5M target" in repr(monthly_funnel(**DEFAULTS))
