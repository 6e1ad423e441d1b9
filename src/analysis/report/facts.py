"""Tables and sentences for section 06: fact divergence."""

from __future__ import annotations

import pandas as pd

from analysis.measures.facts import SCOPE_VARIANT_QUANTITIES
from analysis.report.display import plural

__all__ = ["claims_summary_table", "claims_table", "facts_prose"]

def facts_prose(compared: pd.DataFrame) -> str:
    """Count claims and groups by status."""
    if compared.empty:
        return "No numeric claim was found."
    groups = compared.drop_duplicates(["quantity", "unit", "measure"])
    counts = groups["status"].value_counts()
    parts = ", ".join(f"{n:,} {status}" for status, n in sorted(counts.items()))
    return (f"{plural(len(compared), 'numeric claim')} from {plural(compared['outlet'].nunique(), 'outlet')} "
            f"fall into {plural(len(groups), 'group')} of the same quantity, unit and scope: {parts}.")


def claims_summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Show one row per quantity group with each outlet's figures."""
    return pd.DataFrame({
        "Quantity": summary["quantity"], "Unit": summary["unit"],
        "Scope": [m or ("compared across scopes" if q in SCOPE_VARIANT_QUANTITIES else "unstated")
                  for q, m in zip(summary["quantity"], summary["measure"], strict=True)],
        "Status": summary["status"],
        "Outlets": summary["n_outlets"], "Figures (outlet: evidence, period)": summary["figures"],
    })


def claims_table(compared: pd.DataFrame) -> pd.DataFrame:
    """Show every claim with its evidence, scope and period."""
    return pd.DataFrame({
        "Quantity": compared["quantity"], "Outlet": compared["outlet"], "Article": compared["article_id"],
        "Evidence": [f"“{e}”" for e in compared["evidence"]], "Scope": compared["scope"],
        "Period": compared["period"],
    })
