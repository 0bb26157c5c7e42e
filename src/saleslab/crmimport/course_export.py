"""The course's own CRM written as a company would export it: a Salesforce opportunity report
and its stage history, with the rep names in clear. Importing these two files gives a folder
with the same deals as the course data, which is what the your-own-data notebook's stored
outputs and the tests of imported folders run on (a real company's export stays private).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     [path.name for path in course_export(folder)]
['opportunities.csv', 'stage_history.csv', 'course.mapping.toml']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..data import SNAPSHOT, load

_OUTCOME = {"won": "Closed Won", "lost": "Closed Lost"}
_STAGE = {"lead": "Prospecting", "contacted": "Contacted", "qualified": "Qualification",
          "proposal": "Proposal/Price Quote", "negotiation": "Negotiation/Review", **_OUTCOME}


def _when(column: pd.Series) -> pd.Series:
    return column.dt.strftime("%Y-%m-%d %H:%M:%S").fillna("")


def course_export(out: Path | str, folder: Path | str | None = None) -> list[Path]:
    """Write ``opportunities.csv``, ``stage_history.csv`` and a three-line mapping (the
    snapshot) into ``out`` from the course data in ``folder`` (default: the course's)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    opps = load("crm_opportunities", folder)
    events = load("crm_events", folder)
    latest = (load("crm_deal_updates", folder).sort_values("updated_at", kind="stable")
              .drop_duplicates("opportunity_id", keep="last").set_index("opportunity_id"))
    status = opps["status"].astype(str)
    deals = pd.DataFrame({
        "Opportunity ID": opps["opportunity_id"].map("OPP-{:06d}".format),
        "Opportunity Owner": opps["rep"].astype(str),
        "Team": opps["team"].astype(str), "Region": opps["region"].astype(str),
        "Product Line": opps["product_line"].astype(str),
        "Stage": status.map(_OUTCOME).fillna(opps["last_stage"].astype(str).map(_STAGE)),
        "Amount": opps["value"].map("{:.2f}".format),
        "Created Date": _when(opps["created_at"]),
        "Close Date": opps["opportunity_id"].map(latest["close_date"]).dt.strftime("%Y-%m-%d").fillna(""),
        "Closed Date": _when(opps["closed_at"]),
        "Loss Reason": opps["loss_reason"].astype(str).where(status == "lost", ""),
        "Next Step": opps["opportunity_id"].map(latest["next_step"]).astype(str)
                     .where(opps["opportunity_id"].map(latest["next_step"]).notna(), ""),
    })
    history = pd.DataFrame({"Opportunity ID": events["opportunity_id"].map("OPP-{:06d}".format),
                            "Edit Date": _when(events["entered_at"]),
                            "To Stage": events["stage"].astype(str).map(_STAGE)})
    paths = [out / "opportunities.csv", out / "stage_history.csv", out / "course.mapping.toml"]
    deals.to_csv(paths[0], index=False, lineterminator="\n")
    history.to_csv(paths[1], index=False, lineterminator="\n")
    paths[2].write_text(f'[options]\nsnapshot = "{SNAPSHOT:%Y-%m-%d %H:%M:%S}"\ncurrency = "CNY"\n',
                        encoding="utf-8")
    return paths
