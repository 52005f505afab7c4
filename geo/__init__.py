"""Corridor Atlas: places and transport routes from news text, geocoded offline and mapped.

The pipeline runs in one direction::

    text -> geo.extract -> Extraction(places, routes)
         -> geo.corridors -> corridors GeoDataFrame (geometry by mode)
         -> geo.maps -> folium.Map -> geo.export (HTML, PNG, GeoJSON, GeoPackage)

Example
-------
>>> import geo
>>> geo.geocode("Bandar Abbas").country
'IR'
"""

__version__ = "0.1.0"

from geo._data import data_path  # noqa: E402  (the curated data files shipped with the package)
from geo._errors import GeoError, PlaceNotFoundError, ProviderError  # noqa: E402
from geo.geocoding import Place, geocode, geocode_all  # noqa: E402


#: Pipeline stages loaded on first use (``geo.maps.corridor_map(ex)`` works after ``import geo``).
_SUBMODULES = ("corridors", "countries", "export", "extraction", "mapdata", "maps", "networks",
               "plot", "tables")


def __getattr__(name):
    # Heavier stages load on first use so that `import geo` stays quick.
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f"geo.{name}")
    if name == "extract":
        from geo.extraction import extract

        return extract
    if name == "Extraction":
        from geo.extraction import Extraction

        return Extraction
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


__all__ = [
    "__version__",
    "data_path",
    "GeoError",
    "PlaceNotFoundError",
    "ProviderError",
    "Place",
    "geocode",
    "geocode_all",
    "extract",
    "Extraction",
    *_SUBMODULES,
]
