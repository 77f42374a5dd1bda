from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vitalsigns_xl.analysis.periods import Month, window


def test_parse_and_labels() -> None:
    june = Month.parse("2020-06")
    assert june == Month(2020, 6)
    assert str(june) == "2020-06"
    assert june.short_label == "Jun-20"
    assert june.long_label == "June 2020"
    assert Month.of(date(2020, 6, 30)) == june


@pytest.mark.parametrize("text", ["June 2020", "2020-13", "2020-00", "2020-6", "06/2020", "", "2020-06-01"])
def test_parse_refuses_anything_but_yyyy_mm(text: str) -> None:
    with pytest.raises(ValueError, match="expected a month as YYYY-MM"):
        Month.parse(text)


def test_window_is_thirteen_months_oldest_first() -> None:
    months = window(Month(2020, 6))
    assert len(months) == 13
    assert months[0] == Month(2019, 6) and months[-1] == Month(2020, 6)
    assert [m.short_label for m in months[:3]] == ["Jun-19", "Jul-19", "Aug-19"]


def test_shift_across_years() -> None:
    assert Month(2020, 1).shift(-1) == Month(2019, 12)
    assert Month(2019, 12).shift(1) == Month(2020, 1)
    assert Month(2020, 6) - Month(2019, 6) == 12


@given(st.integers(1900, 2200), st.integers(1, 12), st.integers(-600, 600))
def test_shift_and_subtract_are_inverse(year: int, month: int, offset: int) -> None:
    start = Month(year, month)
    assert start.shift(offset) - start == offset
    assert Month.parse(str(start)) == start
