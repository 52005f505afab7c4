"""An airline named in an article puts its home country in the article's context."""

import pytest

import geo


def _places(ex):
    return {p.place.name: p.place.country for p in ex.places}


@pytest.mark.parametrize("airline, city, country", [
    ("Qantas", "Brisbane", "AU"),        # Brisbane, California is the US namesake
    ("Qantas", "Melbourne", "AU"),       # Melbourne, Florida
])
def test_an_airlines_home_country_outweighs_a_named_country_of_namesakes(airline, city, country):
    text = (f"{airline} will fly between {city} and Houston from May. The airline said demand "
            "from the United States had grown, and flights to Dallas and Los Angeles are full.")
    assert _places(geo.extract(text))[city] == country


def test_the_airlines_country_is_context_not_a_place_of_the_article():
    ex = geo.extract("Qantas will fly between Brisbane and Houston from May.")
    assert "Australia" not in _places(ex)


def test_an_airline_code_in_brackets_opens_no_organisation_name():
    ex = geo.extract("The new service is longer than Qantas' (QF) Melbourne – Houston flight, "
                     "which crosses the Pacific to Texas in the United States.")
    assert _places(ex).get("Melbourne") == "AU"
    ends = [(ex.place(r.stops[0]).name, ex.place(r.stops[-1]).name) for r in ex.routes]
    assert ("Melbourne", "Houston") in ends or ("Houston", "Melbourne") in ends
