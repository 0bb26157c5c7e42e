"""PNG bytes of an Agg canvas, written fast: what a dashboard sends on every move.

>>> from matplotlib.figure import Figure
>>> from matplotlib.backends.backend_agg import FigureCanvasAgg
>>> canvas = FigureCanvasAgg(Figure(figsize=(2, 1)))
>>> canvas.draw()
>>> canvas_png(canvas)[:8]
b'\\x89PNG\\r\\n\\x1a\\n'
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg


def canvas_png(canvas: FigureCanvasAgg) -> bytes:
    """The canvas's pixels as PNG bytes: 8-bit RGBA rows with no PNG filter, deflated at the
    fastest level. The bytes only travel to the browser on this machine; Pillow tries the
    five PNG filters on every row, which for a 1200×850 dashboard took 45 ms of a redraw
    against 15 ms, for about the same size (flat colours compress well unfiltered)."""
    pixels = np.asarray(canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    rows = np.zeros((height, 1 + 4 * width), np.uint8)  # each row: filter type 0, pixels
    rows[:, 1:] = pixels.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA
    return b"".join([b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header),
                     _chunk(b"IDAT", zlib.compress(rows, 1)), _chunk(b"IEND", b"")])


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
