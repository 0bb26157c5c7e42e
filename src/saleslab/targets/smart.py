"""SMART targets (Doran 1981): specific, measurable, achievable, relevant, time-bound.

A :class:`Target` writes a goal down in parts; :func:`smart_check` says which of the five
criteria hold and, for each that fails, why in one plain sentence. The rules are simple
on purpose, so a manager can argue with them:

- **specific**: an owner and a scope (team, region or product line) are named;
- **measurable**: there is a baseline to measure progress against;
- **achievable**: the change asked for (value over baseline) is no bigger than the largest
  change seen in history, unless a change in how the team works is named to explain it;
- **relevant**: the metric is one the sales team drives (bookings, deals, win rate,
  pipeline, activities...);
- **time-bound**: there is a deadline, and it has not passed.

>>> check = smart_check(Target("bookings", 19_200_000, baseline=12_000_000, owner="East lead",
...                            scope="East region", deadline="2026-12-31"), history_growth=0.18)
>>> check.failed
['achievable']
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ..i18n import N_, _
from ..plots import percent
from ..tabledisplay import for_display
from ..validate import check_number

#: Metrics a sales team drives directly; a target on anything else fails "relevant".
DRIVEN_METRICS = frozenset({
    "bookings", "revenue", "sales", "deals", "won deals", "new customers", "win rate",
    "close rate", "conversion rate", "pipeline", "pipeline coverage", "opportunities",
    "leads", "activities", "calls", "visits", "meetings", "average deal size",
    "sales cycle", "cycle time", "retention", "churn", "margin",
})
CRITERIA = (N_("specific"), N_("measurable"), N_("achievable"), N_("relevant"),
            N_("time-bound"))


@dataclass(frozen=True)
class Target:
    """A target written down in parts: what (``metric``), how much (``value``), from where
    (``baseline``), by when (``deadline``), who (``owner``) and for what (``scope``).

    ``deadline`` may be a date or an ISO text such as ``"2026-12-31"``.

    >>> Target("bookings", 13_200_000, baseline=12_000_000).growth
    0.1
    """

    metric: str
    value: float
    baseline: float | None = None
    deadline: dt.date | str | None = None
    owner: str | None = None
    scope: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.metric, str) or not self.metric.strip():
            raise ValueError(f"`metric` must be a name such as 'bookings', got {self.metric!r}")
        value = check_number("value", self.value)
        if not math.isfinite(value):
            raise ValueError(f"`value` must be a finite number, got {self.value!r}")
        if self.baseline is not None and not math.isfinite(check_number("baseline", self.baseline)):
            raise ValueError(f"`baseline` must be a finite number or None, got {self.baseline!r}")
        for name in ("owner", "scope"):
            text = getattr(self, name)
            if text is not None and not isinstance(text, str):
                raise TypeError(f"`{name}` must be text or None, got {text!r}")
        object.__setattr__(self, "deadline", _date(self.deadline))

    @property
    def growth(self) -> float | None:
        """Change asked for, as a share of the baseline (0.1 = a 10% rise); None without a
        positive baseline."""
        if self.baseline is None or self.baseline <= 0:
            return None
        return round(self.value / self.baseline - 1, 12)


def _date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"`deadline` must be a date or a text like '2026-12-31', got {value!r}")


@dataclass(frozen=True, eq=False)
class SmartCheck:
    """Which SMART criteria a target meets: ``table`` has ``criterion``, ``ok`` and
    ``reason`` (empty when the criterion holds)."""

    table: pd.DataFrame

    @property
    def passed(self) -> bool:
        """True when all five criteria hold."""
        return bool(self.table["ok"].all())

    @property
    def failed(self) -> list[str]:
        """The criteria that do not hold, in SMART order."""
        return self.table.loc[~self.table["ok"], "criterion"].tolist()

    def headline(self) -> str:
        """How many criteria hold, in one line."""
        return _("SMART check: {ok} of 5 criteria hold").format(ok=int(self.table["ok"].sum()))

    def __repr__(self) -> str:
        lines = [self.headline()]
        for row in self.table.itertuples():
            mark = "✓" if row.ok else "✗"
            said = _("{criterion}: {reason}").format(criterion=row.criterion, reason=row.reason)
            lines.append(f"  {mark} " + (said if row.reason else row.criterion))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(self.headline())}</b></p>" + for_display(self.table).to_html(index=False)


def smart_check(
    target: Target,
    history_growth: float | Iterable[float] | None = None,
    *,
    named_change: str | None = None,
    today: dt.date | str | None = None,
    driven_metrics: Iterable[str] = DRIVEN_METRICS,
) -> SmartCheck:
    """Check ``target`` against the five SMART criteria (rules in the module docstring).

    ``history_growth`` is the change seen in past periods of the same length (0.18 = +18%),
    one number or several; the largest in size is the bar for "achievable". Name the change
    in how the team will work (``named_change="two new channel partners"``) to accept a
    target beyond history. Pass ``today`` to check the deadline has not passed.

    >>> smart_check(Target("bookings", 13_000_000, owner="Li", scope="East")).failed
    ['measurable', 'achievable', 'time-bound']
    """
    if not isinstance(target, Target):
        raise TypeError(f"`target` must be a Target, got {type(target).__name__}")
    history = _history(history_growth)
    if named_change is not None and (not isinstance(named_change, str) or not named_change.strip()):
        raise ValueError(f"`named_change` must be a short description or None, got {named_change!r}")
    today = None if today is None else _today(today)
    if isinstance(driven_metrics, str) or not isinstance(driven_metrics, Iterable):
        raise TypeError(f"`driven_metrics` must be a list of metric names, got {driven_metrics!r}")
    metrics = {_normalise(name) for name in driven_metrics}
    reasons = [
        _specific(target),
        "" if target.baseline is not None else _("no baseline to measure against"),
        _achievable(target, history, named_change),
        "" if _normalise(target.metric) in metrics else _(
            "{metric!r} is not a result the sales team drives (such as bookings, deals, win "
            "rate, pipeline or activities)").format(metric=target.metric),
        _time_bound(target, today),
    ]
    table = pd.DataFrame({
        "criterion": [_(name) for name in CRITERIA],
        "ok": [reason == "" for reason in reasons],
        "reason": reasons,
    })
    return SmartCheck(table=table)


def _specific(target: Target) -> str:
    owner, scope = _named(target.owner), _named(target.scope)
    if not owner and not scope:
        return _("no owner or scope named — say who is responsible, for which team, region "
                 "or product line")
    if not owner:
        return _("no owner named — say who is responsible")
    if not scope:
        return _("no scope named — say which team, region or product line it covers")
    return ""


def _achievable(target: Target, history: list[float] | None, named_change: str | None) -> str:
    if target.baseline is None:
        return _("no baseline, so there is no way to judge the size of the change")
    growth = target.growth
    if growth is None:
        return _("a baseline of zero or less, so the size of the change cannot be judged")
    size = percent(abs(growth), digits=0)
    change = _("rise") if growth >= 0 else _("cut")
    if history is None:
        return _("no history of past changes to compare a {size} {change} with").format(
            size=size, change=change)
    largest = max(abs(value) for value in history)
    if abs(growth) <= largest or named_change is not None:
        return ""
    return _("a {size} {change} where history never exceeded {largest} — not achievable "
             "without a named change").format(size=size, change=change,
                                              largest=percent(largest, digits=0))


def _time_bound(target: Target, today: dt.date | None) -> str:
    if target.deadline is None:
        return _("no deadline")
    if today is not None and target.deadline <= today:
        return _("the deadline {deadline} has already passed").format(
            deadline=target.deadline.isoformat())
    return ""


def _history(values: object) -> list[float] | None:
    if values is None:
        return None
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        values = [values]
    numbers = [check_number("history_growth", value) for value in values]
    if not numbers or not all(math.isfinite(value) for value in numbers):
        raise ValueError(
            f"`history_growth` must be one or more finite numbers such as 0.18, got {values!r}"
        )
    return numbers


def _today(value: object) -> dt.date:
    try:
        return _date(value)
    except ValueError:
        raise ValueError(f"`today` must be a date or a text like '2026-06-30', got {value!r}") from None


def _named(text: str | None) -> bool:
    return text is not None and bool(text.strip())


def _normalise(metric: str) -> str:
    return " ".join(str(metric).lower().replace("_", " ").split())


_WORD = re.compile(r"[A-Za-z]{3,}|[\u4e00-\u9fff]{2,}")  # a word of 3+ letters or 2+ hanzi


def data_problems(target: Target, baseline: float, year_start: object,
                  scope_words: Iterable[str], rtol: float = 0.02) -> list[str]:
    """What a SMART-looking target gets wrong about the data it describes, in check order:
    ``"owner"`` (no owner named in words, or a scope naming none of ``scope_words``),
    ``"baseline"`` (not the real ``baseline`` within ``rtol``; a rounded figure passes) and
    ``"deadline"`` (not within the year that starts on ``year_start``). Empty when it fits.

    >>> t = Target("bookings", 105, baseline=100, deadline="2020-01-01", owner="x", scope="y")
    >>> data_problems(t, baseline=70e6, year_start="2026-01-01", scope_words=("east", "东"))
    ['owner', 'baseline', 'deadline']
    """
    start = pd.Timestamp(year_start)
    scope = (target.scope or "").lower()
    problems = []
    if not (_WORD.search(target.owner or "") and any(w.lower() in scope for w in scope_words)):
        problems.append("owner")
    if target.baseline is None or not math.isclose(float(target.baseline), float(baseline), rel_tol=rtol):
        problems.append("baseline")
    deadline = _date(target.deadline) if target.deadline is not None else None
    if deadline is None or not start <= pd.Timestamp(deadline) < start + pd.DateOffset(years=1):
        problems.append("deadline")
    return problems
