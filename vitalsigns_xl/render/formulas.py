"""Excel formulas the workbook keeps live, written in step with ``vitalsigns_xl.analysis.judgements``.

Only functions that Excel 2016 and LibreOffice 7.4 both have (IF, OR, ROUND). Each
formula is written with the model's result cached, so a viewer that never recalculates
shows the same word as one that does.
"""

from __future__ import annotations

from vitalsigns_xl.analysis.judgements import GAIN_DECIMALS
from vitalsigns_xl.catalogue import Indicator, Polarity, Unit


def rag_formula(indicator: Indicator, value_ref: str, target_ref: str) -> str:
    """Red/Amber/Green from the value and target cells, as ``analysis.judgements.rag`` decides it.

    Percentages are stored as fractions, so the gap is scaled back to points before it meets
    the tolerance, which the catalogue gives in the measure's own unit.
    """
    if indicator.rag is None:
        raise ValueError(f"{indicator.id} has no RAG rule")
    scale = "*100" if indicator.unit == Unit.PERCENT else ""
    good, bad = (value_ref, target_ref) if indicator.polarity is Polarity.HIGHER_IS_BETTER else (target_ref, value_ref)
    gain = f"ROUND(({good}-{bad}){scale},{GAIN_DECIMALS})"
    return (
        f'=IF(OR({value_ref}="",{target_ref}=""),"",IF({gain}>=0,"Green",IF(-{gain}<={indicator.rag.tolerance:g},"Amber","Red")))'
    )
