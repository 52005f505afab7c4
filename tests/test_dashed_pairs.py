"""A border crossing named by its two towns ("Erenhot–Zamyn-Uud") is one place, but the
same pair before a line word ("the Erenhot–Zamyn-Uud railway") names the line between the
two towns: both are found and the route joins them. Sentences of our own."""

import pytest

import geo


def _names(ex, route):
    by_id = {pm.place.id: pm.place.name for pm in ex.places}
    return [by_id.get(s, s) for s in route.stops]


def _route_ends(ex):
    return [(r.mode, _names(ex, r)) for r in ex.routes]


@pytest.mark.parametrize("text, mode, ends", [
    ("Coal trains now run on the Erenhot-Zamyn-Uud railway every day.", "rail",
     ("Erenhot", "Zamyn-Uud")),
    ("Freight trains on the Shalamcheh–Basra railway will start next year.", "rail",
     ("Shalamcheh", "Basra")),
])
def test_a_pair_before_a_line_word_is_the_line_between_its_towns(text, mode, ends):
    ex = geo.extract(text)
    names = [pm.place.name for pm in ex.places]
    assert any(ends[0] in n for n in names) and any(ends[1] in n or ends[1] + "h" in n for n in names), names
    routes = [r for r in ex.routes if r.mode == mode]
    assert routes, _route_ends(ex)
    stops = _names(ex, routes[0])
    assert ends[0] in stops[0] and ends[1][:5] in stops[-1], stops


def test_the_pair_alone_stays_one_crossing():
    ex = geo.extract("Lorries waited for two days at the Erenhot-Zamyn-Uud border crossing.")
    assert len([pm for pm in ex.places if pm.place.kind in ("pass", "station", "city")]) == 1
    assert not ex.routes


def test_split_needs_two_known_names():
    from geo.recognition import _two_places, automaton

    auto = automaton(None)
    assert _two_places("Erenhot-Zamyn-Uud", auto)
    assert not _two_places("Trans-Siberian", auto)


@pytest.mark.parametrize("text, town, country", [
    ("The convoy stopped at Kara-Balta for the night.", "Kara-Balta", "KG"),
])
def test_a_hyphenated_town_stays_whole_beside_a_bigger_namesake_of_one_part(text, town, country):
    # "Kara" alone is a bigger town in Togo; a bare hyphen joins the words of one name
    got = [(pm.place.name, pm.place.country) for pm in geo.extract(text).places]
    assert got == [(town, country)], got


@pytest.mark.parametrize("text, names", [
    ("Flights on the Bishkek-Osh route resumed.", ["Bishkek", "Osh"]),
    ("The Almaty-Bishkek road was closed for a day.", ["Almaty", "Bishkek"]),
])
def test_two_big_cities_joined_by_a_hyphen_are_two_places(text, names):
    assert [pm.place.name for pm in geo.extract(text).places] == names
