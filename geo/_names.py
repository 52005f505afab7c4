"""Names as the text matcher sees them: the quality codes a name carries in the place
index, and the rules that decide which names (and which spellings of them) become keys of
the Aho–Corasick automaton.

The place index (:mod:`geo.gazetteer`) builds the automaton with the index, and the
recogniser (:mod:`geo.recognition`) reads it; both take the rules from here, so neither
imports the other's module.
"""

from __future__ import annotations

import re
import unicodedata

from geo._automaton import NameAutomaton
from geo._text import fold_chars

#: Match quality of a name: primary name, alternate name, code, demonym, user override.
PRIMARY, ALTERNATE, CODE, DEMONYM, OVERRIDE = 0, 1, 2, 3, 4

#: Alternate names of cities smaller than this stay out of the automaton (noise).
MIN_ALTERNATE_POPULATION = 15000

# Punctuation that separates words, mapped to spaces one for one.
PUNCT = str.maketrans({c: " " for c in ",;:!?()[]{}\"“”«»/\\|*&+=<>-\t\n\r"})

# Words that are never place mentions on their own although some village bears the name.
STOPLIST = frozenset("""
a an the of and or in on at to by for from with as is it be we he she they this that these
those there here said says will would can may also new more most man men one two three first
last next north south east west central northern southern eastern western upper lower
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
monday tuesday wednesday thursday friday saturday sunday god sun mars moon
""".split())

def _is_latin(s: str) -> bool:
    for ch in s:
        if ord(ch) < 0x250 or not ch.isalpha():
            continue
        if "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


_JOINER = re.compile(r"(?<=\w) (?:e|i|ye) (?=\w)")


#: Countries whose place names are romanised from another script (Cyrillic, Arabic,
#: Persian, Georgian, Armenian, Mongolian, the scripts of South Asia, Greek, Ge'ez), where a
#: small town is spelled several ways in English news ("Rogun", "Roghun").
ROMANISED = frozenset("RU UA BY KZ KG TJ UZ TM AZ GE AM MN IR AF PK IN BD NP IQ SY LB JO SA YE OM "
                      "AE QA KW BH EG LY DZ MA TN SD IL BG RS MK GR ET ER".split())
#: A small town's alternate name this close to its primary name (normalised Levenshtein
#: similarity of the folded names) is a spelling of the same name ("Rogun" of "Roghun"),
#: not a name in another language that could be anything.
SPELLING_SIMILARITY = 0.8


def spelling_variant(surface: str, primary: str) -> bool:
    """True when ``surface`` is another romanisation of ``primary``: as many words,
    capitalised, at least five characters, and close letter for letter."""
    from rapidfuzz.distance import Levenshtein

    if len(surface) < 5 or not surface[:1].isupper() or surface.count(" ") != primary.count(" "):
        return False
    a, b = fold_chars(surface).lower(), fold_chars(primary).lower()
    return a != b and Levenshtein.normalized_similarity(a, b) >= SPELLING_SIMILARITY


def build_automaton(gazetteer) -> NameAutomaton:
    """Build the automaton: folded surface -> (name key, is_demonym, surface length).

    ``gazetteer`` is anything with ``iter_names()`` yielding ``(surface, key, quality,
    kind, population, primary name, country)``: the index being built, or a
    :class:`geo.gazetteer.Gazetteer`.
    """
    auto = NameAutomaton()
    joined: list[tuple[str, str]] = []
    for surface, key, quality, kind, population, primary, country in gazetteer.iter_names():
        if quality == CODE or len(surface) < 3 and not surface.isupper():
            continue
        if (kind == "city" and quality != PRIMARY and (population or 0) < MIN_ALTERNATE_POPULATION
                and not (country in ROMANISED and spelling_variant(surface, primary))):
            continue
        if not _is_latin(surface):
            continue
        folded = " ".join(fold_chars(surface).translate(PUNCT).split())
        if len(folded) < 2 or folded in STOPLIST:
            continue
        prev = auto.get(f" {folded} ", None)
        demonym = quality == DEMONYM
        if prev is None or (prev[1] and not demonym):
            auto.add_word(f" {folded} ", (key, demonym, len(folded)))
        variants = {folded.replace("'", ""), folded.replace("'", " ")}
        if "." in folded:
            variants.add(folded.replace(".", " "))  # "St. Paul" where "." became a space
            if folded.endswith("."):
                variants.add(folded[:-1])
        if folded.startswith("the "):
            variants.add(folded[4:])  # "the Islamic Republic" is also written without "the"
        if _JOINER.search(folded):
            # Persian/Arabic joiners vary: Mazar-e Sharif, Mazar-i-Sharif, Mazar Sharif.
            variants |= {_JOINER.sub(f" {j} ", folded) for j in ("e", "i", "ye")}
            variants.add(_JOINER.sub(" ", folded))
        for variant in variants:
            if variant and variant != folded and f" {variant} " not in auto:
                auto.add_word(f" {variant} ", (key, demonym, len(variant)))
        parts = folded.split(" ")
        if (kind == "city" and (population or 0) >= MIN_ALTERNATE_POPULATION and len(parts) == 2
                and all(len(p) >= 3 and p.isalpha() for p in parts)):
            joined.append(("".join(parts), key))  # "Kebri Dahar" is also written "Kebridahar"
    # (after every name: a joined spelling never takes the place of a name of its own)
    for word, key in joined:
        if f" {word} " not in auto:
            auto.add_word(f" {word} ", (key, False, len(word)))
    auto.make_automaton()
    return auto
