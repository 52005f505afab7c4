"""Lengths stated in text ("a 700-kilometre line", "450 miles"), in km.

Used by the corridors stage (a drawn line longer than the text says is drawn schematic)
and by the corridors table.
"""

from __future__ import annotations

import re

_MILE_KM = 1.609344
# "3,100 km", "700-kilometre", "about 1,200 kilometers", "450 miles"
_LENGTH = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:-|\u2011)?\s*"
                     r"(km|kilomet(?:re|er)s?|mi(?:les?)?)\b", re.IGNORECASE)


def stated_length_km(sentence: str | None) -> float | None:
    """The first length the sentence states, in km ("a 700-kilometre line" -> 700.0).

    >>> stated_length_km("The 1,050 km line opens in May.")
    1050.0
    >>> stated_length_km("It runs 450 miles.")
    724.2
    """
    if not sentence:
        return None
    m = _LENGTH.search(sentence)
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    if m.group(2).lower().startswith("mi"):
        value *= _MILE_KM
    return round(value, 1)
