import math

import matplotlib.pyplot as plt
import pytest

from saleslab import plots


@pytest.mark.parametrize(
    ("value", "text"),
    [(950, "¥950"), (80_000, "¥80k"), (1_234_000, "¥1.23M"), (-2_500_000, "-¥2.5M"),
     (3.2e9, "¥3.2B"), (0, "¥0"), (math.nan, "–")],
)
def test_money_is_compact_and_signed(value, text):
    assert plots.money(value) == text


@pytest.mark.parametrize(("value", "text"), [(0.125, "12.5%"), (0.3, "30%"), (1.0, "100%"), (0.0004, "0%")])
def test_percent_drops_trailing_zeros(value, text):
    assert plots.percent(value) == text


def test_count_rounds_and_separates_thousands():
    assert plots.count(12345.6) == "12,346"


@pytest.mark.parametrize("bad", ["12", None, True])
def test_formats_reject_non_numbers(bad):
    with pytest.raises(TypeError, match="`value` must be a number"):
        plots.money(bad)


def test_format_axis_formats_ticks_and_rejects_unknown_kinds():
    fig, ax = plt.subplots()
    plots.format_axis(ax, "percent")
    assert ax.yaxis.get_major_formatter()(0.25, 0) == "25%"
    with pytest.raises(ValueError, match="`kind` must be one of"):
        plots.format_axis(ax, "euros")
    with pytest.raises(ValueError, match="`axis` must be 'x' or 'y'"):
        plots.format_axis(ax, "money", axis="z")


def test_theme_sets_course_look():
    plots.use_theme()
    assert plt.rcParams["axes.titlelocation"] == "left"
    assert plt.rcParams["axes.spines.top"] is False
    assert tuple(plt.rcParams["figure.figsize"]) == plots.FIGSIZE


def test_lost_has_one_colour_distinct_from_won():
    assert plots.COLORS["lost"] != plots.COLORS["won"]


# --- blitting: a kept figure redrawn by drawing only what moved -------------------------

def _pixels(png: bytes):
    import io

    import numpy as np
    import PIL.Image

    return np.asarray(PIL.Image.open(io.BytesIO(png)))


class _Bars(plots.LiveFigure):
    """Two bars, a title stating the taller one, a legend above the bars, fixed limits."""

    def __init__(self):
        super().__init__((4, 3))
        self.bars = self.axes.bar([0, 1], [0.0, 0.0], color=plots.COLORS["stage"], label="sales")
        self.axes.axhline(0.5, color=plots.COLORS["target"], label="target")
        self.axes.set_ylim(0, 1)
        self.axes.legend(loc="upper right")

    def draw(self, heights):
        for bar, height in zip(self.bars, heights):
            bar.set_height(height)
        self.axes.set_title(f"Bar {int(heights[1] > heights[0])} is taller", loc="left")
        if max(heights) > 1:  # the limit must follow: the background is stale
            self.axes.set_ylim(0, max(heights))


def _full_render(heights) -> bytes:
    """The same state rendered in full by a figure that never blitted."""
    return plots.png_bytes(_Bars().update(heights))


def test_blitted_redraws_equal_a_full_render_pixel_for_pixel():
    drawing = _Bars()
    states = [(0.2, 0.9), (0.8, 0.3), (0.6, 0.7), (0.8, 0.3)]
    images, how = [], []
    for heights in states:
        images.append(drawing.png(heights))
        how.append(drawing.blitter.last)
        assert (_pixels(images[-1]) == _pixels(_full_render(heights))).all(), heights
    assert how == ["full", "background", "blit", "blit"]
    assert (_pixels(images[2]) != _pixels(images[1])).any()  # the second move still moves


def test_a_changed_limit_renders_the_background_again():
    drawing = _Bars()
    for heights in [(0.2, 0.9), (0.8, 0.3), (0.6, 0.7), (1.6, 0.7)]:
        image = drawing.png(heights)
    assert drawing.blitter.last == "background"
    assert drawing.axes.get_ylim() == (0, 1.6)
    assert (_pixels(image) == _pixels(_full_render((1.6, 0.7)))).all()


