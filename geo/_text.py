"""Unicode folding shared by the gazetteer, geocoding and extraction.

Two folds:

* :func:`fold_chars` maps each character to exactly one character (lower case, accents
  stripped, every dash and apostrophe variant unified), so offsets in the folded text are
  offsets in the original. Extraction matches names on it.
* :func:`name_key` is the lookup key of a name: :func:`fold_chars`, then punctuation
  dropped and Persian/Arabic joiners ("Bandar-e Abbas", "Mazar-i-Sharif") removed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_APOSTROPHES = "'\u2018\u2019\u201a\u201b\u02bb\u02bc\u02bd\u02be\u02bf\u0060\u00b4\u2032"
_SPECIAL = {"ß": "s", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "æ": "a", "œ": "o",
            "þ": "t", "ħ": "h"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _DASHES:
        return "-"
    if ch in _APOSTROPHES:
        return "'"
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low in _SPECIAL:
        return _SPECIAL[low]
    if ord(low) < 128:
        return low
    base = unicodedata.normalize("NFKD", low)
    base = "".join(c for c in base if not unicodedata.combining(c))
    if len(base) == 1:
        return base.lower() if len(base.lower()) == 1 else base
    if unicodedata.category(ch).startswith("Z"):
        return " "
    return low


_TABLE: dict[int, str] = {}


def fold_chars(text: str) -> str:
    """Fold case, accents, dashes and apostrophes, one output character per input character.

    >>> fold_chars("Bandar ‘Abbās")
    "bandar 'abbas"
    """
    if not _TABLE:
        # Latin, Greek, Cyrillic and punctuation blocks through a translation table (fast,
        # in C); anything else character by character.
        _TABLE.update({i: _fold_char(chr(i)) for i in range(0x2400)})
    folded = text.translate(_TABLE)
    if len(folded) == len(text):
        return folded  # characters beyond the table (CJK, symbols) stay as they are
    return "".join(_fold_char(c) for c in text)


_ASCII_BYTES = bytes(range(128))


def replace_beyond_ascii(text: str, fold_one, keeps) -> str | None:
    """``text`` with each distinct character beyond ASCII replaced by ``fold_one(c)``: one
    ``str.replace`` per distinct character instead of a table look-up per character (a
    text of news holds a handful of them). None when a replacement fails
    ``keeps(c, folded)``: the caller then takes its plain, per-character way."""
    out = text
    for c in set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
                 .decode("utf-8", "surrogatepass")):
        f = fold_one(c)
        if not keeps(c, f):
            return None
        if f != c:
            out = out.replace(c, f)
    return out


_JOINERS = re.compile(r"(?<=\w) (?:e|i|ye|el|al|ul) (?=\w)")
_NON_WORD = re.compile(r"[^\w]+")


def name_key(name: str) -> str:
    """Return the lookup key of a place name.

    >>> name_key("Bandar-e Abbas") == name_key("Bandar ‘Abbās") == name_key("Bandar Abbas")
    True
    >>> name_key("Xi’an") == name_key("Xi'an")
    True
    """
    s = fold_chars(name).replace("'", "").replace(".", "")
    s = _NON_WORD.sub(" ", s).strip()
    s = _JOINERS.sub(" ", s)
    return " ".join(s.split())


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_text(text: str) -> str:
    """``text`` with each lone surrogate (which no file can hold) replaced by U+FFFD,
    one character for one, so that offsets stay valid and the text can be written."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


def not_latin_script(text: str) -> str | None:
    """The script of a text that is mostly not Latin letters ("Cyrillic"), else None."""
    letters = [c for c in text[:5000] if c.isalpha()]
    if len(letters) < 20:
        return None
    latin = sum("LATIN" in unicodedata.name(c, "") for c in letters)
    if latin / len(letters) >= 0.5:
        return None
    names: dict[str, int] = {}
    for c in letters:
        script = unicodedata.name(c, "OTHER ?").split()[0].title()
        names[script] = names.get(script, 0) + 1
    return max(names, key=names.get)
