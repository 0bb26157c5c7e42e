"""Judgement questions of the exercise sets (issue 19): two per set, kept apart from the
sets' computing questions so that no set module grows past its size.

Each set ends with a *scenario* (what does a manager do first, and why) and a *which
chart / which design / which lever* item whose right option is computed from the learner's
data. Both are :func:`~saleslab.exercises.choice.choice` questions (a fixed key through
:func:`~saleslab.exercises.choice.fixed_choice`, its letter written once): the learner writes
a letter, and the check explains the option picked.

>>> from saleslab.exercises.judgement import modules
>>> [q.variable for q in modules.MODULE1]
['east_goal', 'pace']
"""
