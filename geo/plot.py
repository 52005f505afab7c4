"""A static map for papers: :func:`corridors` draws what :func:`geo.maps.corridor_map`
shows with matplotlib (``pip install corridor-atlas[plot]``): basemap, shaded countries,
corridors styled by mode and status, places sized by mentions, labels that do not
overlap, a legend of what is drawn, a scale bar and the data credits."""

from __future__ import annotations

import math

#: Nice scale-bar lengths, km.
_BAR_KM = (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000)


def _require_matplotlib():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ImportError("geo.plot needs matplotlib: pip install 'corridor-atlas[plot]' "
                          "(or pip install matplotlib).") from None


def corridors(data, ax=None, *, title: str | None = None, labels: bool = True,
              legend: bool = True, scale_bar: bool = True, figsize=(10, 6.5)):
    """Draw places and corridors on a matplotlib axes.

    Parameters
    ----------
    data
        What :func:`geo.maps.corridor_map` takes (Extractions, extract JSON paths, frames).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of ``figsize`` inches when None.
    title : str, optional
        By default the article's headline where there is one.
    labels, legend, scale_bar : bool
        Place, corridor and country labels (overlapping ones left out, least important
        first); the legend of what is drawn; a scale bar in km.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> import geo, geo.plot                                        # doctest: +SKIP
    >>> ax = geo.plot.corridors(geo.extract(text))                  # doctest: +SKIP
    >>> ax.figure.savefig("maps/figure.pdf")                        # doctest: +SKIP
    """
    _require_matplotlib()
    import geopandas as gpd
    import matplotlib.pyplot as plt

    from geo import maps as M
    from geo.mapdata import map_frames

    places, frame = map_frames(data)
    drawn = frame[frame.geometry.notna() & ~frame.geometry.is_empty] if len(frame) else frame
    if title is None:
        titles = {t for t in drawn.get("title", []) if isinstance(t, str)} if len(drawn) else set()
        title = titles.pop() if len(titles) == 1 else "Corridor Atlas"
    (south, west), (north, east) = M._fit_bounds(places, drawn)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    mid = math.radians((south + north) / 2)
    ax.set_facecolor("#cfe3f3")
    base = M.basemap_features([[south, west], [north, east]])
    gpd.GeoDataFrame.from_features(base["features"]).plot(ax=ax, facecolor="#f2efe9",
                                                          edgecolor="#9a9a9a", linewidth=0.4, zorder=1)
    codes = sorted({c for c in places.loc[places["kind"] == "country", "country"] if isinstance(c, str)}) \
        if len(places) else []
    shaded = M._country_shapes(codes, [[south, west], [north, east]]) if codes else {"features": []}
    shaded_codes = {f["properties"]["iso2"] for f in shaded["features"]}
    if shaded_codes:
        gpd.GeoDataFrame.from_features(shaded["features"]).plot(
            ax=ax, facecolor="#f4a261", alpha=0.3, edgecolor="#e76f51", linewidth=0.8, zorder=2)

    for row in drawn.itertuples():
        style = M.MODE_STYLE.get(row.mode, {"color": "#333"})
        unbuilt = row.status in M.UNBUILT
        ls = (0, (1, 2.5)) if unbuilt else ((0, (5, 3)) if row.mode == "air" else "-")
        width = 1.6 + 1.2 * math.log2(M._weight(row))
        for part in M._parts_latlon(row.geometry):
            ax.plot([p[1] for p in part], [p[0] for p in part], color=style["color"], lw=width,
                    ls=ls, alpha=0.6 if unbuilt else 0.95, solid_capstyle="round", zorder=3,
                    gid="ca-route")

    markers = places[~((places["kind"] == "country") & places["country"].isin(shaded_codes))] \
        if len(places) else places
    if len(markers):
        ax.scatter(markers["lon"], markers["lat"], s=[(M._radius(r) * 1.3) ** 2 for r in markers.itertuples()],
                   c=[M.KIND_COLOR.get(k, "#333") for k in markers["kind"]], edgecolors="white",
                   linewidths=0.8, alpha=0.9, zorder=4, gid="ca-place")

    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / max(0.2, math.cos(mid)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    furniture = [ax.annotate(M.ATTRIBUTION, xy=(1, 0), xycoords="axes fraction", xytext=(-3, 3),
                             textcoords="offset points", ha="right", va="bottom", fontsize=5.5,
                             color="#555")]
    if scale_bar:
        furniture.append(_scale_bar(ax, west, east, south, north, mid))
    if labels:
        _labels(ax, M._labels(drawn, markers, shaded_codes), avoid=furniture)
    if legend:
        _legend(ax, drawn, markers, bool(shaded_codes))
    return ax


def _labels(ax, specs: list[dict], *, avoid=()) -> None:
    """Labels by importance; one that would overlap a label already placed (or the scale
    bar and credits in ``avoid``) is left out."""
    import matplotlib.patheffects as pe

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    from matplotlib.transforms import Bbox

    taken = [a.get_window_extent(renderer) for a in avoid]
    px = fig.dpi / 72  # points to pixels
    for sp in specs:  # the dots themselves (the scatter's size is (1.3 r)² points²)
        if sp["k"] == "place":
            x, y = ax.transData.transform((sp["ll"][1], sp["ll"][0]))
            r = sp.get("r", 4) * 0.65 * px
            taken.append(Bbox([[x - r, y - r], [x + r, y + r]]))
    halo = [pe.withStroke(linewidth=2.5, foreground="white")]
    for s in specs:
        lat, lon = s["ll"]
        kind = s["k"]
        if kind == "country":
            kw = dict(ha="center", va="center", fontsize=7, color="#8a4a2b", text=s["t"].upper())
            offset = (0, 0)
        elif kind == "corridor":
            kw = dict(ha="center", va="bottom", fontsize=7.5, style="italic", color="#444", text=s["t"])
            offset = (0, 4)
        else:
            kw = dict(ha="left", va="center", fontsize=8, fontweight="bold", color="#222", text=s["t"])
            offset = (s.get("r", 4) * 0.9 + 2, 0)
        text = kw.pop("text")
        # a place label may go to the left of its dot when the right is taken
        sides = [(offset, kw["ha"])] + ([((-offset[0], 0), "right")] if kind == "place" else [])
        for off, ha in sides:
            kw["ha"] = ha
            t = ax.annotate(text, xy=(lon, lat), xytext=off, textcoords="offset points",
                            path_effects=halo, zorder=5, annotation_clip=True, **kw)
            box = t.get_window_extent(renderer)
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(o) for o in taken):
                taken.append(box)
                break
            t.remove()


