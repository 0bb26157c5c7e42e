"""One translation function for every learner-facing string.

saleslab follows the gettext convention: the English source text is the message id,
wrapped in ``_()`` where it is written. The Chinese edition's catalogue is compiled to
``saleslab/locale/zh_CN/LC_MESSAGES/saleslab.mo`` in the build (``saleslab translations
compile``); ``SALESLAB_LANG=zh_CN``, or :func:`use_language` (the first line of every Chinese
notebook), turns it on; no call site changes. Without ``SALESLAB_LANG`` the text is English,
whatever the computer's own locale, and without a catalogue the English text is returned.

>>> _("Setup complete.")
'Setup complete.'
"""

from __future__ import annotations

import gettext
import os
import sys
from functools import lru_cache
from pathlib import Path

DOMAIN = "saleslab"
LOCALE_DIR = Path(__file__).parent / "locale"
LANG_VARIABLE = "SALESLAB_LANG"
#: The editions besides the English source, by gettext language code.
LANGUAGES = ("zh_CN",)
ENGLISH = "en"


@lru_cache(maxsize=8)
def _catalogue(language: str | None, locale_dir: str) -> gettext.NullTranslations:
    if not language or language == ENGLISH:
        # Never gettext's own fallback to LANG/LC_ALL: a Chinese computer still gets the
        # English edition unless the Chinese one is asked for.
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=locale_dir, languages=[language], fallback=True)


def check_language(language: str) -> str:
    """``language`` if it names an edition (``en`` or one of :data:`LANGUAGES`).

    >>> check_language("zh_CN")
    'zh_CN'
    >>> check_language("zh")
    Traceback (most recent call last):
    ...
    ValueError: `language` must be one of en, zh_CN, got 'zh'
    """
    if language != ENGLISH and language not in LANGUAGES:
        raise ValueError(f"`language` must be one of {', '.join((ENGLISH, *LANGUAGES))}, "
                         f"got {language!r}")
    return language


def use_language(language: str) -> None:
    """Show every learner-facing text of this Python process in ``language`` from now on.

    The first line of each Chinese notebook calls ``use_language("zh_CN")``, so its kernel
    speaks Chinese even in a JupyterLab started without ``SALESLAB_LANG``; English
    notebooks never call it. It sets ``SALESLAB_LANG``, which programs started from here
    (a grading sandbox, Voila) inherit, and, in a notebook, shows tables' labels in the
    language too (:mod:`saleslab.tabledisplay`; an English kernel's tables are left alone).

    >>> use_language("en"); _("Correct")
    'Correct'
    """
    if check_language(language) == ENGLISH:
        os.environ.pop(LANG_VARIABLE, None)
    else:
        os.environ[LANG_VARIABLE] = language
        if "IPython" in sys.modules:  # a notebook's kernel; a command (handout, grade) shows no table
            from .tabledisplay import show_tables_translated

            show_tables_translated()


def current_language() -> str:
    """The edition ``_`` translates into now: ``SALESLAB_LANG``, or ``en`` when unset.

    >>> current_language() in ("en", "zh_CN")
    True
    """
    return os.environ.get(LANG_VARIABLE) or ENGLISH


def _(message: str) -> str:
    """Translate ``message`` into the language named by ``SALESLAB_LANG`` (English if unset).

    >>> _("Correct")
    'Correct'
    """
    if not isinstance(message, str):
        raise TypeError(f"`message` must be a str, got {type(message).__name__}")
    return _catalogue(current_language(), str(LOCALE_DIR)).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on a count ``n``.

    >>> ngettext("{n} deal", "{n} deals", 2).format(n=2)
    '2 deals'
    """
    return _catalogue(current_language(), str(LOCALE_DIR)).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in ``context``: a one-word text used in more than one sense
    (``small`` the shift kind, 小幅, not the company size, 小) has an entry per sense, told
    apart by its ``msgctxt``. Without one for ``context``, the plain entry's translation.

    >>> pgettext("kind", "small")
    'small'
    """
    translated = _catalogue(current_language(), str(LOCALE_DIR)).pgettext(context, message)
    return _(message) if translated == message else translated


def NC_(context: str, message: str) -> str:
    """Mark ``message`` for translation in ``context`` where it is defined (see
    :func:`pgettext`, which translates it where shown).

    >>> NC_("kind", "small")
    'small'
    """
    return message


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; translate it with ``_`` where shown.

    >>> N_("Won")
    'Won'
    """
    return message
