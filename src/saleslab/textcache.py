"""Text rasterised once: an Agg canvas that keeps the glyph images of the texts it drew.

Agg renders text glyph by glyph through FreeType, and that is most of the cost of a
dashboard's redraw: a wrapped bold title takes 10–15 ms, while blending its glyph images
onto the canvas takes well under one. A dashboard's texts come back (a legend label, the
title of a setting seen before, tick labels when the background is rendered again), so a
:class:`TextCacheCanvas` keeps, per line of text drawn, the glyph images FreeType made and
where they went, and when the same line is drawn again blends those images with the new
graphics context (colour, alpha, clipping). The pixels are a plain Agg rendering's: the
images are the ones FreeType made for that line, that font, size, angle, hinting and
position; a line that differs in any of these is rasterised again.

>>> from matplotlib.figure import Figure
>>> figure = Figure(figsize=(2, 1))
>>> canvas = TextCacheCanvas(figure)
>>> _ = figure.text(0.1, 0.5, "Won")
>>> canvas.draw(); canvas.draw()
>>> canvas.get_renderer().text_hits
1
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

#: Lines of text a renderer keeps the glyph images of (the least recently drawn go first).
TEXT_CACHE_LINES = 512


class _Recorder:
    """Stands in for the Agg renderer while a line of text is rasterised: passes every
    call on and keeps a copy of each glyph image blended."""

    def __init__(self, renderer: Any) -> None:
        self.renderer = renderer
        self.glyphs: list[tuple[np.ndarray, int, int, float]] = []

    def draw_text_image(self, image: np.ndarray, x: int, y: int, angle: float, gc: Any) -> None:
        self.glyphs.append((np.array(image, copy=True), x, y, angle))
        self.renderer.draw_text_image(image, x, y, angle, gc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.renderer, name)


class TextCacheRenderer(RendererAgg):
    """:class:`~matplotlib.backends.backend_agg.RendererAgg` that rasterises each line of
    plain text once (mathtext is drawn as usual). ``text_hits`` counts the lines served
    from the cache."""

    def __init__(self, width: float, height: float, dpi: float) -> None:
        super().__init__(width, height, dpi)
        self._glyphs: OrderedDict[tuple, tuple[Any, list]] = OrderedDict()
        self.text_hits = 0

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        """Draw ``s`` as Agg does, from the kept glyph images when this line, font, size,
        angle, hinting and position were rasterised before."""
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        font = self._prepare_font(prop)
        # The font object stands for its files (kept alive with the entry, so its id is
        # not reused); features and language change the glyphs' shapes and places.
        key = (s, id(font), prop.get_size_in_points(), angle, x, y, gc.get_antialiased(),
               get_hinting_flag(),
               None if mtext is None else (tuple(mtext.get_fontfeatures() or ()),
                                           mtext.get_language()))
        kept = self._glyphs.get(key)
        if kept is not None:
            self._glyphs.move_to_end(key)
            self.text_hits += 1
            for image, left, top, turn in kept[1]:
                self._renderer.draw_text_image(image, left, top, turn, gc)
            return None
        recorder = _Recorder(self._renderer)
        self._renderer = recorder
        try:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        finally:
            self._renderer = recorder.renderer
        self._glyphs[key] = (font, recorder.glyphs)
        if len(self._glyphs) > TEXT_CACHE_LINES:
            self._glyphs.popitem(last=False)
        return None


class TextCacheCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer is a :class:`TextCacheRenderer` (made again, empty,
    when the figure's pixel size or dpi changes)."""

    _text_key: tuple | None = None  # the pixel size and dpi the renderer was made for

    def get_renderer(self) -> TextCacheRenderer:
        key = (*self.get_width_height(physical=True), self.figure.dpi)
        if self._text_key != key:
            self.renderer = TextCacheRenderer(*key)
            self._text_key = key
        return self.renderer
