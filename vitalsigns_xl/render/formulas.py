"""Excel formulas the workbook keeps live, written in step with ``vitalsigns_xl.analysis.judgements``.

Only functions that Excel 2016 and LibreOffice 7.4 both have (IF, OR, AND, MAX, ROUND, TEXT). Each
formula is written with the model's result cached, so a viewer that never recalculates
shows the same word as one that does.
"""

from __future__ import annotations

from vitalsigns_xl.analysis.judgements import GAIN_DECIMALS
from vitalsigns_xl.catalogue import Indicator, Polarity, Unit


def rag_formula(indicator: Indicator, value_ref: str, target_ref: str, high_ref: str | None = None) -> str:
    """Red/Amber/Green from the value and target cells, as ``analysis.judgements.rag`` decides it.

    Percentages are stored as fractions, so the gap is scaled back to points before it meets
    the tolerance, which the catalogue gives in the measure's own unit. For a measure rated
    against a band, ``target_ref`` is its low end and ``high_ref`` its high end: Green inside,
    Amber when the larger of the two distances outside is within the tolerance.
    """
    if indicator.rag is None:
        raise ValueError(f"{indicator.id} has no RAG rule")
    scale = "*100" if indicator.unit == Unit.PERCENT else ""
    if indicator.banded:
        if high_ref is None:
            raise ValueError(f"{indicator.id} is rated against a band: give the cell of its high end")
        below = f"ROUND(({target_ref}-{value_ref}){scale},{GAIN_DECIMALS})"
        above = f"ROUND(({value_ref}-{high_ref}){scale},{GAIN_DECIMALS})"
        return (
            f'=IF(OR({value_ref}="",{target_ref}="",{high_ref}=""),"",IF(AND({below}<=0,{above}<=0),"Green",'
            f'IF(MAX({below},{above})<={indicator.rag.tolerance:g},"Amber","Red")))'
        )
    good, bad = (value_ref, target_ref) if indicator.polarity is Polarity.HIGHER_IS_BETTER else (target_ref, value_ref)
    gain = f"ROUND(({good}-{bad}){scale},{GAIN_DECIMALS})"
    return (
        f'=IF(OR({value_ref}="",{target_ref}=""),"",IF({gain}>=0,"Green",IF(-{gain}<={indicator.rag.tolerance:g},"Amber","Red")))'
    )


def band_text_formula(indicator: Indicator, low_ref: str, high_ref: str) -> str:
    """The band as the Summary shows it, ``10.0–15.0%``, from the cells of its ends on the measure's page."""
    places = "." + "0" * indicator.decimals if indicator.decimals else ""
    if indicator.unit == Unit.PERCENT:
        return f'=TEXT({low_ref}*100,"0{places}")&"–"&TEXT({high_ref},"0{places}%")'
    return f'=TEXT({low_ref},"#,##0{places}")&"–"&TEXT({high_ref},"#,##0{places}")'
