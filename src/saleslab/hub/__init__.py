"""The course on a JupyterHub: one server for a class, every learner in their own account.

A module per trainer job, each behind a ``saleslab hub`` sub-command:

- :mod:`.classlist`: the class list (``user,team`` CSV) every command reads;
- :mod:`.config`: the hub's settings (``deploy/hub/jupyterhub_config.py`` applies them);
- :mod:`.users`: ``hub users``, one system account per learner with a private home;
- :mod:`.handout`: ``hub handout``, each learner's team edition into their home;
- :mod:`.collect`: ``hub collect``, every learner's exercise notebooks for ``saleslab grade``;
- :mod:`.progress`: ``hub progress``, who has started and how far each learner is.

Whatever touches a learner's home runs as that learner (:mod:`.as_learner`): files they get
are theirs, and a link they planted cannot make the trainer's commands read or write
anywhere the learner could not. See docs/hub.md.
"""
