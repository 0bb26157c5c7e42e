"""One translation function for every learner-facing string.

saleslab follows the gettext convention: the English source text is the message id,
wrapped in ``_()`` where it is written. A Chinese edition adds a catalogue at
``saleslab/locale/zh_CN/LC_MESSAGES/saleslab.mo`` and sets ``SALESLAB_LANG=zh_CN``;
no call site changes. Without a catalogue the English text is returned unchanged.

>>> _("Setup complete.")
'Setup complete.'
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

DOMAIN = "saleslab"
LOCALE_DIR = Path(__file__).parent / "locale"
LANG_VARIABLE = "SALESLAB_LANG"


@lru_cache(maxsize=8)
def _catalogue(language: str | None, locale_dir: str) -> gettext.NullTranslations:
    languages = [language] if language else None
    return gettext.translation(DOMAIN, localedir=locale_dir, languages=languages, fallback=True)


def _(message: str) -> str:
    """Translate ``message`` into the language named by ``SALESLAB_LANG`` (English if unset).

    >>> _("Correct")
    'Correct'
    """
    if not isinstance(message, str):
        raise TypeError(f"`message` must be a str, got {type(message).__name__}")
    language = os.environ.get(LANG_VARIABLE) or None
    return _catalogue(language, str(LOCALE_DIR)).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on a count ``n``.

    >>> ngettext("{n} deal", "{n} deals", 2).format(n=2)
    '2 deals'
    """
    language = os.environ.get(LANG_VARIABLE) or None
    return _catalogue(language, str(LOCALE_DIR)).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; translate it with ``_`` where shown.

    >>> N_("Won")
    'Won'
    """
    return message
