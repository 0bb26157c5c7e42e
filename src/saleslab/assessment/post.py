"""The knowledge check after the course (form B): ``from saleslab.assessment import post as check``."""

from .checks import POST as SET

bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8, q9, q10 = SET.exercises
