"""The map as Jupyter shows it: ``_repr_html_`` is an iframe whose page draws in a browser,
with a text that holds quotes and markup (sentences of our own)."""

import geo
from geo.maps import corridor_map

TEXT = ("Officials' plans for the \"Steppe Arrow\" service: trains from Almaty to Tashkent "
        "<i id=\"inj\">weekly</i> & flights from Almaty to Baku.")


def test_inline_map_draws_in_its_frame(browser, tmp_path):
    m = corridor_map(geo.extract(TEXT), offline=True)
    snippet = m._repr_html_()
    assert snippet.count("<iframe") == 1
    page_file = tmp_path / "notebook.html"
    page_file.write_text(f"<!doctype html><html><body>{snippet}</body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 900, "height": 700})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(page_file.as_uri(), wait_until="load")
    frame = page.frames[1]
    frame.wait_for_selector("path.ca-route", timeout=10_000)
    assert frame.locator("path.ca-route").count() >= 2  # rail and air drawn
    assert frame.locator("#inj").count() == 0  # the article's markup is text, not markup
    assert errors == []
    page.close()
