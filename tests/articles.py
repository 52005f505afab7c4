"""Helpers to compare an Extraction with the hand-written expectations in tests/data/articles."""

from __future__ import annotations

from pathlib import Path

import yaml

from geo._text import name_key

ARTICLES = Path(__file__).parent / "data" / "articles"


def load_expected() -> dict:
    return yaml.safe_load((ARTICLES / "expected.yaml").read_text(encoding="utf-8"))


def _keys_of_place(ex, place_id) -> set[str]:
    from geo.gazetteer import default_gazetteer

    p = ex.place(place_id)
    keys = {name_key(p.name)} if p else set()
    keys |= {name_key(n) for n in default_gazetteer().names_of(place_id)}
    return keys


def matches(ex, place_id, expected_name) -> bool:
    """True when the extracted place is the one the expected name means: one of its
    names, or the same country and within 25 km of what the name geocodes to ("Gwadar"
    and "Gwadar port")."""
    if name_key(expected_name) in _keys_of_place(ex, place_id):
        return True
    from geo import geocode
    from geo.networks import GEOD

    p = ex.place(place_id)
    try:
        q = geocode(expected_name)
    except LookupError:
        return False
    if p is None or p.kind == "country" or q.kind == "country" or p.country != q.country:
        return False
    return GEOD.inv(p.lon, p.lat, q.lon, q.lat)[2] <= 25_000


def same_corridor(a: str, b: str) -> bool:
    """Two names of one named corridor (canonical name or alias in data/corridors.yaml)."""
    from geo.routes import named_corridors

    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return True
    for row in named_corridors():
        keys = {name_key(n) for n in [row["name"], *(row.get("aliases") or [])]}
        if ka in keys and kb in keys:
            return True
    return False


def place_problems(ex, names) -> list[str]:
    found = [pm.place.id for pm in ex.places]
    return [n for n in names if not any(matches(ex, pid, n) for pid in found)]


def not_place_problems(ex, strings) -> list[str]:
    bad = []
    for s in strings or []:
        start = 0
        while (i := ex.text.find(s, start)) >= 0:
            for pm in ex.places:
                for m in pm.mentions:
                    if m.start < i + len(s) and i < m.end:
                        bad.append(f"{s!r} gave place {pm.place.name} at {m.start}")
            start = i + 1
    return bad


def route_problems(ex, expected_routes) -> list[str]:
    got = ex.routes
    probs = []
    if len(got) != len(expected_routes):
        probs.append(f"{len(got)} routes, expected {len(expected_routes)}: "
                     + "; ".join(f"{r.mode} {r.name or ''} {[ex.place(s).name for s in r.stops if ex.place(s)]}"
                                 for r in got))
        return probs
    for r, e in zip(got, expected_routes):
        if r.mode != e["mode"]:
            probs.append(f"mode {r.mode} != {e['mode']}")
        if e.get("name") and not same_corridor(r.name or "", e["name"]):
            probs.append(f"name {r.name!r} != {e['name']!r}")
        if e.get("stops"):
            if len(r.stops) != len(e["stops"]) or not all(
                    matches(ex, pid, n) for pid, n in zip(r.stops, e["stops"])):
                probs.append(f"stops {[ex.place(s).name if ex.place(s) else s for s in r.stops]} != {e['stops']}")
        if r.status != e.get("status"):
            probs.append(f"status {r.status} != {e.get('status')} ({e['mode']} {e.get('stops') or e.get('name')})")
    return probs
