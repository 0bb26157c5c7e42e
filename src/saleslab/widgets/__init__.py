"""Widgets of the course: each wires controls to a pure function of the package.

>>> from saleslab.widgets import process_demo
>>> process_demo().result.deals > 0
True
"""

from .core import Dashboard, percent_slider
from .start import process_demo

__all__ = ["Dashboard", "percent_slider", "process_demo"]
