"""Case 1 (B2B lead follow-up) written as a plain SimPy process model: the reference the
vectorised engine ``saleslab.cases.followup`` is checked against and timed against.

Each lead is a process: it arrives, waits for its rep's attention (the first-call delay the
policy allows), queues for a rep (its own rep's pile, or with a CRM one shared queue for
the whole team), gets its first call, then follow-up calls at the schedule's times until the
buyer is reached; a reached buyer may qualify, and a qualified one may buy. A rep's first call
takes ``24 / first_calls_per_rep_day`` hours of their first-call time.

It consumes the same random numbers as the engine (:class:`saleslab.cases.followup.LeadDraws`)
so with the same draws both give the same outcomes (``tests/test_case1_followup.py``).

    from saleslab.cases import followup
    draws = followup.draw_leads(1, 5_000, 20.0)
    policy = followup.Policy.from_levers(**followup.PROPOSED_CHANGE)
    leads = simulate_team_simpy(draws, policy, first_calls_per_rep_day=3.0)

Needs ``simpy`` (``pip install simpy``), which the course itself does not use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import simpy

from saleslab.cases.followup import (
    AD_HOC_GAP_HOURS,
    DELAY_SPREAD,
    KEPT_WITHOUT_REMINDER,
    WIN_GIVEN_QUALIFIED,
    LeadDraws,
    Policy,
    contact_chance,
    qualify_chance,
)


def simulate_team_simpy(draws: LeadDraws, policy: Policy, first_calls_per_rep_day: float) -> pd.DataFrame:
    """One team's follow-up of ``draws`` under ``policy``, event by event. Columns as
    ``saleslab.cases.followup.follow_up`` except ``rep``."""
    env = simpy.Environment()
    slot = 24.0 / first_calls_per_rep_day
    if policy.crm:
        shared = simpy.Resource(env, capacity=policy.team_size)
        rep_of = lambda i: shared  # noqa: E731 - every lead queues for the whole team
    else:
        piles = [simpy.Resource(env, capacity=1) for _ in range(policy.team_size)]
        rep_of = lambda i: piles[min(int(draws.owner_u[i] * policy.team_size), policy.team_size - 1)]  # noqa: E731
    n = len(draws)
    out = {name: np.full(n, np.nan) for name in ("queue_wait_hours", "first_call_hours", "first_contact_hours")}
    attempts = np.zeros(n, dtype=int)
    contacted, qualified, won = (np.zeros(n, dtype=bool) for _ in range(3))

    def schedule_of(i: int) -> list[float]:
        if policy.offsets is not None:
            return list(policy.offsets)
        low, high = AD_HOC_GAP_HOURS
        gaps = low + (high - low) * draws.gap_u[i, :2]
        return [0.0, gaps[0], gaps[0] + gaps[1]]

    def follow_up(i: int, first_call_at: float):
        arrived = draws.arrival_hours[i]
        kept_chance = 1.0 if policy.crm else KEPT_WITHOUT_REMINDER
        for k, offset in enumerate(schedule_of(i)):
            yield env.timeout(first_call_at + offset - env.now)
            if k > 0 and draws.kept_u[i, k - 1] >= kept_chance:
                continue  # the follow-up was forgotten
            attempts[i] += 1
            age = env.now - arrived
            if draws.contact_u[i, k] < contact_chance(age):
                contacted[i] = True
                out["first_contact_hours"][i] = age
                qualified[i] = draws.qualify_u[i] < qualify_chance(age)
                won[i] = qualified[i] and draws.win_u[i] < WIN_GIVEN_QUALIFIED
                return

    def lead(i: int):
        delay = policy.first_call_target_hours * np.exp(DELAY_SPREAD[policy.crm] * draws.delay_z[i])
        yield env.timeout(delay)  # until the rep turns to the lead
        ready = env.now
        with rep_of(i).request() as rep:
            yield rep
            out["queue_wait_hours"][i] = env.now - ready
            out["first_call_hours"][i] = env.now - draws.arrival_hours[i]
            env.process(follow_up(i, env.now))
            yield env.timeout(slot)  # the rep's first-call time this lead uses

    def arrivals():
        for i in range(n):
            yield env.timeout(draws.arrival_hours[i] - env.now)
            env.process(lead(i))

    env.process(arrivals())
    env.run()
    return pd.DataFrame({
        "lead_id": np.arange(1, n + 1), "arrived_hours": draws.arrival_hours,
        "queue_wait_hours": out["queue_wait_hours"], "first_call_hours": out["first_call_hours"],
        "attempts": attempts, "contacted": contacted,
        "first_contact_hours": out["first_contact_hours"], "qualified": qualified, "won": won,
    })