def _legend(ax, drawn, markers, shaded: bool) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from geo import maps as M

    handles = []
    modes = [m for m in M.MODE_STYLE if len(drawn) and m in set(drawn["mode"])]
    for mode in modes:
        st = M.MODE_STYLE[mode]
        handles.append(Line2D([], [], color=st["color"], lw=2.2, ls=(0, (5, 3)) if mode == "air" else "-",
                              label=st["label"]))
    statuses = set(drawn["status"]) if len(drawn) else set()
    built = {s for s in statuses if s not in M.UNBUILT}
    if built:
        said = M._status_text(built)
        said = ", ".join(x for x in (said, "status not stated" if None in built else "") if x)
        handles.append(Line2D([], [], color="#444", lw=2, label=said))
    if statuses & M.UNBUILT:
        handles.append(Line2D([], [], color="#444", lw=2, ls=(0, (1, 2.5)),
                              label=M._status_text(statuses & M.UNBUILT) + " (not built)"))
    for k in [k for k in M.KIND_COLOR if len(markers) and k in set(markers["kind"])]:
        handles.append(Line2D([], [], marker="o", ls="", color=M.KIND_COLOR[k], markeredgecolor="white",
                              markersize=6, label=M.KIND_LABEL.get(k, k)))
    if shaded:
        handles.append(Patch(facecolor="#f4a261", alpha=0.3, edgecolor="#e76f51",
                             label="countries named in the text"))
    made = [g for g in M.SOURCE_LABEL if len(drawn) and g in set(drawn["geometry_source"])]
    if made:
        handles += [Line2D([], [], ls="", label=f"{g}: {M.SOURCE_LABEL[g]}") for g in made]
    if handles:
        # beside the map, so that it covers nothing
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7,
                  frameon=False, handlelength=3, borderaxespad=0)


def _scale_bar(ax, west, east, south, north, mid):
    km_per_deg = 111.32 * math.cos(mid)
    target = (east - west) * km_per_deg / 5
    km = min(_BAR_KM, key=lambda v: abs(v - target))
    deg = km / km_per_deg
    x0 = west + (east - west) * 0.03
    y0 = south + (north - south) * 0.05
    ax.plot([x0, x0 + deg], [y0, y0], color="#222", lw=2.5, solid_capstyle="butt", zorder=6)
    # the text's box spans the bar, so that labels keep clear of both
    return ax.text(x0 + deg / 2, y0, f"{km:,} km\n", ha="center", va="center", fontsize=7,
                   zorder=6, bbox={"boxstyle": "square,pad=0.1", "fc": "none", "ec": "none"},
                   wrap=False, linespacing=1.6)
