"""Blitting for kept figures: render what does not move once, then only what moves.

A dashboard's figure changes in a few artists per control move (bars, lines, a title that
states the finding) while its axes, ticks, tick labels, axis labels and legends stay put;
rendering those again is most of a redraw (Agg lays out text glyph by glyph). A
:class:`Blitter` renders a figure in full once, learns which artists a redraw changed (an
artist marks itself *stale* when a property is set), and from then on keeps an Agg copy of
the figure without them — the background — and per redraw restores it and draws only them.

The pixels equal a full rendering's: the moved artists, and every artist the full
rendering would draw after them in the same axes (by z-order, e.g. the spines over a bar),
are drawn over a background rendered without any of them, in the same order; a text or
legend drawn after them stays in the background while no moved artist reaches it. The
background is rendered again whenever it could be stale: when an axes' limits, ticks or
position, or the figure's size, changed, when an artist not yet known to move changed, or
when artists were added or removed.

>>> from matplotlib.figure import Figure
>>> from matplotlib.backends.backend_agg import FigureCanvasAgg
>>> figure = Figure(figsize=(2, 1))
>>> canvas = FigureCanvasAgg(figure)
>>> line, = figure.subplots().plot([0, 1], [0, 1])
>>> blitter = Blitter(figure)
>>> blitter.render()          # first rendering: in full
'full'
>>> line.set_ydata([1, 0]); blitter.render()   # learns that the line moves
'background'
>>> line.set_ydata([0.5, 0.5]); blitter.render()
'blit'
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.spines import Spine
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: Pixels around a moved artist that antialiasing may touch.
_PAD = 3


def draw_order(container: Figure | Axes) -> list[Artist]:
    """The children ``container`` draws, in the order it draws them (stable by z-order, as
    ``Figure.draw`` and ``Axes.draw`` sort them), animated ones included; the background
    patch (always drawn first) left out."""
    children = [child for child in container.get_children() if child is not container.patch]
    if isinstance(container, Axes):
        if not (container.axison and container.get_frame_on()):
            children = [c for c in children if c not in container.spines.values()]
        if not container.axison:
            children = [c for c in children if not isinstance(c, Axis)]
    return sorted(children, key=attrgetter("zorder"))


def _descendants(artist: Artist) -> Iterator[Artist]:
    yield artist
    for child in artist.get_children():
        yield from _descendants(child)


def _changed(unit: Artist, labels: dict[int, tuple]) -> bool:
    """Whether a property of ``unit`` or of an artist inside it was set since it was last
    drawn. An axis counts its label only, by what it shows (``labels``: each axis's
    :func:`_label_state` when last drawn; setting the same label text marks it changed):
    its ticks and offset text follow the limits, tick positions and tick labels, which
    :meth:`Blitter.layout` compares."""
    if isinstance(unit, Axis):
        return _label_state(unit) != labels.get(id(unit))
    return any(artist.stale for artist in _descendants(unit))


def _label_state(axis: Axis) -> tuple:
    """What an axis label shows."""
    label = axis.label
    return (label.get_text(), tuple(label.get_position()), label.get_ha(), label.get_va(),
            label.get_rotation(), label.get_color(), label.get_fontsize(),
            label.get_fontweight(), label.get_visible())


def _ticks(axis: Axis) -> tuple:
    """An axis's major tick positions and labels (as its formatter writes them)."""
    locations = axis.get_majorticklocs()
    return tuple(locations), tuple(axis.get_major_formatter().format_ticks(locations))


def _name(artist: Artist) -> str:
    """An artist's kind and, for a text, its start: enough to find it in a figure."""
    text = (artist.get_text() if isinstance(artist, Text)
            else artist.label.get_text() if isinstance(artist, Axis) else artist.get_label())
    return f"{type(artist).__name__}({str(text or '')[:30]!r})"


def _extent(artist: Artist, renderer) -> Bbox:
    """Where ``artist`` paints, leaving it unchanged (an annotation places itself to tell,
    which marks it stale)."""
    stale = [(part, part.stale) for part in _descendants(artist)]
    extent = artist.get_window_extent(renderer)
    for part, was in stale:
        part.stale = was
    return extent


