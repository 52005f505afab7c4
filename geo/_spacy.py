"""Optional second recogniser: keep only the gazetteer names that an installed spaCy
English pipeline also tags as a place (GPE, LOC, FAC) or a nationality (NORP).

spaCy and its models are not dependencies: install them yourself (``pip install spacy``
and a model such as ``en_core_web_sm``). The default recogniser needs neither.
"""

from __future__ import annotations

from functools import lru_cache

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")


@lru_cache(maxsize=1)
def _pipeline():
    try:
        import spacy
    except ImportError:
        raise ImportError("recognizer='spacy' needs spaCy and an English pipeline: "
                          "pip install spacy, then install a model such as en_core_web_sm; "
                          "or use the default recognizer, which needs neither.") from None
    for name in MODELS:
        try:
            return spacy.load(name, disable=["lemmatizer"])
        except OSError:
            continue
    raise ImportError(f"recognizer='spacy' found none of the English pipelines {MODELS}; "
                      "install one (e.g. python -m spacy download en_core_web_sm).")


def filter_with_spacy(text: str, candidates: list) -> list:
    """The candidates that overlap a spaCy place or nationality entity."""
    doc = _pipeline()(text)
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in PLACE_LABELS]
    return [c for c in candidates if any(s < c.end and c.start < e for s, e in spans)]
