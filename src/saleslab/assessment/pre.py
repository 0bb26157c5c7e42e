"""The knowledge check before the course (form A): ``from saleslab.assessment import pre as check``."""

from .checks import PRE as SET

bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8, q9, q10 = SET.exercises
