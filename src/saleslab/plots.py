"""The kit's one look: seaborn theme, colours that carry meaning, and number formats.

Every figure in the course calls :func:`use_theme` (done by ``saleslab.setup_notebook``),
takes colours from :data:`COLORS` by meaning, and formats numbers with :func:`money`,
:func:`percent` and :func:`count` so the same quantity reads the same everywhere.

>>> money(1_234_000)
'¥1.23M'
>>> percent(0.125)
'12.5%'
>>> count(12345)
'12,345'
"""

from __future__ import annotations

import math
import os
import textwrap
import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from . import fonts
from .blit import Blitter
from .i18n import LANG_VARIABLE
from .localformat import chinese_edition, chinese_money
from .pngwrite import canvas_png
from .textcache import TextCacheCanvas
from .plot_limits import (HOLD_FILL, covering, hold_limits, nice_ceiling, round_out,  # noqa: F401
                          steady_limits)
from .validate import check_number

CURRENCY = "¥"

#: Colours by meaning; "lost" is the same red in every figure of the course.
COLORS: dict[str, str] = {
    "won": "#2a9d8f",
    "lost": "#d1495b",
    "open": "#8d99ae",
    "stage": "#457b9d",
    "baseline": "#9e9e9e",
    "intervention": "#1d6fb8",
    "target": "#222222",
    "highlight": "#f4a261",
    "signal": "#d1495b",
}

FIGSIZE = (8.0, 4.5)


def use_theme() -> None:
    """Apply the course theme to every figure drawn after this call."""
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=[COLORS["stage"], COLORS["highlight"], COLORS["won"], COLORS["lost"], COLORS["open"]],
        rc={
            "figure.figsize": FIGSIZE,
            "figure.dpi": 100,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            # A CJK font where the machine has one: Chinese text never shows as boxes.
            "font.family": fonts.families(os.environ.get(LANG_VARIABLE)),
        },
    )


def money(value: float, symbol: str = CURRENCY) -> str:
    """Format an amount of money compactly: ``¥950``, ``¥80k``, ``¥1.23M`` (in the Chinese
    edition ``¥8,000``, ``¥600万``, ``¥1.2亿``: :func:`~saleslab.localformat.chinese_money`).

    >>> money(80_000)
    '¥80k'
    >>> money(-2_500_000)
    '-¥2.5M'
    """
    amount = check_number("value", value)
    if math.isnan(amount):
        return "–"
    if chinese_edition():
        return chinese_money(amount, symbol)
    sign = "-" if amount < 0 else ""
    size = abs(amount)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            return f"{sign}{symbol}{size / limit:.3g}{suffix}"
    return f"{sign}{symbol}{size:,.0f}"


def percent(value: float, digits: int = 1) -> str:
    """Format a share (0.125) as a percentage ("12.5%"); trailing ".0" is dropped.

    >>> percent(0.3)
    '30%'
    """
    share = check_number("value", value)
    if math.isnan(share):
        return "–"
    text = f"{share * 100:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def count(value: float) -> str:
    """Format a count with thousands separators, rounded to a whole number.

    >>> count(1234.4)
    '1,234'
    """
    number = check_number("value", value)
    return "–" if math.isnan(number) else f"{number:,.0f}"


_FORMATS = {"money": money, "percent": lambda v: percent(v, digits=0), "count": count}


def format_axis(ax: Axes, kind: str, axis: str = "y") -> Axes:
    """Format an axis's tick labels as ``"money"``, ``"percent"`` or ``"count"``.

    >>> fig, ax = plt.subplots()
    >>> _ = format_axis(ax, "percent")
    >>> plt.close(fig)
    """
    if kind not in _FORMATS:
        raise ValueError(f"`kind` must be one of {sorted(_FORMATS)}, got {kind!r}")
    if axis not in ("x", "y"):
        raise ValueError(f"`axis` must be 'x' or 'y', got {axis!r}")
    formatter = FuncFormatter(lambda v, _pos: _FORMATS[kind](v))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)
    return ax


#: Characters of a bold 13 pt title that fit in one inch of figure width.
TITLE_CHARS_PER_INCH = 8.5


def wrap_titles(figure: Figure) -> Figure:
    """Break the figure's and its axes' titles that would run past the figure's width.

    A dashboard sends a PNG of fixed size (no ``bbox_inches="tight"`` growing the image
    to fit), so a long title must wrap instead of being cut off.

    >>> fig = Figure(figsize=(4, 3))
    >>> ax = fig.subplots()
    >>> _ = ax.set_title("word " * 20, loc="left")
    >>> wrap_titles(fig).axes[0].get_title(loc="left").count("\\n") > 0
    True
    """
    width = int(figure.get_size_inches()[0] * TITLE_CHARS_PER_INCH)
    titles = [figure._suptitle] if figure._suptitle is not None else []
    titles += [title for axes in figure.axes
               for title in (axes._left_title, axes.title, axes._right_title)]
    for title in titles:
        text = title.get_text()
        if len(text) > width and "\n" not in text:
            title.set_text(textwrap.fill(text, width))
    return figure


