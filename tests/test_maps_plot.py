"""The static figure for papers: geo.plot.corridors draws what the web map shows."""

from __future__ import annotations

import matplotlib
import pytest

from geo.extraction import extract
from geo.plot import corridors

matplotlib.use("Agg")  # a dev dependency: missing, the file fails (as in CI), it does not skip


@pytest.fixture(scope="module")
def seed_ax(seed_retelling):
    ax = corridors(extract(seed_retelling, source="iran-kyrgyzstan.txt"))
    yield ax
    import matplotlib.pyplot as plt

    plt.close(ax.figure)


def test_lines_places_labels_legend_and_scale(seed_ax):
    ax = seed_ax
    routes = [l for l in ax.lines if l.get_gid() == "ca-route"]
    assert len(routes) >= 2
    texts = {t.get_text() for t in ax.texts}
    assert {"Tehran", "Bishkek", "Bandar Abbas", "IRAN", "KYRGYZSTAN"} <= texts
    assert any(t.endswith("km\n") or t.rstrip().endswith("km") for t in texts)  # the scale bar
    assert any("GeoNames" in t for t in texts)  # credits
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Rail" in legend and "Air" in legend and "Sea" not in legend
    assert "test run" in legend and "proposed (not built)" in legend
    assert ax.get_title(loc="left").startswith("Tehran and Bishkek")


def test_labels_do_not_overlap(seed_ax):
    renderer = seed_ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in seed_ax.texts if t.get_text().strip()
             and "GeoNames" not in t.get_text()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_figure_of_routes_without_status_or_name(tmp_path):
    text = ("Freight trains on the Baku-Tbilisi-Kars railway have run since 2017. "
            "A road from Tbilisi to Yerevan was repaired.")
    ax = corridors(extract(text), title="Two links")
    out = tmp_path / "f.png"
    ax.figure.savefig(out, dpi=80)
    assert out.read_bytes()[:4] == b"\x89PNG"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("status not stated" in t for t in legend)
