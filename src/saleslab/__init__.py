"""saleslab: a hands-on course kit for sales process management (销售过程管理).

In a notebook, start with::

    import saleslab
    saleslab.setup_notebook()
"""

from __future__ import annotations

from importlib import metadata

from .envcheck import check_environment
from .i18n import _

__version__ = metadata.version("saleslab")
__all__ = ["__version__", "check_environment", "setup_notebook"]


def setup_notebook() -> None:
    """Apply the course look and say whether the machine is ready, in one short message.

    >>> setup_notebook()  # doctest: +ELLIPSIS
    Setup complete...
    """
    from .plots import use_theme  # here, not above: `saleslab check` must run without pandas

    use_theme()
    report = check_environment()
    if report.ok:
        print(_("Setup complete: saleslab {version} is ready.").format(version=__version__))
    else:
        print(report)
