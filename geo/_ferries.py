"""Our rail network with the train and container ferries that carry rail freight across
the Caspian Sea (``data/rail/ferries.csv``): the network of a rail route that can keep out
of a country the text rules out only by taking a ferry (a China to Europe train "avoiding
Russia" goes Kazakhstan – Kuryk/Aktau – ferry – Alat/Baku – Georgia – Turkey).

A ferry link joins two port stations of the rail network; its course is drawn over the
water (:func:`geo.caspian.course`) and its length is that course's. The data holds no
Black Sea ferry yet: no European Black Sea port is a station of the network.
"""

from __future__ import annotations

from functools import lru_cache

from geo._data import data_path
from geo._errors import DataError
from geo.networks import GEOD, Network, _read_csv, link_row, rail_network

#: ``mode`` of a ferry link in the graph of :func:`rail_and_ferries`.
FERRY = "ferry"


@lru_cache(maxsize=1)
def rail_and_ferries() -> Network:
    """Our rail network plus its ferry links (each with ``mode="ferry"``, a ``line`` name
    and a course over the water as its ``geometry``)."""
    from geo.caspian import course, in_box

    rail = rail_network()
    g = rail.graph.copy()
    path = data_path("rail", "ferries.csv")
    for i, row in enumerate(_read_csv(path), start=2):
        a, b, status = link_row(g, row, path, i)
        ends = [(g.nodes[n]["lon"], g.nodes[n]["lat"]) for n in (a, b)]
        if not all(in_box(*p) for p in ends):
            raise DataError(f"{path}: row {i}: only Caspian ferries can be drawn on water yet")
        coords = [tuple(map(float, p)) for p in course(ends)]
        lons, lats = zip(*coords)
        g.add_edge(a, b, length_km=GEOD.line_length(lons, lats) / 1000.0, status=status,
                   line=row["line"], source=row["source"], geometry=coords, mode=FERRY)
    return Network(g, mode="rail", name=rail.name + " with its Caspian ferries")


def ferry_lines(network: Network, nodes) -> list[str]:
    """The names of the ferry links a path over ``network`` takes, in order."""
    out = []
    for u, v in zip(nodes, nodes[1:]):
        d = network.graph.get_edge_data(u, v) or {}
        if d.get("mode") == FERRY and d.get("line") not in out:
            out.append(d.get("line"))
    return out


def ferry_legs(network: Network, nodes) -> list:
    """A rail + ferry path as its legs: :class:`~geo._corridor.Corridor` objects by rail
    (on the network) and by sea (each ferry, its course over the water), in order, each
    with its end stations as stops and the countries of its stations."""
    from geo._corridor import Corridor
    from geo._lines import _make_geometry

    g = network.graph
    runs: list[list] = []  # [is a ferry, nodes]
    for u, v in zip(nodes, nodes[1:]):
        ferry = (g.get_edge_data(u, v) or {}).get("mode") == FERRY
        if runs and runs[-1][0] == ferry and not ferry:
            runs[-1][1].append(v)
        else:
            runs.append([ferry, [u, v]])
    legs = []
    for ferry, run in runs:
        part = network._path_of(run)
        ends = [{"id": f"station:{n}", "name": g.nodes[n].get("name", n)} for n in (run[0], run[-1])]
        codes = [g.nodes[n].get("country") for n in run]
        via = [c for i, c in enumerate(codes) if c and (i == 0 or c != codes[i - 1])]
        legs.append(Corridor("sea" if ferry else "rail", stops=ends,
                             geometry=_make_geometry([part.coords]), length_km=part.length_km,
                             via_countries=list(dict.fromkeys(via)) if ferry else via,
                             geometry_source="schematic" if ferry else "network",
                             note=g.edges[run[0], run[1]]["line"] if ferry else None))
    return legs
