"""The forms of the knowledge check without their answer key, for the learner's wheel.

``saleslab handout --no-solutions`` builds the wheel a learner installs from a copy of the
package in which ``assessment/forms.py`` is replaced by :func:`keyless_source`: the same
prompts and options in the order shown, the same hints, but no letter marked right and no
option's explanation. The learner's check cells then only record the answer; ``saleslab
grade`` scores it with the trainer's own package, which has the key.

>>> namespace = {"__name__": "saleslab.assessment.forms", "__package__": "saleslab.assessment"}
>>> exec(keyless_source(), namespace)
>>> item = namespace["FORM_A"][1]
>>> item.answer, [text for _letter, text, _feedback in item.options()] == [
...     text for _letter, text, _feedback in FORM_A[1].options()], {f for _l, _t, f in item.options()}
('', True, {''})
"""

from __future__ import annotations

from .forms import FORM_A, FORM_B
from .items import Choice

_HEADER = '''"""The two forms of the knowledge check, without their answer key: this is the learner's
edition (``saleslab handout --no-solutions``); your trainer scores the checks."""

from __future__ import annotations

from ..i18n import N_
from .items import KEYLESS, Choice
'''


def _item(item: Choice) -> str:
    """One keyless item as Python source: its options in the order shown, no feedback."""
    first, *others = [f'(N_({text!r}), "")' for _letter, text, _feedback in item.options()]
    return (f"    Choice({item.objective!r}, {item.kind!r}, N_({item.prompt!r}),\n"
            f"           {first},\n"
            f"           ({', '.join(others)},),\n"
            f"           at=KEYLESS, hint=N_({item.hint!r}), steps={item.steps}),\n")


def keyless_source() -> str:
    """The source of a ``forms.py`` with ``FORM_A`` and ``FORM_B`` keyless."""
    parts = [_HEADER]
    for name, form in (("FORM_A", FORM_A), ("FORM_B", FORM_B)):
        parts.append(f"\n{name}: tuple[Choice, ...] = (\n" + "".join(_item(item) for item in form) + ")\n")
    return "".join(parts)
