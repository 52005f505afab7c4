"""The mode-word scan: the fast lower-case pass finds what the case-insensitive pattern
finds (sentences of our own)."""

import pytest

from geo import route_cues
from geo.route_cues import ANY_MODE, _first_chars, _named_train, mode_at


def slow(text):
    return [(m.start(), m.end(), m.lastgroup) for m in ANY_MODE.finditer(text)
            if text[m.start()] != "E" or m.lastgroup != "rail" or _named_train(text, m.start())]


@pytest.mark.parametrize("text", [
    "The Karakol Express leaves at dawn; express delivery goes by TRUCK.",
    "The Express Tribune said new Expressways and Ferries would follow.",
    "FLIGHTS to Osh and a rail link to Naryn; the Oil Pipeline runs east.",
    "TIR lorries, Non-Stop flights and a Gas Link; Metro, Tramway and Convoys.",
    "İstanbul trains and Ro-Ro ferries",  # lower-casing İ changes the length: slow path
])
def test_lower_case_scan_matches_the_pattern(text):
    route_cues._LAST_MODES = (None, None, None)
    assert mode_at(text, 0, len(text)) == slow(text)


def test_express_needs_a_capital_and_a_name():
    t = "The Karakol Express and express parcels"
    assert [w[2] for w in mode_at(t, 0, len(t))] == ["rail"]


def test_first_chars_gate_is_exact_or_absent():
    assert _first_chars("(?:gas |oil )?pipelines?|pumped") == {"g", "o", "p"}
    assert _first_chars("(?:a|b?)c") == {"a", "b", "c"}
    assert _first_chars("a?") is None  # may match empty text: no gate
    assert _first_chars(r"\bx") is None  # not plain: no gate


@pytest.mark.parametrize("text", [
    "The line was Opened in May; a Feasibility Study is Planned and TRIAL RUNS resumed.",
    "Works are Under Construction, then Suspended; the idea was Proposed and already Discussed.",
])
def test_lower_case_status_scan_matches_the_pattern(text):
    from geo.route_cues import _STATUS_RE, status_near

    cues = sorted((m.start(), st) for st, rx in _STATUS_RE for m in rx.finditer(text))
    assert cues, "the sentence holds status cues"
    route_cues._LAST_STATUS = (None, None, None)
    status_near(text, 0, len(text), 5)
    assert sorted((c[0], c[2]) for c in route_cues._LAST_STATUS[2]) == cues


@pytest.mark.parametrize("text,status", [
    # plans for more of a route that runs: no status of an unbuilt one
    ("Ministers discussed expanding the ferry service from Aktau to Baku.", None),
    ("The carrier plans to increase flights from Tashkent to Riga.", None),
    ("Uzbekistan plans to electrify the railway from Bukhara to Miskin.", None),
    # plans for a route itself keep their status
    ("Ministers discussed a new ferry service from Aktau to Baku.", "proposed"),
    ("The carrier plans to launch flights from Tashkent to Riga.", "planned"),
    # more cues of each status
    ("Crews have begun laying the gas pipeline from Shymkent to Bishkek.", "under_construction"),
    ("The carrier will restart flights from Tashkent to Riga in July.", "planned"),
    ("A railway from Termez to Herat is under study.", "proposed"),
    ("The carrier said it would add flights from Tashkent to Riga next year.", "planned"),
    ("A line from Luacano to Solwezi is in the feasibility stage.", "planned"),
    ("Gas began flowing through the pipeline from Igdir to Sadarak on Friday.", "operational"),
    ("Services from Bukhara to Istanbul will also resume.", "planned"),
    ("A new highway from Bishkek to Naryn is due to be completed in 2027.", "under_construction"),
    ("From June the airline will operate three weekly flights from Tashkent to Seoul.", "planned"),
])
def test_plans_for_more_of_a_route_do_not_make_it_unbuilt(text, status):
    lo, hi = 0, len(text)
    assert route_cues.status_near(text, lo, hi, text.index(" from ")) == status


@pytest.mark.parametrize("text,status", [
    ("The new line will connect with the Laos–China railway, which has carried ten million "
     "passengers since it opened in 2021.", "operational"),
    ("Work will start next year on a spur to the Kars–Tbilisi railway, which is under construction.",
     "under_construction"),
    ("Officials discussed the planned Kars–Igdir railway, which would reach Nakhchivan via the "
     "proposed corridor.", "planned"),
])
def test_a_clause_about_a_named_line_says_its_status(text, status):
    import geo

    ex = geo.extract(text)
    named = [r for r in ex.routes if r.name and "railway" in r.name]
    assert named and named[0].status == status, [(r.name, r.status) for r in ex.routes]
