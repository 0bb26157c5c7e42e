"""The knowledge check before the course in form A: ``from saleslab.assessment import pre_a as check``."""

from .checks import check_set

SET = check_set("pre", "A")
bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8, q9, q10 = SET.exercises
