"""Mode words joined in one phrase: "by rail and road", "by road, rail and pipeline", "a
railway and highway", "flights and trains": each mode states a route of its own.

A frame's mode word (``geo.route_roles.frame_mode``) may be one of such a group; the
others give the same stops by their modes. A group right after a frame ("... to Turkey by
a railway and highway") is the frame's own, before any word further back ("the
Development Road ... would link A with B by rail and road").
"""

from __future__ import annotations

import re

from geo.route_cues import mode_at

#: Between two mode words of one group: a comma, "and", "or", "as well as", "/", with "by"
#: and an article allowed after it ("by rail and by road", "a railway and a highway").
_JOIN = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|and/or|as well as|plus)\s+|\s*/\s*)"
                   r"(?:by\s+)?(?:(?:a|an|the)\s+)?", re.I)
#: "by" and a few words before the first mode word of a group right after a frame ("with
#: the Turkish border by a 1,200-km railway and highway").
_BY_AFTER = re.compile(r"(?:\s+(?:border|frontier|port|coast|region|province))?\s*,?\s*(?:both\s+)?by\s+(?:(?:a|an|the|new|planned|proposed|single|double|"
                       r"[\d,.]+[- ]?(?:km|kilometres?|kilometers?|miles?)(?:-long)?|[\d,.]+-(?:km|kilometre|kilometer|mile))\s+){0,3}",
                       re.I)


def _group(text: str, words: list, k: int) -> list:
    """The words of ``words`` joined to ``words[k]`` (itself included), in order."""
    lo = hi = k
    while lo > 0 and _JOIN.fullmatch(text, words[lo - 1][1], words[lo][0]):
        lo -= 1
    while hi + 1 < len(words) and _JOIN.fullmatch(text, words[hi][1], words[hi + 1][0]):
        hi += 1
    return words[lo:hi + 1]


def modes_of(text: str, s_lo: int, s_hi: int, f_end: int, mode: str, word) -> list[tuple[str, tuple | None]]:
    """``(mode, word)`` of every mode a frame states: its own ``mode`` and ``word`` first,
    then the modes joined to that word. A group of two or more modes that comes right after
    the frame (which ends at ``f_end``) with "by" is the frame's own when its word lies
    before the frame, and replaces it."""
    words = [w for w in mode_at(text, s_lo, s_hi) if w[2] != "corridor"]
    by = _BY_AFTER.match(text, f_end, s_hi)
    if by is not None and (word is None or word[0] < f_end):
        at = [k for k, w in enumerate(words) if w[0] == by.end()]
        if at:
            group = _group(text, words, at[0])
            if len({w[2] for w in group}) >= 2:
                return _distinct(group, None)
    at = [k for k, w in enumerate(words) if word is not None and w[0] == word[0]]
    if not at:
        return [(mode, word)]
    # (the word itself is read already: a bare "carrier" may be a shipping line's)
    return [(mode, word), *_distinct([w for w in _group(text, words, at[0]) if w[0] != word[0]], mode)]


def _distinct(group: list, skip: str | None) -> list[tuple[str, tuple]]:
    """One ``(mode, word)`` per mode of ``group`` other than ``skip``, in order."""
    out, seen = [], {skip}
    for w in group:
        if w[2] not in seen:
            seen.add(w[2])
            out.append((w[2], w))
    return out