_REPLOT = threading.local()  # ``figure``: the kept figure a Replot is redrawing in this thread


def subplots(nrows: int = 1, ncols: int = 1, figsize: tuple[float, float] = FIGSIZE,
             **kwargs: Any) -> tuple[Figure, Any]:
    """``plt.subplots`` with constrained layout so long titles fit — or, while a
    :class:`Replot` redraws in this thread, the same axes in its kept figure (cleared).

    >>> fig, (left, right) = subplots(1, 2)
    >>> plt.close(fig)
    """
    kept = getattr(_REPLOT, "figure", None)
    if kept is None:
        return plt.subplots(nrows, ncols, figsize=figsize, layout="constrained", **kwargs)
    kept.clear()
    kept.set_size_inches(figsize)
    return kept, kept.subplots(nrows, ncols, **kwargs)


def new_figure(figsize: tuple[float, float] = FIGSIZE) -> tuple[plt.Figure, Axes]:
    """A figure and axes in the course size (see :func:`subplots`)."""
    return subplots(figsize=figsize)


def png_bytes(figure: Figure) -> bytes:
    """A figure as PNG bytes of its own pixel size, rendered as fast as Agg allows: what a
    dashboard sends on every move.

    One Agg draw, encoded at the fastest compression: ``savefig`` would draw twice once
    a layout engine was ever set (a layout pass, then the rendering; a layout engine still
    runs inside this draw) and compress harder. Titles keep their place at the top of each
    axes (no course figure puts ticks or labels above an axes, and looking for them costs
    a fifth of a draw).

    >>> png_bytes(Figure(figsize=(2, 1)))[:4]
    b'\x89PNG'
    """
    canvas = _agg_canvas(figure)
    canvas.draw()
    return canvas_png(canvas)


def _agg_canvas(figure: Figure) -> FigureCanvasAgg:
    """The figure's Agg canvas (a bare Figure gets one), titles fixed in place."""
    for axes in figure.axes:
        axes._autotitlepos = False
    canvas = figure.canvas
    return canvas if isinstance(canvas, FigureCanvasAgg) else TextCacheCanvas(figure)


class LiveFigure:
    """A figure built once and redrawn in place: what a dashboard draws into.

    Subclasses create the axes and artists in ``__init__`` (after
    ``super().__init__(figsize, margins)``) and move them in :meth:`draw`; a control change
    then costs one render, not a new figure. The figure lives outside pyplot (no
    ``plt.show``/``plt.close`` reaches it, from any thread), its margins are fixed (no
    layout pass per redraw) and :meth:`png` sends the same pixel size every time.
    ``plt.show()``-style use: :meth:`update` returns the figure.

    >>> class Bar(LiveFigure):
    ...     def __init__(self):
    ...         super().__init__((4, 3))
    ...         self.bar = self.axes.bar(0, 0.0)[0]
    ...     def draw(self, result):
    ...         self.bar.set_height(result)
    >>> drawing = Bar()
    >>> drawing.png(2.0)[:4]
    b'\\x89PNG'
    >>> drawing.update(3.0).axes[0].patches[0].get_height()
    3.0
    """

    #: Margins as figure fractions (``subplots_adjust`` names).
    MARGINS = {"left": 0.1, "right": 0.97, "bottom": 0.13, "top": 0.86}

    def __init__(self, figsize: tuple[float, float] = FIGSIZE,
                 margins: dict[str, float] | None = None, figure: Figure | None = None,
                 layout: str | None = None, **subplots: Any) -> None:
        """Make the figure (or draw into ``figure``, e.g. a pyplot one a notebook shows)
        and, unless ``subplots`` says ``nrows=0``, its axes: ``subplots`` go to
        :meth:`matplotlib.figure.Figure.subplots` (``nrows``, ``ncols``,
        ``gridspec_kw``...); the result is :attr:`axes`. ``layout`` (e.g.
        ``"constrained"``) places the axes on the first rendering instead of ``margins``;
        that placement is kept from then on (a layout pass measures every label and costs
        more than the drawing)."""
        if figure is None:
            figure = Figure(figsize=figsize, dpi=plt.rcParams["figure.dpi"])
            TextCacheCanvas(figure)  # texts that come back are not rasterised again
        self.figure = figure
        self.figure.subplots_adjust(**{**self.MARGINS, **(margins or {})})
        if layout is not None:
            self.figure.set_layout_engine(layout)
        self.axes = None if subplots.get("nrows") == 0 else self.figure.subplots(**subplots)
        #: ``key(result)`` names what the figure shows of a result: while it is unchanged,
        #: :meth:`png` returns the last PNG without drawing (a control that does not move
        #: this figure costs nothing). None: draw every time.
        self.key: Callable[[Any], Hashable] | None = None
        self._last: tuple[Hashable, bytes] | None = None
        self._cover: Callable[[], Iterable[Any]] | None = None  # see :meth:`cover`
        #: Renders only what moved over a kept background (see :mod:`saleslab.blit`).
        self.blitter = Blitter(self.figure)

    def draw(self, result: Any) -> None:
        """Move the artists to show ``result`` (subclasses implement this)."""
        raise NotImplementedError

    def update(self, result: Any) -> Figure:
        """Draw ``result`` and return the figure."""
        self.draw(result)
        return self.figure

    def cover(self, results: Callable[[], Iterable[Any]]) -> None:
        """Let the limits this figure holds (:func:`hold_limits`) cover ``results()`` from
        its first rendering: they are drawn, not rendered, just before it. Given the
        results at the ends of a control's range, moves within it redraw only the data,
        not the background (see :mod:`saleslab.blit`); they are computed only if the
        figure is ever rendered.

        >>> drawing = LiveFigure((4, 3))
        >>> drawing.draw = lambda top: hold_limits(drawing.axes, "y", 0, top)
        >>> drawing.cover(lambda: [10.0])
        >>> _ = drawing.png(4.0)
        >>> tuple(map(float, drawing.axes.get_ylim()))
        (0.0, 10.0)
        """
        self._cover = results

    def png(self, result: Any) -> bytes:
        """Draw ``result`` and render the figure to PNG bytes (fixed size, fast compression:
        the bytes only travel to the browser on this machine); reused while
        ``key(result)`` is unchanged. See :func:`png_bytes`."""
        key = None if self.key is None else self.key(result)
        if key is not None and self._last is not None and self._last[0] == key:
            return self._last[1]
        if self._cover is not None:
            covered, self._cover = self._cover(), None
            with covering():
                for each in covered:
                    self.draw(each)
        self.draw(result)
        canvas = _agg_canvas(self.figure)
        self.blitter.render()
        image = canvas_png(canvas)
        if key is not None:
            self._last = (key, image)
        self._keep_layout()
        return image

    def _keep_layout(self) -> None:
        """Keep where the layout engine, if any, placed the axes; run it no more."""
        if self.figure.get_layout_engine() is None:
            return
        positions = [axes.get_position() for axes in self.figure.axes]
        self.figure.set_layout_engine("none")
        for axes, position in zip(self.figure.axes, positions):
            axes.set_position(position)


