"""The knowledge check after the course in form B: ``from saleslab.assessment import post_b as check``."""

from .checks import check_set

SET = check_set("post", "B")
bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8, q9, q10 = SET.exercises
