"""Places named by description: "the capital of Russia", "the Kazakh capital", "Peru's capital",
"the Chinese border".

News often names a city by its role once the country is clear. For the route stage such a
phrase is the capital city: "flights to the Russian capital from Samara" end in Moscow.
A name right after the phrase ("the Uzbek capital Tashkent") is the place itself, so the
phrase is left alone there.
"""

from __future__ import annotations

import re
from dataclasses import replace

# Before a country name: "the capital of", "the Kyrgyz capital city of" is not this form.
_CAPITAL_OF = re.compile(r"\bthe\s+(?:\w+\s+)?capital(?:\s+city)?\s+of\s+$", re.I)
# After a country or demonym: "Russia's capital", "the Russian capital" — not followed by a
# name ("the Uzbek capital Tashkent", "the capital, Tashkent") or by "of" ("capital of ...").
_CAPITAL_AFTER = re.compile(r"^(?:['\u2019]s)?\s+capital(?:\s+city)?\b(?!\s*,?\s*(?:of\b|[A-Z]))")
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)


def capital_references(text: str, ms: list, capital_id) -> list:
    """Mentions with each country reference of the forms above turned into its capital.

    ``ms`` are route-stage mentions (:class:`geo.routes._M`) in text order;
    ``capital_id(country_code)`` returns the place id of the capital, or None.
    """
    if "capital" not in text and "Capital" not in text and "border" not in text:
        return ms
    out = []
    ends = {x.end for x in ms}
    for m in ms:
        if m.kind == "country" and m.country:
            before = text[max(0, m.start - 40):m.start]
            after = text[m.end:m.end + 40]
            ref = False
            cap = _CAPITAL_OF.search(before)
            if not m.demonym and cap:
                # "Tashkent, the capital of Uzbekistan": an appositive, the city is named
                comma = before.rfind(",", 0, cap.start() + 1)
                lead = m.start - len(before) + comma if comma >= 0 else -1
                ref = not (comma >= 0 and before[comma + 1:cap.start()].strip() == ""
                           and lead in ends)
            elif _CAPITAL_AFTER.match(after) and (
                    after.startswith(("'s", "\u2019s")) or _THE_BEFORE.search(before)):
                ref = True
            if ref:
                pid = capital_id(m.country)
                if pid:
                    m = replace(m, place_id=pid, kind="city", demonym=False)
            elif m.demonym and _BORDER_AFTER.match(text, m.end):
                m = replace(m, demonym=False)  # "to the Chinese border": the country is the end
        out.append(m)
    return out


# "the Chinese border", "the Afghan-Tajik border" is not: only a single country's border.
_BORDER_AFTER = re.compile(r"\s+border\b")