class Replot(LiveFigure):
    """A :class:`LiveFigure` drawn by an ordinary plotting function of the course.

    ``plot(result)`` runs with :func:`subplots`/:func:`new_figure` handing it this kept
    figure, cleared, instead of a new pyplot figure: no figure or pyplot manager is made
    per redraw, nothing reaches ``plt.show``, and the plotting function stays the one the
    notebooks call. ``key`` is :attr:`LiveFigure.key`. Cheaper still is a
    :class:`LiveFigure` subclass that moves its artists.

    >>> import pandas as pd
    >>> def plot_total(value):
    ...     fig, ax = new_figure()
    ...     ax.bar(0, value)
    ...     return fig
    >>> drawing = Replot(plot_total)
    >>> drawing.png(2.0) == drawing.png(2.0)
    True
    >>> float(drawing.update(3.0).axes[0].patches[0].get_height())
    3.0
    """

    def __init__(self, plot: Callable[[Any], Any], key: Callable[[Any], Hashable] | None = None,
                 layout: str | None = "constrained") -> None:
        """``layout`` is the kept figure's layout engine (None: the plot's own margins)."""
        super().__init__(nrows=0)
        self.layout = layout
        self.plot = plot
        self.key = key
        self._frozen: dict[tuple, list] = {}  # axes positions found by the layout, by size

    def draw(self, result: Any) -> None:
        """Redraw the kept figure with ``plot(result)``. The layout engine runs on the
        first drawing of each figure size only; later drawings reuse its axes positions
        (a layout pass measures every label and costs more than the drawing)."""
        _REPLOT.figure = self.figure
        try:
            self.plot(result)
        finally:
            _REPLOT.figure = None
        wrap_titles(self.figure)
        positions = self._frozen.get(self._shape())
        if positions is not None:
            self.figure.set_layout_engine("none")
            for axes, position in zip(self.figure.axes, positions):
                axes.set_position(position)
        else:
            self.figure.set_layout_engine(self.layout)

    def _shape(self) -> tuple:
        """What the layout depends on beyond tick labels: size, axes, title lines."""
        titles = [self.figure.get_suptitle()] + [axes.get_title(loc) for axes in self.figure.axes
                                                 for loc in ("left", "center", "right")]
        return (tuple(self.figure.get_size_inches()), len(self.figure.axes),
                tuple(title.count("\n") for title in titles))

    def png(self, result: Any) -> bytes:
        """The PNG for ``result`` (see :meth:`LiveFigure.png`); the first drawing of each
        shape keeps the axes positions its layout found."""
        image = super().png(result)
        if self.layout is not None and self._shape() not in self._frozen:
            self._frozen[self._shape()] = [axes.get_position() for axes in self.figure.axes]
        return image
