"""Case 3's calibrations: what the training model assumes, and its two presets.

:data:`PRESETS` holds the article's calibration (MODELS.md: about +25% results) and a
conservative one; :func:`calibration` picks one and sets how well a session teaches.
:mod:`saleslab.cases.training_model` uses them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..i18n import N_
from ..validate import check_number, check_positive, check_rate, check_whole


@dataclass(frozen=True)
class Calibration:
    """The assumptions of the training model (knowledge in points on a 0–100 scale).

    >>> PRESETS["article"].learning_rate, PRESETS["conservative"].win_logit_per_10_points
    (0.25, 0.075)
    """

    name: str
    knowledge_ceiling: float = 90.0  # what a fully trained rep knows
    learning_rate: float = 0.25  # share of the gap to the ceiling one session closes
    kickoff_sessions: int = 2  # the kick-off's product courses
    half_life_months: float = 3.0  # forgetting: half the gain above K0 is gone after this
    win_logit_per_10_points: float = 0.15  # log-odds of closing a proposal per 10 knowledge points
    skills_ceiling: float = 85.0  # a fully coached seller's skills
    skills_learning_rate: float = 0.30  # share of the skills gap one course or role-play closes
    skills_kickoff_sessions: int = 1  # the kick-off's selling-skills course
    skills_half_life_months: float = 2.0  # skills not coached fade faster than product facts
    proposal_logit_per_10_points: float = 0.07  # discovery questions: qualified → proposal
    close_logit_per_10_points: float = 0.05  # objection handling: proposal → won
    deal_value_median: float = 20_000.0
    deal_value_sigma: float = 0.6
    quiz_noise: float = 5.0  # a quiz measures knowledge with this standard deviation
    market_growth_per_year: float = 0.06  # demand trend shared by every rep
    seasonal_swing: float = 0.12  # strong and weak months, shared by every rep

    def __post_init__(self) -> None:
        check_positive("knowledge_ceiling", self.knowledge_ceiling)
        check_rate("learning_rate", self.learning_rate)
        check_whole("kickoff_sessions", self.kickoff_sessions, minimum=1, maximum=10)
        check_whole("skills_kickoff_sessions", self.skills_kickoff_sessions, minimum=1, maximum=10)
        check_positive("skills_ceiling", self.skills_ceiling)
        check_rate("skills_learning_rate", self.skills_learning_rate)
        for name in ("half_life_months", "skills_half_life_months"):
            check_positive(name, getattr(self, name))
        for name in ("win_logit_per_10_points", "proposal_logit_per_10_points",
                     "close_logit_per_10_points"):
            check_positive(name, getattr(self, name), allow_zero=True)
        check_positive("deal_value_median", self.deal_value_median)
        check_positive("deal_value_sigma", self.deal_value_sigma, allow_zero=True)
        check_positive("quiz_noise", self.quiz_noise, allow_zero=True)
        check_number("market_growth_per_year", self.market_growth_per_year)
        check_rate("seasonal_swing", self.seasonal_swing)


#: "article": MODELS.md's calibration, a large knowledge gain (about +25% results).
#: "conservative": reps learn less deeply, forget faster, and knowledge and skills move the
#: win chance about half as much — the same training then lifts results far less.
PRESETS: dict[str, Calibration] = {
    "article": Calibration(N_("article")),
    "conservative": Calibration(N_("conservative"), knowledge_ceiling=80.0, half_life_months=2.0,
                                win_logit_per_10_points=0.075, skills_ceiling=75.0,
                                skills_half_life_months=1.5, proposal_logit_per_10_points=0.035,
                                close_logit_per_10_points=0.025),
}


def calibration(preset: str = "article", session_quality: float | None = None) -> Calibration:
    """The preset's calibration, with the learning rate set to ``session_quality`` if given
    (the skills' rate moves in proportion: a better trainer teaches both better).

    >>> calib = calibration("conservative", session_quality=0.125)
    >>> calib.learning_rate, calib.skills_learning_rate
    (0.125, 0.15)
    """
    if preset not in PRESETS:
        raise ValueError(f"`preset` must be one of {list(PRESETS)}, got {preset!r}")
    base = PRESETS[preset]
    if session_quality is None:
        return base
    quality = check_rate("session_quality", session_quality)
    skills = min(1.0, quality * base.skills_learning_rate / base.learning_rate)
    return replace(base, learning_rate=quality, skills_learning_rate=skills)
