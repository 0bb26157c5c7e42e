"""A CRM export in a public dataset's own layout imports with a nine-line mapping, and the
your-own-data numbers agree with a direct pandas computation on the raw file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from saleslab.crmimport import import_exports
from saleslab.crmimport.analyses import overview, your_data

PUBLIC = Path(__file__).parent / "fixtures" / "crm" / "public"
MAPPING = PUBLIC / "maven_crm.mapping.toml"
STAGE = {"Prospecting": "lead", "Engaging": "contacted", "Won": "won", "Lost": "lost"}


def _agrees(raw_path: Path, out: Path) -> None:
    raw = pd.read_csv(raw_path, dtype=str, keep_default_na=False)
    import_exports([raw_path], out, mapping=MAPPING, key_file=out.parent / "key")
    section = overview(your_data(out))
    per_stage = raw["deal_stage"].map(STAGE).value_counts()
    assert section.table["deals"][section.table["deals"] > 0].to_dict() == per_stage.to_dict()
    closed = raw[raw["deal_stage"].isin(["Won", "Lost"])]
    direct = (closed["deal_stage"] == "Won").mean()
    shown = section.table.loc["won", "deals"] / (section.table.loc["won", "deals"]
                                                  + section.table.loc["lost", "deals"])
    assert shown == pytest.approx(direct)
    assert f"Won {(closed['deal_stage'] == 'Won').sum()} of {len(closed)} closed deals" in section.claim.text
    assert len(MAPPING.read_text(encoding="utf-8").splitlines()) <= 12


def test_layout_sample_numbers_agree_with_pandas_on_the_raw_file(tmp_path):
    _agrees(PUBLIC / "layout_sample.csv", tmp_path / "out")


@pytest.mark.skipif(not (PUBLIC / "sales_pipeline.csv").is_file(),
                    reason="the public sales_pipeline.csv is not stored (see fixtures/crm/public/README.md)")
def test_public_export_numbers_agree_with_pandas_on_the_raw_file(tmp_path):
    _agrees(PUBLIC / "sales_pipeline.csv", tmp_path / "out")