def test_an_artist_not_yet_known_to_move_renders_the_background_again():
    drawing = _Bars()
    for heights in [(0.2, 0.9), (0.8, 0.3), (0.6, 0.7)]:
        drawing.png(heights)
    drawing.axes.set_xlabel("rep")  # a static artist changes: must not stay stale
    image = drawing.png((0.5, 0.4))
    assert drawing.blitter.last == "background"
    reference = _Bars()
    reference.axes.set_xlabel("rep")
    assert (_pixels(image) == _pixels(plots.png_bytes(reference.update((0.5, 0.4))))).all()


def test_round_limits_hold_still_while_the_data_moves_a_little():
    assert plots.nice_ceiling(140_200) == plots.nice_ceiling(149_000) == 150_000
    assert plots.nice_ceiling(0.0) == 1.0 and plots.nice_ceiling(8.0) == 8.0
    assert plots.round_out(-0.146, 0.735, 0.1) == (-0.2, 0.8)
    assert plots.round_out(-0.204, 0.642, 0.1) == (-0.3, 0.7)


def test_a_text_kept_in_the_background_that_moves_is_drawn_again():
    """An annotation clear of the moved bars stays in the background; moving its ``xy``
    does not mark it changed, and must still show."""
    drawing = _Bars()
    note = drawing.axes.annotate("note", (-0.45, 0.8))
    for heights in [(0.2, 0.3), (0.3, 0.2), (0.25, 0.2)]:
        drawing.png(heights)
    assert drawing.blitter.last == "blit"
    assert not note.get_animated()  # left in the background
    note.xy = (-0.45, 0.7)
    image = drawing.png((0.2, 0.25))
    drawing.blitter.forget()
    assert (_pixels(image) == _pixels(plots.png_bytes(drawing.figure))).all()


# --- text rasterised once: the same pixels as plain Agg ----------------------------------

def _plain_pixels(figure):
    """``figure`` rendered by a plain Agg canvas (no kept glyphs), its canvas put back."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    kept = figure.canvas
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba()).copy()
    figure.set_canvas(kept)
    return pixels


def test_texts_drawn_from_kept_glyphs_equal_plain_agg_and_follow_every_change():
    """A text drawn again comes from the kept glyph images; a change of its string, colour,
    size, weight or place must show exactly as plain Agg draws it."""
    import numpy as np
    from matplotlib.figure import Figure

    from saleslab.textcache import TextCacheCanvas

    figure = Figure(figsize=(3, 1.5), dpi=100)
    canvas = TextCacheCanvas(figure)
    title = figure.text(0.05, 0.6, "Won ¥1.2M", fontsize=12, fontweight="bold")
    label = figure.text(0.3, 0.2, "lost", rotation=15, alpha=0.6)
    changes = [lambda: None, lambda: title.set_text("Won ¥1.3M"), lambda: title.set_text("Won ¥1.2M"),
               lambda: title.set_color("#d1495b"), lambda: title.set_fontsize(11),
               lambda: title.set_fontweight("normal"), lambda: title.set_x(0.07),
               lambda: label.set_rotation(30)]
    for change in changes:
        change()
        canvas.draw()
        assert (np.asarray(canvas.buffer_rgba()) == _plain_pixels(figure)).all()
    assert canvas.get_renderer().text_hits >= 4  # the unchanged texts came from the cache


def test_png_bytes_decode_to_the_canvas_pixels_at_its_size():
    import numpy as np
    from matplotlib.figure import Figure

    figure = Figure(figsize=(3.1, 1.7), dpi=100)
    figure.subplots().bar([0, 1], [2, 3], color=plots.COLORS["lost"])
    image = _pixels(plots.png_bytes(figure))
    assert image.shape == (170, 310, 4)
    assert (image == np.asarray(figure.canvas.buffer_rgba())).all()
