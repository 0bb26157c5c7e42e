"""One loop of Plan–Do–Check–Act, written down as a record.

Plan: the problem seen in the data and its cause. Do: the change, and how it is measured
(against a comparison group). Check: the result, with its uncertainty. Act: the decision —
adopt the change as the new standard, adapt it and test again, or abandon it.

A record can be filled in step by step: fields left out are "missing", and
:meth:`PDCARecord.missing_steps` says which PDCA steps still need work.

>>> record = PDCARecord(problem="38% of lost deals cite slow follow-up",
...                     cause="Leads wait 8 hours for a first call")
>>> record.missing_steps()
['Do', 'Check', 'Act']
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from ..i18n import N_, _
from ..localformat import join_list
from .clusters import ClusterComparison
from .compare import TwoProportions
from .did import EffectEstimate

#: The decisions that close a PDCA loop.
DECISIONS = (N_("adopt"), N_("adapt"), N_("abandon"))
#: The Chinese words the course uses for each decision (采纳 or 采用 / 调整 / 放弃).
DECISION_SYNONYMS = {"采纳": "adopt", "采用": "adopt", "调整": "adapt", "放弃": "abandon"}

#: Each PDCA step and the fields that complete it.
STEPS: dict[str, tuple[str, ...]] = {
    N_("Plan"): ("problem", "cause"),
    N_("Do"): ("change", "measure"),
    N_("Check"): ("result",),
    N_("Act"): ("decision",),
}

_LABELS = {
    "problem": N_("Problem"), "cause": N_("Cause"), "change": N_("Change"),
    "measure": N_("Measure"), "result": N_("Result"), "decision": N_("Decision"),
    "comparison": N_("Compared with"), "evidence": N_("Evidence"),
}
_TEXT_FIELDS = ("problem", "cause", "change", "measure", "result", "decision", "comparison")


@dataclass(frozen=True)
class PDCARecord:
    """A PDCA loop: problem, cause, change, measure, result, decision, plus evidence.

    Every field is optional so a record can grow step by step; a field that is given must
    be non-empty text, and ``decision`` one of ``"adopt"``, ``"adapt"``, ``"abandon"`` (or
    the course's Chinese word for it: 采纳, 调整, 放弃).
    ``comparison`` says what the change was compared with; ``evidence`` holds the
    statistical result (from :func:`two_proportions`, :func:`diff_in_diff` or
    :func:`ancova`).

    >>> PDCARecord(decision="keep it")
    Traceback (most recent call last):
    ...
    ValueError: `decision` must be one of ['adopt', 'adapt', 'abandon'], got 'keep it'
    >>> PDCARecord(decision="采纳").decision
    'adopt'
    """

    problem: str | None = None
    cause: str | None = None
    change: str | None = None
    measure: str | None = None
    result: str | None = None
    decision: str | None = None
    comparison: str | None = None
    evidence: TwoProportions | EffectEstimate | ClusterComparison | None = None

    def __post_init__(self) -> None:
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            if not isinstance(value, str):
                raise TypeError(f"`{name}` must be text (a str), got {type(value).__name__}")
            if not value.strip():
                raise ValueError(f"`{name}` must not be empty; leave it out until it is known")
            object.__setattr__(self, name, value.strip())
        if self.decision is not None:
            decision = DECISION_SYNONYMS.get(self.decision, self.decision.lower())
            if decision not in DECISIONS:
                raise ValueError(
                    f"`decision` must be one of {list(DECISIONS)}, got {self.decision!r}"
                )
            object.__setattr__(self, "decision", decision)
        if self.evidence is not None and not isinstance(
            self.evidence, (TwoProportions, EffectEstimate, ClusterComparison)
        ):
            raise TypeError(
                "`evidence` must be a result of two_proportions, compare_clusters, diff_in_diff "
                "or ancova, "
                f"got {type(self.evidence).__name__}"
            )

    def fill(self, **entries: object) -> PDCARecord:
        """A copy with more fields filled in (the record itself cannot change).

        >>> PDCARecord(problem="Slow follow-up").fill(cause="No reminders").missing_fields()
        ['change', 'measure', 'result', 'decision']
        """
        unknown = sorted(set(entries) - {f.name for f in fields(self)})
        if unknown:
            raise TypeError(f"unknown PDCA field(s) {unknown}; allowed: {list(_LABELS)}")
        return replace(self, **entries)

    def missing_fields(self) -> list[str]:
        """The six core fields not yet filled in, in PDCA order."""
        return [name for names in STEPS.values() for name in names if getattr(self, name) is None]

    def missing_steps(self) -> list[str]:
        """The PDCA steps (Plan, Do, Check, Act) that still have a missing field."""
        missing = set(self.missing_fields())
        return [_(step) for step, names in STEPS.items() if missing & set(names)]

    @property
    def is_complete(self) -> bool:
        """True when every step from Plan to Act is filled in."""
        return not self.missing_fields()

    def _rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for step, names in STEPS.items():
            extra = ("comparison",) if step == "Do" else ("evidence",) if step == "Check" else ()
            for name in names + extra:
                value = getattr(self, name)
                if value is None and name in extra:
                    continue
                if isinstance(value, (TwoProportions, EffectEstimate, ClusterComparison)):
                    value = value.headline()
                shown = _(value) if name == "decision" and value else value
                rows.append((_(step), _(_LABELS[name]), shown or _("(missing)")))
        return rows

    def _status(self) -> str:
        missing = self.missing_steps()
        if not missing:
            return _("PDCA record: complete")
        return _("PDCA record: still to do: {steps}").format(steps=join_list(missing))

    def __repr__(self) -> str:
        rows = self._rows()
        step_width = max(len(step) for step, _label, _value in rows)
        label_width = max(len(label) for _step, label, _value in rows)
        lines = [self._status()]
        previous = None
        for step, label, value in rows:
            shown_step = step if step != previous else ""
            previous = step
            lines.append(f"{shown_step:<{step_width}}  {label:<{label_width}}  {value}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        header = [f"**{self._status()}**", "", "| " + " | ".join(
            [_("Step"), _("Field"), _("Entry")]) + " |", "|---|---|---|"]
        body = [
            f"| {step} | {label} | {value.replace('|', '/')} |"
            for step, label, value in self._rows()
        ]
        return "\n".join(header + body)