def _footprint(unit: Artist, renderer) -> Path | Bbox | bool:
    """Where ``unit`` may paint: a line's path in pixels (a long line's box covers most of
    its axes), a spine's line, other artists' boxes; True for an axis (ticks and grid lines
    reach anywhere), False when it is hidden."""
    if not unit.get_visible():
        return False
    if isinstance(unit, Axis):
        return True
    if isinstance(unit, Line2D):
        return unit.get_transform().transform_path(unit.get_path())
    if isinstance(unit, Spine):  # its own line: a spine's extent adds the axis's ticks
        points = renderer.points_to_pixels(unit.get_linewidth())
        return Patch.get_window_extent(unit, renderer).padded(points)
    return unit.get_window_extent(renderer)


def _reaches(unit: Artist, footprint: Path | Bbox | bool, extent: Bbox, renderer) -> bool:
    """Whether ``unit``, painting at ``footprint`` (:func:`_footprint`), may paint inside
    ``extent``."""
    if isinstance(footprint, bool):
        return footprint
    if isinstance(footprint, Path):
        points = renderer.points_to_pixels(unit.get_linewidth() + unit.get_markersize())
        return footprint.intersects_bbox(extent.padded(_PAD + points), filled=False)
    return not np.isfinite(footprint.get_points()).all() or footprint.padded(_PAD).overlaps(extent)


def _layout_change(before: tuple, after: tuple) -> str:
    """What differs between two :meth:`Blitter.layout` states, in words."""
    if before[:2] != after[:2] or len(before[2]) != len(after[2]):
        return "the figure's size or axes changed"
    parts = ("position", "x limits", "y limits", "x ticks or tick labels",
             "y ticks or tick labels", "axis visibility", "visibility")
    changed = {part for old, new in zip(before[2], after[2])
               for part, a, b in zip(parts, old, new) if a != b}
    return "an axes' " + ", ".join(part for part in parts if part in changed) + " changed"


