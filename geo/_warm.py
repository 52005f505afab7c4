"""Load what extraction and drawing need once per process, before timed or budgeted work:
the place index and its automaton, the country shapes and grid, the rail network, the
airport table and the word frequencies. Workers forked afterwards share these pages with their parent."""

from __future__ import annotations

import warnings
from functools import lru_cache

TEXT = "Trains run from Almaty to Tashkent, and flights from Tehran to Bishkek."


@lru_cache(maxsize=1)
def warm() -> None:
    """Extract and draw one small text of our own (once per process)."""
    from geo.extraction import extract
    from geo.recognition import _english_frequencies
    from geo.serialise import extraction_record

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        extraction_record(extract(TEXT), with_geometry=True)
    _english_frequencies()  # the word frequencies (read at the first common word otherwise)
