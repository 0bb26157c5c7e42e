# JupyterHub configuration for a saleslab class on one server.
# Start it with `sudo .venv/bin/saleslab hub start class.csv --ip ADDRESS --port PORT`
# (which sets the SALESLAB_HUB_* variables), or by hand:
#   SALESLAB_HUB_CLASS=class.csv .venv/bin/jupyterhub -f deploy/hub/jupyterhub_config.py --ip ... --port ...
# Every setting and why: src/saleslab/hub/config.py; the trainer's guide: docs/hub.md.
from saleslab.hub.config import configure

configure(c)  # noqa: F821 (`c` is JupyterHub's config object)