class Blitter:
    """Renders ``figure`` (on an Agg canvas) in full or by blitting, whichever is right.

    :meth:`render` leaves the pixels in ``figure.canvas``; ``last`` says how they were made
    (``"full"``, ``"background"``: background rendered again then blitted, ``"blit"``).
    """

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        #: ids of the units (an axes' or the figure's children) seen to move
        self.moving: set[int] = set()
        self.last = ""
        #: Why the last rendering was not a blit ("" if it was).
        self.why = ""
        self._background = None
        self._layout: tuple | None = None
        self._units: dict[int, Artist] = {}
        self._labels: dict[int, tuple] = {}  # each axis's label as last drawn
        self._overlay: list[Artist] = []  # drawn over the background, in order
        # texts left in the background: (the overlay drawn before each, it, where it was)
        self._kept: list[tuple[list[Artist], Artist, Bbox]] = []
        self._footprints: dict[int, Path | Bbox | bool] = {}  # this rendering's, by unit id

    def layout(self) -> tuple:
        """What the background's pixels depend on besides its artists: the figure's size,
        and each axes' position, limits, tick positions and tick labels."""
        axes_state = tuple(
            (tuple(axes.get_position().bounds), axes.get_xlim(), axes.get_ylim(),
             _ticks(axes.xaxis), _ticks(axes.yaxis), axes.axison, axes.get_visible())
            for axes in self.figure.axes)
        return tuple(self.figure.get_size_inches()), self.figure.dpi, axes_state

    def containers(self) -> list[Figure | Axes]:
        """The axes, in the order the figure draws them, then the figure (whose own texts
        and legends come after its axes): whose children are the units that move or stay."""
        return [*sorted(self.figure.axes, key=attrgetter("zorder")), self.figure]

    def render(self) -> str:
        """Render the figure's current state into its canvas; returns :attr:`last`."""
        self._footprints = {}
        units = {id(child): child for container in self.containers()
                 for child in draw_order(container) if not isinstance(child, Axes)}
        layout = self.layout()
        if units.keys() != self._units.keys():  # artists added or removed: learn again
            self.moving = set()
            self._units = units
            self._full()
        else:
            self.why = self._why_not_blit(units, layout)
            if not self.why:
                self._blit()  # what changed is all drawn again: no flag to reset
                return self.last
            self.moving |= {key for key, unit in units.items() if _changed(unit, self._labels)}
            self._with_background()
        self._layout = self.layout()
        for unit in units.values():
            for artist in _descendants(unit):
                artist.stale = False
        self._labels = {id(axis): _label_state(axis) for axis in units.values()
                        if isinstance(axis, Axis)}
        return self.last

    def _why_not_blit(self, units: dict[int, Artist], layout: tuple) -> str:
        """Why the kept background cannot serve this rendering ("" if it can)."""
        if self._background is None:
            return "no background yet"
        if layout != self._layout:
            return _layout_change(self._layout, layout)
        overlay = self._overlay_ids()
        fixed = [_name(u) for key, u in units.items()
                 if key not in overlay and _changed(u, self._labels)]
        if fixed:
            return "a fixed artist changed: " + ", ".join(fixed)
        if self._covers_a_kept_text():
            return "a text kept in the background moved, or the overlay reaches it"
        return ""

    def forget(self) -> None:
        """Drop the background and what was learnt: the next :meth:`render` is in full, and
        until then the figure renders in full anywhere (e.g. ``savefig``)."""
        self.moving = set()
        self._units = {}
        self._set_overlay([])
        self._background = None

    def _overlay_ids(self) -> set[int]:
        return {id(unit) for unit in self._overlay}

    def _full(self) -> None:
        self._set_overlay([])
        self._background = None
        self.figure.canvas.draw()
        self.last = "full"

    def _with_background(self) -> None:
        overlay, self._kept = [], []
        for container in self.containers():
            order = [u for u in draw_order(container) if not isinstance(u, Axes)]
            first = next((i for i, u in enumerate(order) if id(u) in self.moving), None)
            if first is None:
                continue
            painted: list[Artist] = []  # the overlay of this container so far
            for unit in order[first:]:
                # A text or legend drawn after a moved artist, but clear of all the overlay
                # drawn before it, can stay in the background: nothing paints over it.
                if id(unit) not in self.moving and isinstance(unit, (Text, Legend)):
                    extent = unit.get_window_extent(self.figure.canvas.get_renderer())
                    if not self._reach(painted, extent):
                        self._kept.append((list(painted), unit, extent))
                        continue
                painted.append(unit)
            overlay += painted
        self._set_overlay(overlay)
        canvas = self.figure.canvas
        canvas.draw()
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._draw_overlay()
        self.last = "background"

    def _covers_a_kept_text(self) -> bool:
        """Whether a text left in the background moved (an annotation's ``xy`` can move
        without marking it changed), or the overlay now paints where it is."""
        renderer = self.figure.canvas.get_renderer()
        return any(not np.array_equal(_extent(unit, renderer).get_points(), extent.get_points())
                   or self._reach(painted, extent) for painted, unit, extent in self._kept)

    def _reach(self, units: list[Artist], extent: Bbox) -> bool:
        """Whether any of ``units`` may paint inside ``extent`` (their footprints measured
        once per rendering: several kept texts ask about the same units)."""
        renderer = self.figure.canvas.get_renderer()
        for unit in units:
            if id(unit) not in self._footprints:
                self._footprints[id(unit)] = _footprint(unit, renderer)
            if _reaches(unit, self._footprints[id(unit)], extent, renderer):
                return True
        return False

    def _blit(self) -> None:
        self.figure.canvas.restore_region(self._background)
        self._draw_overlay()
        self.last = "blit"

    def _set_overlay(self, overlay: list[Artist]) -> None:
        for unit in self._overlay:
            unit.set_animated(False)
        for unit in overlay:
            unit.set_animated(True)
        self._overlay = overlay

    def _draw_overlay(self) -> None:
        renderer = self.figure.canvas.get_renderer()
        for unit in self._overlay:
            unit.draw(renderer)
