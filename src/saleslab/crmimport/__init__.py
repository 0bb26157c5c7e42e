"""Bring your own CRM: import real CRM exports into a data folder in the kit's own schema.

``saleslab import EXPORT [EXPORT ...] --out DIR [--mapping FILE] [--force] [--key FILE]``
reads Salesforce, HubSpot, Pipedrive, Chinese-CRM and generic exports (CSV in UTF-8, UTF-8
with a BOM or GBK; Excel ``.xlsx``), maps their columns and stages (presets, or a mapping file
it writes as a template when it cannot guess), parses amounts (¥, thousands separators, 万元)
and dates (ISO, 2025/1/1, Excel serials, 2025年3月1日), replaces rep, customer and contact
names by salted pseudonyms (the key stays outside ``DIR``), drops free text, and writes
``crm_opportunities.csv``, ``crm_events.csv``, ``crm_deal_updates.csv`` and
``datapackage.json`` with a report and the rows it set aside. A notebook reads the folder with
:func:`load` (``SALESLAB_DATA=DIR``).

>>> sorted(PRESETS)
['chinese', 'hubspot', 'pipedrive', 'salesforce']
"""

from .errors import ImportProblem
from .importer import ImportResult, import_exports
from .loading import history_kind, load, snapshot
from .presets import PRESETS

__all__ = ["PRESETS", "ImportProblem", "ImportResult", "history_kind", "import_exports", "load",
           "snapshot"]
